"""The engineer's work at a station, free of Qt: limits, what-if, statistics, certificates.

The station app's Engineering area binds this object to widgets; every rule
lives here or in the modules it calls (``SpecStore``, ``what_if``,
``rig.stats``, ``rig.certificates``), so the CLI and the screen agree. The
store and the certificate functions refuse technicians themselves; the checks
here only decide what the screen offers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rig.audit import AuditLog
from rig.certificates import (
    BatchReview,
    Certificate,
    Verification,
    issue_certificate,
    review_batch,
    verify_certificate,
)
from rig.index import ResultsIndex
from rig.keys import KeyStore
from rig.model import Limits
from rig.paths import DataDir
from rig.spec_store import RevisionInfo, SpecStore
from rig.specs import Spec
from rig.specs.errors import UnknownName
from rig.stats import (
    CapabilityReport,
    ControlReport,
    ParetoReport,
    YieldReport,
    capability_report,
    control_report,
    pareto_report,
    yield_report,
)
from rig.users import Signature, User
from rig.whatif import WhatIf, what_if

ENGINEERING_ROLES = ("engineer", "administrator")
FLIPS_SHOWN = 12  # serials listed per direction; the count says how many more


def may_use_engineering(user: User | None) -> bool:
    """Return True for the people the Engineering area is for."""
    return user is not None and user.role in ENGINEERING_ROLES


def parse_limit(text: str, side: str) -> float | None:
    """Read one side of a limit as typed: blank opens the side, anything else is a number."""
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{side}: {text!r} is not a number (leave it blank for no {side})") from None
    if not math.isfinite(value):
        raise ValueError(f"{side}: {text!r} is not a finite number")
    return value


@dataclass(frozen=True)
class LimitRow:
    """One measurement of a spec revision and its limits."""

    measurement: str
    limits: Limits


@dataclass(frozen=True)
class LimitsTable:
    """Every measurement of the current revision of a product's spec."""

    product: str
    revision: int
    sha256: str
    rows: list[LimitRow]


@dataclass(frozen=True)
class Proposal:
    """A limit change with its what-if, judged against the revision it was made on."""

    product: str
    measurement: str
    base_revision: int
    current: Limits
    proposed: Limits
    what_if: WhatIf

    def describe(self) -> list[str]:
        """Return the what-if in a few lines, as the screen shows it."""
        w = self.what_if
        lines = [f"{self.measurement}: {limits_text(self.current)} -> {limits_text(self.proposed)}",
                 f"Replayed {w.runs} judged run{'s' * (w.runs != 1)} "
                 f"({w.measured} took {self.measurement}).",
                 f"Yield before {percent(w.yield_before)} ({w.passed_before} passed), "
                 f"after {percent(w.yield_after)} ({w.passed_after} passed)."]
        flips = w.flipped_serials
        for key, label in (("pass_to_fail", "PASS -> FAIL"), ("fail_to_pass", "FAIL -> PASS")):
            lines.append(f"{label}: {_serials_text(flips[key])}")
        incomplete = sum(f.incomplete for f in w.fail_to_pass)
        if incomplete:
            lines.append(f"{incomplete} of the FAIL -> PASS runs stopped at this failure: "
                         "their later steps never ran.")
        return lines


@dataclass(frozen=True)
class Statistics:
    """What the statistics view shows for one product and measurement."""

    capability: CapabilityReport | None
    control: ControlReport | None
    yields: YieldReport
    pareto: ParetoReport
    notes: list[str] = field(default_factory=list)  # why a part is missing


@dataclass(frozen=True)
class UnitLine:
    """One unit of a batch under review: its attempts and where it stands."""

    serial: str
    attempts: int
    final_verdict: str
    status: str  # to certify | excluded | problem
    detail: str  # the exclusion reason or the problem


class Engineering:
    """The engineer's tools over one station's data directory."""

    def __init__(self, data_dir: DataDir, specs: SpecStore, index: ResultsIndex,
                 audit: AuditLog, keys: KeyStore | None = None) -> None:
        self.data_dir = data_dir
        self.specs = specs
        self.index = index
        self.audit = audit
        self.keys = keys  # certificates are signed with keys.current() when given

    # -- spec limits ------------------------------------------------------------

    def products(self) -> list[str]:
        """Return every product with a spec."""
        return self.specs.products()

    def limits_table(self, product: str) -> LimitsTable:
        """Return the current revision of a product's spec as rows of limits."""
        spec = self.specs.current(product)
        rows = [LimitRow(name, spec.limits(name)) for name in spec.measurement_names()]
        return LimitsTable(product, spec.revision, spec.sha256, rows)

    def propose(self, product: str, measurement: str, low_text: str, high_text: str) -> Proposal:
        """Replay a proposed limit against the stored runs before anything is published."""
        spec = self.specs.current(product)
        current = spec.limits(measurement)
        low, high = parse_limit(low_text, "min"), parse_limit(high_text, "max")
        if low is None and high is None:
            raise ValueError("give at least a min or a max")
        if low is not None and high is not None and low > high:
            raise ValueError(f"min {low:g} is above max {high:g}")
        if (low, high) == (current.low, current.high):
            raise ValueError(f"{measurement} already has these limits in revision {spec.revision}")
        proposed = Limits(low, high, current.unit)
        result = what_if(self.index, product, measurement, proposed)
        return Proposal(product, measurement, spec.revision, current, proposed, result)

    def publish(self, user: User, proposal: Proposal, reason: str,
                signature: Signature | None = None) -> Spec:
        """Publish a proposal as the next revision; refuse one made on an older revision.

        The store refuses technicians (PermissionError), a blank reason
        (ValueError) and an invalid result (SpecError). ``signature`` comes from
        ``UserStore.sign(user_id, pin, "approved")`` (the PIN asked again).
        """
        revision = self.specs.current(proposal.product).revision
        if revision != proposal.base_revision:
            raise ValueError(f"{proposal.product} is at revision {revision} now, not "
                             f"{proposal.base_revision}: run the what-if again before publishing")
        return self.specs.set_limit(user, proposal.product, proposal.measurement,
                                    low=proposal.proposed.low, high=proposal.proposed.high,
                                    reason=reason, audit=self.audit, signature=signature)

    def history(self, product: str) -> list[RevisionInfo]:
        """Return who made each revision, when and why, oldest first."""
        return self.specs.history(product)

    def diff(self, product: str, rev_a: int, rev_b: int) -> list[str]:
        """Return the limit changes between two revisions, one line each."""
        return self.specs.diff(product, rev_a, rev_b) or ["no limit differs"]

    # -- statistics -------------------------------------------------------------

    def measurements(self, product: str) -> list[str]:
        """Return the measurements of the current spec, then any only older runs hold."""
        names = self.specs.current(product).measurement_names()
        return names + [n for n in self.index.measurement_names(product) if n not in names]

    def statistics(self, product: str, measurement: str, *, by: str = "day",
                   spec_revision: int | None = None) -> Statistics:
        """Return capability, I-MR chart, yield and Pareto from the same functions as ``rig stats``."""
        notes: list[str] = []
        capability = control = None
        # Over all revisions, draw the limits in force now, not those of the latest run:
        # a revision published since then would otherwise show its old limit.
        limits = self._limits_in_force(product, measurement) if spec_revision is None else None
        try:
            capability = capability_report(self.index, product, measurement,
                                           spec_revision=spec_revision, limits=limits)
        except LookupError as exc:
            notes.append(f"Capability: {exc}.")
        try:
            control = control_report(self.index, product, measurement, spec_revision=spec_revision)
        except LookupError as exc:
            notes.append(f"Control chart: {exc}.")
        yields = yield_report(self.index, product, by)
        pareto = pareto_report(self.index, product, spec_revision=spec_revision)
        return Statistics(capability, control, yields, pareto, notes)

    def _limits_in_force(self, product: str, measurement: str) -> Limits | None:
        try:
            return self.specs.current(product).limits(measurement)
        except UnknownName:
            return None  # measured by an older revision only: the runs' own limits stand

    # -- certificates -----------------------------------------------------------

    def batches(self) -> list[str]:
        """Return every batch in the index, the most recently tested first."""
        latest: dict[str, str] = {}
        for head in self.index.run_heads():
            if head.batch:
                latest[head.batch] = max(latest.get(head.batch, ""), head.started_at)
        return sorted(latest, key=lambda batch: latest[batch], reverse=True)

    def review(self, batch: str, exclusions: Mapping[str, str] | None = None) -> BatchReview:
        """Sort a batch's units and list what stands in the way of a certificate."""
        return review_batch(self.index, batch, exclusions=exclusions)

    def issue(self, user: User, batch: str, out_path: str | Path,
              exclusions: Mapping[str, str] | None = None,
              signature: Signature | None = None) -> Certificate:
        """Issue the batch's certificate to a PDF and audit it (CertificateRefused names why not).

        ``signature`` comes from ``UserStore.sign(user_id, pin, "released")``;
        the PDF is signed with the station's key when the tools were given one.
        """
        return issue_certificate(self.index, self.data_dir, batch, user, out_path,
                                 exclusions=exclusions, audit=self.audit, signature=signature,
                                 signing_key=self.keys.current() if self.keys else None)

    def verify(self, pdf_path: str | Path) -> Verification:
        """Check a certificate PDF against the records it lists."""
        return verify_certificate(pdf_path, self.data_dir)

    def suggested_certificate_path(self, batch: str) -> Path:
        """Return where a batch's certificate goes unless the engineer picks another place."""
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in batch)
        return self.data_dir.certificates / f"{safe}.pdf"


def unit_lines(review: BatchReview) -> list[UnitLine]:
    """Return one line per unit of a reviewed batch, with its status and why."""
    attempts: dict[str, int] = {}
    for run in review.all_runs:
        attempts[run.serial] = attempts.get(run.serial, 0) + 1
    problems = {p.serial: p.reason for p in review.problems if p.serial}
    certified = {run.serial for run in review.certified}
    serials = sorted(set(review.final) | set(problems) | set(review.excluded))
    lines = []
    for serial in serials:
        final = review.final.get(serial)
        verdict = final.verdict.value if final is not None else "untested"
        if serial in review.excluded:
            status, detail = "excluded", review.excluded[serial]
        elif serial in problems:
            status, detail = "problem", problems[serial]
        else:
            status, detail = ("to certify", "") if serial in certified else ("problem", "")
        lines.append(UnitLine(serial, attempts.get(serial, 0), verdict, status, detail))
    return lines


def batch_problems(review: BatchReview) -> list[str]:
    """Return the problems of the batch as a whole (not of one unit)."""
    return [p.reason for p in review.problems if not p.serial]


def limits_text(limits: Limits | None) -> str:
    """Return limits as ``[min, max] unit``, with ``-`` for an open side."""
    if limits is None:
        return "no limits recorded"
    low = "-" if limits.low is None else f"{limits.low:g}"
    high = "-" if limits.high is None else f"{limits.high:g}"
    return f"[{low}, {high}] {limits.unit}".strip()


def percent(fraction: float | None) -> str:
    """Return a fraction as a percentage for the screen, ``-`` when undefined."""
    return "-" if fraction is None else f"{100 * fraction:.1f} %"


def _serials_text(serials: list[str]) -> str:
    if not serials:
        return "none"
    shown = ", ".join(serials[:FLIPS_SHOWN])
    more = f" and {len(serials) - FLIPS_SHOWN} more" if len(serials) > FLIPS_SHOWN else ""
    return f"{len(serials)} unit{'s' * (len(serials) != 1)}: {shown}{more}"


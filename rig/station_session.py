"""The technician's session at a station: what to test, whether it may run, what next.

Every business decision of the station app lives here, free of Qt, so the
window, the headless demo and the tests drive the same logic: which products
and sequences exist, whether a scanned serial fits the product, the retest
policy (a failed serial gets ``retest.allowed`` more tries, then goes to
repair), the shift's first-pass yield, and the state of each instrument.

A FAIL whose diagnosed cause the spec lists under ``diagnosis.repair`` (a
weak magnet does not get better by reseating) goes to repair at once, with a
printable repair ticket beside its record; causes the fixture can fake (a
poor contact looks like a cord dropout) are retested as before.

The retest policy counts a serial's attempts from its history (``attempts``,
e.g. the results index) as well as from this session's own runs, so a unit
that used up its retests is still sent to repair after the app restarts.

Products come either as fixed rules or from a spec source (``SpecStore``):
then every run takes the current revision of its product's spec, so a limit
published while the station is open holds from the next run on.

``run`` calls the runner on the caller's thread; the GUI calls it from its
worker thread and passes a stop event for Abort.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from instruments.errors import InstrumentError
from instruments.roles import ROLES
from instruments.station import Station
from rig.batches import BatchGuard
from rig.diagnosis import describe
from rig.events import Observer
from rig.model import RunRequest, RunSummary, Verdict
from rig.records.sinks import DEFAULT_SINKS, RecordSink
from rig.shift import ShiftFigures, ShiftTally
from rig.specs import Spec, load_spec
from rig.specs.serial_pattern import serial_matches

AttemptHistory = Callable[[str, str], Sequence[RunSummary]]
"""(product, serial) -> the serial's earlier runs, oldest first (``ResultsIndex.runs`` fits)."""
_JUDGED = (Verdict.PASS, Verdict.FAIL)


class RunUnit(Protocol):
    """The runner's entry point, as ``rig.runner.run_unit``."""

    def __call__(self, station: Station, spec: Any, request: RunRequest, *, records_dir: Path,
                 observers: Sequence[Observer], stop: threading.Event,
                 sinks: Sequence[RecordSink]) -> RunSummary: ...


@runtime_checkable
class SpecSource(Protocol):
    """Where the current spec of each product comes from (``rig.spec_store.SpecStore`` fits)."""

    def products(self) -> list[str]: ...

    def current(self, product: str) -> Spec: ...


@dataclass(frozen=True)
class ProductRules:
    """What the session needs to know of one product's spec."""

    product: str
    name: str
    serial_pattern: str
    sequences: tuple[str, ...]
    retests_allowed: int
    after_retests: str  # where a unit goes when its retests are used up, e.g. "repair"
    spec: Any  # the loaded spec, handed to the runner untouched
    max_temperature_c: float | None = None  # the safety limit, for the temperature panel
    prompts: tuple = ()  # the spec's operator prompts (rig.specs.prompts.Prompt), shown before a run

    def refusal(self, serial: str) -> str | None:
        """Return why a serial does not belong to this product, None when it does."""
        if not serial:
            return "No serial scanned."
        if not serial_matches(self.serial_pattern, serial):
            article = "an" if self.name[:1].upper() in "AEIOU" else "a"
            return (f"{serial!r} is not {article} {self.name} serial "
                    f"(expected the form {self.example_serial()}). Check the product and scan again.")
        return None

    def example_serial(self) -> str:
        """Return a serial of the product's form, for messages (``GPM-000000``)."""
        return re.sub(r"\[0-9\]\{(\d+)\}", lambda m: "0" * int(m.group(1)), self.serial_pattern)


class Action(StrEnum):
    """What the technician does with the unit after a run."""

    PACK = "pack"
    RETEST = "retest"
    REPAIR = "repair"
    TEST_AGAIN = "test again"  # ERROR or ABORTED: the unit was not judged


@dataclass(frozen=True)
class Disposition:
    action: Action
    message: str
    retests_left: int | None = None  # RETEST: how many tries the unit has after this one
    ticket: Path | None = None  # the repair ticket (PDF) of a diagnosed unit sent to repair


@dataclass(frozen=True)
class SerialCheck:
    """The answer to a scan: accepted, or refused with a message for the operator."""

    accepted: bool
    serial: str
    message: str
    # What kind of refusal it is, and the values its message names, so a
    # front end can say it in the operator's language ("" when accepted).
    code: str = ""
    args: tuple[str, ...] = ()


@dataclass(frozen=True)
class RunOutcome:
    summary: RunSummary
    disposition: Disposition
    shift: ShiftFigures


class Link(StrEnum):
    """How far the session trusts an instrument."""

    CONNECTED = "connected"
    FAULT = "fault"  # the last run met an error of this instrument: check it, then Reconnect
    DISCONNECTED = "disconnected"  # it has no identity, or reconnecting failed


@dataclass(frozen=True)
class InstrumentStatus:
    """One row of the station panel."""

    role: str
    identity: str  # in full: make, model, serial, firmware
    link: Link
    calibration_due: date | None
    calibration_overdue: bool
    message: str = ""
    model: str = ""  # short form for narrow screens: model and serial

    @property
    def connected(self) -> bool:
        return self.link is Link.CONNECTED


class StationSession:
    """One technician's work at one opened station."""

    def __init__(self, station: Station, products: Iterable[ProductRules] | SpecSource, *,
                 run_unit: RunUnit, records_dir: Path, shift: ShiftTally | None = None,
                 sinks: Sequence[RecordSink] = DEFAULT_SINKS,
                 today: Callable[[], date] = date.today,
                 attempts: AttemptHistory | None = None,
                 batch_guard: BatchGuard | None = None) -> None:
        self.station = station
        self._source = products if isinstance(products, SpecSource) else None
        self._fixed = {} if self._source else {rules.product: rules for rules in products}
        self.records_dir = Path(records_dir)
        self.shift = shift if shift is not None else ShiftTally()
        self.sinks = tuple(sinks)  # where each finished record goes (the runner hands it over)
        self._run_unit = run_unit
        self._today = today
        self._history = attempts
        self._own_runs: dict[tuple[str, str], list[RunSummary]] = {}  # this session's, by (product, serial)
        self._faults: dict[str, tuple[Link, str]] = {}  # role -> how it failed, and what was said
        self.batch_guard = batch_guard  # one product per batch, certified batches closed (rig.batches)

    @property
    def products(self) -> dict[str, ProductRules]:
        """Return the rules of every product, from the current spec revisions when stored."""
        if self._source is None:
            return self._fixed
        return {product: product_rules(self._source.current(product))
                for product in self._source.products()}

    # -- before a run ---------------------------------------------------------

    def check_serial(self, product: str, scanned: str, batch: str = "") -> SerialCheck:
        """Decide whether a scanned serial may be tested as this product, into this batch, now."""
        serial = scanned.strip().upper()
        rules = self.products.get(product)
        if rules is None:
            known = ", ".join(sorted(self.products))
            return SerialCheck(False, serial, f"unknown product {product!r}; known: {known}",
                               "unknown_product", (product,))
        refusal = rules.refusal(serial)
        if refusal is not None:
            code = "no_serial" if not serial else "not_this_product"
            return SerialCheck(False, serial, refusal, code, (serial, rules.name, rules.example_serial()))
        failures = failures_since_pass(self._attempts(product, serial))
        if failures > rules.retests_allowed:
            return SerialCheck(False, serial, f"{serial} has failed {failures} times: send it to "
                               f"{rules.after_retests}, do not test it again.", "retests_used",
                               (serial, str(failures), rules.after_retests))
        if self.batch_guard is not None:
            guarded = self.batch_guard.refusal(product, serial, batch, product_name=rules.name)
            if guarded is not None:
                return SerialCheck(False, serial, guarded.message, guarded.code,
                                   (serial, guarded.batch, guarded.other, rules.name))
        station = self._station_refusal()
        if station is not None:
            return SerialCheck(False, serial, station[0], station[1], station[2])
        return SerialCheck(True, serial, f"{serial} accepted.")

    def station_refusal(self) -> str | None:
        """Return why the station itself may not test now (calibration, a faulty instrument)."""
        refusal = self._station_refusal()
        return refusal[0] if refusal is not None else None

    def _station_refusal(self) -> tuple[str, str, tuple[str, ...]] | None:
        overdue = [row for row in self.instrument_status() if row.calibration_overdue]
        if overdue:
            row = overdue[0]
            return (f"{row.role}: calibration was due on {row.calibration_due.isoformat()}; "
                    "have it recalibrated before testing.", "calibration_due",
                    (row.role, row.calibration_due.isoformat()))
        if self._faults:
            roles = ", ".join(sorted(self._faults))
            return f"Check the station, then press Reconnect: {roles}.", "station_fault", (roles,)
        return None

    def _attempts(self, product: str, serial: str) -> list[RunSummary]:
        """Return the serial's runs so far, oldest first: its history and this session's."""
        earlier = list(self._history(product, serial)) if self._history is not None else []
        known = {summary.run_id for summary in earlier}
        own = [s for s in self._own_runs.get((product, serial), ()) if s.run_id not in known]
        return sorted(earlier + own, key=lambda summary: (summary.started_at, summary.run_id))

    # -- the run --------------------------------------------------------------

    def run(self, request: RunRequest, *, observers: Sequence[Observer] = (),
            stop: threading.Event | None = None) -> RunOutcome:
        """Run one unit on the calling thread; decide what happens to it next."""
        check = self.check_serial(request.product, request.serial, request.batch)
        if not check.accepted:
            raise ValueError(check.message)
        # Read once: a revision published during the run applies to the next one.
        rules = self.products[request.product]
        earlier = self._attempts(rules.product, check.serial)
        stop = stop if stop is not None else threading.Event()
        try:
            summary = self._run_unit(self.station, rules.spec, request,
                                     records_dir=self.records_dir, observers=observers, stop=stop,
                                     sinks=self.sinks)
        except BaseException:
            self._make_safe()
            raise
        self._own_runs.setdefault((rules.product, summary.serial), []).append(summary)
        judged_before = any(attempt.verdict in _JUDGED for attempt in earlier)
        self.shift.record(summary.serial, summary.verdict, judged_before=judged_before)
        self._note_instrument_fault(summary)
        disposition = self._dispose(rules, summary, failures_since_pass([*earlier, summary]))
        if disposition.action is Action.REPAIR and summary.diagnosis is not None:
            disposition = self._with_ticket(rules, summary, disposition)
        return RunOutcome(summary, disposition, self.shift.figures())

    def _make_safe(self) -> None:
        # The runner owns the safe state; this only matters when it broke on the way out.
        try:
            self.station.supply.enable_output(False)
        except InstrumentError as exc:
            self._faults["supply"] = (Link.FAULT, str(exc))

    def _with_ticket(self, rules: ProductRules, summary: RunSummary, disposition: Disposition) -> Disposition:
        """Print the repair ticket beside the record; a ticket that cannot be made is said, not fatal."""
        from rig.diagnosis.ticket import write_repair_ticket  # reportlab only when a ticket is due

        design = getattr(rules.spec, "diagnosis", None)
        if design is None:
            return disposition
        try:
            ticket = write_repair_ticket(summary, signals=self.station.signals, model=design.model,
                                         current_limit_a=rules.spec.supply_current_limit_a)
        except (OSError, ValueError, KeyError) as exc:
            return Disposition(disposition.action, f"{disposition.message} (no repair ticket: {exc})")
        return Disposition(disposition.action, f"{disposition.message} Repair ticket: {ticket.name}.",
                           ticket=ticket)

    @staticmethod
    def _dispose(rules: ProductRules, summary: RunSummary, failures: int) -> Disposition:
        serial = summary.serial
        if summary.verdict is Verdict.PASS:
            return Disposition(Action.PACK, f"{serial} passed: label and pack it.")
        if summary.verdict is Verdict.FAIL:
            design = getattr(rules.spec, "diagnosis", None)
            diagnosis = summary.diagnosis
            if diagnosis is not None and design is not None and design.goes_to_repair(diagnosis.cause, diagnosis.confidence):
                return Disposition(Action.REPAIR, f"Send {serial} to repair now: probable cause "
                                                  f"{describe(diagnosis)}. Reseating will not cure it.")
            if failures > rules.retests_allowed:
                return Disposition(Action.REPAIR, f"Send {serial} to {rules.after_retests}.")
            left = rules.retests_allowed - failures + 1
            return Disposition(Action.RETEST, f"Reseat {serial} on the fixture and retest it "
                                              f"({left} retest{'s' if left > 1 else ''} left).", left)
        if summary.verdict is Verdict.ERROR:
            return Disposition(Action.TEST_AGAIN, f"The rig could not test {serial}: fix the "
                                                  "station, then test it again (not a retest).")
        return Disposition(Action.TEST_AGAIN, f"{serial} was not judged: test it again when ready.")

    # -- the station panel ----------------------------------------------------

    def _note_instrument_fault(self, summary: RunSummary) -> None:
        if summary.verdict is not Verdict.ERROR or not summary.error:
            return
        role = summary.error_instrument
        if role not in ROLES:
            # A summary from before error_instrument: its message reads "<step>: <role>: <what>".
            named = [part.strip() for part in summary.error.split(":")]
            role = next((part for part in named if part in ROLES), None)
        if role is not None:
            self._faults[role] = (Link.FAULT, summary.error)

    def lid_closed(self) -> bool | None:
        """Return whether the fixture's lid is closed; None where it has no lid switch or does not answer.

        A prompt to close the lid is then confirmed by a key only.
        """
        read = getattr(self.station.fixture, "lid_closed", None)
        if read is None:
            return None
        try:
            return read()
        except InstrumentError:
            return None

    def instrument_status(self) -> list[InstrumentStatus]:
        """Return identity, connection and calibration of every instrument of the station."""
        return [self._status_of(role) for role in self.station.roles]

    def _status_of(self, role: str) -> InstrumentStatus:
        instrument = getattr(self.station, role)
        identity = instrument.identity or self.station.identities.get(role)
        due = self.station.calibration_due.get(role)
        link, message = self._faults.get(role, (Link.CONNECTED, ""))
        if identity is None and link is Link.CONNECTED:
            link, message = Link.DISCONNECTED, "no identity: press Reconnect"
        return InstrumentStatus(
            role=role,
            identity=str(identity) if identity is not None else "not identified",
            link=link,
            calibration_due=due,
            calibration_overdue=due is not None and due < self._today(),
            message=message,
            model=f"{identity.model} s/n {identity.serial}" if identity is not None else "",
        )

    def reconnect(self, role: str) -> InstrumentStatus:
        """Close and reconnect one instrument; its row says whether that worked."""
        instrument = getattr(self.station, role)
        try:
            instrument.close()
        except InstrumentError:
            pass  # it is being replaced; a failing close must not stop the reconnect
        try:
            self.station.identities[role] = instrument.connect()
        except InstrumentError as exc:
            self._faults[role] = (Link.DISCONNECTED, f"reconnect failed: {exc}")
        else:
            self._faults.pop(role, None)
        return self._status_of(role)


def failures_since_pass(attempts: Iterable[RunSummary]) -> int:
    """Count the FAILs after the last PASS; ERROR and ABORTED runs judged nothing."""
    failures = 0
    for attempt in attempts:
        if attempt.verdict is Verdict.PASS:
            failures = 0
        elif attempt.verdict is Verdict.FAIL:
            failures += 1
    return failures


def product_rules(spec: Spec) -> ProductRules:
    """Return what the session needs of a loaded spec."""
    return ProductRules(product=spec.product, name=spec.name, serial_pattern=spec.serial_pattern,
                        sequences=tuple(spec.sequences), retests_allowed=spec.retest.allowed,
                        after_retests=spec.retest.then, spec=spec,
                        max_temperature_c=spec.safety.max_temperature_c,
                        prompts=tuple(getattr(spec, "prompts", ())))


def load_products(spec_dir: str | Path) -> list[ProductRules]:
    """Load every product spec (``*.yaml``) of a directory, in name order."""
    paths = sorted(Path(spec_dir).glob("*.yaml"))
    if not paths:
        raise FileNotFoundError(f"no product specs (*.yaml) in {spec_dir}")
    return [product_rules(load_spec(path)) for path in paths]

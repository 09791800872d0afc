"""Decide whether a batch can be certified: unit verdicts, exclusions, one spec, the sample plan."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from rig.model import RunSummary, Verdict
from rig.sampling import SamplingPlan, single_sampling_plan

SAMPLE_SEQUENCE = "sample"  # the sequence that adds the thermal and durability tests
SAMPLED_TESTS = ("thermal", "durability")
DEFAULT_AQL_PERCENT = 2.5
DEFAULT_INSPECTION_LEVEL = "II"


class BatchRuns(Protocol):
    """What the certificate needs from the results index."""

    def runs(self, *, batch: str) -> list[RunSummary]: ...


@dataclass(frozen=True)
class UnitProblem:
    """Why one unit, or the batch as a whole (serial ""), stands in the way of a certificate."""

    serial: str
    reason: str

    def __str__(self) -> str:
        return f"{self.serial}: {self.reason}" if self.serial else self.reason


@dataclass(frozen=True)
class SamplingResult:
    """The sampled tests of a batch against its Z1.4 plan."""

    plan: SamplingPlan
    tested: list[str]  # serials whose `sample` run reached a verdict (PASS or FAIL)
    passed: list[str]

    @property
    def failed(self) -> list[str]:
        return [serial for serial in self.tested if serial not in self.passed]

    @property
    def enough_tested(self) -> bool:
        return len(self.tested) >= self.plan.sample_size

    @property
    def accepted(self) -> bool:
        return self.enough_tested and self.plan.judge(len(self.failed))

    def describe(self) -> str:
        """Return the result in one line, as printed on a certificate."""
        outcome = "lot accepted" if self.accepted else "lot NOT accepted"
        return (f"{len(self.tested)} unit(s) tested with the '{SAMPLE_SEQUENCE}' sequence "
                f"(required {self.plan.sample_size}), {len(self.passed)} passed, "
                f"{len(self.failed)} failed: {outcome} (Ac {self.plan.accept}, Re {self.plan.reject})")


@dataclass
class BatchReview:
    """A batch's runs sorted into what is certified, what is excluded, and what is wrong."""

    batch: str
    all_runs: list[RunSummary]  # every run of the batch, oldest first
    final: dict[str, RunSummary]  # serial -> latest attempt
    certified: list[RunSummary]
    excluded: dict[str, str]  # serial -> reason
    sampling: SamplingResult | None
    problems: list[UnitProblem] = field(default_factory=list)

    @property
    def spec_run(self) -> RunSummary:
        """Return a certified run that stands for the batch's spec (the first one)."""
        return self.certified[0]


def review_batch(index: BatchRuns, batch: str, *, exclusions: Mapping[str, str] | None = None,
                 expected_serials: Iterable[str] = (), aql_percent: float = DEFAULT_AQL_PERCENT,
                 inspection_level: str = DEFAULT_INSPECTION_LEVEL) -> BatchReview:
    """Sort a batch's runs and list every reason it cannot be certified (none: it can)."""
    exclusions = dict(exclusions or {})
    all_runs = sorted(index.runs(batch=batch), key=lambda s: (s.started_at, s.run_id))
    final: dict[str, RunSummary] = {}
    for summary in all_runs:
        final[summary.serial] = summary
    serials = sorted(set(final) | set(expected_serials))
    _check_exclusions(exclusions, serials)
    problems = _unit_problems(serials, final, exclusions)
    certified = [final[s] for s in serials if s in final and s not in exclusions]
    problems += _spec_problems(certified)
    if not certified and not problems:
        problems.append(UnitProblem("", f"batch {batch!r} holds no unit to certify"))
    sampling = None
    if len(serials) >= 2:
        sampling = _sampling_result(all_runs, len(serials), aql_percent, inspection_level)
        problems += _sampling_problems(sampling)
    elif serials:
        problems.append(UnitProblem("", "a Z1.4 lot holds at least 2 units"))
    return BatchReview(batch, all_runs, final, certified, exclusions, sampling, problems)


def _check_exclusions(exclusions: Mapping[str, str], serials: list[str]) -> None:
    unknown = sorted(set(exclusions) - set(serials))
    if unknown:
        raise ValueError(f"cannot exclude {', '.join(unknown)}: not in the batch")
    blank = sorted(serial for serial, reason in exclusions.items() if not reason.strip())
    if blank:
        raise ValueError(f"an exclusion needs a reason: {', '.join(blank)}")


def _unit_problems(serials: list[str], final: Mapping[str, RunSummary],
                   exclusions: Mapping[str, str]) -> list[UnitProblem]:
    problems = []
    for serial in serials:
        if serial in exclusions:
            continue
        run = final.get(serial)
        if run is None:
            problems.append(UnitProblem(serial, "untested (no run recorded)"))
        elif run.verdict is not Verdict.PASS:
            problems.append(UnitProblem(serial, _why_not_passed(run)))
    return problems


def _why_not_passed(run: RunSummary) -> str:
    if run.verdict is Verdict.FAIL:
        failed = ", ".join(m.name for m in run.failed_measurements) or "a step"
        return f"FAIL in run {run.run_id} ({failed} out of limits)"
    return f"{run.verdict.value} in run {run.run_id} ({run.error or 'no reason recorded'})"


def _spec_problems(certified: list[RunSummary]) -> list[UnitProblem]:
    if not certified:
        return []
    counts = Counter((r.spec_id, r.spec_revision, r.spec_sha256) for r in certified)
    (spec_id, revision, sha), _ = counts.most_common(1)[0]
    return [
        UnitProblem(r.serial, f"tested against {r.spec_id} revision {r.spec_revision} "
                              f"(sha256 {r.spec_sha256[:12]}...), not the batch's {spec_id} "
                              f"revision {revision} (sha256 {sha[:12]}...)")
        for r in certified if (r.spec_id, r.spec_revision, r.spec_sha256) != (spec_id, revision, sha)
    ]


def _sampling_result(all_runs: list[RunSummary], lot_size: int, aql_percent: float,
                     level: str) -> SamplingResult:
    plan = single_sampling_plan(lot_size, aql_percent, level)
    latest_sample: dict[str, RunSummary] = {}
    for run in all_runs:
        if run.sequence == SAMPLE_SEQUENCE and run.verdict in (Verdict.PASS, Verdict.FAIL):
            latest_sample[run.serial] = run
    tested = sorted(latest_sample)
    passed = [s for s in tested if latest_sample[s].verdict is Verdict.PASS]
    return SamplingResult(plan, tested, passed)


def _sampling_problems(sampling: SamplingResult) -> list[UnitProblem]:
    plan = sampling.plan
    if not sampling.enough_tested:
        return [UnitProblem("", f"the sampling plan needs {plan.sample_size} unit(s) tested with "
                                f"the '{SAMPLE_SEQUENCE}' sequence; {len(sampling.tested)} were")]
    if not sampling.accepted:
        return [UnitProblem("", f"the sampling plan rejects the lot: {len(sampling.failed)} "
                                f"sampled unit(s) failed ({', '.join(sampling.failed)}), "
                                f"Re {plan.reject}")]
    return []

"""Run one unit through a sequence: the same function serves the CLI, the tests and the GUI.

``run_unit`` works on whatever thread calls it, reports ``rig.events`` to its
observers, writes the run's record as it goes and leaves the supply off on
every way out. Cancellation is cooperative: the ``stop`` event is polled by
the step context; no thread is ever killed. See docs/decisions/0006-runner-threading.md.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import rig
from instruments.errors import InstrumentError
from instruments.interlock import close_interlock, open_interlock
from instruments.station import Station
from rig.diagnosis import Assessment, assess
from rig.events import (
    Event,
    Observer,
    RecordSinkFailed,
    RunFinished,
    RunStarted,
    StepFinished,
    StepStarted,
)
from rig.model import Measurement, Observation, RunRequest, RunSummary, Verdict
from rig.records import RecordHeader, RecordWriter
from rig.records.sinks import DEFAULT_SINKS, RecordSink
from rig.run_clock import RunClock
from rig.run_context import OPERATOR_ABORT, RunContext
from rig.run_plan import BadRequest, RunPlan, StepPlan, plan_run
from rig.safety import SafetyMonitor
from rig.safety_watch import SafetyWatch
from rig.specs.bounds import station_problems
from rig.steps.context import RunAborted

if TYPE_CHECKING:
    from rig.steps.kinds import StepKind

__all__ = ["BadRequest", "CalibrationExpired", "check_calibration", "run_unit"]


class CalibrationExpired(RuntimeError):
    """An instrument of the station is past its calibration due date: the station refuses to run."""


def default_step_kinds() -> Mapping[str, StepKind]:
    """Return the table of step kinds that the spec files name."""
    # Imported late: the kinds pull in the analysis, which `rig --help` does not need.
    from rig.steps.kinds import STEP_KINDS

    return STEP_KINDS


def check_calibration(station: Station, today: date) -> None:
    """Refuse a station with an instrument past its calibration due date."""
    for role, due in sorted(station.calibration_due.items()):
        if due < today:
            raise CalibrationExpired(
                f"{role}: calibration was due on {due.isoformat()}; recalibrate it before testing")


def check_supply_range(station: Station, spec: Any) -> None:
    """Refuse (BadRequest) a spec that asks more of this station's supply than it gives."""
    problems = station_problems(spec, station.supply.max_voltage_v, station.supply.max_current_a)
    if problems:
        raise BadRequest("; ".join(str(problem) for problem in problems))


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _new_run_id(started: datetime) -> str:
    return f"{started:%Y%m%dT%H%M%S}Z-{secrets.token_hex(3)}"


def instrument_list(station: Station) -> list[dict[str, str]]:
    """Describe each instrument of the station: identity and calibration due date."""
    rows = []
    for role in station.roles:
        identity = station.identities.get(role) or getattr(station, role).identity
        due = station.calibration_due.get(role)
        rows.append({
            "role": role,
            "make": identity.make if identity else "",
            "model": identity.model if identity else "",
            "serial": identity.serial if identity else "",
            "firmware": identity.firmware if identity else "",
            "calibration_due": due.isoformat() if due else "",
        })
    return rows


class _Outcome:
    """How the run is going: the verdict so far and the message of the first ERROR or ABORTED."""

    def __init__(self) -> None:
        self.verdict = Verdict.PASS
        self.error: str | None = None
        self.error_instrument: str | None = None

    def add_step(self, step: str, verdict: Verdict, message: str,
                 instrument: str | None = None) -> None:
        if verdict in (Verdict.ERROR, Verdict.ABORTED):
            if self.verdict not in (Verdict.ERROR, Verdict.ABORTED):
                self.verdict, self.error = verdict, f"{step}: {message}"
                self.error_instrument = instrument or None
        elif verdict is Verdict.FAIL and self.verdict is Verdict.PASS:
            self.verdict = Verdict.FAIL

    def supply_not_off(self, message: str) -> None:
        # An unconfirmed safe state outranks every other outcome.
        self.verdict = Verdict.ERROR
        self.error_instrument = "supply"
        note = f"the supply could not be confirmed off: {message}"
        self.error = f"{self.error}; {note}" if self.error else note

    @property
    def ended(self) -> bool:
        return self.verdict in (Verdict.ERROR, Verdict.ABORTED)


class _Run:
    """One run in progress: its record, observers, clock and measurements."""

    def __init__(self, station: Station, plan: RunPlan, request: RunRequest, *,
                 records_dir: Path, observers: Iterable[Observer], stop: threading.Event,
                 software_version: str, step_kinds: Mapping[str, StepKind],
                 sinks: Iterable[RecordSink]) -> None:
        self.station, self.plan, self.request = station, plan, request
        self.observers = tuple(observers)
        self.stop = stop
        self.step_kinds = step_kinds
        started = datetime.now(UTC)
        self.sinks = tuple(sinks)
        self.header = RecordHeader(
            run_id=_new_run_id(started), serial=request.serial, product=request.product,
            sequence=request.sequence, operator=request.operator, batch=request.batch,
            station=station.name, software_version=software_version,
            started_at=started.isoformat(timespec="milliseconds"), spec_id=plan.spec_id,
            spec_revision=plan.spec_revision, spec_sha256=plan.spec_sha256,
            spec_text=plan.spec_text, time_scale=station.time_scale,
            instruments=instrument_list(station), steps=tuple(s.step_id for s in plan.steps),
        )
        self.record = RecordWriter.create(Path(records_dir), self.header)
        self.clock = RunClock(station.clock)
        self.safety = SafetyMonitor(plan.max_temperature_c, plan.shape.current_limit_a,
                                    plan.over_current_for_s)
        self.watch = SafetyWatch(station, self.safety, self.clock, self.notify)
        self.measurements: list[Measurement] = []
        self.observations: list[Observation] = []
        self.outcome = _Outcome()
        self.retries = 0  # transient instrument faults met, each retried once

    def notify(self, event: Event) -> None:
        """Hand an event to every observer; an observer that raises is noted, never fatal."""
        for observer in self.observers:
            try:
                observer(event)
            except Exception as exc:  # noqa: BLE001 - a broken screen must not stop a run
                self.log("observer", f"{type(exc).__name__} from {observer!r}: {exc}")

    def log(self, kind: str, text: str) -> None:
        # After RunFinished the record is closed and final; nothing more belongs in it.
        if not self.record.closed:
            self.record.add_event(self.clock.now_s(), kind, text)

    def write_block(self) -> None:
        if not self.record.closed:
            self.record.write_block()

    def record_retries(self) -> None:
        """Move the retries the drivers reported into the record, and count them."""
        for retry in self.station.retries.drain():
            self.retries += 1
            self.log("retry", retry.describe())

    def start(self) -> None:
        self.station.retries.drain()  # retries between runs belong to no run
        self.log("run", f"started {self.request.product} {self.request.serial} "
                        f"sequence {self.request.sequence}")
        self.notify(RunStarted(
            request=self.request, run_id=self.header.run_id,
            record_path=str(self.record.final_path), steps=self.header.steps,
            expected_duration_s=self.plan.expected_duration_s(self.station.time_scale),
        ))

    def execute(self) -> None:
        """Load the unit, then run the steps in order until one ends the sequence."""
        try:
            if close_interlock(self.station):  # an earlier run may have cut the power path
                self.log("interlock", "relay closed with the supply confirmed off")
        except InstrumentError as exc:
            self._end_step("interlock", "interlock", Verdict.ERROR, str(exc), 0.0,
                           instrument=exc.instrument or "interlock")
            return
        try:
            self.station.fixture.load(self.request.product, self.request.serial)
        except InstrumentError as exc:
            self._end_step("load", "fixture", Verdict.ERROR, str(exc), 0.0,
                           instrument=exc.instrument or "fixture")
            return
        for index, step in enumerate(self.plan.steps):
            if self.stop.is_set():
                self._end_step(step.step_id, step.kind, Verdict.ABORTED,
                               f"{OPERATOR_ABORT} before the step", self.clock.now_s())
                return
            verdict = self._run_step(index, step)
            if self.outcome.ended or (verdict is Verdict.FAIL and self.plan.stop_on_fail):
                return

    def _run_step(self, index: int, step: StepPlan) -> Verdict:
        started_s = self.clock.now_s()
        instrument = None
        ctx = RunContext(self.station, step, self.plan.shape, self.record, self.notify,
                         self.stop, self.clock, self.safety, measurements=self.measurements,
                         watch=self.watch, observations=self.observations)
        already = len(self.measurements)
        self.log("step", f"{step.step_id} started")
        self.notify(StepStarted(step.step_id, index, step.dwell_s / self.station.time_scale))
        try:
            if index == 0:  # a unit already too hot, or an open thermocouple, stops it unpowered
                ctx.watch_now(with_current=False)
            self.step_kinds[step.kind].run(ctx)
        except InstrumentError as exc:
            verdict, message, instrument = Verdict.ERROR, str(exc), exc.instrument
        except RunAborted as exc:
            verdict, message = Verdict.ABORTED, exc.reason
        except Exception as exc:  # noqa: BLE001 - anything else is the rig's fault: ERROR, said plainly
            verdict, message = Verdict.ERROR, f"{type(exc).__name__}: {exc}"
        except BaseException as exc:
            self._end_step(step.step_id, step.kind, Verdict.ABORTED,
                           f"interrupted ({type(exc).__name__})", started_s)
            raise
        else:
            failed = any(m.verdict is Verdict.FAIL for m in self.measurements[already:])
            verdict, message = (Verdict.FAIL if failed else Verdict.PASS), ""
        self._end_step(step.step_id, step.kind, verdict, message, started_s, instrument=instrument)
        return verdict

    def _end_step(self, step: str, kind: str, verdict: Verdict, message: str,
                  started_s: float, *, instrument: str | None = None) -> None:
        self.outcome.add_step(step, verdict, message, instrument)
        self.record_retries()
        self.record.add_step(step, kind, verdict, message, started_s, self.clock.now_s())
        self.log("step", f"{step} {verdict.value}" + (f": {message}" if message else ""))
        # A step's rows reach the file as one block: a crash loses at most the step it hits.
        self.write_block()
        self.notify(StepFinished(step, verdict, message))

    def make_safe(self) -> None:
        """Switch the supply off and confirm it; anything less opens the interlock and makes the run ERROR."""
        try:
            self.station.supply.enable_output(False)
            if self.station.supply.output_enabled():
                raise InstrumentError("output still reads ON after switching it off",
                                      instrument="supply")
        except Exception as exc:  # noqa: BLE001 - whatever went wrong, the run cannot be trusted
            cut = open_interlock(self.station)  # the second way to cut power
            message = f"{exc}; {cut}" if cut else str(exc)
            self.outcome.supply_not_off(message)
            self.log("safe_state", f"FAILED: {message}")
        else:
            self.log("safe_state", "supply output off")

    def diagnose(self) -> Assessment:
        """Fit and diagnose a PASS or FAIL from what the steps saw and write it into the record."""
        spec = self.plan.diagnosis
        if spec is None or self.record.closed:
            return Assessment(None)
        try:
            assessment = assess(
                self.outcome.verdict, {o.name: o.value for o in self.observations}, self.measurements,
                spec.model, motors=self.plan.shape.motors, current_limit_a=self.plan.shape.current_limit_a,
                housing_c=self.watch.first_reading("housing_temp"))
        except Exception as exc:  # noqa: BLE001 - a diagnosis that breaks must not change the verdict
            self.log("diagnosis", f"{type(exc).__name__}: {exc}")
            return Assessment(None)
        self.record.add_diagnosis(assessment.diagnosis, assessment.fitted)
        return assessment

    def finish(self) -> RunSummary:
        """Finalise the record, write the summary beside it and report the end."""
        finished_at = _now_iso()
        self.record_retries()
        assessment = self.diagnose()
        self.log("run", f"finished {self.outcome.verdict.value}")
        self.watch.save(self.record)
        path = self.record.finish(self.outcome.verdict, finished_at, self.outcome.error,
                                  error_instrument=self.outcome.error_instrument)
        summary = RunSummary(
            **self.header.header_fields(), verdict=self.outcome.verdict, finished_at=finished_at,
            record_path=str(path), measurements=list(self.measurements),
            error=self.outcome.error, instruments=list(self.header.instruments),
            error_instrument=self.outcome.error_instrument, retries=self.retries,
            observations=list(self.observations),
            diagnosis=assessment.diagnosis, fitted=dict(assessment.fitted),
        )
        self._hand_to_sinks(summary)
        self.notify(RunFinished(summary))
        return summary

    def _hand_to_sinks(self, summary: RunSummary) -> None:
        for sink in self.sinks:
            try:
                sink(summary)
            except Exception as exc:  # noqa: BLE001 - the record is final and stays the truth
                self.notify(RecordSinkFailed(getattr(sink, "name", repr(sink)),
                                            f"{type(exc).__name__}: {exc}"))


def run_unit(station: Station, spec: Any, request: RunRequest, *, records_dir: Path | str,
             observers: Iterable[Observer] = (), stop: threading.Event | None = None,
             software_version: str = rig.__version__,
             step_kinds: Mapping[str, StepKind] | None = None,
             today: date | None = None,
             sinks: Iterable[RecordSink] = DEFAULT_SINKS) -> RunSummary:
    """Run one unit through the requested sequence and return its summary.

    The finished record's summary goes to each of ``sinks`` in order (by
    default only the JSON summary beside the record).

    Raises BadRequest (a ValueError) for a serial, product or sequence the spec
    does not allow, or settings beyond the station's supply, and CalibrationExpired
    for an instrument past its due date; all before anything is switched on or recorded.
    """
    kinds = default_step_kinds() if step_kinds is None else step_kinds
    plan = plan_run(spec, request, kinds)
    check_supply_range(station, spec)
    check_calibration(station, today or date.today())
    run = _Run(station, plan, request, records_dir=Path(records_dir), observers=observers,
               stop=stop if stop is not None else threading.Event(),
               software_version=software_version, step_kinds=kinds, sinks=sinks)
    try:
        run.start()
        run.execute()
    except Exception as exc:  # noqa: BLE001 - a fault of the rig between steps: ERROR, not a crash
        run.outcome.add_step("run", Verdict.ERROR, f"{type(exc).__name__}: {exc}")
    except BaseException as exc:
        run.outcome.add_step("run", Verdict.ABORTED, f"interrupted ({type(exc).__name__})")
        raise
    finally:
        run.make_safe()
        summary = run.finish()
    return summary

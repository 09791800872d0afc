"""The retest policy over restarts: a serial's attempts come from the results index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rig.index import ResultsIndex
from rig.model import RunRequest, RunSummary, Verdict
from rig.station_session import Action, Link, StationSession
from tests.rig.test_station_session import GPM, make_station

SERIAL = "GPM-000042"


def summary(run_id: str, verdict: Verdict, started_at: str, **changes) -> RunSummary:
    fields = dict(
        run_id=run_id, serial=SERIAL, product="general-purpose", sequence="eol", operator="ann",
        batch="B1", station="fake", verdict=verdict, started_at=started_at,
        finished_at=started_at, spec_id="general-purpose", spec_revision=1,
        spec_sha256="0" * 64, record_path="", software_version="test")
    fields.update(changes)
    return RunSummary(**fields)


class ClockedRunner:
    """Return the next scripted verdict with a fresh run id and a later start time."""

    def __init__(self, *verdicts: Verdict, first_hour: int = 10) -> None:
        self.verdicts = list(verdicts)
        self.hour = first_hour

    def __call__(self, station, spec, request, *, records_dir, observers, stop, sinks=()):
        self.hour += 1
        finished = summary(f"run-{self.hour}", self.verdicts.pop(0),
                           f"2026-03-02T{self.hour:02d}:00:00.000+00:00", serial=request.serial)
        for sink in sinks:
            sink(finished)
        return finished


@pytest.fixture()
def index(tmp_path: Path):
    index = ResultsIndex(f"sqlite:///{tmp_path / 'index.sqlite'}")
    yield index
    index.close()


def open_session(index: ResultsIndex, runner) -> StationSession:
    """Open a session as the app does: finished runs go into the index, attempts come from it."""
    return StationSession(make_station(), [GPM], run_unit=runner, records_dir="records",
                          sinks=[index.add],
                          attempts=lambda product, serial: index.runs(product=product, serial=serial))


def request(serial: str = SERIAL) -> RunRequest:
    return RunRequest(serial=serial, product="general-purpose", operator="ann")


def test_a_serial_that_failed_twice_before_a_restart_is_refused_at_the_scan(index) -> None:
    index.add(summary("a", Verdict.FAIL, "2026-03-01T08:00:00.000+00:00"))
    index.add(summary("b", Verdict.FAIL, "2026-03-01T08:10:00.000+00:00"))
    runner = ClockedRunner(Verdict.PASS)
    session = open_session(index, runner)
    check = session.check_serial("general-purpose", SERIAL.lower())
    assert not check.accepted
    assert check.message == f"{SERIAL} has failed 2 times: send it to repair, do not test it again."
    with pytest.raises(ValueError, match="send it to repair"):
        session.run(request())
    assert runner.verdicts == [Verdict.PASS]  # nothing was run
    assert session.check_serial("general-purpose", "GPM-000043").accepted


def test_the_retest_left_before_a_restart_is_the_last_one_after_it(index) -> None:
    first = open_session(index, ClockedRunner(Verdict.FAIL))
    assert first.run(request()).disposition.action is Action.RETEST
    # The app restarts: a new session, a new shift, the same index.
    second = open_session(index, ClockedRunner(Verdict.FAIL, first_hour=12))
    outcome = second.run(request())
    assert outcome.disposition.action is Action.REPAIR
    assert outcome.disposition.message == f"Send {SERIAL} to repair."
    assert not second.check_serial("general-purpose", SERIAL).accepted
    # Judged in the earlier shift, so no first pass (nor first fail) of this one.
    assert outcome.shift.units == 0 and outcome.shift.carried_over == 1
    assert outcome.shift.first_pass_yield is None
    assert "1 retested from before" in outcome.shift.describe()


def test_runs_already_in_the_index_are_not_counted_twice(index) -> None:
    session = open_session(index, ClockedRunner(Verdict.FAIL, Verdict.FAIL))
    outcome = session.run(request())
    assert index.count() == 1  # the session's own run, now also in its history
    assert outcome.disposition.action is Action.RETEST
    assert "1 retest left" in outcome.disposition.message
    assert outcome.shift.units == 1 and outcome.shift.carried_over == 0
    assert session.run(request()).disposition.action is Action.REPAIR


def test_errors_and_aborts_are_no_attempts_and_a_pass_starts_the_count_again(index) -> None:
    index.add_many([
        (summary("a", Verdict.FAIL, "2026-03-01T08:00:00.000+00:00"), None),
        (summary("b", Verdict.PASS, "2026-03-01T08:10:00.000+00:00"), None),
        (summary("c", Verdict.FAIL, "2026-03-01T08:20:00.000+00:00"), None),
        (summary("d", Verdict.ERROR, "2026-03-01T08:30:00.000+00:00", error="x"), None),
        (summary("e", Verdict.ABORTED, "2026-03-01T08:40:00.000+00:00", error="y"), None),
    ])
    session = open_session(index, ClockedRunner(Verdict.FAIL))
    assert session.check_serial("general-purpose", SERIAL).accepted
    assert session.run(request()).disposition.action is Action.REPAIR


def test_a_session_without_history_counts_its_own_runs() -> None:
    session = StationSession(make_station(), [GPM], run_unit=ClockedRunner(Verdict.FAIL, Verdict.FAIL),
                             records_dir="records", sinks=())
    assert session.run(request()).disposition.action is Action.RETEST
    assert session.run(request()).disposition.action is Action.REPAIR
    assert not session.check_serial("general-purpose", SERIAL).accepted


class ErrorRunner:
    def __init__(self, error: str, error_instrument: str | None) -> None:
        self.error, self.error_instrument = error, error_instrument

    def __call__(self, station, spec, request, *, records_dir, observers, stop, sinks=()):
        return summary("r1", Verdict.ERROR, "2026-03-02T10:00:00.000+00:00", serial=request.serial,
                       error=self.error, error_instrument=self.error_instrument)


def test_the_instrument_named_by_the_runner_is_the_one_marked_faulty() -> None:
    # The message names another role in passing; the structured field decides.
    runner = ErrorRunner("high: speed reading off while the supply ramped", "tachometer")
    session = StationSession(make_station(), [GPM], run_unit=runner, records_dir="records",
                             sinks=())
    assert session.run(request()).disposition.action is Action.TEST_AGAIN
    links = {row.role: row.link for row in session.instrument_status()}
    assert links["tachometer"] is Link.FAULT
    assert links["supply"] is Link.CONNECTED
    assert not session.check_serial("general-purpose", SERIAL).accepted
    session.reconnect("tachometer")
    assert session.check_serial("general-purpose", SERIAL).accepted


def test_a_summary_from_before_the_field_still_finds_its_instrument_in_the_message() -> None:
    older = json.loads(summary("r1", Verdict.ERROR, "", error="high: thermometer: open").to_json())
    del older["error_instrument"]
    runner = ErrorRunner("high: thermometer: open", None)
    assert RunSummary.from_dict(older).error_instrument is None
    session = StationSession(make_station(), [GPM], run_unit=runner, records_dir="records",
                             sinks=())
    session.run(request())
    links = {row.role: row.link for row in session.instrument_status()}
    assert links["thermometer"] is Link.FAULT

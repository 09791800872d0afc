"""Transient instrument faults on the real simulated bench: retried once, recorded, counted."""

from __future__ import annotations

from pathlib import Path

from instruments.station import Station
from rig.index import ResultsIndex
from rig.model import RunRequest, Verdict
from rig.records import read_record
from rig.runner import run_unit
from rig.specs import load_spec
from tests.sim_station import bench_fixtures

REPO = Path(__file__).resolve().parents[2]
GPM = RunRequest(serial="GPM-515151", product="general-purpose", operator="test")

station, bench = bench_fixtures(20.0, GPM.serial)


def spec():
    return load_spec(REPO / "specs/general-purpose.yaml")


def test_a_reply_garbled_once_costs_a_retry_not_the_unit(station: Station, bench,
                                                          tmp_path: Path) -> None:
    bench.inject_fault("thermometer", "garbled_once")  # hits the scan before switch-on
    summary = run_unit(station, spec(), GPM, records_dir=tmp_path)
    assert summary.verdict is Verdict.PASS, summary.failed_measurements or summary.error
    assert summary.retries == 1
    record = read_record(summary.record_path)
    retries = [text for _, kind, text in record.events if kind == "retry"]
    assert len(retries) == 1 and retries[0].startswith("thermometer: retried 'MEAS:TEMP?")
    assert record.summary.retries == 1  # the count is read back from the record's events
    index = ResultsIndex(f"sqlite:///{tmp_path / 'index.sqlite'}")
    try:
        index.add(summary)
        assert index.run(summary.run_id).retries == 1
        index.rebuild(tmp_path)  # from the files alone, the count comes out the same
        assert index.run(summary.run_id).retries == 1
    finally:
        index.close()
    assert not bench.supply_output_on


def test_a_reply_that_stays_garbled_ends_in_error_with_the_supply_off(station: Station, bench,
                                                                      tmp_path: Path) -> None:
    bench.inject_fault("thermometer", "garbled_reply")
    summary = run_unit(station, spec(), GPM, records_dir=tmp_path)
    assert summary.verdict is Verdict.ERROR
    assert summary.error_instrument == "thermometer"
    assert "garbled" in summary.error
    assert summary.retries == 1  # tried once more, honestly, then gave up
    assert not bench.supply_output_on


def test_a_run_without_faults_records_no_retry(station: Station, bench, tmp_path: Path) -> None:
    summary = run_unit(station, spec(), GPM, records_dir=tmp_path)
    assert summary.verdict is Verdict.PASS
    assert summary.retries == 0
    assert not [e for e in read_record(summary.record_path).events if e[1] == "retry"]

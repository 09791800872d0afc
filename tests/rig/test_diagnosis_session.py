"""The retest policy reads the diagnosis: repair at once with a ticket, or retest a fixture-like cause."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from rig.model import RunRequest
from rig.runner import run_unit
from rig.station_session import Action, StationSession, load_products
from tests.sim_station import bench_fixtures

REPO = Path(__file__).resolve().parents[2]
# A slow bench: a wall-clock simulator on a busy machine can miss a fast spin-up.
station, bench = bench_fixtures(5.0, "GPM-610000")


def session(station, tmp_path: Path) -> StationSession:
    return StationSession(station, load_products(REPO / "specs"), run_unit=run_unit, records_dir=tmp_path)


def test_a_weak_magnet_goes_to_repair_at_once_with_a_ticket(station, bench, tmp_path: Path) -> None:
    bench.force_defect("GPM-610001", "weak_magnet")
    outcome = session(station, tmp_path).run(RunRequest("GPM-610001", "general-purpose"))
    assert outcome.summary.diagnosis.cause == "weak_magnet"
    assert outcome.disposition.action is Action.REPAIR
    assert "weak magnet" in outcome.disposition.message and "Reseating will not cure it" in outcome.disposition.message
    ticket = outcome.disposition.ticket
    assert ticket is not None and ticket.read_bytes().startswith(b"%PDF")
    assert ticket.name == Path(outcome.summary.record_path).name.removesuffix(".h5") + ".repair.pdf"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(ticket), "-"], capture_output=True, text=True, check=True).stdout
        assert "GPM-610001" in text and "Probable cause: weak magnet" in text and "Ke" in text


def test_a_cord_dropout_is_retested_as_the_fixture_may_fake_it(station, bench, tmp_path: Path) -> None:
    bench.force_defect("GPM-610002", "intermittent_cord")
    outcome = session(station, tmp_path).run(RunRequest("GPM-610002", "general-purpose"))
    assert outcome.summary.diagnosis.cause == "intermittent_cord"
    assert outcome.disposition.action is Action.RETEST and outcome.disposition.ticket is None


def test_a_good_unit_is_packed_without_a_diagnosis(station, bench, tmp_path: Path) -> None:
    outcome = session(station, tmp_path).run(RunRequest("GPM-610000", "general-purpose"))
    assert outcome.disposition.action is Action.PACK
    assert outcome.summary.diagnosis is None and outcome.summary.fitted["Ke_Vs_rad"] > 0


@pytest.mark.parametrize("defect", ["seized_rotor", "bearing_wear", "brush_wear"])
def test_every_ticket_shows_its_telling_signal(station, bench, tmp_path: Path, defect: str) -> None:
    serial = {"seized_rotor": "GPM-610003", "bearing_wear": "GPM-610004", "brush_wear": "GPM-610005"}[defect]
    bench.force_defect(serial, defect)
    outcome = session(station, tmp_path).run(RunRequest(serial, "general-purpose"))
    assert outcome.summary.diagnosis.cause == defect
    assert outcome.disposition.ticket is not None and outcome.disposition.ticket.stat().st_size > 2000


def test_a_run_the_rig_could_not_measure_gets_no_diagnosis_and_no_fit(station, bench, tmp_path: Path) -> None:
    bench.force_defect("GPM-610006", "weak_magnet")
    bench.inject_fault("tachometer", "no_pulses")  # the counter fails while the heads show rotation
    summary = run_unit(station, load_products(REPO / "specs")[0].spec, RunRequest("GPM-610006", "general-purpose"),
                       records_dir=tmp_path)
    assert summary.verdict.value == "ERROR"
    assert summary.diagnosis is None and summary.fitted == {}
    from rig.records import read_summary

    assert read_summary(summary.record_path).diagnosis is None

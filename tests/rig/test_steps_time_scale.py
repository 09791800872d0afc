"""A unit reads the same at any time scale of the simulated bench."""

from __future__ import annotations

from pathlib import Path

from rig.model import RunRequest, Verdict
from rig.runner import run_unit
from rig.specs import load_spec_text
from tests.sim_station import open_sim_station

REPO = Path(__file__).resolve().parents[2]
SERIALS = ("GPM-700001", "GPM-700002")


def spin_up_only_spec():
    """Return the GPM spec with an EOL sequence of its spin-up step alone."""
    text = (REPO / "specs/general-purpose.yaml").read_text(encoding="utf-8")
    eol = "    steps: [spin_up, low, medium, high]\n"
    assert eol in text
    return load_spec_text(text.replace(eol, "    steps: [spin_up]\n", 1), "general-purpose (spin-up only)")


def spin_up_times_s(time_scale: float, records: Path) -> list[float]:
    spec = spin_up_only_spec()
    times = []
    with open_sim_station(time_scale) as station:
        for serial in SERIALS:
            station.bench.force_defect(serial, "none")
            summary = run_unit(station, spec, RunRequest(serial, "general-purpose", "eol", operator="scale"),
                               records_dir=records)
            assert summary.verdict is Verdict.PASS, summary.failed_measurements
            (spin_up,) = [m for m in summary.measurements if m.name == "spin_up.spin_up_time"]
            times.append(spin_up.value)
    return times


def test_spin_up_time_is_the_same_at_time_scale_1_and_200(tmp_path: Path) -> None:
    # At time scale 200 a millisecond of command latency is 0.2 s of simulated time;
    # the bench keeps the DAQ starts and the switch-on as far apart as on the line.
    slow = spin_up_times_s(1.0, tmp_path)
    fast = spin_up_times_s(200.0, tmp_path)
    for serial, at_1, at_200 in zip(SERIALS, slow, fast, strict=True):
        assert abs(at_200 - at_1) < 0.010, f"{serial}: {at_1:.4f} s at x1, {at_200:.4f} s at x200"

"""Runner figures: EOL takt per product (spec dwell vs the rig's own overhead), and the
per-step cost of a trivial three-step sequence in our runner and in OpenHTF."""

from __future__ import annotations

import contextlib
import io
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from instruments.roles import Identity
from instruments.station import Station
from rig.model import RunRequest, Verdict
from rig.runner import run_unit
from rig.specs import load_spec, load_spec_text

REPO = Path(__file__).resolve().parents[1]
TRIVIAL_REPEATS = 30


# -- a trivial sequence on a station of null instruments ------------------------------------

class _NullInstrument:
    def __init__(self, name: str) -> None:
        self.name, self.resource = name, f"NULL::{name}"
        self.identity = Identity("Null", name, "0", "0")

    def enable_output(self, on: bool) -> None:
        self.on = on

    def output_enabled(self) -> bool:
        return False

    def load(self, product: str, serial: str) -> None:
        pass


def _null_station() -> Station:
    roles = {r: _NullInstrument(r) for r in
             ("supply", "vibration_daq", "current_daq", "thermometer", "tachometer", "fixture")}
    return Station(name="null", signals={}, calibration_due={"supply": date(2099, 1, 1)},
                   time_scale=1.0, **roles)


@dataclass
class _TrivialKind:
    """A step that judges one fixed number per limit: the runner's cost and nothing else."""

    measurements: Any = None
    params: dict = field(default_factory=dict)

    def run(self, ctx) -> None:
        for name, limits in ctx.plan.limits.items():
            ctx.measure(name, limits.high if limits.high is not None else limits.low)

    def expected_duration_s(self, params: Any) -> float:
        return 0.0


def _trivial_spec():
    text = (REPO / "specs/general-purpose.yaml").read_text(encoding="utf-8")
    text = text.replace("steps: [spin_up, low, medium, high]\n    stop_on_fail: true",
                        "steps: [low, medium, high]\n    stop_on_fail: true", 1)
    return load_spec_text(text, "general-purpose (three steps)")


def _ours_per_step_s() -> float:
    spec, station = _trivial_spec(), _null_station()
    kinds = {k: _TrivialKind() for k in ("spin_up", "speed_point", "thermal_rise", "durability")}
    request = RunRequest("GPM-000001", "general-purpose")
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(TRIVIAL_REPEATS):
            started = time.perf_counter()
            summary = run_unit(station, spec, request, records_dir=tmp, step_kinds=kinds)
            times.append(time.perf_counter() - started)
            assert summary.verdict is Verdict.PASS, summary.error
    return statistics.median(times) / 3


def _openhtf_per_step_s() -> float:
    import openhtf as htf
    from openhtf.util import console_output

    phases = []
    for name in ("low", "medium", "high"):
        @htf.measures(htf.Measurement("current").in_range(0.0, 1.0))
        def phase(test, _name=name) -> None:
            test.measurements.current = 0.5
        phases.append(phase.with_args(_name=name))
    test = htf.Test(*phases)
    times = []
    quiet, console_output.CLI_QUIET = console_output.CLI_QUIET, True  # its banner, per run
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            for _ in range(TRIVIAL_REPEATS):
                started = time.perf_counter()
                test.execute(test_start=lambda: "GPM-000001")
                times.append(time.perf_counter() - started)
    finally:
        console_output.CLI_QUIET = quiet
    return statistics.median(times) / 3


# -- EOL takt against the simulated bench -----------------------------------------------------

DWELL_PARAMS = ("settle_s", "capture_s", "dwell_s")  # the tach gate runs inside the capture


def _dwell_s(params) -> float:
    """Return the instrument time a step's params ask for: settling and capturing."""
    return sum(float(params.get(name, 0.0)) for name in DWELL_PARAMS)


def _takt(product: str, serial: str) -> tuple[float, float, str]:
    """Return (wall s, spec dwell s, verdict) of one EOL run at time scale 1."""
    from instruments.station import load_station, open_station

    spec = load_spec(REPO / f"specs/{product}.yaml")
    dwell_s = sum(_dwell_s(step.params) for step in spec.sequence("eol").steps)
    config = load_station(REPO / "stations/sim.yaml")
    with tempfile.TemporaryDirectory() as tmp, open_station(config) as station:
        started = time.perf_counter()
        summary = run_unit(station, spec, RunRequest(serial, product), records_dir=tmp)
        wall_s = time.perf_counter() - started
    return wall_s, dwell_s, summary.verdict.value


def run() -> list[tuple[str, str]]:
    rows = []
    for product, serial in (("general-purpose", "GPM-000101"), ("quad-head", "QHM-000101")):
        try:
            wall_s, dwell_s, verdict = _takt(product, serial)
        except Exception as exc:  # noqa: BLE001 - a figure that cannot be measured says why
            rows.append((f"EOL takt {product}", f"not measured: {type(exc).__name__}: {exc}"))
            continue
        rows.append((f"EOL takt {product} ({verdict}), time scale 1",
                     f"{wall_s:.2f} s = {dwell_s:.2f} s dwell asked by the spec + "
                     f"{wall_s - dwell_s:.2f} s rig overhead"))
    ours, theirs = _ours_per_step_s(), _openhtf_per_step_s()
    rows.append(("trivial 3-step sequence, per step, our runner (HDF5 record)", f"{ours * 1e3:.2f} ms"))
    rows.append(("trivial 3-step sequence, per step, OpenHTF 1.6", f"{theirs * 1e3:.2f} ms"))
    return rows

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
    return Station(name="null", signals={}, calibration_due={"supply": date(2099, 1, 1)}, **roles)


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


def _median_per_step_s(run_once, repeats: int = TRIVIAL_REPEATS) -> float:
    """Return the median wall time of one run divided by its three steps (after one warm-up)."""
    run_once()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run_once()
        times.append(time.perf_counter() - started)
    return statistics.median(times) / 3


def _ours_per_step_s(records_dir: str) -> float:
    """Our runner: 18 judged measurements, a SWMR HDF5 record flushed per block, JSON summary."""
    spec, station = _trivial_spec(), _null_station()
    kinds = {k: _TrivialKind() for k in ("spin_up", "speed_point", "thermal_rise", "durability")}
    request = RunRequest("GPM-000001", "general-purpose")

    def run_once() -> None:
        summary = run_unit(station, spec, request, records_dir=records_dir, step_kinds=kinds)
        assert summary.verdict is Verdict.PASS, summary.error

    return _median_per_step_s(run_once)


def _openhtf_test(spec):
    """Build the same three steps as OpenHTF phases: the spec's measurements and ranges."""
    import openhtf as htf

    phases = []
    for step in spec.sequence("eol").steps:
        measurements = [htf.Measurement(name).in_range(minimum=limits.low, maximum=limits.high)
                        for name, limits in step.limits.items()]
        values = {name: limits.high if limits.high is not None else limits.low
                  for name, limits in step.limits.items()}

        @htf.measures(*measurements)
        def phase(test, _values=values) -> None:
            for name, value in _values.items():
                test.measurements[name] = value
        phases.append(phase.with_args(_values=values))
    return htf.Test(*phases)


def _openhtf_per_step_s(json_dir: str | None) -> float:
    """OpenHTF on the same steps; with json_dir, its JSON output callback writes each record there."""
    from openhtf.output.callbacks import json_factory
    from openhtf.util import console_output

    test = _openhtf_test(_trivial_spec())
    if json_dir is not None:
        test.add_output_callbacks(json_factory.OutputToJSON(
            str(Path(json_dir) / "{dut_id}.{start_time_millis}.json"), indent=2))

    def run_once() -> None:
        assert test.execute(test_start=lambda: "GPM-000001")

    quiet, console_output.CLI_QUIET = console_output.CLI_QUIET, True  # its banner, per run
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            return _median_per_step_s(run_once)
    finally:
        console_output.CLI_QUIET = quiet


def per_step_rows() -> list[tuple[str, str]]:
    """Time the trivial three-step sequence in our runner and in OpenHTF, like with like."""
    with tempfile.TemporaryDirectory() as ours_dir, tempfile.TemporaryDirectory() as json_dir:
        ours = _ours_per_step_s(ours_dir)
        bare = _openhtf_per_step_s(None)
        with_json = _openhtf_per_step_s(json_dir)
    return [
        ("trivial 3 steps / 18 measurements, per step: our runner "
         "(SWMR HDF5 record flushed per block + fsynced JSON summary)", f"{ours * 1e3:.2f} ms"),
        ("  OpenHTF 1.6, no output callback (writes nothing)", f"{bare * 1e3:.2f} ms"),
        ("  OpenHTF 1.6, OutputToJSON callback (JSON record, temp file + move)",
         f"{with_json * 1e3:.2f} ms"),
    ]


# -- EOL takt against the simulated bench -----------------------------------------------------

DWELL_PARAMS = ("settle_s", "capture_s", "dwell_s")  # the tach gate runs inside the capture


def _dwell_s(params) -> float:
    """Return the instrument time a step's params ask for: settling and capturing."""
    return sum(float(params.get(name, 0.0)) for name in DWELL_PARAMS)


def _takt(product: str, serial: str) -> tuple[float, float, float, str]:
    """Return (wall s, instrument s, spec dwell s, verdict) of one EOL run at time scale 1.

    The station is opened through the composition root, as the app opens it, so the
    figures include the record's sinks (JSON summary, results index with its hash).
    """
    from rig.app import open_station_app

    spec = load_spec(REPO / f"specs/{product}.yaml")
    dwell_s = sum(_dwell_s(step.params) for step in spec.sequence("eol").steps)
    with tempfile.TemporaryDirectory() as tmp, \
            open_station_app(REPO / "stations/sim.yaml", data_dir=tmp,
                             specs_dir=REPO / "specs") as app:
        app.station.bench.force_defect(serial, "none")
        clock = app.station.clock
        started, started_s = time.perf_counter(), clock.now_s()
        summary = app.session.run(RunRequest(serial, product)).summary
        wall_s, instrument_s = time.perf_counter() - started, clock.now_s() - started_s
    return wall_s, instrument_s, dwell_s, summary.verdict.value


def run() -> list[tuple[str, str]]:
    rows = []
    for product, serial in (("general-purpose", "GPM-000101"), ("quad-head", "QHM-000101")):
        try:
            wall_s, instrument_s, dwell_s, verdict = _takt(product, serial)
        except Exception as exc:  # noqa: BLE001 - a figure that cannot be measured says why
            rows.append((f"EOL takt {product}", f"not measured: {type(exc).__name__}: {exc}"))
            continue
        overhead_s = wall_s - dwell_s
        rows.append((f"EOL takt {product} ({verdict}), time scale 1",
                     f"{wall_s:.3f} s = {dwell_s:.2f} s dwell asked by the spec + "
                     f"{overhead_s:.3f} s rig overhead ({overhead_s / dwell_s:.1%} of the dwell; "
                     "target under 1 %)"))
        rows.append((f"  of which on the bench's clock (scans, commands) {product}",
                     f"{instrument_s - dwell_s:.3f} s; computing and records "
                     f"{wall_s - instrument_s:.3f} s"))
    return rows + per_step_rows()

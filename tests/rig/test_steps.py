"""The test steps against fake roles that generate physics-like signals (edge fakes)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from test_steps_fakes import FakeBench, FakeContext, UnitModel, fake_station

from instruments.errors import DaqOverrun, NoPulses
from rig.events import SamplesAcquired, WaveformCaptured
from rig.specs import load_spec
from rig.steps.context import RunAborted
from rig.steps.kinds import STEP_KINDS

ROOT = Path(__file__).resolve().parents[2]
GPM = load_spec(ROOT / "specs" / "general-purpose.yaml")
QHM = load_spec(ROOT / "specs" / "quad-head.yaml")


def make_context(step_id: str, unit: UnitModel | None = None, *, spec=GPM, seed: int = 1, **station_faults):
    unit = unit or UnitModel()
    bench = FakeBench(unit, np.random.default_rng(seed))
    return FakeContext(fake_station(bench, **station_faults), spec.steps[step_id], bench, heads=spec.heads,
                       motors=spec.motors, head_coupling=spec.head_coupling,
                       current_limit_a=spec.supply_current_limit_a)


def run_step(ctx: FakeContext) -> FakeContext:
    STEP_KINDS[ctx.step.kind].run(ctx)
    return ctx


def test_speed_point_on_a_good_unit_passes_with_accurate_figures():
    ctx = run_step(make_context("high"))
    assert set(ctx.verdicts().values()) == {"PASS"}
    assert set(ctx.measurements) == set(GPM.steps["high"].limits)
    m = ctx.measurements
    assert m["fundamental"].value == pytest.approx(59.0, abs=0.05)
    assert m["head1_accel"].value == pytest.approx(2.3, rel=0.02)
    assert m["current"].value == pytest.approx(0.59, abs=0.01)
    assert m["ripple"].value == pytest.approx(12.0, abs=1.5)
    assert m["second_harmonic"].value == pytest.approx(-30.0, abs=0.5)
    assert m["tach_delta"].value < 0.1
    assert (ctx.bench.volts, ctx.bench.limit_a, ctx.station.supply.output_enabled()) == (12.0, 3.0, True)
    assert set(ctx.waveforms) == {"vibration_daq", "current_daq"}
    assert ctx.station.vibration_daq.configured[-1] == (("101",), 1.25, 10000)


def test_speed_point_reports_live_current_and_each_heads_spectrum_with_its_bands():
    ctx = run_step(make_context("high"))
    samples = [e for e in ctx.events if isinstance(e, SamplesAcquired)]
    spectra = [e for e in ctx.events if isinstance(e, WaveformCaptured)]
    current, speed = samples
    assert current.signal == "motor_current" and current.t0_s == pytest.approx(0.004 + 0.3)  # armed after settling
    assert (speed.signal, speed.unit, speed.sample_rate_hz) == ("motor_a_speed_rpm", "rpm", 0.0)
    assert speed.values[0] == pytest.approx(60 * 59.0, rel=0.005)  # the tachometer, read during the capture
    assert current.t0_s < speed.t0_s < current.t0_s + 1.0
    assert len(spectra) == 1 and spectra[0].band_hz == (55.0, 63.0) and spectra[0].level_band_g == (1.6, 3.0)
    assert spectra[0].frequencies_hz[np.argmax(spectra[0].spectrum_g)] == pytest.approx(59.0, abs=1.0)


def test_spin_up_shows_motor_a_speed_cycle_by_cycle_on_the_run_time_axis():
    ctx = make_context("spin_up")
    ctx.bench.advance(12.5)  # the run has been going for a while
    run_step(ctx)
    samples = {e.signal: e for e in ctx.events if isinstance(e, SamplesAcquired)}
    current, speed = samples["motor_current"], samples["motor_a_speed_rpm"]
    assert current.t0_s == pytest.approx(12.5) and current.sample_rate_hz == 20000
    assert speed.unit == "rpm" and speed.sample_rate_hz > 0 and speed.t0_s > current.t0_s
    assert speed.values[-1] == pytest.approx(60 * 59.0, rel=0.01)
    assert speed.values[0] < 0.9 * speed.values[-1]  # the rise from rest is on the trend
    assert np.all(np.diff(speed.values) > -60.0)  # it only rises (within a cycle's noise)


def test_speed_point_at_low_speed_uses_its_own_voltage():
    ctx = run_step(make_context("low"))
    assert ctx.bench.volts == 7.0
    assert ctx.measurements["fundamental"].value == pytest.approx(59.0 / 12 * 7, abs=0.05)


@pytest.mark.parametrize("seed", range(6))
def test_quad_head_levels_hold_wherever_the_beat_falls(seed):
    unit = UnitModel(motors=2, heads=4, coupling=0.3, high_g=(1.3, 1.25, 1.35, 1.2), split_hz=0.27,
                     running_a=0.59)
    ctx = make_context("high", unit, spec=QHM, seed=seed)
    ctx.bench.clock_s = seed * 0.61  # captures at different points of the 3.7 s beat
    run_step(ctx)
    own = unit.high_g
    for head in range(4):
        expected = math.hypot(own[head], 0.3 * own[(head + 2) % 4])
        assert ctx.measurements[f"head{head + 1}_accel"].value == pytest.approx(expected, rel=0.015)
    assert ctx.measurements["motor_split"].value == pytest.approx(0.27, abs=0.05)
    assert set(ctx.verdicts().values()) == {"PASS"}


def test_dropouts_fail_the_speed_point():
    ctx = run_step(make_context("high", UnitModel(dropouts_s=((0.2, 0.08), (0.6, 0.05)))))
    assert ctx.measurements["dropouts"].value == 2
    assert ctx.verdicts()["dropouts"] == "FAIL"


def test_misalignment_fails_the_second_harmonic_only():
    ctx = run_step(make_context("high", UnitModel(second_db=-10.0)))
    failed = {name for name, verdict in ctx.verdicts().items() if verdict == "FAIL"}
    assert failed == {"second_harmonic", "broadband"}  # a -10 dB 2x is also 0.5 g RMS of broadband


def test_a_counter_without_pulses_on_a_turning_unit_is_an_instrument_fault():
    with pytest.raises(NoPulses):
        run_step(make_context("high", broken_tach=True))


def test_a_unit_that_does_not_turn_fails_instead_of_erroring():
    ctx = make_context("high", UnitModel(stalled=True))
    run_step(ctx)
    assert ctx.measurements["fundamental"].value == 0.0
    assert ctx.verdicts()["fundamental"] == "FAIL" and ctx.verdicts()["head1_accel"] == "FAIL"


def test_instrument_errors_propagate_from_a_step():
    with pytest.raises(DaqOverrun):
        run_step(make_context("high", daq_fault=DaqOverrun("buffer overflow", instrument="vibration_daq")))


@pytest.mark.parametrize("tau_s", [0.04, 0.065, 0.1])
def test_spin_up_times_the_rotor_and_sees_the_clamp(tau_s):
    ctx = run_step(make_context("spin_up", UnitModel(tau_s=tau_s)))
    assert ctx.measurements["spin_up_time"].value == pytest.approx(tau_s * math.log(10), abs=0.01)
    assert ctx.measurements["inrush_peak"].value == pytest.approx(3.0, abs=0.02)
    assert ctx.station.supply.output_enabled()
    assert ctx.station.current_daq.configured[-1] == (("101",), 5.0, 20000)


def test_spin_up_starts_from_rest_when_the_output_was_on():
    ctx = make_context("spin_up")
    ctx.station.supply.enable_output(True)
    started_s = ctx.bench.clock_s
    run_step(ctx)
    assert ctx.bench.switch_count == 2 and ctx.bench.clock_s - started_s >= 1.0
    assert ctx.verdicts() == {"inrush_peak": "PASS", "spin_up_time": "PASS"}


def test_a_stalled_rotor_fails_spin_up_and_is_left_switched_off():
    ctx = run_step(make_context("spin_up", UnitModel(stalled=True)))
    assert ctx.measurements["spin_up_time"].value == math.inf
    assert ctx.verdicts()["spin_up_time"] == "FAIL"
    assert not ctx.station.supply.output_enabled()
    assert ctx.bench.clock_s < 1.1  # switched off right after the capture


def test_quad_head_spin_up_takes_the_slower_motor():
    unit = UnitModel(motors=2, heads=4, coupling=0.3, high_g=(1.3,) * 4, split_hz=0.3, tau_s=0.08)
    ctx = run_step(make_context("spin_up", unit, spec=QHM))
    assert ctx.measurements["spin_up_time"].value == pytest.approx(0.08 * math.log(10), abs=0.015)


def test_thermal_rise_is_ambient_compensated_and_trended():
    unit = UnitModel(rise_k=(22.0, 8.0, 13.0), thermal_tau_s=200.0, ambient_drift_k_per_s=0.002)
    ctx = run_step(make_context("thermal", unit))
    share = 1 - math.exp(-900.0 / 200.0)
    assert ctx.measurements["housing_rise"].value == pytest.approx(22.0 * share, abs=0.05)
    assert ctx.measurements["handle_rise"].value == pytest.approx(8.0 * share, abs=0.05)
    assert ctx.measurements["head_rise"].value == pytest.approx(13.0 * share, abs=0.05)
    t_s, values, unit_name = ctx.trends["housing_temp"]
    assert (len(t_s), unit_name) == (181, "degC")
    assert t_s[-1] - t_s[0] == pytest.approx(900.0) and np.allclose(np.diff(t_s), 5.0)
    assert len(ctx.safety_checks) == 180 and "ambient_temp" in ctx.safety_checks[0][0]


def test_thermal_rise_aborts_when_the_unit_runs_too_hot():
    ctx = make_context("thermal", UnitModel(rise_k=(60.0, 8.0, 13.0), thermal_tau_s=100.0))
    with pytest.raises(RunAborted) as caught:
        run_step(ctx)
    assert caught.value.safety


def test_durability_measures_drift_from_first_to_last_cycle():
    # Wear-out: running current grows 0.02 % per running second over 20 x 60 s.
    ctx = run_step(make_context("durability", UnitModel(current_growth_per_s=0.59 * 0.0002)))
    assert ctx.bench.switch_count == 20
    assert not ctx.station.supply.output_enabled()
    first_capture_ends_s = 1.0 + 0.5  # settle, capture
    expected = 0.0002 * (20 * 60.0 - first_capture_ends_s) / (1 + 0.0002 * first_capture_ends_s) * 100
    assert ctx.measurements["current_drift"].value == pytest.approx(expected, rel=0.02)
    assert ctx.measurements["frequency_drift"].value < 0.1
    assert ctx.verdicts()["current_drift"] == "FAIL" and ctx.verdicts()["frequency_drift"] == "PASS"
    assert {"first_vibration_daq", "last_current_daq"} <= set(ctx.waveforms)


def test_every_kind_offers_the_measurements_the_product_specs_use():
    for spec in (GPM, QHM):
        for step in spec.steps.values():
            offered = STEP_KINDS[step.kind].measurements(spec.heads, spec.motors)
            assert set(step.limits) <= set(offered)
            assert all(offered[name] == limits.unit for name, limits in step.limits.items())
    assert STEP_KINDS["durability"].expected_duration_s(GPM.steps["durability"].params) == 1800.0
    assert STEP_KINDS["thermal_rise"].expected_duration_s(GPM.steps["thermal"].params) == 900.0

"""The diagnosis engine on synthetic runs made from BENCH.md's steady-state model."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest

from rig.diagnosis import Diagnosis, describe, diagnose
from rig.diagnosis.motor_fit import OperatingPoint, fit_motor
from rig.diagnosis.physics import MotorParams, nominal_motor, predicted_point, with_defect
from rig.diagnosis.synthetic import synthetic_observations
from rig.model import Measurement, Verdict
from rig.specs import SpecError, load_spec, load_spec_text

REPO = Path(__file__).resolve().parents[2]
GPM = load_spec(REPO / "specs/general-purpose.yaml")
QHM = load_spec(REPO / "specs/quad-head.yaml")


def synthetic_run(motors: list[MotorParams], limit_a: float = 3.0, **signals: float) -> dict[str, float]:
    model = GPM.diagnosis.model if len(motors) == 1 else QHM.diagnosis.model
    return synthetic_observations(motors, model, limit_a, **signals)


def run(verdict: Verdict, obs: dict[str, float], spec=GPM, measurements=()) -> Diagnosis | None:
    return diagnose(verdict, obs, list(measurements), spec.diagnosis.model, motors=spec.motors,
                    current_limit_a=spec.supply_current_limit_a, housing_c=25.0)


def test_a_diagnosis_round_trips_and_reads_as_a_banner_line() -> None:
    d = Diagnosis("weak_magnet", "B", 0.923, "shorted_turns", ("Ke is low.",), {"Ke_Vs_rad": 0.0255})
    assert Diagnosis.from_dict(d.to_dict()) == d
    assert describe(d) == "weak magnet, motor B (92 %)"
    assert describe(replace(d, motor=None, watch=True)) == "watch: weak magnet (92 %)"
    with pytest.raises(ValueError, match="unknown cause"):
        Diagnosis("gremlins", None, 0.5, None, ())


def test_the_fit_recovers_the_motor_constants_exactly_from_model_points() -> None:
    motor = MotorParams(1.7, 0.0291, 0.27, 2.9e-5)
    points = [predicted_point([motor], v, 3.0) for v in (12.0, 7.0, 9.5)]
    fit = fit_motor(points)
    assert fit is not None
    assert fit.r_ohm == pytest.approx(1.7, rel=1e-9) and fit.ke_v_s_rad == pytest.approx(0.0291, rel=1e-9)
    assert fit.i0_a == pytest.approx(0.27, rel=1e-9) and fit.b_nm_s_rad == pytest.approx(2.9e-5, rel=1e-6)


def test_the_pair_fit_gives_the_quad_heads_mean_motor() -> None:
    pair = [MotorParams(1.6, 0.030, 0.25, 2.76e-5), MotorParams(1.6, 0.030, 0.25, 2.76e-5)]
    fit = fit_motor([predicted_point(pair, v, 3.2) for v in (12.0, 7.0)], turning=(True, True))
    assert fit.r_ohm == pytest.approx(1.6) and fit.ke_v_s_rad == pytest.approx(0.030)
    assert fit.i0_a == pytest.approx(0.25)


def test_one_point_is_not_enough_to_fit() -> None:
    assert fit_motor([OperatingPoint("high", 12.0, 0.59, (370.0,))]) is None


def test_the_resistance_is_referred_to_25_degc() -> None:
    motor = MotorParams(1.6 * (1 + 0.00393 * 20.0), 0.030, 0.25, 2.76e-5)  # a winding at 45 degC
    fit = fit_motor([predicted_point([motor], v, 3.0) for v in (12.0, 7.0)], housing_c=45.0)
    assert fit.r_ohm == pytest.approx(1.6)


@pytest.mark.parametrize("cause", ["weak_magnet", "shorted_turns", "brush_wear", "bearing_wear"])
def test_a_motor_defect_is_named_from_the_fitted_constants(cause: str) -> None:
    signals = {"tone_a_db": -15.0} if cause == "bearing_wear" else {}
    if cause == "brush_wear":
        signals = {"ripple_a_pct": 32.0, "spikes_per_s": 3.0}
    d = run(Verdict.FAIL, synthetic_run([with_defect(nominal_motor(GPM.diagnosis.model), cause)], **signals))
    assert d is not None and d.cause == cause and d.confidence > 0.9
    assert d.evidence[-1].endswith(".") and len(d.evidence) >= 2


def test_the_quad_head_says_which_motor_is_weak() -> None:
    nominal = nominal_motor(QHM.diagnosis.model)
    d = run(Verdict.FAIL, synthetic_run([nominal, with_defect(nominal, "weak_magnet")], 3.2), QHM)
    assert (d.cause, d.motor) == ("weak_magnet", "B")
    assert describe(d).startswith("weak magnet, motor B (")


def test_a_motor_that_never_turns_is_seized_or_dead() -> None:
    nominal = nominal_motor(QHM.diagnosis.model)
    dead = run(Verdict.FAIL, synthetic_run([nominal, with_defect(nominal, "dead_motor_b")], 3.2), QHM)
    assert (dead.cause, dead.motor) == ("dead_motor_b", "B")
    seized = run(Verdict.FAIL, synthetic_run([with_defect(nominal_motor(GPM.diagnosis.model), "seized_rotor")]))
    assert seized.cause == "seized_rotor" and seized.fitted == {}


def test_signal_signatures_name_the_mechanical_defects() -> None:
    nominal = [nominal_motor(GPM.diagnosis.model)]
    assert run(Verdict.FAIL, synthetic_run(nominal, h2_a_db=-10.0)).cause == "misalignment"
    assert run(Verdict.FAIL, synthetic_run(nominal, dropouts=2.0)).cause == "intermittent_cord"
    loose = synthetic_run(nominal, h35_a_db=-15.0)
    loose.update({k: v * 1.4 for k, v in loose.items() if k.endswith("level_a_g")})
    assert run(Verdict.FAIL, loose).cause == "loose_eccentric"


def test_the_sample_sequence_names_a_blocked_vent_and_wear_out() -> None:
    obs = synthetic_run([nominal_motor(GPM.diagnosis.model)])
    obs.update({"thermal.power_w": 7.1, "thermal.dwell_s": 900.0})
    expected_k = 7.1 * 4.0 * (1 - math.exp(-900.0 / 600.0))
    rise = Measurement("thermal.housing_rise", 1.6 * expected_k, "K", None, 30.0, Verdict.FAIL, "thermal")
    assert run(Verdict.FAIL, obs, measurements=[rise]).cause == "blocked_vent"
    drift = Measurement("durability.current_drift", 35.0, "%", None, 15.0, Verdict.FAIL, "durability")
    assert run(Verdict.FAIL, obs, measurements=[drift]).cause == "wear_out"


def test_a_good_pass_gets_nothing_and_an_outlier_pass_a_watch_note() -> None:
    model = GPM.diagnosis.model
    assert run(Verdict.PASS, synthetic_run([nominal_motor(model)])) is None
    outlier = replace(nominal_motor(model), ke=model["Ke_Vs_rad"].nominal * 0.91)  # -4.5 sigma
    note = run(Verdict.PASS, synthetic_run([outlier]))
    assert note is not None and note.watch
    assert any("Ke" in line for line in note.evidence)


@pytest.mark.parametrize("verdict", [Verdict.ERROR, Verdict.ABORTED])
def test_a_run_the_rig_could_not_finish_gets_no_diagnosis(verdict: Verdict) -> None:
    bad = with_defect(nominal_motor(GPM.diagnosis.model), "weak_magnet")
    assert run(verdict, synthetic_run([bad])) is None


def test_the_spec_section_names_a_bad_cause_with_file_line_and_field() -> None:
    text = (REPO / "specs/general-purpose.yaml").read_text()
    bad = text.replace("retest: [intermittent_cord]", "retest: [gremlins]")
    with pytest.raises(SpecError) as caught:
        load_spec_text(bad, "gpm.yaml")
    line = bad.splitlines().index(next(x for x in bad.splitlines() if "gremlins" in x)) + 1
    assert caught.value.line == line and caught.value.field == "diagnosis.retest[0]"
    both = text.replace("retest: [intermittent_cord]", "retest: [intermittent_cord, weak_magnet]")
    with pytest.raises(SpecError, match="both repaired and retested"):
        load_spec_text(both, "gpm.yaml")


def test_the_spin_up_time_gives_the_rotor_inertia() -> None:
    from rig.diagnosis import assess
    from rig.diagnosis.physics import seconds_per_inertia

    motor = MotorParams(1.7, 0.0291, 0.27, 2.9e-5)
    t90_s = 3.3e-5 * seconds_per_inertia([motor], 12.0, 3.0)
    spin = Measurement("spin_up.spin_up_time", t90_s, "s", None, 0.4, Verdict.PASS, "spin_up")
    fitted = assess(Verdict.PASS, synthetic_run([motor]), [spin], GPM.diagnosis.model, motors=1,
                    current_limit_a=3.0, housing_c=25.0).fitted
    assert fitted["J_kgm2"] == pytest.approx(3.3e-5, rel=1e-6)
    assert fitted["Ke_Vs_rad"] == pytest.approx(0.0291, rel=1e-9)


def test_the_signature_figures_read_spikes_and_a_bearing_tone_from_synthetic_signals() -> None:
    import numpy as np

    from rig.analysis import synthetic as syn
    from rig.analysis.signature import bearing_tone_db, spikes_per_s

    rng = np.random.default_rng(7)
    clean = syn.motor_current_a(rng, 0.6, 8.0, 59.0, 10000.0, 1.0)
    spiky = syn.motor_current_a(rng, 0.6, 32.0, 59.0, 10000.0, 2.0, spikes_per_s=4.0, spike_a=0.3)
    assert spikes_per_s(clean, 10000.0) == 0.0
    assert 2.0 <= spikes_per_s(spiky, 10000.0) <= 5.0
    t = np.arange(10000) / 10000.0
    head = 2.0 * np.sin(2 * np.pi * 50.0 * t) + 2.0 * 10 ** (-15 / 20) * np.sin(2 * np.pi * 3.6 * 50.0 * t)
    assert bearing_tone_db(head, 10000.0, 50.0, 2.0) == pytest.approx(-15.0, abs=0.5)
    assert bearing_tone_db(2.0 * np.sin(2 * np.pi * 50.0 * t), 10000.0, 50.0, 2.0) < -60.0

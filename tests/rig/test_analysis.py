"""Signal analysis on synthetic signals whose answers are set by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rig.analysis import synthetic as syn
from rig.analysis.drift import drift_percent
from rig.analysis.harmonics import broadband_rms, harmonic_level_db
from rig.analysis.ripple import count_dropouts, ripple_percent
from rig.analysis.spectrum import (
    amplitude_spectrum,
    least_squares,
    peak_frequency_hz,
    tone_design,
    tone_phasors,
)
from rig.analysis.spinup import inrush_peak_a, spin_up
from rig.analysis.thermal import temperature_rises_k

FS = 10000.0


@pytest.fixture
def rng():
    return np.random.default_rng(20260501)


def test_peak_frequency_error_is_below_50_mhz_over_random_tones(rng):
    errors = []
    for _ in range(40):
        f_hz = rng.uniform(28.0, 65.0)
        x = syn.vibration_g(rng, f_hz, rng.uniform(0.5, 3.0), FS, rng.uniform(0.5, 2.0), noise_g=0.05,
                            second_db=-20.0)
        errors.append(peak_frequency_hz(x, FS, 10.0, 250.0) - f_hz)
    assert np.max(np.abs(errors)) < 0.05
    # The refinement must beat the 1 Hz bin spacing by far, not by luck of the grid.
    assert np.max(np.abs(errors)) < 0.01


def test_amplitude_spectrum_reads_peak_amplitude_at_the_tone(rng):
    x = syn.vibration_g(rng, 50.0, 2.0, FS, 1.0, noise_g=0.0)
    freqs, spectrum = amplitude_spectrum(x, FS, max_hz=1000.0)
    assert freqs[-1] == 1000.0
    assert freqs[np.argmax(spectrum)] == 50.0
    assert spectrum.max() == pytest.approx(2.0, rel=1e-3)


def test_tone_phasors_give_amplitude_and_phase(rng):
    t = syn.times_s(FS, 0.73)
    x = 1.7 * np.cos(2 * np.pi * 41.3 * t + 0.4) + 0.2 + rng.normal(0, 0.01, t.size)
    (phasor,) = tone_phasors(x, FS, [41.3])
    assert abs(phasor) == pytest.approx(1.7, rel=2e-3)
    assert np.angle(phasor) == pytest.approx(0.4, abs=0.01)


@pytest.mark.parametrize("separation", [0.25, 0.6, 3.0])  # in bins of the capture
def test_the_tone_fit_solves_as_numpy_lstsq_does_for_close_tones(rng, separation):
    t = syn.times_s(FS, 0.8)
    tones_hz = [47.0, 47.0 + separation / 0.8, 94.0, 141.0]
    design = tone_design(t.size, FS, tones_hz)
    x = design @ rng.normal(size=design.shape[1]) + rng.normal(0, 0.3, t.size)
    expected = np.linalg.lstsq(design, x, rcond=None)[0]
    assert least_squares(design, x) == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_a_tone_at_zero_hertz_leaves_an_empty_column_and_gets_no_sine(rng):
    t = syn.times_s(FS, 0.5)
    x = 0.4 + 1.2 * np.cos(2 * np.pi * 50.0 * t) + rng.normal(0, 0.01, t.size)
    zero, fifty = tone_phasors(x, FS, [0.0, 50.0])
    assert abs(fifty) == pytest.approx(1.2, rel=1e-3) and zero.imag == 0.0


@pytest.mark.parametrize("second_db", [-40.0, -30.0, -10.0])
def test_second_harmonic_ratio(rng, second_db):
    f_hz = rng.uniform(30, 63)
    x = syn.vibration_g(rng, f_hz, 2.0, FS, 1.0, second_db=second_db)
    measured_hz = peak_frequency_hz(x, FS, 10, 250)
    assert harmonic_level_db(x, FS, measured_hz, (2,)) == pytest.approx(second_db, abs=0.3)


def test_higher_harmonics_combine_in_power(rng):
    x = syn.vibration_g(rng, 47.0, 2.0, FS, 1.0, higher_db=-20.0)
    assert harmonic_level_db(x, FS, 47.0, (3, 4, 5)) == pytest.approx(-20.0 + 10 * math.log10(3), abs=0.3)


def test_broadband_is_the_noise_in_band_with_the_fundamental_left_out(rng):
    noise_g = 0.02
    x = syn.vibration_g(rng, 59.0, 2.5, FS, 2.0, second_db=-200, higher_db=-200, noise_g=noise_g)
    expected = noise_g * math.sqrt((1000.0 - 2.0 - 4.0) / (FS / 2))  # band minus the +-2 Hz gap
    assert broadband_rms(x, FS, [59.0]) == pytest.approx(expected, rel=0.05)


def test_broadband_counts_harmonics_and_other_tones(rng):
    t = syn.times_s(FS, 1.0)
    x = 2.5 * np.sin(2 * np.pi * 59.0 * t) + 0.1 * np.sin(2 * np.pi * 118.0 * t) + 0.05 * np.sin(2 * np.pi * 700 * t)
    x += 0.3 * np.sin(2 * np.pi * 1500.0 * t)  # above the band: not counted
    assert broadband_rms(x, FS, [59.0]) == pytest.approx(math.sqrt(0.1**2 / 2 + 0.05**2 / 2), rel=0.01)


def test_broadband_is_free_of_leakage_from_an_off_bin_fundamental():
    t = syn.times_s(FS, 1.0)
    x = 3.0 * np.sin(2 * np.pi * 58.5 * t)  # half a bin off: a bare FFT would leak a lot
    assert broadband_rms(x, FS, [58.5]) < 1e-3


@pytest.mark.parametrize("ripple", [5.0, 20.0, 40.0])
def test_ripple_is_peak_to_peak_percent_of_mean(rng, ripple):
    i = syn.motor_current_a(rng, 0.6, ripple, 59.0, FS, 1.0)
    assert ripple_percent(i, FS) == pytest.approx(ripple, abs=1.5)


def test_ripple_ignores_rare_spikes_but_not_frequent_ones(rng):
    rare = syn.motor_current_a(rng, 0.6, 10.0, 59.0, FS, 1.0, spikes_per_s=2, spike_a=1.0)
    assert ripple_percent(rare, FS) == pytest.approx(10.0, abs=1.5)
    frequent = syn.motor_current_a(rng, 0.6, 10.0, 59.0, FS, 1.0, spikes_per_s=200, spike_a=1.0)
    assert ripple_percent(frequent, FS) > 25.0


def test_dropouts_longer_than_10_ms_are_counted(rng):
    i = syn.motor_current_a(rng, 0.6, 20.0, 59.0, FS, 1.0,
                            dropouts=[(0.10, 0.050), (0.40, 0.006), (0.55, 0.200), (0.85, 0.015)])
    assert count_dropouts(i, FS) == 3
    assert count_dropouts(syn.motor_current_a(rng, 0.6, 25.0, 59.0, FS, 1.0), FS) == 0


def test_spin_up_time_matches_the_exponential_over_random_units(rng):
    for _ in range(10):
        tau_s = rng.uniform(0.03, 0.12)
        on_s = rng.uniform(0.002, 0.03)
        vib, cur = syn.spin_up_capture(rng, sample_rate_hz=20000, duration_s=0.8, on_s=on_s,
                                       final_hz=rng.uniform(55, 63), tau_s=tau_s, final_g=2.3,
                                       running_a=0.6, limit_a=3.0)
        result = spin_up(vib, cur, 20000)
        assert result.switch_on_s == pytest.approx(on_s, abs=0.001)
        assert result.time_to_90_s == pytest.approx(tau_s * math.log(10), abs=0.01)


def test_inrush_peak_shows_the_supply_clamp(rng):
    _, cur = syn.spin_up_capture(rng, sample_rate_hz=20000, duration_s=0.5, on_s=0.01, final_hz=59,
                                 tau_s=0.06, final_g=2.3, running_a=0.6, limit_a=3.0)
    assert inrush_peak_a(cur, 20000) == pytest.approx(3.0, abs=0.01)


def test_inrush_peak_is_the_clamp_level_not_the_ripple_riding_on_it(rng):
    t = syn.times_s(20000, 0.5)
    on = (t > 0.01) & (t < 0.2)
    ripple = 0.13 * np.sin(2 * np.pi * 150 * t)
    current = np.where(on, 3.2 + ripple, np.where(t >= 0.2, 1.2, 0.0))
    assert current.max() > 3.3
    assert inrush_peak_a(current, 20000) == pytest.approx(3.2, abs=0.01)


def test_a_supply_that_does_not_clamp_shows_in_the_inrush_peak(rng):
    _, cur = syn.spin_up_capture(rng, sample_rate_hz=20000, duration_s=0.5, on_s=0.01, final_hz=59,
                                 tau_s=0.06, final_g=2.3, running_a=0.6, limit_a=100.0)
    assert inrush_peak_a(cur, 20000) > 4.5


def test_stalled_rotor_never_reaches_speed(rng):
    t = syn.times_s(20000, 0.5)
    current = np.where(t > 0.01, 3.0, 0.0) + rng.normal(0, 0.002, t.size)
    vibration = rng.normal(0, 0.005, t.size)
    assert spin_up(vibration, current, 20000).time_to_90_s == math.inf


def test_rotor_still_accelerating_at_the_end_is_not_given_a_time(rng):
    vib, cur = syn.spin_up_capture(rng, sample_rate_hz=20000, duration_s=0.5, on_s=0.01, final_hz=59,
                                   tau_s=0.3, final_g=2.3, running_a=0.6, limit_a=3.0)
    assert spin_up(vib, cur, 20000).time_to_90_s == math.inf


def test_temperature_rises_are_ambient_compensated():
    initial = {"housing_temp": 23.0, "handle_temp": 23.5, "ambient_temp": 23.0}
    final = {"housing_temp": 46.0, "handle_temp": 32.0, "ambient_temp": 24.0}
    assert temperature_rises_k(initial, final, "ambient_temp") == {"housing_temp": 22.0, "handle_temp": 7.5}


def test_drift_percent():
    assert drift_percent(0.60, 0.66) == pytest.approx(10.0)
    assert drift_percent(2.0, 1.5) == pytest.approx(25.0)
    assert drift_percent(0.0, 1.0) == math.inf

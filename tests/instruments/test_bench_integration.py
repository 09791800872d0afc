"""Every driver over real pyvisa-py TCP against the simulated bench."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import numpy as np
import pytest
from scipy.signal import hilbert

from instruments.errors import (
    ConnectionLost,
    DaqOverrun,
    InstrumentError,
    InstrumentReportedError,
    InstrumentTimeout,
    NoPulses,
    OpenThermocouple,
    ProtocolError,
)
from instruments.station import Station, load_station, open_station

SIM_STATION = Path(__file__).resolve().parents[2] / "stations" / "sim.yaml"
FOUR = ("101", "102", "103", "104")


@pytest.fixture(scope="module")
def station():
    with open_station(load_station(SIM_STATION)) as opened:
        yield opened
    assert opened.bench.supply_output_on is False


@pytest.fixture(autouse=True)
def clean_bench(station):
    yield
    bench = station.bench
    bench.clear_faults()
    bench.set_daq_ramp(False)
    for daq in (station.vibration_daq, station.current_daq):
        daq.stop()
    station.supply.enable_output(False)
    bench.unload_unit()


def load_good_unit(station: Station, product: str, serial: str) -> None:
    station.bench.force_defect(serial, "none")
    station.fixture.load(product, serial)
    assert station.fixture.loaded() == (product, serial)


def run_at(station: Station, volts: float, current_limit_a: float, settle_s: float) -> None:
    station.supply.set_output(volts, current_limit_a)
    station.supply.enable_output(True)
    station.sleep(settle_s)


def test_every_driver_identifies(station):
    models = {role: identity.model for role, identity in station.identities.items()}
    assert models == {"supply": "DP832", "vibration_daq": "U2531A", "current_daq": "U2531A",
                      "thermometer": "DAQ970A", "tachometer": "53220A", "fixture": "SIMFIXTURE",
                      "interlock": "DAQ970A"}
    for driver in station.instruments.values():
        assert driver.identify() == driver.identity


def test_inrush_is_clamped_at_the_current_limit_then_falls(station):
    load_good_unit(station, "GPM", "GPM-000123")
    station.supply.set_output(12.0, 3.0)
    station.current_daq.configure(("101",), 10.0, 20_000)
    station.current_daq.start_single(12_000)  # 0.6 s, armed before the output goes on
    station.supply.enable_output(True)
    current_a = station.calibrate(station.current_daq.fetch_single(timeout_s=5.0),
                                  "current_daq").column("motor_current")
    assert current_a[0] < 0.5, "the capture must start before the output goes on"
    smooth_a = np.convolve(current_a, np.ones(20) / 20, mode="same")  # 1 ms: past the ripple
    start = int(np.argmax(smooth_a > 2.6))
    length = int(np.argmax(smooth_a[start:] < 2.6))
    assert 0.02 < length / 20_000 < 0.3, "the clamp lasts tens of milliseconds"
    assert abs(np.median(current_a[start:start + length]) - 3.0) < 0.15
    assert np.mean(current_a[-2000:]) < 1.0  # running current once spun up


def test_nominal_gpm_at_12_v_runs_at_55_to_63_hz(station):
    load_good_unit(station, "GPM", "GPM-000124")
    run_at(station, 12.0, 3.0, settle_s=0.8)
    counter_hz = station.tachometer.measure_frequency_hz(0.1)
    assert 55.0 <= counter_hz <= 63.0
    station.vibration_daq.configure(("101",), 2.5, 5_000)
    accel = station.calibrate(station.vibration_daq.acquire(5_000, timeout_s=5.0), "vibration_daq")
    assert accel.channels == ("head1_accel",) and accel.units == ("g",)
    samples = accel.column("head1_accel")
    spectrum = np.abs(np.fft.rfft((samples - samples.mean()) * np.hanning(len(samples))))
    peak_hz = np.fft.rfftfreq(len(samples), 1 / accel.sample_rate_hz)[np.argmax(spectrum)]
    assert 55.0 <= peak_hz <= 63.0
    assert abs(peak_hz - counter_hz) < 1.0


def motor_hz(params: dict[str, float], suffix: str, volts: float) -> float:
    """Steady speed of one motor from its parameters: V = I R + Ke w, Ke I = Ke I0 + b w."""
    r, ke = params["R25" + suffix], params["Ke" + suffix]
    i0, b = params["I0" + suffix], params["b" + suffix]
    return (volts - i0 * r) / (ke + b * r / ke) / (2 * np.pi)


def quad_head_with_a_clear_beat(station: Station) -> tuple[str, float]:
    for number in range(1, 400):
        serial = f"QHM-{number:06d}"
        station.bench.force_defect(serial, "none")
        params = station.bench.truth("QHM", serial).params
        beat_hz = abs(motor_hz(params, "", 12.0) - motor_hz(params, "_b", 12.0))
        if 0.5 <= beat_hz <= 1.5:
            return serial, beat_hz
    raise AssertionError("no quad head with a beat of 0.5..1.5 Hz among 400 serials")


def test_quad_head_shows_four_heads_and_the_beat_of_its_motors(station):
    serial, beat_hz = quad_head_with_a_clear_beat(station)
    load_good_unit(station, "QHM", serial)
    run_at(station, 12.0, 3.2, settle_s=1.0)
    station.vibration_daq.configure(FOUR, 2.5, 2_000)
    accel = station.calibrate(station.vibration_daq.acquire(8_000, timeout_s=10.0), "vibration_daq")
    assert accel.channels == ("head1_accel", "head2_accel", "head3_accel", "head4_accel")
    freqs = np.fft.rfftfreq(accel.n_samples, 1 / accel.sample_rate_hz)
    band = (freqs > 40) & (freqs < 80)
    for head in accel.channels:
        spectrum = np.fft.rfft(accel.column(head) - accel.column(head).mean())
        envelope = np.abs(hilbert(np.fft.irfft(np.where(band, spectrum, 0), accel.n_samples)))
        envelope = np.convolve(envelope, np.ones(100) / 100, mode="valid")  # 50 ms smoothing
        assert envelope.max() / envelope.min() > 1.3, f"{head}: no beat in the envelope"
        env_spectrum = np.abs(np.fft.rfft(envelope - envelope.mean()))
        env_freqs = np.fft.rfftfreq(len(envelope), 1 / accel.sample_rate_hz)
        assert abs(env_freqs[np.argmax(env_spectrum)] - beat_hz) < 0.3, head


def daq_overrun(station):
    station.current_daq.configure(("101",), 10.0, 10_000)
    station.current_daq.start_continuous(1_000)
    station.bench.inject_fault("current_daq", "daq_overrun")
    time.sleep(0.1)
    station.current_daq.read_block()


FAULTS = [
    ("supply", "no_answer", lambda st: st.supply.measure_voltage(), InstrumentTimeout),
    ("supply", "no_answer", lambda st: st.supply.set_output(5.0, 1.0), InstrumentTimeout),
    ("supply", "drop_connection", lambda st: st.supply.set_output(5.0, 1.0), ConnectionLost),
    ("thermometer", "drop_connection", lambda st: st.thermometer.read_temperatures_c(FOUR),
     ConnectionLost),
    ("supply", "garbled_reply", lambda st: st.supply.measure_current(), ProtocolError),
    ("thermometer", "garbled_reply", lambda st: st.thermometer.read_temperatures_c(FOUR),
     ProtocolError),
    ("supply", "error_queue", lambda st: st.supply.set_output(5.0, 1.0), InstrumentReportedError),
    ("vibration_daq", "error_queue", lambda st: st.vibration_daq.configure(FOUR, 10.0, 1000),
     InstrumentReportedError),
    ("current_daq", "daq_overrun", daq_overrun, DaqOverrun),
    ("tachometer", "no_pulses", lambda st: st.tachometer.measure_frequency_hz(), NoPulses),
    ("tachometer", "no_answer", lambda st: st.tachometer.measure_frequency_hz(), InstrumentTimeout),
    ("thermometer", "open_thermocouple", lambda st: st.thermometer.read_temperatures_c(FOUR),
     OpenThermocouple),
]


@pytest.mark.parametrize("role, fault, action, expected", FAULTS,
                         ids=[f"{role}-{fault}" for role, fault, *_ in FAULTS])
def test_injected_fault_raises_its_exception_then_the_instrument_works(station, role, fault,
                                                                       action, expected):
    driver = station.instruments[role]
    # The longest any call may wait: the counter adds its gate and its own SYST:TIM; a
    # query that met a transient fault waits once more while the session is resynchronised.
    allowed_s = 2 * driver.transport.timeout_s + 0.1 + 1.0 + 1.0
    station.bench.inject_fault(role, fault)
    started = time.monotonic()
    with pytest.raises(expected):
        action(station)
    assert time.monotonic() - started < allowed_s
    station.bench.clear_faults()
    assert driver.identify() == driver.identity


def test_a_reply_garbled_once_is_retried_and_reported(station):
    retries = []
    station.thermometer.on_retry = retries.append
    try:
        station.bench.inject_fault("thermometer", "garbled_once")
        readings = station.thermometer.read_temperatures_c(FOUR)
    finally:
        station.thermometer.on_retry = None
    assert set(readings) == set(FOUR) and all(10.0 < t < 60.0 for t in readings.values())
    assert [(r.instrument, r.command) for r in retries] == [("thermometer", "MEAS:TEMP? TC,K,(@101:104)")]
    assert "garbled" in retries[0].reason


def test_a_late_reply_is_never_read_as_the_answer_to_the_next_query(station):
    transport = station.supply.transport
    station.supply.set_output(4.5, 1.0)
    station.bench.inject_fault("supply", "late_reply")
    with pytest.raises(InstrumentTimeout):
        transport.query(":APPL? CH1", timeout_s=0.2)  # its answer comes only after the next command
    # Without resynchronising, the answer to *IDN? would be the late "CH1,4.500,1.0000".
    assert transport.query("*IDN?").startswith("RIGOL TECHNOLOGIES,DP832,")
    assert transport.query(":APPL? CH1") == "CH1,4.500,1.0000"


def test_a_late_reply_to_a_driver_query_is_retried_and_the_answer_is_its_own(station):
    retries = []
    station.supply.on_retry = retries.append
    try:
        station.supply.set_output(4.5, 1.0)
        station.bench.inject_fault("supply", "late_reply")
        assert station.supply.output_enabled() is False  # the late reply is "OFF" too: check below
        assert station.supply.output_setting() == (4.5, 1.0)
    finally:
        station.supply.on_retry = None
    assert [r.command for r in retries] == [":OUTP? CH1"]


def test_a_reply_that_stays_garbled_is_an_error_after_one_retry(station):
    retries = []
    station.thermometer.on_retry = retries.append
    try:
        station.bench.inject_fault("thermometer", "garbled_reply")
        with pytest.raises(ProtocolError, match="garbled"):
            station.thermometer.read_temperatures_c(FOUR)
    finally:
        station.thermometer.on_retry = None
    assert len(retries) == 1


def test_the_fixture_loads_any_model_the_bench_has_a_design_for(station):
    load_good_unit(station, "MINI", "MINI-000321")
    with pytest.raises(InstrumentReportedError) as caught:
        station.fixture.load("PERCUSSOR", "PRC-000001")  # no design of that model
    assert caught.value.code == -224
    assert station.fixture.loaded() == ("MINI", "MINI-000321")


def test_faults_are_instrument_errors_so_a_run_ends_in_error():
    for _, _, _, expected in FAULTS:
        assert issubclass(expected, InstrumentError)


@pytest.mark.slow
def test_60_s_of_4_channels_at_50_ksa_s_lose_no_sample(station):
    station.bench.set_daq_ramp(True)  # every channel reads a sample counter
    daq = station.vibration_daq
    daq.configure(FOUR, 10.0, 50_000)
    daq.start_continuous(5_000)
    next_sample = 0
    deadline_s = station.clock.now_s() + 60.0
    while station.clock.now_s() < deadline_s:
        block = daq.read_block()
        if block is None:
            station.sleep(0.01)
            continue
        assert block.first_sample == next_sample
        codes = np.round(block.data * 32768 / 10.0).astype(np.int64)
        k = np.arange(next_sample, next_sample + block.n_samples)
        expected = (k + 32768) % 65536 - 32768
        assert np.array_equal(codes, np.repeat(expected[:, None], 4, axis=1))
        next_sample += block.n_samples
    assert next_sample >= 50_000 * 59


@pytest.mark.slow
def test_an_acquisition_nobody_reads_overruns():
    config = load_station(SIM_STATION)
    fast = dataclasses.replace(config, bench=dataclasses.replace(config.bench, time_scale=10.0))
    with open_station(fast) as station:
        station.bench.set_daq_ramp(True)
        daq = station.current_daq
        daq.configure(FOUR, 10.0, 125_000)
        daq.start_continuous(10_000)
        # 8 Mi samples at 500 kSa/s fill in 16.8 simulated seconds: 1.7 s at ten times speed.
        station.sleep(25.0)
        with pytest.raises(DaqOverrun):
            while daq.read_block() is not None:
                pass

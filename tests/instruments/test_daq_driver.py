"""Protocol tests of the U2531A-style DAQ driver: expected commands and replies, no sockets."""

from __future__ import annotations

import numpy as np
import pytest
from scripted_transport import NO_ERROR, ScriptedTransport

from instruments.blocks import volts_to_codes
from instruments.errors import (
    DaqOverrun,
    InstrumentReportedError,
    InstrumentTimeout,
    ProtocolError,
    SettingOutOfRange,
)
from instruments.keysight_u2531a import KeysightU2531A
from instruments.roles import Daq

IDN = "Keysight Technologies,U2531A,TW12345678,2.10"


def daq(*steps) -> tuple[KeysightU2531A, ScriptedTransport]:
    transport = ScriptedTransport([("*IDN?", IDN), ("*CLS", None), *steps])
    driver = KeysightU2531A("vibration_daq", transport, poll_interval_s=0.0)
    driver.connect()
    return driver, transport


def configure_two_channels() -> list:
    return [("ROUT:ENAB OFF,(@102,104)", None), ("ROUT:ENAB ON,(@101,103)", None),
            ("ROUT:CHAN:RANG 2.5,(@101,103)", None), ("ACQ:SRAT 50000", None), NO_ERROR,
            ("ACQ:SRAT?", "+5.00000000E+04")]


def test_configure_sends_channels_range_and_rate():
    driver, transport = daq(
        ("ROUT:ENAB ON,(@101:104)", None), ("ROUT:CHAN:RANG 10,(@101:104)", None),
        ("ACQ:SRAT 125000", None), NO_ERROR, ("ACQ:SRAT?", "125000"))
    assert isinstance(driver, Daq)
    driver.configure(("104", "101", "103", "102"), 10.0, 125_000)
    assert driver.setup.channels == ("101", "102", "103", "104")
    transport.assert_done()


@pytest.mark.parametrize("channels, range_v, rate_hz", [
    (("101",), 3.0, 1000),            # not a range the DAQ has
    (("101", "105"), 10.0, 1000),     # no channel 105
    (("101", "101"), 10.0, 1000),     # duplicate
    ((), 10.0, 1000),                 # none
    (("101", "102", "103", "104"), 10.0, 125_001),  # over 500 kSa/s in total
    (("101",), 10.0, 0.5),            # below 1 Sa/s
    (("101",), 10.0, 500_001),
])
def test_configure_refuses_bad_settings_and_writes_nothing(channels, range_v, rate_hz):
    driver, transport = daq()
    sent_before = list(transport.sent)
    with pytest.raises(SettingOutOfRange):
        driver.configure(channels, range_v, rate_hz)
    assert transport.sent == sent_before


def test_capture_before_configure_is_refused():
    driver, transport = daq()
    with pytest.raises(SettingOutOfRange):
        driver.start_single(100)
    with pytest.raises(SettingOutOfRange):
        driver.start_continuous(100)
    assert transport.sent == ["*IDN?", "*CLS"]


def test_single_shot_returns_volts_per_channel():
    volts = np.column_stack([np.linspace(-2.0, 2.0, 5), np.full(5, 1.25)])
    payload = volts_to_codes(volts, 2.5)
    driver, transport = daq(*configure_two_channels(),
                            ("ACQ:POIN 5", None), ("DIG", None), NO_ERROR,
                            ("WAV:COMP?", "NO"), ("WAV:COMP?", "YES"),
                            ("WAV:DATA?", payload))
    driver.configure(("101", "103"), 2.5, 50_000)
    waveform = driver.acquire(5, timeout_s=1.0)
    assert waveform.channels == ("101", "103")
    assert waveform.units == ("V", "V")
    assert waveform.sample_rate_hz == 50_000
    assert waveform.first_sample == 0
    np.testing.assert_allclose(waveform.data, volts, atol=2.5 / 32768)
    transport.assert_done()


def test_block_full_of_newline_bytes_decodes():
    payload = b"\x0a" * 16  # code 0x0A0A on every sample
    driver, _ = daq(*configure_two_channels(),
                    ("ACQ:POIN 4", None), ("DIG", None), NO_ERROR,
                    ("WAV:COMP?", "YES"), ("WAV:DATA?", payload))
    driver.configure(("101", "103"), 2.5, 50_000)
    waveform = driver.acquire(4, timeout_s=1.0)
    assert waveform.data.shape == (4, 2)
    assert np.all(waveform.data == 0x0A0A * 2.5 / 32768)


def test_block_of_the_wrong_size_is_a_protocol_error():
    driver, _ = daq(*configure_two_channels(),
                    ("ACQ:POIN 4", None), ("DIG", None), NO_ERROR,
                    ("WAV:COMP?", "YES"), ("WAV:DATA?", b"\x00" * 14))
    driver.configure(("101", "103"), 2.5, 50_000)
    with pytest.raises(ProtocolError):
        driver.acquire(4, timeout_s=1.0)


def test_capture_that_never_completes_times_out():
    driver, _ = daq(*configure_two_channels(),
                    ("ACQ:POIN 4", None), ("DIG", None), NO_ERROR,
                    *[("WAV:COMP?", "NO")] * 1000)
    driver.configure(("101", "103"), 2.5, 50_000)
    driver.poll_interval_s = 0.01
    with pytest.raises(InstrumentTimeout):
        driver.acquire(4, timeout_s=0.05)


def test_continuous_blocks_count_samples_and_overrun_raises():
    block = volts_to_codes(np.ones((3, 2)), 2.5)
    driver, transport = daq(*configure_two_channels(),
                            ("WAV:POIN 3", None), ("RUN", None), NO_ERROR,
                            ("WAV:STAT?", "EPTY"), ("WAV:STAT?", "FRAG"),
                            ("WAV:STAT?", "DATA"), ("WAV:DATA?", block),
                            ("WAV:STAT?", "DATA"), ("WAV:DATA?", block),
                            ("WAV:STAT?", "OVER"))
    driver.configure(("101", "103"), 2.5, 50_000)
    driver.start_continuous(3)
    assert driver.read_block() is None
    assert driver.read_block() is None
    assert driver.read_block().first_sample == 0
    second = driver.read_block()
    assert second.first_sample == 3 and second.n_samples == 3
    with pytest.raises(DaqOverrun):
        driver.read_block()
    transport.assert_done()


def test_unknown_status_is_a_protocol_error_and_stop_is_checked():
    driver, transport = daq(*configure_two_channels(),
                            ("WAV:POIN 3", None), ("RUN", None), NO_ERROR,
                            ("WAV:STAT?", "HUH"),
                            ("STOP", None), ("SYST:ERR?", '-221,"Settings conflict"'), NO_ERROR)
    driver.configure(("101", "103"), 2.5, 50_000)
    driver.start_continuous(3)
    with pytest.raises(ProtocolError):
        driver.read_block()
    with pytest.raises(InstrumentReportedError) as caught:
        driver.stop()
    assert caught.value.code == -221
    transport.assert_done()


@pytest.mark.parametrize("points", [0, -1, 2.5, 8 * 1024 * 1024])
def test_point_counts_out_of_range_are_refused(points):
    driver, transport = daq(*configure_two_channels())
    driver.configure(("101", "103"), 2.5, 50_000)
    sent_before = list(transport.sent)
    with pytest.raises(SettingOutOfRange):
        driver.start_single(points)
    with pytest.raises(SettingOutOfRange):
        driver.start_continuous(points)
    assert transport.sent == sent_before

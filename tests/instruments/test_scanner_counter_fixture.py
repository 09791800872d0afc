"""Protocol tests of the thermocouple scanner, the counter and both fixtures."""

from __future__ import annotations

import pytest
from scripted_transport import NO_ERROR, ScriptedTransport

from instruments.errors import (
    InstrumentReportedError,
    InstrumentTimeout,
    NoPulses,
    OpenThermocouple,
    ProtocolError,
    SettingOutOfRange,
)
from instruments.keysight_53220a import Keysight53220A
from instruments.keysight_daq970a import KeysightDAQ970A
from instruments.manual_fixture import FixtureNotConfirmed, ManualFixture
from instruments.roles import Fixture, Tachometer, TemperatureScanner
from instruments.sim_fixture import SimFixture

DAQ970A_IDN = "Keysight Technologies,DAQ970A,MY58001234,A.03.02-01.00-03.01-00.02-00.02"
COUNTER_IDN = "Keysight Technologies,53220A,MY50001234,02.05-1519.666-1.19-4.15-127-155-35"
FIXTURE_IDN = "Massager Rig,SIMFIXTURE,0,1"
FOUR = ("101", "102", "103", "104")


def connected(cls, idn, *steps, **options):
    transport = ScriptedTransport([("*IDN?", idn), ("*CLS", None), *steps])
    driver = cls("dut", transport, **options)
    driver.connect()
    return driver, transport


def test_scanner_reads_four_thermocouples():
    scanner, transport = connected(KeysightDAQ970A, DAQ970A_IDN, (
        "MEAS:TEMP? TC,K,(@101:104)",
        "+2.31200000E+01,+2.44000000E+01,+2.29000000E+01,+2.30100000E+01"))
    assert isinstance(scanner, TemperatureScanner)
    assert scanner.read_temperatures_c(FOUR) == {"101": 23.12, "102": 24.4, "103": 22.9, "104": 23.01}
    assert transport.timeouts["MEAS:TEMP? TC,K,(@101:104)"] > transport.timeout_s
    transport.assert_done()


def test_open_thermocouple_names_its_channel():
    scanner, _ = connected(KeysightDAQ970A, DAQ970A_IDN, (
        "MEAS:TEMP? TC,K,(@101,103)", "+2.31200000E+01,+9.90000000E+37"))
    with pytest.raises(OpenThermocouple) as caught:
        scanner.read_temperatures_c(("103", "101"))
    assert caught.value.channel == "103"


@pytest.mark.parametrize("reply", ["+2.3E+01,+2.4E+01,+2.5E+01", "+2.3E+01,abc,+2.5E+01,+2.6E+01", ""])
def test_scanner_reply_of_the_wrong_shape_is_a_protocol_error(reply):
    command = "MEAS:TEMP? TC,K,(@101:104)"
    scanner, transport = connected(KeysightDAQ970A, DAQ970A_IDN, (command, reply),
                                   ("*IDN?", DAQ970A_IDN), (command, reply))
    with pytest.raises(ProtocolError):
        scanner.read_temperatures_c(FOUR)
    transport.assert_done()  # asked twice, resynchronised in between


def test_scanner_retries_a_garbled_reply_once_after_resynchronising():
    command = "MEAS:TEMP? TC,K,(@101:104)"
    retries = []
    scanner, transport = connected(KeysightDAQ970A, DAQ970A_IDN, (command, "+2.3E+01,#\x7f"),
                                   ("*IDN?", DAQ970A_IDN),
                                   (command, "+2.3E+01,+2.4E+01,+2.5E+01,+2.6E+01"))
    scanner.on_retry = retries.append
    assert scanner.read_temperatures_c(FOUR)["104"] == 26.0
    assert [(r.instrument, r.command) for r in retries] == [("dut", command)]
    transport.assert_done()


def test_scanner_retries_a_timeout_once_and_a_second_timeout_is_raised():
    command = "MEAS:TEMP? TC,K,(@101:104)"
    scanner, transport = connected(KeysightDAQ970A, DAQ970A_IDN,
                                   (command, InstrumentTimeout("no reply")),
                                   ("*IDN?", DAQ970A_IDN),
                                   (command, InstrumentTimeout("no reply again")))
    with pytest.raises(InstrumentTimeout, match="again") as caught:
        scanner.read_temperatures_c(FOUR)
    assert "second attempt" in "".join(caught.value.__notes__)
    transport.assert_done()


def test_a_failed_resynchronisation_raises_the_first_fault():
    command = "MEAS:TEMP? TC,K,(@101:104)"
    scanner, transport = connected(KeysightDAQ970A, DAQ970A_IDN,
                                   (command, InstrumentTimeout("no reply")),
                                   ("*IDN?", InstrumentTimeout("silent")))
    with pytest.raises(InstrumentTimeout, match="no reply"):
        scanner.read_temperatures_c(FOUR)
    transport.assert_done()  # nothing asked after the failed resynchronisation


def test_scanner_refuses_unknown_channels_without_io():
    scanner, transport = connected(KeysightDAQ970A, DAQ970A_IDN)
    with pytest.raises(SettingOutOfRange):
        scanner.read_temperatures_c(("101", "201"))
    assert transport.sent == ["*IDN?", "*CLS"]


def counter(*steps):
    return connected(Keysight53220A, COUNTER_IDN, ("SYST:TIM 1", None), NO_ERROR, *steps)


def test_counter_sets_gate_once_and_waits_longer_than_its_own_timeout():
    tach, transport = counter(
        ("SENS:FREQ:GATE:TIME 0.1", None), NO_ERROR,
        ("MEAS:FREQ? (@1)", "+5.86523000000000E+001"),
        ("MEAS:FREQ? (@1)", "+5.86600000000000E+001"),
        ("SENS:FREQ:GATE:TIME 1", None), NO_ERROR,
        ("MEAS:FREQ? (@1)", "+5.86610000000000E+001"))
    assert isinstance(tach, Tachometer)
    assert tach.measure_frequency_hz() == pytest.approx(58.6523)
    assert tach.measure_frequency_hz(0.1) == pytest.approx(58.66)
    assert tach.measure_frequency_hz(1.0) == pytest.approx(58.661)
    assert transport.timeouts["MEAS:FREQ? (@1)"] > 1.0 + 1.0  # gate + SYST:TIM
    transport.assert_done()


def test_counter_without_pulses_raises_no_pulses():
    tach, _ = counter(("SENS:FREQ:GATE:TIME 0.1", None), NO_ERROR,
                      ("MEAS:FREQ? (@1)", "+9.91000000000000E+37"))
    with pytest.raises(NoPulses):
        tach.measure_frequency_hz()


def test_counter_refuses_a_gate_time_it_has_not_and_writes_nothing():
    tach, transport = counter()
    sent_before = list(transport.sent)
    with pytest.raises(SettingOutOfRange):
        tach.measure_frequency_hz(0.0)
    with pytest.raises(SettingOutOfRange):
        tach.measure_frequency_hz(5000.0)
    assert transport.sent == sent_before


def test_counter_refused_gate_is_sent_again_next_time():
    tach, transport = counter(
        ("SENS:FREQ:GATE:TIME 0.1", None), ("SYST:ERR?", '-222,"Data out of range"'), NO_ERROR,
        ("SENS:FREQ:GATE:TIME 0.1", None), NO_ERROR, ("MEAS:FREQ? (@1)", "+5.9E+01"))
    with pytest.raises(InstrumentReportedError):
        tach.measure_frequency_hz()
    assert tach.measure_frequency_hz() == pytest.approx(59.0)
    transport.assert_done()


def test_sim_fixture_loads_reports_and_unloads():
    fixture, transport = connected(SimFixture, FIXTURE_IDN,
                                   ("FIXT:LOAD QHM,QHM-000042", None), NO_ERROR,
                                   ("FIXT:LOAD?", "QHM,QHM-000042"),
                                   ("FIXT:UNL", None), NO_ERROR,
                                   ("FIXT:LOAD?", "NONE"))
    assert isinstance(fixture, Fixture)
    fixture.load("QHM", "QHM-000042")
    assert fixture.loaded() == ("QHM", "QHM-000042")
    fixture.unload()
    assert fixture.loaded() is None
    transport.assert_done()


@pytest.mark.parametrize("product, serial", [("QHM,2", "X-1"), ("", "X-1"), ("QHM", "QHM,1"),
                                             ("QHM", "")])
def test_sim_fixture_refuses_bad_loads_without_io(product, serial):
    fixture, transport = connected(SimFixture, FIXTURE_IDN)
    with pytest.raises(SettingOutOfRange):
        fixture.load(product, serial)
    assert transport.sent == ["*IDN?", "*CLS"]


def test_sim_fixture_garbled_load_reply_is_a_protocol_error():
    fixture, _ = connected(SimFixture, FIXTURE_IDN, ("FIXT:LOAD?", "QHM"),
                           ("*IDN?", FIXTURE_IDN), ("FIXT:LOAD?", "QHM"))
    with pytest.raises(ProtocolError):
        fixture.loaded()


def test_manual_fixture_asks_the_operator():
    asked = []

    def confirm(product, serial):
        asked.append((product, serial))
        return serial != "GPM-000002"

    fixture = ManualFixture("fixture", confirm)
    assert isinstance(fixture, Fixture)
    assert fixture.connect().model == "MANUAL FIXTURE"
    fixture.load("GPM", "GPM-000001")
    assert fixture.loaded() == ("GPM", "GPM-000001")
    with pytest.raises(FixtureNotConfirmed, match="did not confirm"):
        fixture.load("GPM", "GPM-000002")
    assert fixture.loaded() is None
    assert asked == [("GPM", "GPM-000001"), ("GPM", "GPM-000002")]


def test_manual_fixture_without_a_prompt_refuses_to_load():
    fixture = ManualFixture("fixture")
    fixture.connect()
    with pytest.raises(FixtureNotConfirmed, match="no operator prompt"):
        fixture.load("GPM", "GPM-000001")

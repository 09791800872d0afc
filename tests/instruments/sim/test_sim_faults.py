"""Each injected instrument fault behaves as README.md says, and clears."""

from __future__ import annotations

import time

import pytest
import pyvisa
from sim_socket_helpers import LineClient, open_visa, wait_for

from instruments.sim.bench import SimulatedBench


@pytest.fixture
def bench():
    with SimulatedBench(time_scale=10.0) as running:
        yield running


def test_no_answer_reads_commands_but_never_replies(bench):
    bench.inject_fault("supply", "no_answer")
    supply = open_visa(bench.resources["supply"], timeout_ms=300)
    with pytest.raises(pyvisa.errors.VisaIOError):
        supply.query("*IDN?")
    bench.clear_faults()
    assert supply.query("*IDN?").startswith("RIGOL TECHNOLOGIES,DP832")
    supply.close()


def test_drop_connection_closes_the_socket_once_then_accepts_reconnects(bench):
    bench.inject_fault("tachometer", "drop_connection")
    first = LineClient(bench.ports["tachometer"])
    first.write("*IDN?")
    with pytest.raises(ConnectionError):
        first.read_line()
    second = LineClient(bench.ports["tachometer"])
    assert second.query("*IDN?").startswith("Keysight Technologies,53220A")
    assert bench.active_faults() == []


def test_garbled_reply_sends_garbage_until_cleared(bench):
    bench.inject_fault("thermometer", "garbled_reply")
    thermometer = LineClient(bench.ports["thermometer"])
    for _ in range(2):
        thermometer.write("*IDN?")
        with pytest.raises(UnicodeDecodeError):
            thermometer.read_line().decode("ascii")
    bench.clear_faults()
    assert thermometer.query("*IDN?").startswith("Keysight Technologies,DAQ970A")


def test_garbled_once_garbles_exactly_one_reply(bench):
    bench.inject_fault("thermometer", "garbled_once")
    thermometer = LineClient(bench.ports["thermometer"])
    thermometer.write("*IDN?")
    with pytest.raises(UnicodeDecodeError):
        thermometer.read_line().decode("ascii")
    assert thermometer.query("*IDN?").startswith("Keysight Technologies,DAQ970A")
    assert bench.active_faults() == []


def test_late_reply_holds_one_reply_until_the_next_command(bench):
    bench.inject_fault("supply", "late_reply")
    supply = LineClient(bench.ports["supply"])
    supply.write(":OUTP? CH1")
    supply.sock.settimeout(0.3)
    with pytest.raises(TimeoutError):  # held back: nothing comes while no command follows
        supply.read_line()
    supply.sock.settimeout(None)
    supply.write("*IDN?")  # the held reply comes first, then this one's: answers stay in order
    assert supply.read_line() == b"OFF"
    assert supply.read_line().startswith(b"RIGOL TECHNOLOGIES,DP832")
    assert bench.active_faults() == []


def test_error_queue_fails_the_next_setting_only(bench):
    supply = LineClient(bench.ports["supply"])
    supply.write(":APPL CH1,7,1")
    assert supply.query("*OPC?") == "1"  # the setting is through before the fault is armed
    bench.inject_fault("supply", "error_queue")
    assert supply.query("*IDN?").startswith("RIGOL")  # queries and common commands pass
    supply.write(":APPL CH1,12,3")
    assert supply.query("SYST:ERR?") == '-222,"Data out of range"'
    assert supply.query(":APPL? CH1") == "CH1,7.000,1.0000"  # not applied
    supply.write(":APPL CH1,12,3")
    assert supply.query("SYST:ERR?") == '+0,"No error"'
    assert supply.query(":APPL? CH1") == "CH1,12.000,3.0000"


def test_daq_overrun_stops_a_continuous_acquisition(bench):
    daq = LineClient(bench.ports["vibration_daq"])
    daq.write("ACQ:SRAT 1000")
    daq.write("WAV:POIN 100")
    daq.write("RUN")
    assert wait_for(lambda: daq.query("WAV:STAT?") == "DATA")
    bench.inject_fault("vibration_daq", "daq_overrun")
    assert daq.query("WAV:STAT?") == "OVER"
    bench.clear_faults()
    assert daq.query("WAV:STAT?") == "OVER"  # samples were lost: it stays stopped until RUN
    daq.write("RUN")
    assert daq.query("WAV:STAT?") != "OVER"


def test_daq_overrun_spoils_a_single_shot(bench):
    bench.inject_fault("current_daq", "daq_overrun")
    daq = LineClient(bench.ports["current_daq"])
    daq.write("ACQ:POIN 100")
    daq.write("DIG")
    time.sleep(0.1)
    assert daq.query("WAV:COMP?") == "NO"
    assert daq.query("WAV:STAT?") == "OVER"


def test_no_pulses_times_out_although_the_motor_turns(bench):
    bench.load_unit("GPM", "GPM-000555")
    bench.force_defect("GPM-000555", "none")
    supply = LineClient(bench.ports["supply"])
    supply.write(":APPL CH1,12,3")
    supply.write(":OUTP CH1,ON")
    counter = LineClient(bench.ports["tachometer"])
    time.sleep(0.1)
    assert float(counter.query("MEAS:FREQ? (@1)")) < 100.0
    bench.inject_fault("tachometer", "no_pulses")
    counter.write("SYST:TIM 2")  # simulated seconds: 0.2 s of wall time at scale 10
    started = time.monotonic()
    assert counter.query("MEAS:FREQ? (@1)") == "+9.91000000000000E+37"
    assert time.monotonic() - started >= 0.19


def test_open_thermocouple_reads_channel_101_open(bench):
    bench.inject_fault("thermometer", "open_thermocouple")
    thermometer = LineClient(bench.ports["thermometer"])
    readings = thermometer.query("MEAS:TEMP? TC,K,(@101:104)").split(",")
    assert readings[0] == "+9.90000000E+37"
    assert all(abs(float(r) - 23.0) < 1.0 for r in readings[1:])


def test_faults_can_be_driven_over_the_fixture_socket(bench):
    fixture = LineClient(bench.ports["fixture"])
    fixture.write("SIM:FAULT fixture,no_answer")
    fixture.write("SIM:FAULT supply,garbled_reply")
    assert fixture.query("SIM:FAULT?") == "fixture:no_answer,supply:garbled_reply"
    fixture.write("FIXT:LOAD?")
    assert fixture.silent_for(0.3)  # the fixture's own dialect is faulty...
    fixture.write("SIM:FAULT:CLEAR")  # ...its SIM commands never are
    assert fixture.query("SIM:FAULT?") == "NONE"
    fixture.write("SIM:FAULT thermometer,no_pulses")
    assert fixture.query("SYST:ERR?") == '-224,"Illegal parameter value"'


def test_nonsense_faults_are_refused(bench):
    with pytest.raises(ValueError):
        bench.inject_fault("supply", "daq_overrun")
    with pytest.raises(ValueError):
        bench.inject_fault("oscilloscope", "no_answer")

"""The simulated instruments over real sockets and plain pyvisa-py."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
from sim_socket_helpers import LineClient, open_visa, wait_for

from instruments.sim.bench import SimulatedBench

IDENTITIES = {
    "supply": ("RIGOL TECHNOLOGIES", "DP832", 4, "00.01.16"),
    "vibration_daq": ("Keysight Technologies", "U2531A", 4, "2.10"),
    "current_daq": ("Keysight Technologies", "U2531A", 4, "2.10"),
    "thermometer": ("Keysight Technologies", "DAQ970A", 4, "A.03.02-01.00-03.01-00.02-00.02"),
    "tachometer": ("Keysight Technologies", "53220A", 4, "02.05-1519.666-1.19-4.15-127-155-35"),
    "fixture": ("Massager Rig", "SIMFIXTURE", 4, "1"),
}


@pytest.fixture
def bench():
    with SimulatedBench(time_scale=10.0) as running:
        yield running


def client(bench: SimulatedBench, role: str) -> LineClient:
    return LineClient(bench.ports[role])


def run_unit(bench: SimulatedBench, product: str = "GPM", serial: str = "GPM-000100") -> LineClient:
    """Load a good unit and switch the supply on at 12 V; return the supply client."""
    bench.force_defect(serial, "none")
    bench.load_unit(product, serial)
    supply = client(bench, "supply")
    supply.write(":APPL CH1,12,3")
    supply.write(":OUTP CH1,ON")
    return supply


def test_every_instrument_identifies_itself_as_bench_md_says(bench):
    assert set(bench.resources) == set(IDENTITIES)
    for role, (make, model, fields, firmware) in IDENTITIES.items():
        assert bench.resources[role] == f"TCPIP0::127.0.0.1::{bench.ports[role]}::SOCKET"
        instrument = open_visa(bench.resources[role])
        try:
            reply = instrument.query("*IDN?").split(",")
        finally:
            instrument.close()
        assert (reply[0], reply[1], len(reply), reply[-1]) == (make, model, fields, firmware)


def test_the_siglent_dialect_serves_the_supply_when_asked():
    with SimulatedBench(time_scale=10.0, supply_dialect="siglent_spd3303x") as bench:
        supply = client(bench, "supply")
        make, model, _, firmware, extra = supply.query("*IDN?").split(",")
        assert (make, model, firmware, extra) == ("Siglent Technologies", "SPD3303X", "1.01.01.02.05", "V3.0")
        bench.load_unit("GPM", "GPM-000100")
        supply.write("CH1:VOLT 12")
        supply.write("CH1:CURR 3")
        supply.write("OUTP CH1,ON")
        assert supply.query("CH1:VOLT?") == "12.000"
        assert wait_for(lambda: float(supply.query("MEAS:CURR? CH1")) > 0.3)
        assert bench.supply_output_on
        supply.write(":OUTP:OCP CH1,ON")  # the DP832's words mean nothing here
        assert supply.query("SYST:ERR?") == '-113,"Undefined header"'


def test_an_unknown_command_gets_no_reply_and_queues_113(bench):
    supply = client(bench, "supply")
    supply.write("FROBNICATE 3")
    assert supply.silent_for(0.3)
    assert supply.query("SYST:ERR?") == '-113,"Undefined header"'
    assert supply.query("SYST:ERR?") == '+0,"No error"'
    supply.write("*CLS")


def test_a_setting_out_of_range_is_not_applied_and_queues_222(bench):
    supply = client(bench, "supply")
    supply.write(":APPL CH1,9.5,2")
    supply.write(":APPL CH1,40,2")
    assert supply.query("SYST:ERR?") == '-222,"Data out of range"'
    assert supply.query(":APPL? CH1") == "CH1,9.500,2.0000"
    daq = client(bench, "vibration_daq")
    daq.write("ACQ:SRAT 1000")
    daq.write("ACQ:SRAT 200000")  # four channels enabled: at most 125 kSa/s each
    daq.write("ROUT:CHAN:RANG 3,(@101)")
    assert daq.query("SYST:ERR?") == '-222,"Data out of range"'
    assert daq.query("SYST:ERR?") == '-222,"Data out of range"'
    assert daq.query("ACQ:SRAT?") == "1000"
    assert daq.query("ROUT:CHAN:RANG? (@101)") == "10"


def test_long_and_short_forms_and_case_are_accepted(bench):
    supply = client(bench, "supply")
    supply.write(":apply CH1,5,1")
    supply.write("OUTPUT:STATE CH1,OFF")
    assert supply.query(":Appl? CH1") == "CH1,5.000,1.0000"
    assert supply.query(":OUTPut:STATe? CH1") == "OFF"
    assert supply.query("SYSTEM:ERROR:NEXT?") == '+0,"No error"'


def test_the_supply_reads_back_the_running_unit_and_its_ocp_trips_on_a_seized_rotor(bench):
    supply = run_unit(bench)
    assert wait_for(lambda: 0.45 < float(supply.query(":MEAS:CURR? CH1")) < 0.75)
    volts, amps, watts = (float(x) for x in supply.query(":MEAS:ALL? CH1").split(","))
    assert volts == pytest.approx(12.0, abs=0.01)
    assert watts == pytest.approx(volts * amps, rel=0.01)
    bench.force_defect("GPM-000100", "seized_rotor")
    supply.write(":OUTP:OCP:VAL CH1,3.0")
    supply.write(":OUTP:OCP CH1,ON")
    assert wait_for(lambda: supply.query(":OUTP:OCP:QUES? CH1") == "YES", timeout_s=3.0)
    assert supply.query(":OUTP? CH1") == "OFF"
    assert not bench.supply_output_on
    supply.write(":OUTP:OCP:CLEAR CH1")
    assert supply.query(":OUTP:OCP:QUES? CH1") == "NO"
    assert supply.query("SYST:ERR?") == '+0,"No error"'


def test_daq_single_shot_returns_one_block_of_interleaved_channels(bench):
    run_unit(bench)
    daq = client(bench, "vibration_daq")
    daq.write("ROUT:ENAB OFF,(@101:104)")
    daq.write("ROUT:ENAB ON,(@101,103)")
    daq.write("ROUT:CHAN:RANG 1.25,(@101)")
    daq.write("ACQ:SRAT 20000")
    daq.write("ACQ:POIN 4000")
    time.sleep(0.2)  # let the motor reach speed
    daq.write("DIG")
    assert wait_for(lambda: daq.query("WAV:COMP?") == "YES")
    codes = daq.query_block("WAV:DATA?", channels=2)
    assert codes.shape == (4000, 2)
    head_g = codes[:, 0] * 1.25 / 32768 / 0.100
    assert 1.6 < np.sqrt(2) * head_g.std() < 3.0  # head 1 of a running GPM
    assert np.abs(codes[:, 1]).max() < 40  # channel 103: nothing connected
    assert np.all(codes % 4 == 0)  # a 14-bit converter
    assert daq.query("SYST:ERR?") == '+0,"No error"'


def test_daq_data_with_nothing_to_return_sends_nothing_and_queues_230(bench):
    daq = client(bench, "current_daq")
    daq.write("WAV:DATA?")
    assert daq.silent_for(0.3)
    assert daq.query("SYST:ERR?") == '-230,"Data corrupt or stale"'


def test_continuous_mode_delivers_every_sample_in_order(bench):
    bench.set_daq_ramp(True)
    daq = open_visa(bench.resources["current_daq"])
    daq.write("ACQ:SRAT 20000")
    daq.write("WAV:POIN 2000")
    daq.write("RUN")
    expected = 0
    deadline = time.monotonic() + 10.0
    while expected < 40 * 2000 and time.monotonic() < deadline:
        status = daq.query("WAV:STAT?")
        assert status in ("EPTY", "FRAG", "DATA")
        if status != "DATA":
            time.sleep(0.005)
            continue
        codes = np.array(daq.query_binary_values("WAV:DATA?", datatype="h", container=np.array)).reshape(-1, 4)
        counter = (np.arange(expected, expected + 2000) + 32768) % 65536 - 32768
        assert np.array_equal(codes, np.repeat(counter[:, None], 4, axis=1))
        expected += 2000
    daq.write("STOP")
    assert expected == 40 * 2000
    daq.close()


def test_continuous_mode_streams_the_running_unit_on_four_channels():
    with SimulatedBench(time_scale=1.0) as bench:
        run_unit(bench, "QHM", "QHM-000100")
        daq = client(bench, "vibration_daq")
        daq.write("ACQ:SRAT 50000")
        daq.write("WAV:POIN 10000")
        time.sleep(0.5)  # past the spin-up
        daq.write("RUN")
        blocks = []
        while len(blocks) < 10:  # 2 s of 4 x 50 kSa/s
            status = daq.query("WAV:STAT?")
            assert status != "OVER"
            if status == "DATA":
                blocks.append(daq.query_block("WAV:DATA?", channels=4))
            else:
                time.sleep(0.01)
        daq.write("STOP")
        heads_g = np.concatenate(blocks) * 10.0 / 32768 / 0.100
        spectrum = np.abs(np.fft.rfft(heads_g, axis=0)) * 2 / len(heads_g)
        peak_hz = np.fft.rfftfreq(len(heads_g), 1 / 50000)[spectrum.argmax(axis=0)]
        assert np.all((55.0 < peak_hz) & (peak_hz < 63.0))  # every head shakes at the shaft frequency


def test_continuous_mode_overruns_when_nobody_reads():
    with SimulatedBench(time_scale=50.0) as bench:
        daq = client(bench, "vibration_daq")
        daq.write("ACQ:SRAT 125000")
        daq.write("WAV:POIN 1000")
        daq.write("RUN")
        assert daq.query("WAV:STAT?") in ("EPTY", "FRAG", "DATA")
        time.sleep(0.6)  # 25 MSa/s of simulated time fill 8 Mi samples in 0.34 s
        assert daq.query("WAV:STAT?") == "OVER"
        daq.write("RUN")
        assert daq.query("WAV:STAT?") != "OVER"


def test_time_scale_speeds_the_thermal_rise():
    with SimulatedBench(time_scale=300.0) as bench:
        run_unit(bench)
        thermometer = client(bench, "thermometer")
        started = time.monotonic()
        time.sleep(1.5)  # 450 s of simulated running at 12 V
        housing, handle, head, ambient = (float(x) for x in thermometer.query("MEAS:TEMP? TC,K,(@101:104)").split(","))
        assert time.monotonic() - started < 3.0
        assert ambient == pytest.approx(23.0, abs=0.3)
        assert 10.0 < housing - ambient < 22.0
        assert handle - ambient < housing - ambient


def test_the_thermometer_scans_configured_channels_and_reads_open_ones(bench):
    thermometer = client(bench, "thermometer")
    thermometer.write("UNIT:TEMP C")
    thermometer.write("CONF:TEMP TC,K,(@104,101,110)")
    readings = thermometer.query("READ?").split(",")
    assert len(readings) == 3 and readings[2] == "+9.90000000E+37"
    assert float(readings[0]) == pytest.approx(23.0, abs=0.3)
    assert thermometer.query("SYST:ERR?") == '+0,"No error"'


def test_the_counter_reads_the_shaft_and_honours_gate_and_timeout():
    with SimulatedBench(time_scale=1.0) as bench:
        counter = client(bench, "tachometer")
        counter.write("SYST:TIM 0.4")
        started = time.monotonic()
        assert counter.query("MEAS:FREQ? (@1)") == "+9.91000000000000E+37"  # nothing turns
        assert 0.35 < time.monotonic() - started < 1.0
        run_unit(bench)
        time.sleep(0.5)
        counter.write("SENS:FREQ:GATE:TIME 0.3")
        started = time.monotonic()
        reply = counter.query("MEAS:FREQ? (@1)")
        assert time.monotonic() - started >= 0.3
        assert reply.startswith("+5") and reply.endswith("E+001")
        assert 55.0 < float(reply) < 63.0


def test_the_fixture_loads_units_and_tells_the_truth(bench):
    fixture = client(bench, "fixture")
    assert fixture.query("FIXT:LOAD?") == "NONE"
    fixture.write("FIXT:LOAD QHM,QHM-000777")
    assert fixture.query("FIXT:LOAD?") == "QHM,QHM-000777"
    fixture.write("SIM:DEFECT QHM-000777,dead_motor_b")
    truth = json.loads(fixture.query("SIM:TRUTH? QHM,QHM-000777"))
    assert truth["defects"] == ["dead_motor_b"]
    assert truth["params"] == bench.truth("QHM", "QHM-000777").params
    assert float(fixture.query("SIM:TIME:SCALE?")) == 10.0
    fixture.write("FIXT:UNL")
    assert fixture.query("FIXT:LOAD?") == "NONE"
    fixture.write("FIXT:LOAD percussion,X-1")
    assert fixture.query("SYST:ERR?") == '-224,"Illegal parameter value"'


def test_the_fixtures_lid_switch_reads_what_the_technician_did(bench):
    fixture = client(bench, "fixture")
    assert fixture.query("FIXT:LID?") == "OPEN"
    fixture.write("FIXT:LOAD GPM,GPM-000778")
    fixture.write("SIM:LID CLOSED")
    assert fixture.query("FIXT:LID?") == "CLOSED" and bench.lid_closed
    fixture.write("FIXT:UNL")  # the unit comes off: the lid was opened for it
    assert fixture.query("FIXT:LID?") == "OPEN"
    fixture.write("SIM:LID AJAR")
    assert fixture.query("SYST:ERR?") == '-224,"Illegal parameter value"'


def test_serve_prints_every_port_and_stops_cleanly_on_sigterm():
    code = "from instruments.sim.bench import SimulatedBench, serve; serve(SimulatedBench())"
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                               cwd=os.getcwd())
    try:
        lines = [process.stdout.readline().split() for _ in range(6)]
        roles = {line[0]: int(line[1]) for line in lines}
        assert set(roles) == set(IDENTITIES)
        assert LineClient(roles["fixture"]).query("*IDN?") == "Massager Rig,SIMFIXTURE,0,1"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()

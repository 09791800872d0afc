"""Station files: the shipped ones load; every mistake names file, line and field."""

from __future__ import annotations

import socket
from pathlib import Path

import numpy as np
import pytest

from instruments.errors import ConnectionLost
from instruments.keysight_53220a import Keysight53220A
from instruments.manual_fixture import ManualFixture
from instruments.rigol_dp832 import RigolDP832
from instruments.roles import Waveform
from instruments.siglent_spd3303x import SiglentSPD3303X
from instruments.station import (
    StationFileError,
    build_station,
    load_station,
    open_station,
)

STATIONS = Path(__file__).resolve().parents[2] / "stations"
SIM_TEXT = (STATIONS / "sim.yaml").read_text()


def write_variant(tmp_path: Path, old: str, new: str, *, base: str = SIM_TEXT) -> Path:
    assert old in base, f"{old!r} is not in the station file"
    path = tmp_path / "station.yaml"
    path.write_text(base.replace(old, new, 1))
    return path


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_the_default_station_loads():
    config = load_station(STATIONS / "sim.yaml")
    assert config.bench.kind == "simulated" and config.bench.seed == 2026
    assert config.instruments["supply"].options == {"channel": "CH1"}
    assert config.signals["head1_accel"].volts_per_unit == pytest.approx(0.1)
    assert config.signals["motor_a_speed"].marks_per_rev == 1
    assert config.calibration_due["thermometer"].isoformat() == "2027-03-31"
    station = build_station(config)
    assert isinstance(station.supply, RigolDP832) and station.bench is None


def test_the_siglent_line_station_loads_with_a_manual_fixture():
    config = load_station(STATIONS / "line-siglent.yaml")
    assert config.bench.kind == "hardware"
    station = build_station(config, confirm=lambda product, serial: True)
    assert isinstance(station.supply, SiglentSPD3303X)
    assert isinstance(station.fixture, ManualFixture) and station.fixture.confirm is not None
    assert isinstance(station.tachometer, Keysight53220A)
    assert station.tachometer.measurement_timeout_s == 1.0
    assert station.supply.resource == "TCPIP0::10.20.2.31::5025::SOCKET"
    assert config.results_index == "postgresql+psycopg://rig@10.20.2.10/line2_results"


@pytest.mark.parametrize("old, new, needle, field, what", [
    ("driver: rigol_dp832", "driver: rigol_dp999", "rigol_dp999", "instruments.supply.driver",
     "unknown driver 'rigol_dp999'"),
    ("driver: keysight_daq970a", "driver: keysight_53220a", "driver: keysight_53220a",
     "instruments.thermometer.driver", "tachometer driver"),
    ("calibration_due: 2027-06-30", "calibration_due: 2027-13-45", "2027-13-45",
     "instruments.vibration_daq.calibration_due", "2027-13-45"),
    ("calibration_due: 2027-06-30", "calibration_due: next summer", "next summer",
     "instruments.vibration_daq.calibration_due", "not a date"),
    ("  tachometer:\n", "  tacho:\n", "tacho:", "instruments.tacho", "unknown field"),
    ("instrument: tachometer,", "instrument: stopwatch,", "stopwatch", "signals.motor_a_speed.instrument",
     "unknown instrument 'stopwatch'"),
    ('channel: "104", volts', 'channel: "105", volts', '"105"', "signals.head4_accel.channel",
     "no channel '105'"),
    ("volts_per_unit: 1.0,  ", "", "motor_current:", "signals.motor_current.volts_per_unit", "missing"),
    ("volts_per_unit: 1.0,", "volts_per_unit: -1.0,", "-1.0", "signals.motor_current.volts_per_unit",
     "out of range"),
    ('channel: "102", volts', 'channel: "101", volts', "head2_accel", "signals.head2_accel",
     "already carries head1_accel"),
    ("kind: simulated", "kind: imaginary", "imaginary", "bench.kind", "unknown bench"),
    ("time_scale: 1.0", "time_scale: 0", "time_scale: 0", "bench.time_scale", "out of range"),
    ("defect_share: 0.12", "defect_share: lots", "lots", "bench.defect_share", "expected a number"),
    ("channel: CH1", "channel: CH7", "CH7", "instruments.supply.channel", "no channel 'CH7'"),
    ("    timeout_s: 2.0\n    calibration_due: 2027-08-31",
     "    timeout_s: 2.0\n    gate: 1\n    calibration_due: 2027-08-31", "gate: 1",
     "instruments.tachometer.gate", "unknown field for keysight_53220a"),
    ("resource: TCPIP0::127.0.0.1::0::SOCKET\n    timeout_s: 2.0\n    calibration_due: 2027-03-31",
     "resource: GPIB0::7::INSTR\n    timeout_s: 2.0\n    calibration_due: 2027-03-31", "GPIB0",
     "instruments.thermometer.resource", "TCPIP0::<host>::<port>::SOCKET resources only"),
    ("lid_switch: true", "lid_switch: 3", "lid_switch: 3", "instruments.fixture.lid_switch",
     "expected true or false"),
    ("station: sim-bench-1", "station: [a, b]", "station: [a", "station", "expected a single value"),
    ('visa_library: "@py"', 'visa_library: "@py"\nresults_index: the line database', "the line database",
     "results_index", "expected a database URL"),
])
def test_mistakes_name_file_line_and_field(tmp_path, old, new, needle, field, what):
    path = write_variant(tmp_path, old, new)
    with pytest.raises(StationFileError) as caught:
        load_station(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line_of(path, needle)}: {field}: "), message
    assert what in message


def test_missing_resource_names_the_instrument(tmp_path):
    path = write_variant(tmp_path, "    driver: keysight_53220a\n    resource: TCPIP0::127.0.0.1::0::SOCKET\n",
                         "    driver: keysight_53220a\n")
    with pytest.raises(StationFileError, match=r":\d+: instruments.tachometer.resource: missing"):
        load_station(path)


def test_missing_role(tmp_path):
    text = SIM_TEXT.replace("  fixture:\n    driver: sim_fixture\n    resource: TCPIP0::127.0.0.1::0::SOCKET\n"
                            "    timeout_s: 2.0\n", "")
    path = tmp_path / "station.yaml"
    path.write_text(text)
    with pytest.raises(StationFileError, match=r"station.yaml:\d+: instruments.fixture: missing"):
        load_station(path)


def test_hardware_bench_refuses_simulator_settings_and_port_zero(tmp_path):
    path = write_variant(tmp_path, "kind: simulated", "kind: hardware")
    with pytest.raises(StationFileError, match=f"{line_of(path, 'time_scale')}: bench.time_scale: a hardware bench has no time_scale"):
        load_station(path)
    text = SIM_TEXT.split("bench:")[0] + "bench:\n  kind: hardware\n" + SIM_TEXT.split("defect_share: 0.12")[1]
    path.write_text(text.split("visa_library")[0] + "visa_library" + text.split("visa_library")[1])
    with pytest.raises(StationFileError, match="instruments.supply.resource: port 0 .* hardware bench"):
        load_station(path)


def test_yaml_syntax_error_names_its_line(tmp_path):
    path = write_variant(tmp_path, "seed: 2026", "seed: [2026")
    with pytest.raises(StationFileError, match=rf"{path}:\d+: not valid YAML"):
        load_station(path)


def test_missing_file_and_empty_file(tmp_path):
    with pytest.raises(StationFileError, match="cannot read"):
        load_station(tmp_path / "absent.yaml")
    (tmp_path / "empty.yaml").write_text("")
    with pytest.raises(StationFileError, match="empty.yaml:1: the file is empty"):
        load_station(tmp_path / "empty.yaml")


def test_quoted_dates_are_accepted(tmp_path):
    path = write_variant(tmp_path, "calibration_due: 2027-09-30", 'calibration_due: "2027-09-30"')
    assert load_station(path).instruments["supply"].calibration_due.isoformat() == "2027-09-30"


def test_calibrate_turns_volts_into_signals():
    station = build_station(load_station(STATIONS / "sim.yaml"))
    volts = Waveform(channels=("101", "102"), units=("V", "V"), sample_rate_hz=1000.0,
                     data=np.array([[0.2, -0.1], [0.0, 0.3]]), first_sample=42)
    in_g = station.calibrate(volts, "vibration_daq")
    assert in_g.channels == ("head1_accel", "head2_accel") and in_g.units == ("g", "g")
    np.testing.assert_allclose(in_g.data, [[2.0, -1.0], [0.0, 3.0]])
    assert in_g.first_sample == 42 and in_g.sample_rate_hz == 1000.0
    amps = station.calibrate(Waveform(("101",), ("V",), 10.0, np.array([[0.6]])), "current_daq")
    assert amps.channels == ("motor_current",) and amps.units == ("A",)
    with pytest.raises(ValueError, match="current_daq channel"):
        station.calibrate(Waveform(("102",), ("V",), 10.0, np.array([[0.6]])), "current_daq")


def test_hardware_station_that_cannot_be_reached_raises_and_closes(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    text = (STATIONS / "line-siglent.yaml").read_text()
    path = tmp_path / "line.yaml"
    path.write_text(text.replace("TCPIP0::10.20.2.31::5025::SOCKET", f"TCPIP0::127.0.0.1::{port}::SOCKET"))
    with pytest.raises(ConnectionLost, match="supply"), open_station(load_station(path)):
        pass


# Issue 12, seen 9: these values gave tracebacks (OverflowError, crashed simulator threads).
@pytest.mark.parametrize("old, new, needle, field, what", [
    ("resource: TCPIP0::127.0.0.1::0::SOCKET\n    channel: CH1",
     "resource: TCPIP0::127.0.0.1::99999::SOCKET\n    channel: CH1", "99999", "instruments.supply.resource",
     "port 99999 does not exist"),
    ("time_scale: 1.0", "time_scale: 1.0e+308", "1.0e+308", "bench.time_scale", "at most 1000"),
    ("time_scale: 1.0", "time_scale: .inf", ".inf", "bench.time_scale", "expected a finite number"),
    ("time_scale: 1.0", "time_scale: .nan", ".nan", "bench.time_scale", "expected a finite number"),
    ("seed: 2026", "seed: 99999999999999999999999", "9999999", "bench.seed", "out of range"),
    ("timeout_s: 2.0\n    calibration_due: 2027-09-30", "timeout_s: .inf\n    calibration_due: 2027-09-30",
     ".inf", "instruments.supply.timeout_s", "expected a finite number"),
    ("marks_per_rev: 1,", "marks_per_rev: 99999999999999999999999,", "marks_per_rev: 9",
     "signals.motor_a_speed.marks_per_rev", "out of range"),
])
def test_values_that_gave_tracebacks_name_file_line_and_field(tmp_path, old, new, needle, field, what):
    path = write_variant(tmp_path, old, new)
    with pytest.raises(StationFileError) as caught:
        load_station(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line_of(path, needle)}: {field}: "), message
    assert what in message


def test_anchors_and_aliases_are_refused(tmp_path):
    path = write_variant(tmp_path, "  vibration_daq:\n    driver: keysight_u2531a\n",
                         "  vibration_daq: &daq\n    driver: keysight_u2531a\n")
    path.write_text(path.read_text().replace("  current_daq:\n    driver: keysight_u2531a\n"
                                             "    resource: TCPIP0::127.0.0.1::0::SOCKET\n"
                                             "    timeout_s: 2.0\n    calibration_due: 2027-06-30\n",
                                             "  current_daq: *daq\n"))
    with pytest.raises(StationFileError, match=r"station.yaml:\d+: yaml: anchors and aliases"):
        load_station(path)


def test_a_deeply_nested_file_is_refused_not_a_recursion_error(tmp_path):
    path = tmp_path / "station.yaml"
    path.write_text("station: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(StationFileError, match=r"station.yaml:1: (yaml: )?not valid YAML|nested deeper"):
        load_station(path)

"""The interlock relay: its driver's dialect, the simulated relay that really cuts the unit's power,
and the optional role in station files."""

from __future__ import annotations

from pathlib import Path

import pytest
from scripted_transport import NO_ERROR, ScriptedTransport

from instruments.errors import InstrumentError
from instruments.interlock import close_interlock, open_interlock
from instruments.keysight_daqm903a import KeysightDAQM903A
from instruments.roles import Interlock
from instruments.sim.bench import SimulatedBench
from instruments.station import StationFileError, build_station, connect_station, load_station

STATIONS = Path(__file__).resolve().parents[2] / "stations"
IDN = "Keysight Technologies,DAQ970A,MY58000903,A.03.02-01.00-03.01-00.02-00.02"


def relay(*steps, channel: str = "301") -> tuple[KeysightDAQM903A, ScriptedTransport]:
    transport = ScriptedTransport([("*IDN?", IDN), ("*CLS", None), *steps])
    driver = KeysightDAQM903A("interlock", transport, channel=channel)
    driver.connect()
    return driver, transport


def test_the_driver_opens_and_closes_its_relay_and_reads_it_back():
    driver, transport = relay(("ROUT:OPEN (@301)", None), NO_ERROR, ("ROUT:OPEN? (@301)", "1"),
                              ("ROUT:CLOS (@301)", None), NO_ERROR, ("ROUT:OPEN? (@301)", "0"))
    assert isinstance(driver, Interlock)
    driver.open_relay()
    driver.close_relay()
    transport.assert_done()


def test_a_relay_that_does_not_follow_is_an_instrument_error():
    driver, _ = relay(("ROUT:OPEN (@305)", None), NO_ERROR, ("ROUT:OPEN? (@305)", "0"), channel="305")
    with pytest.raises(InstrumentError, match="interlock: relay 305 still reads closed after ROUT:OPEN"):
        driver.open_relay()


def test_a_garbled_state_reply_is_refused_after_one_resynchronised_retry():
    driver, transport = relay(("ROUT:OPEN? (@301)", "YES"), ("*IDN?", IDN), ("ROUT:OPEN? (@301)", "YES"))
    with pytest.raises(InstrumentError, match="none of"):
        driver.relay_is_open()
    transport.assert_done()


def test_a_channel_off_the_module_is_refused_before_any_io():
    with pytest.raises(ValueError, match="no channel '101'"):
        KeysightDAQM903A("interlock", ScriptedTransport(), channel="101")


def _spin(bench: SimulatedBench, station) -> float:
    """Return the supply's current with 12 V on a loaded unit (A)."""
    station.supply.set_output(12.0, 3.0)
    station.supply.enable_output(True)
    bench._clock.sleep(0.5)
    return station.supply.measure_current()


def test_the_simulated_relay_really_cuts_the_supply_line_to_the_unit():
    config = load_station(STATIONS / "sim.yaml")
    with SimulatedBench(time_scale=10.0, interlock=True) as bench, \
            connect_station(config, resources=bench.resources, bench=bench) as station:
        bench.force_defect("GPM-000777", "none")
        bench.load_unit("general-purpose", "GPM-000777")
        assert not station.interlock.relay_is_open()  # connecting closed it, supply confirmed off
        assert _spin(bench, station) > 0.3 and bench.unit_powered
        station.interlock.open_relay()
        bench._clock.sleep(0.5)
        assert bench.supply_output_on and not bench.unit_powered  # the supply is on, the unit is not
        assert station.supply.measure_current() < 0.05
        station.supply.enable_output(False)
        assert close_interlock(station) and not station.interlock.relay_is_open()


def test_the_relay_starts_open_and_rst_opens_it():
    config = load_station(STATIONS / "sim.yaml")
    with SimulatedBench(time_scale=10.0, interlock=True) as bench:
        station = build_station(config, resources=bench.resources, bench=bench)
        station.interlock.connect()
        assert station.interlock.relay_is_open()
        station.interlock.close_relay()
        station.interlock.transport.write("*RST")
        assert station.interlock.relay_is_open()
        station.interlock.close()


def test_open_interlock_reports_rather_than_raises():
    class Dead:
        def open_relay(self):
            raise InstrumentError("no reply to 'ROUT:OPEN (@301)' within 2 s", instrument="interlock")

    class Station:
        interlock = Dead()

    assert open_interlock(Station()) == ("the interlock could not be opened either: interlock: no reply "
                                         "to 'ROUT:OPEN (@301)' within 2 s")
    assert open_interlock(object()) is None


def test_the_role_is_optional_and_the_default_station_has_one():
    assert "interlock" not in load_station(STATIONS / "line-siglent.yaml").instruments
    station = build_station(load_station(STATIONS / "line-siglent.yaml"), confirm=lambda p, s: True)
    assert station.interlock is None and "interlock" not in station.instruments
    config = load_station(STATIONS / "sim.yaml")
    assert config.instruments["interlock"].driver == "keysight_daqm903a"
    assert config.instruments["interlock"].options == {"channel": "301"}


@pytest.mark.parametrize("old, new, what", [
    ("driver: keysight_daqm903a", "driver: keysight_u2531a",
     "instruments.interlock.driver: keysight_u2531a is a daq driver; interlock needs an interlock driver"),
    ('channel: "301"', 'channel: "101"', "instruments.interlock.channel: a DAQM903A in slot 3 has no channel '101'"),
    ('{instrument: tachometer,    channel: "1"', '{instrument: interlock,    channel: "1"',
     "signals.motor_a_speed.instrument: unknown instrument 'interlock'"),
])
def test_interlock_mistakes_name_file_line_and_field(tmp_path, old, new, what):
    text = (STATIONS / "sim.yaml").read_text()
    assert old in text
    path = tmp_path / "station.yaml"
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(StationFileError, match=r"station.yaml:\d+: ") as caught:
        load_station(path)
    assert what in str(caught.value)

"""Fuzzed SCPI replies through every driver: each reply is either a sane one or garbage.

A transport answers every query from a table of sane replies unless the
hypothesis-drawn script says to send garbage instead, so the drivers get past
their first query and meet garbage deep in their parsing too.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from tests.fuzz.targets import Result, _judge

GARBAGE = ("", " ", "\x00", "\ufffd\ufffd", "nan", "inf", "-inf", "1e999", "+9.91000000000000E+37",
           "ON,OFF", "YES", "NO", "1,2,3", '+0,"No error"', '-222,"Data out of range"',
           '+1,"x"' * 40, "#", "#0", "#9999999999", "CH1,12.000", "NONE", ",", "general-purpose,",
           "Keysight Technologies,U2531A", "a,b,c,d,e,f,g")

_IDN = {
    "rigol_dp832": "RIGOL TECHNOLOGIES,DP832,DP8C123456,00.01.16",
    "siglent_spd3303x": "Siglent Technologies,SPD3303X,SPD3XIDQ1R1234,1.01.01.02.05,V3.0",
    "keysight_u2531a": "Keysight Technologies,U2531A,MY56000101,2.10",
    "keysight_daq970a": "Keysight Technologies,DAQ970A,MY58000970,A.03.02",
    "keysight_53220a": "Keysight Technologies,53220A,MY59000220,02.05",
    "sim_fixture": "Massager Rig,SIMFIXTURE,0,1",
    "keysight_daqm903a": "Keysight Technologies,DAQ970A,MY58000903,A.03.02",
}
_SANE = (  # (pattern of the query, sane reply), first match wins
    (r"SYST:ERR\?", '+0,"No error"'), (r"OUTP:OCP:QUES\?", "NO"), (r":?OUTP\?", "ON"),
    (r":?MEAS:(VOLT|CURR)\?", "1.000"), (r"ROUT:ENAB\?", "1"), (r"ROUT:CHAN:RANG\?", "10"),
    (r"ACQ:SRAT\?", "10000"), (r"WAV:COMP\?", "YES"), (r"WAV:STAT\?", "DATA"),
    (r"MEAS:TEMP\?", "+2.31E+01,+2.40E+01,+2.35E+01,+2.30E+01"), (r"MEAS:FREQ\?", "+5.865E+01"),
    (r"FIXT:LOAD\?", "general-purpose,GPM-000123"), (r"ROUT:OPEN\?", "1"), (r".*", "1"),
)


def replies() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(GARBAGE), st.text(max_size=40), st.floats().map(repr),
                     st.integers().map(str))


class FuzzTransport:
    """A Transport whose n-th query gets the n-th scripted reply (None: the sane one)."""

    def __init__(self, idn: str, script: list[str | None], blocks: list[bytes | None],
                 timeout_s: float = 0.05) -> None:
        self.resource = "TCPIP0::fuzz::1::SOCKET"
        self.timeout_s = timeout_s
        self.idn = idn
        self.script, self.blocks = deque(script), deque(blocks)

    def open(self) -> None: ...
    def close(self) -> None: ...
    def reconnect(self) -> None: ...
    def clear(self) -> None: ...
    def write(self, command: str) -> None: ...
    def sync_with(self, probe: str, answer: str) -> None: ...
    def resync(self) -> None: ...  # the next reply is whatever the script says, as after a drain

    def query(self, command: str, *, timeout_s: float | None = None) -> str:
        scripted = self.script.popleft() if self.script else None
        if scripted is not None:
            return scripted
        if command == "*IDN?":
            return self.idn
        return next(reply for pattern, reply in _SANE if re.match(pattern, command))

    def query_block(self, command: str, *, timeout_s: float | None = None) -> bytes:
        scripted = self.blocks.popleft() if self.blocks else None
        return scripted if scripted is not None else b"\x00\x00" * 16


@dataclass(frozen=True)
class DriverCase:
    """One driver and what is done with it after connecting."""

    driver: str
    actions: tuple[Callable[[Any], Any], ...]


CASES = (
    DriverCase("rigol_dp832", (lambda d: d.output_enabled(), lambda d: d.measure_current(),
                               lambda d: d.set_output(12.0, 3.0), lambda d: d.over_current_tripped(),
                               lambda d: d.set_over_current_trip(3.1))),
    DriverCase("siglent_spd3303x", (lambda d: d.output_enabled(), lambda d: d.measure_voltage(),
                                    lambda d: d.set_output(9.5, 3.0))),
    DriverCase("keysight_u2531a", (lambda d: d.configure(("101",), 10.0, 10000.0),
                                   lambda d: d.acquire(16, 0.05),
                                   lambda d: d.start_continuous(16), lambda d: d.read_block())),
    DriverCase("keysight_daq970a", (lambda d: d.read_temperatures_c(("101", "102", "103", "104")),)),
    DriverCase("keysight_53220a", (lambda d: d.measure_frequency_hz(0.1),)),
    DriverCase("sim_fixture", (lambda d: d.loaded(), lambda d: d.load("quad-head", "QHM-000001"))),
    DriverCase("keysight_daqm903a", (lambda d: d.relay_is_open(), lambda d: d.open_relay(),
                                     lambda d: d.close_relay())),
)


def scpi_dialogues() -> st.SearchStrategy[tuple[DriverCase, list[str | None], list[bytes | None]]]:
    return st.tuples(st.sampled_from(CASES),
                     st.lists(st.one_of(st.none(), replies()), max_size=12),
                     st.lists(st.one_of(st.none(), st.binary(max_size=64)), max_size=3))


def attempt_scpi(dialogue: tuple[DriverCase, list[str | None], list[bytes | None]]) -> Result:
    """Connect the driver and run its actions; only an InstrumentError naming the role may escape."""
    from instruments.drivers import DRIVERS
    from instruments.errors import InstrumentError

    case, script, blocks = dialogue
    transport = FuzzTransport(_IDN[case.driver], script, blocks)
    driver = DRIVERS[case.driver].cls("fuzzed", transport)

    def talk() -> None:
        driver.connect()
        for action in case.actions:
            action(driver)

    return _judge(talk, InstrumentError, "fuzzed: ")

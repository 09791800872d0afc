"""The simulated fixture controller: which unit sits on the fixture, plus the bench's own controls.

``FIXT:*`` is BENCH.md's dialect; ``SIM:*`` lets a separately started bench be
driven over TCP (faults, defects, ground truth); see README.md. ``SIM:*``
commands are never touched by faults injected on the fixture itself.
"""

from __future__ import annotations

import json
from typing import Protocol

from instruments.sim.population import UnitTruth
from instruments.sim.scpi import ScpiError, ScpiInstrument, expect_args, nr3, parse_bool


class BenchControls(Protocol):
    """What the fixture socket may ask of the bench."""

    time_scale: float
    daq_ramp: bool

    def load_unit(self, product: str, serial: str) -> None: ...
    def unload_unit(self) -> None: ...
    def loaded_unit(self) -> tuple[str, str] | None: ...
    def set_lid(self, closed: bool) -> None: ...
    def force_defect(self, serial: str, defect: str) -> None: ...
    def inject_fault(self, role: str, fault: str) -> None: ...
    def clear_faults(self) -> None: ...
    def active_faults(self) -> list[tuple[str, str]]: ...
    def truth(self, product: str, serial: str) -> UnitTruth: ...
    def set_daq_ramp(self, on: bool) -> None: ...

    @property
    def supply_output_on(self) -> bool: ...

    @property
    def lid_closed(self) -> bool: ...


class SimFixture(ScpiInstrument):
    """Fixture commands and simulator controls on one socket."""

    identity = "Massager Rig,SIMFIXTURE,0,1"

    def __init__(self, bench: BenchControls) -> None:
        super().__init__()
        self._bench = bench
        self.command("FIXTure:LOAD", lambda args: self._call(bench.load_unit, *expect_args(args, 2)))
        self.command("FIXTure:LOAD?", lambda args: ",".join(bench.loaded_unit() or ("NONE",)))
        self.command("FIXTure:UNLoad", lambda args: bench.unload_unit())
        self.command("FIXTure:LID?", lambda args: "CLOSED" if bench.lid_closed else "OPEN")
        self.command("SIM:LID", lambda args: bench.set_lid(self._lid_state(*expect_args(args, 1))))
        self.command("SIM:FAULt", lambda args: self._call(bench.inject_fault, *expect_args(args, 2)))
        self.command("SIM:FAULt?", lambda args: self._faults())
        self.command("SIM:FAULt:CLEar", lambda args: bench.clear_faults())
        self.command("SIM:DEFect", lambda args: self._call(bench.force_defect, *expect_args(args, 2)))
        self.command("SIM:TRUTh?", lambda args: self._truth(*expect_args(args, 2)))
        self.command("SIM:TIME:SCALe?", lambda args: nr3(bench.time_scale))
        self.command("SIM:DAQ:RAMP", lambda args: bench.set_daq_ramp(parse_bool(expect_args(args, 1)[0])))
        self.command("SIM:DAQ:RAMP?", lambda args: "1" if bench.daq_ramp else "0")
        self.command("SIM:SUPPly:OUTPut?", lambda args: "ON" if bench.supply_output_on else "OFF")

    def fault_exempt(self, line: str) -> bool:
        return line.lstrip(":").upper().startswith("SIM:")

    @staticmethod
    def _call(action, *args: str) -> None:
        try:
            action(*args)
        except ValueError:
            raise ScpiError(-224) from None

    @staticmethod
    def _lid_state(word: str) -> bool:
        if word.upper() not in ("OPEN", "CLOSED"):
            raise ScpiError(-224)
        return word.upper() == "CLOSED"

    def _faults(self) -> str:
        pairs = self._bench.active_faults()
        return ",".join(f"{role}:{fault}" for role, fault in pairs) if pairs else "NONE"

    def _truth(self, product: str, serial: str) -> str:
        try:
            truth = self._bench.truth(product, serial)
        except ValueError:
            raise ScpiError(-224) from None
        return json.dumps(truth.as_json_dict(), separators=(",", ":"))

"""Rigol DP832 programmable DC supply, one output channel (CH1 on this station)."""

from __future__ import annotations

from instruments.errors import ProtocolError
from instruments.scpi import ScpiInstrument, check_range, parse_floats
from instruments.transport import Transport

# Per-channel ratings of the DP832: (max volts, max amps).
_RATINGS = {"CH1": (32.0, 3.2), "CH2": (32.0, 3.2), "CH3": (5.3, 3.2)}
_ON_OFF = {"ON": True, "OFF": False}
_YES_NO = {"YES": True, "NO": False}


class RigolDP832(ScpiInstrument):
    """One output channel of a DP832, with its over-current trip."""

    models = ("DP832", "DP832A")

    def __init__(self, name: str, transport: Transport, *, channel: str = "CH1") -> None:
        if channel not in _RATINGS:
            raise ValueError(f"DP832 has no channel {channel!r}; use one of {sorted(_RATINGS)}")
        super().__init__(name, transport)
        self.channel = channel
        self.max_voltage_v, self.max_current_a = _RATINGS[channel]

    def set_output(self, voltage_v: float, current_limit_a: float) -> None:
        """Set the voltage and the current limit (constant-current above it)."""
        volts = check_range(f"{self.name} {self.channel} voltage", voltage_v, 0.0, self.max_voltage_v, "V")
        amps = check_range(f"{self.name} {self.channel} current limit", current_limit_a, 0.0,
                           self.max_current_a, "A")
        self._set(f":APPL {self.channel},{volts:.3f},{amps:.4f}",
                  read_back=lambda: self.output_setting() == (round(volts, 3), round(amps, 4)))

    def output_setting(self) -> tuple[float, float]:
        """Return the set voltage and current limit (``:APPL?``), not what is measured."""
        command = f":APPL? {self.channel}"

        def parse(reply: str) -> tuple[float, float]:
            name, *values = reply.split(",")
            if name.strip() != self.channel:
                raise ProtocolError(f"reply {reply!r} to {command!r} is not for {self.channel}",
                                    instrument=self.name)
            volts, amps = parse_floats(",".join(values), 2, command, self.name)
            return round(volts, 3), round(amps, 4)

        return self._ask(command, parse)

    def enable_output(self, on: bool) -> None:
        self._set(f":OUTP {self.channel},{'ON' if on else 'OFF'}",
                  read_back=lambda: self.output_enabled() is bool(on))

    def output_enabled(self) -> bool:
        return self._query_choice(f":OUTP? {self.channel}", _ON_OFF)

    def measure_voltage(self) -> float:
        return self._query_float(f":MEAS:VOLT? {self.channel}")

    def measure_current(self) -> float:
        return self._query_float(f":MEAS:CURR? {self.channel}")

    @property
    def has_over_current_trip(self) -> bool:
        return True

    def set_over_current_trip(self, limit_a: float | None) -> None:
        """Arm the trip at ``limit_a``, or disarm it with None."""
        if limit_a is None:
            self._set(f":OUTP:OCP {self.channel},OFF")
            return
        amps = check_range(f"{self.name} {self.channel} over-current trip", limit_a, 0.001,
                           self.max_current_a, "A")
        self._set(f":OUTP:OCP:VAL {self.channel},{amps:.4f}",
                  f":OUTP:OCP {self.channel},ON")

    def over_current_tripped(self) -> bool:
        return self._query_choice(f":OUTP:OCP:QUES? {self.channel}", _YES_NO)

    def clear_over_current_trip(self) -> None:
        self._set(f":OUTP:OCP:CLEAR {self.channel}")

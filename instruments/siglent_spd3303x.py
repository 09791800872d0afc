"""Siglent SPD3303X programmable DC supply, one output channel (CH1 on this station)."""

from __future__ import annotations

from instruments.scpi import ScpiInstrument, check_range
from instruments.transport import Transport

_RATINGS = {"CH1": (32.0, 3.2), "CH2": (32.0, 3.2)}


class SiglentSPD3303X(ScpiInstrument):
    """One output channel of an SPD3303X.

    The supply has no over-current trip (the rig watches the current itself)
    and its dialect here has no output-state query, so the driver switches the
    output off on connect and remembers every state it sets since.
    """

    models = ("SPD3303X", "SPD3303X-E")

    def __init__(self, name: str, transport: Transport, *, channel: str = "CH1") -> None:
        if channel not in _RATINGS:
            raise ValueError(f"SPD3303X has no channel {channel!r}; use one of {sorted(_RATINGS)}")
        super().__init__(name, transport)
        self.channel = channel
        self.max_voltage_v, self.max_current_a = _RATINGS[channel]
        self._output_on: bool | None = None

    def _after_connect(self) -> None:
        self.enable_output(False)

    def set_output(self, voltage_v: float, current_limit_a: float) -> None:
        """Set the voltage and the current limit (constant-current above it)."""
        volts = check_range(f"{self.name} {self.channel} voltage", voltage_v, 0.0, self.max_voltage_v, "V")
        amps = check_range(f"{self.name} {self.channel} current limit", current_limit_a, 0.0,
                           self.max_current_a, "A")
        self._set(f"{self.channel}:VOLT {volts:.3f}", f"{self.channel}:CURR {amps:.3f}",
                  read_back=lambda: self._setting_is(volts, amps))

    def _setting_is(self, volts: float, amps: float) -> bool:
        """Return True when the channel holds this voltage and current limit."""
        held_v = self._query_float(f"{self.channel}:VOLT?")
        held_a = self._query_float(f"{self.channel}:CURR?")
        return round(held_v, 3) == round(volts, 3) and round(held_a, 3) == round(amps, 3)

    def enable_output(self, on: bool) -> None:
        # Unknown until the instrument accepted the command: a failure leaves it unknown.
        self._output_on = None
        self._set(f"OUTP {self.channel},{'ON' if on else 'OFF'}")
        self._output_on = bool(on)

    def output_enabled(self) -> bool:
        """Return the state this driver last set (the dialect has no query for it)."""
        if self._output_on is None:
            # Unknown means possibly on: report the state a safety check must assume.
            return True
        return self._output_on

    def measure_voltage(self) -> float:
        return self._query_float(f"MEAS:VOLT? {self.channel}")

    def measure_current(self) -> float:
        return self._query_float(f"MEAS:CURR? {self.channel}")

    @property
    def has_over_current_trip(self) -> bool:
        return False

    def set_over_current_trip(self, limit_a: float | None) -> None:
        """Accept disarming (there is nothing to disarm); refuse to arm a trip it does not have."""
        if limit_a is not None:
            raise NotImplementedError("SPD3303X has no over-current trip; watch the current instead")

    def over_current_tripped(self) -> bool:
        return False

    def clear_over_current_trip(self) -> None:
        """Do nothing: without a trip there is nothing to clear."""

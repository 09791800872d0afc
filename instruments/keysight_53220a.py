"""Keysight 53220A universal counter reading the optical tachometer on channel 1."""

from __future__ import annotations

from instruments.errors import NoPulses
from instruments.scpi import ScpiInstrument, check_range, format_number
from instruments.transport import Transport

NO_SIGNAL_HZ = 9.91e37  # what the counter answers when its measurement timeout expires


class Keysight53220A(ScpiInstrument):
    """Frequency of the pulse train on channel 1.

    With no pulses the counter answers only after its own measurement timeout
    (``SYST:TIM``), so every measurement waits gate + that timeout + the
    transport's timeout before calling the instrument silent.
    """

    models = ("53220A", "53230A")

    def __init__(self, name: str, transport: Transport, *,
                 measurement_timeout_s: float = 1.0) -> None:
        super().__init__(name, transport)
        self.measurement_timeout_s = check_range(f"{name} measurement timeout",
                                                 measurement_timeout_s, 0.01, 100.0, "s")
        self._gate_time_s: float | None = None

    def _after_connect(self) -> None:
        self._gate_time_s = None
        self._set(f"SYST:TIM {format_number(self.measurement_timeout_s)}")

    def measure_frequency_hz(self, gate_time_s: float = 0.1) -> float:
        """Return the pulse frequency; raise NoPulses when none arrive."""
        gate_s = check_range(f"{self.name} gate time", gate_time_s, 1e-4, 1000.0, "s")
        if gate_s != self._gate_time_s:
            self._gate_time_s = None
            self._set(f"SENS:FREQ:GATE:TIME {format_number(gate_s)}")
            self._gate_time_s = gate_s
        command = "MEAS:FREQ? (@1)"
        timeout_s = gate_s + self.measurement_timeout_s + self.transport.timeout_s
        frequency_hz = self._query_float(command, timeout_s=timeout_s)
        if frequency_hz >= NO_SIGNAL_HZ:
            raise NoPulses(f"no pulses on channel 1 within {self.measurement_timeout_s:g} s",
                           instrument=self.name)
        return frequency_hz

"""Keysight DAQ970A data acquisition system with a DAQM901A, reading type K thermocouples."""

from __future__ import annotations

from instruments.errors import OpenThermocouple
from instruments.scpi import ScpiInstrument, channel_list, check_channels, parse_floats

CHANNELS = tuple(str(number) for number in range(101, 121))  # DAQM901A: 20 channels
OPEN_CIRCUIT_C = 9.9e37  # what the DAQ970A reads on an open thermocouple
SCAN_ALLOWANCE_S = 0.05  # per channel, on top of the transport's own timeout


class KeysightDAQ970A(ScpiInstrument):
    """Scans thermocouples on the channels of slot 1."""

    models = ("DAQ970A",)

    def read_temperatures_c(self, channels: tuple[str, ...]) -> dict[str, float]:
        """Scan the channels; raise OpenThermocouple for an open one."""
        chosen = check_channels(channels, CHANNELS, f"{self.name} thermocouple")
        command = f"MEAS:TEMP? TC,K,{channel_list(chosen)}"
        timeout_s = self.transport.timeout_s + SCAN_ALLOWANCE_S * len(chosen)
        values = self._ask(command, lambda reply: parse_floats(reply, len(chosen), command, self.name),
                           timeout_s=timeout_s)
        for channel, value in zip(chosen, values, strict=True):
            if value >= OPEN_CIRCUIT_C:
                raise OpenThermocouple(channel, instrument=self.name)
        return dict(zip(chosen, values, strict=True))

"""Typed exceptions raised by the instrument layer.

Everything derived from ``InstrumentError`` means the rig could not measure:
a run that meets one ends in ERROR, never FAIL. ``SettingOutOfRange`` is a
caller's mistake caught before anything is sent.
"""


class InstrumentError(Exception):
    """The rig could not get a trustworthy answer from an instrument."""

    def __init__(self, message: str, *, instrument: str = "") -> None:
        super().__init__(f"{instrument}: {message}" if instrument else message)
        self.instrument = instrument


class InstrumentTimeout(InstrumentError):
    """An instrument did not answer within its timeout."""


class ConnectionLost(InstrumentError):
    """The connection to an instrument dropped and could not be re-established."""


class ProtocolError(InstrumentError):
    """A reply could not be parsed (garbled, truncated, wrong block header)."""


class InstrumentReportedError(InstrumentError):
    """The instrument's error queue held an error after a command."""

    def __init__(self, code: int, text: str, *, instrument: str = "", command: str = "") -> None:
        detail = f"error {code}, \"{text}\"" + (f" after {command!r}" if command else "")
        super().__init__(detail, instrument=instrument)
        self.code = code
        self.text = text
        self.command = command


class DaqOverrun(InstrumentError):
    """The DAQ's buffer overflowed: samples were lost and acquisition stopped."""


class NoPulses(InstrumentError):
    """The counter saw no pulses within its measurement timeout."""


class OpenThermocouple(InstrumentError):
    """A thermocouple channel reads open circuit."""

    def __init__(self, channel: str, *, instrument: str = "") -> None:
        super().__init__(f"thermocouple on channel {channel} is open", instrument=instrument)
        self.channel = channel


class SettingOutOfRange(ValueError):
    """A setting was refused before anything was sent to the instrument."""

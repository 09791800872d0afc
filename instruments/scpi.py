"""What every SCPI driver shares: identification, the error queue, strict reply parsing.

Transient faults are retried once, honestly: an idempotent query whose reply
times out or is garbled is asked again after the session is resynchronised
(see ``instruments.transport``); a setting whose confirmation fails that way is
re-checked by reading it back, never sent again. Each retry is reported to
``on_retry``. Reading the error queue (``SYST:ERR?`` removes what it reads)
and fetching data blocks are not idempotent and never retried.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import ClassVar, TypeVar

from instruments.errors import (
    InstrumentReportedError,
    InstrumentTimeout,
    ProtocolError,
    SettingOutOfRange,
)
from instruments.retries import Retry, RetryObserver
from instruments.roles import Identity
from instruments.transport import Transport

_ERROR_REPLY = re.compile(r'^\s*([+-]?\d+)\s*,\s*"(.*)"\s*$')
_MAX_QUEUED_ERRORS = 32  # a real queue holds 20 or so; more means the reply is not an error queue
# What a second attempt may get past: a reply lost or mangled on the way, not a hang-up.
TRANSIENT = (InstrumentTimeout, ProtocolError)
T = TypeVar("T")


class ScpiInstrument:
    """Base of the drivers: one role name, one transport, no I/O until ``connect()``."""

    #: ``*IDN?`` model fields this driver accepts.
    models: ClassVar[tuple[str, ...]] = ()

    def __init__(self, name: str, transport: Transport) -> None:
        self.name = name
        self.transport = transport
        self.on_retry: RetryObserver | None = None
        self._identity: Identity | None = None

    @property
    def resource(self) -> str:
        return self.transport.resource

    @property
    def identity(self) -> Identity | None:
        return self._identity

    def connect(self) -> Identity:
        """Open the connection, check the model, empty the error queue and return the identity."""
        self.transport.open()
        reply = self.transport.query("*IDN?")
        identity = self._parse_identity(reply)
        if self.models and identity.model not in self.models:
            raise ProtocolError(f"expected {' or '.join(self.models)} at {self.resource}, "
                                f"found {identity}", instrument=self.name)
        # The identity never changes, so its reply marks where the session is back in step.
        self.transport.sync_with("*IDN?", reply)
        self.transport.write("*CLS")
        self._identity = identity
        self._after_connect()
        return identity

    def close(self) -> None:
        self.transport.close()

    def identify(self) -> Identity:
        """Ask ``*IDN?``; fields after the fourth (SPD3303X) join the firmware field."""
        return self._parse_identity(self.transport.query("*IDN?"))

    def _parse_identity(self, reply: str) -> Identity:
        fields = [part.strip() for part in reply.split(",")]
        if len(fields) < 4 or not all(fields[:2]):
            raise ProtocolError(f"*IDN? reply {reply!r} has not four fields", instrument=self.name)
        return Identity(make=fields[0], model=fields[1], serial=fields[2],
                        firmware=",".join(fields[3:]))

    def check_errors(self, after: str = "") -> None:
        """Read the error queue until empty; raise InstrumentReportedError for the first error."""
        errors: list[tuple[int, str]] = []
        for _ in range(_MAX_QUEUED_ERRORS):
            code, text = self._parse_error(self.transport.query("SYST:ERR?"))
            if code == 0:
                break
            errors.append((code, text))
        else:
            raise ProtocolError(f"error queue did not empty after {_MAX_QUEUED_ERRORS} reads",
                                instrument=self.name)
        if errors:
            code, text = errors[0]
            if len(errors) > 1:
                text += f" (and {len(errors) - 1} more: " + "; ".join(
                    f"{c},{t}" for c, t in errors[1:]) + ")"
            raise InstrumentReportedError(code, text, instrument=self.name, command=after)

    # -- for the drivers ---------------------------------------------------------------------

    def _after_connect(self) -> None:
        """Bring the instrument to the state the driver assumes (override where needed)."""

    def _set(self, *commands: str, read_back: Callable[[], bool] | None = None) -> None:
        """Send settings, then check the error queue once.

        When the check itself meets a transient fault, the session is
        resynchronised and the queue read again; with ``read_back`` (True when
        the instrument holds the setting) the setting is then confirmed by
        reading it back. Without one, the fault is raised: a setting is never
        sent twice on a guess.
        """
        for command in commands:
            self.transport.write(command)
        after = "; ".join(commands)
        try:
            self.check_errors(after=after)
        except TRANSIENT as exc:
            if read_back is None:
                raise
            self._report_retry(after, exc)
            self._resync_after(exc)
            self.check_errors(after=after)
            if not read_back():
                raise ProtocolError(f"{after!r} is not in effect after its confirmation was lost",
                                    instrument=self.name) from exc

    def _ask(self, command: str, parse: Callable[[str], T], *, timeout_s: float | None = None) -> T:
        """Ask an idempotent query and parse its reply; retry once after a transient fault."""
        try:
            return parse(self.transport.query(command, timeout_s=timeout_s))
        except TRANSIENT as exc:
            self._report_retry(command, exc)
            self._resync_after(exc)
        try:
            return parse(self.transport.query(command, timeout_s=timeout_s))
        except TRANSIENT as exc:
            exc.add_note("a second attempt, after resynchronising, failed too")
            raise

    def _resync_after(self, first: Exception) -> None:
        """Resynchronise the session; if that fails too, raise the first fault, which says most."""
        try:
            self.transport.resync()
        except TRANSIENT as again:
            first.add_note(f"resynchronising failed as well: {again}")
            raise first from again

    def _report_retry(self, command: str, exc: Exception) -> None:
        if self.on_retry is not None:
            self.on_retry(Retry(self.name, command, str(exc)))

    def _query(self, command: str, *, timeout_s: float | None = None) -> str:
        """Ask an idempotent query (retried once on a transient fault); return the reply."""
        return self._ask(command, str, timeout_s=timeout_s)

    def _query_float(self, command: str, *, timeout_s: float | None = None) -> float:
        return self._ask(command, lambda reply: parse_float(reply, command, self.name),
                         timeout_s=timeout_s)

    def _query_choice(self, command: str, choices: dict[str, bool]) -> bool:
        def parse(reply: str) -> bool:
            word = reply.strip().upper()
            if word not in choices:
                raise ProtocolError(f"reply {word!r} to {command!r} is none of {sorted(choices)}",
                                    instrument=self.name)
            return choices[word]

        return self._ask(command, parse)

    def _parse_error(self, reply: str) -> tuple[int, str]:
        match = _ERROR_REPLY.match(reply)
        if match is None:
            raise ProtocolError(f"SYST:ERR? reply {reply!r} is not <code>,\"<text>\"",
                                instrument=self.name)
        return int(match.group(1)), match.group(2)


def parse_float(reply: str, command: str = "", instrument: str = "") -> float:
    """Parse an NR1/NR2/NR3 number; raise ProtocolError for anything else."""
    try:
        value = float(reply.strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ProtocolError(f"reply {reply!r} to {command!r} is not a number", instrument=instrument)
    return value


def parse_floats(reply: str, count: int, command: str = "", instrument: str = "") -> list[float]:
    """Parse a comma-separated list of exactly ``count`` numbers."""
    parts = reply.split(",")
    if len(parts) != count:
        raise ProtocolError(f"reply {reply!r} to {command!r} has {len(parts)} values, "
                            f"expected {count}", instrument=instrument)
    return [parse_float(part, command, instrument) for part in parts]


def check_range(what: str, value: float, low: float, high: float, unit: str) -> float:
    """Return value as a float if low <= value <= high, else raise SettingOutOfRange."""
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise SettingOutOfRange(f"{what} {value!r} is not a number") from exc
    if not low <= number <= high:  # also refuses NaN
        raise SettingOutOfRange(f"{what} {value!r} {unit} is outside {low:g}..{high:g} {unit}")
    return number


def format_number(value: float) -> str:
    """Write a number the way SCPI accepts it, without float noise (``0.1``, ``50000``)."""
    return f"{value:.10g}"


def channel_list(channels: Iterable[str]) -> str:
    """Write channels as a SCPI channel list: ``(@101:104)`` when contiguous, else ``(@101,103)``."""
    numbers = [int(channel) for channel in channels]
    if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
        return f"(@{numbers[0]}:{numbers[-1]})"
    return "(@" + ",".join(str(number) for number in numbers) + ")"


def check_channels(channels: Iterable[str], allowed: Iterable[str], what: str) -> tuple[str, ...]:
    """Return the channels in ascending order; refuse none, duplicates and unknown names."""
    chosen = tuple(str(channel) for channel in channels)
    allowed_set = set(allowed)
    unknown = [channel for channel in chosen if channel not in allowed_set]
    if not chosen or unknown or len(set(chosen)) != len(chosen):
        raise SettingOutOfRange(
            f"{what} channels {chosen!r}: give one or more distinct channels of "
            f"{min(allowed_set)}..{max(allowed_set)}" + (f"; unknown {unknown}" if unknown else ""))
    return tuple(sorted(chosen, key=int))

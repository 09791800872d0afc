"""SCPI parsing and the instrument base every simulated dialect builds on.

Headers are matched in short or long form, case-insensitively, with optional
nodes in brackets, e.g. ``OUTPut[:STATe]?``. An unknown header is not answered
and queues -113; a handler raises ``ScpiError`` to queue an error instead of
replying (a setting out of range is then not applied).
"""

from __future__ import annotations

import math
import re
import threading
from collections import deque
from collections.abc import Callable
from types import MappingProxyType

ERROR_TEXT = MappingProxyType({
    -104: "Data type error",
    -108: "Parameter not allowed",
    -109: "Missing parameter",
    -113: "Undefined header",
    -221: "Settings conflict",
    -222: "Data out of range",
    -224: "Illegal parameter value",
    -230: "Data corrupt or stale",
    -350: "Queue overflow",
})
ERROR_QUEUE_DEPTH = 20

Reply = str | bytes | None
Handler = Callable[[list[str]], Reply]


class ScpiError(Exception):
    """A command that cannot be carried out: queue ``code`` and send no reply."""

    def __init__(self, code: int, text: str | None = None) -> None:
        super().__init__(code, text)
        self.code = code
        self.text = text or ERROR_TEXT.get(code, "Error")


def compile_header(pattern: str) -> re.Pattern[str]:
    """Compile a header like ``MEASure[:VOLTage]?`` into a regex over upper-case headers."""
    parts = []
    for token in re.findall(r"\[|\]|:|\?|\*|[A-Za-z][A-Za-z0-9]*", pattern):
        if token == "[":
            parts.append("(?:")
        elif token == "]":
            parts.append(")?")
        elif token in ":?*":
            parts.append(re.escape(token))
        else:
            short = re.match(r"[A-Z0-9]+", token)
            long_form = token.upper()
            short_form = short.group(0) if short else long_form
            parts.append(long_form if short_form == long_form else f"(?:{long_form}|{short_form})")
    return re.compile("".join(parts))


def split_args(text: str) -> list[str]:
    """Split parameters at commas outside parentheses: ``ON,(@101,103)`` -> [ON, (@101,103)]."""
    args, depth, current = [], 0, []
    for char in text:
        if char == "," and depth == 0:
            args.append("".join(current).strip())
            current = []
            continue
        depth += (char == "(") - (char == ")")
        current.append(char)
    if current or args:
        args.append("".join(current).strip())
    return args


def parse_float(text: str) -> float:
    """Parse a numeric parameter; queue -104 when it is not a number."""
    try:
        value = float(text)
    except ValueError:
        raise ScpiError(-104) from None
    if not math.isfinite(value):
        raise ScpiError(-104)
    return value


def parse_in_range(text: str, low: float, high: float) -> float:
    """Parse a number and queue -222 when it lies outside [low, high]."""
    value = parse_float(text)
    if not low <= value <= high:
        raise ScpiError(-222)
    return value


def parse_bool(text: str) -> bool:
    """Parse ON|OFF|1|0."""
    word = text.strip().upper()
    if word in ("ON", "1"):
        return True
    if word in ("OFF", "0"):
        return False
    raise ScpiError(-224)


def parse_channels(text: str, valid: range) -> list[int]:
    """Parse ``(@101,103)`` or ``(@101:104)`` into channel numbers."""
    match = re.fullmatch(r"\(@([0-9,:\s]+)\)", text.strip())
    if not match:
        raise ScpiError(-224)
    channels: list[int] = []
    for item in match.group(1).split(","):
        first, _, last = item.strip().partition(":")
        try:
            low, high = int(first), int(last or first)
        except ValueError:
            raise ScpiError(-224) from None
        channels.extend(range(low, high + 1))
    if not channels or any(c not in valid for c in channels):
        raise ScpiError(-224)
    return channels


def expect_args(args: list[str], count: int) -> list[str]:
    """Check the number of parameters."""
    if len(args) < count:
        raise ScpiError(-109)
    if len(args) > count:
        raise ScpiError(-108)
    return args


def nr3(value: float) -> str:
    """Format like ``+1.23450000E+01``."""
    return f"{value:+.8E}"


class ScpiInstrument:
    """Command table, error queue and IEEE 488.2 common commands."""

    identity = "Simulated,Instrument,0,0"

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._commands: list[tuple[re.Pattern[str], Handler]] = []
        self._errors: deque[tuple[int, str]] = deque()
        self.command("*IDN?", lambda args: self.identity)
        self.command("*RST", lambda args: self.reset())
        self.command("*CLS", lambda args: self._errors.clear())
        self.command("*OPC?", lambda args: "1")
        self.command("*OPC", lambda args: None)
        self.command("*WAI", lambda args: None)
        self.command("SYSTem:ERRor[:NEXT]?", lambda args: self._next_error())

    def command(self, pattern: str, handler: Handler) -> None:
        """Register a handler for a header pattern."""
        self._commands.append((compile_header(pattern), handler))

    def reset(self) -> None:
        """Return to the power-on settings (``*RST``)."""

    def fault_exempt(self, line: str) -> bool:
        """Return True for lines that instrument faults must not touch."""
        return False

    def push_error(self, code: int, text: str | None = None) -> None:
        """Queue an error; a full queue keeps its oldest entries and ends in -350."""
        with self.lock:
            if len(self._errors) >= ERROR_QUEUE_DEPTH:
                self._errors[-1] = (-350, ERROR_TEXT[-350])
                return
            self._errors.append((code, text or ERROR_TEXT.get(code, "Error")))

    def handle(self, line: str) -> Reply:
        """Carry out one command line; return the reply, or None for no reply."""
        header, _, rest = line.strip().partition(" ")
        header = header.strip().lstrip(":").upper()
        args = split_args(rest.strip()) if rest.strip() else []
        with self.lock:
            for pattern, handler in self._commands:
                if pattern.fullmatch(header):
                    try:
                        return handler(args)
                    except ScpiError as error:
                        self.push_error(error.code, error.text)
                        return None
            self.push_error(-113)
            return None

    def _next_error(self) -> str:
        if not self._errors:
            return '+0,"No error"'
        code, text = self._errors.popleft()
        return f'{code:+d},"{text}"'

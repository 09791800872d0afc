"""Serial patterns, matched by a linear-time engine (RE2) so no pattern can hang a run.

Python's ``re`` backtracks: ``(a+)+$`` against 41 ``a`` and one ``b`` runs for
hours. RE2 guarantees time linear in the serial's length and refuses what it
cannot do in linear time (back-references, look-arounds).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import re2

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # the refusal is ours to word; RE2 would also print it to stderr


class BadSerialPattern(ValueError):
    """A serial pattern RE2 cannot compile; the message says why."""


@lru_cache(maxsize=64)
def compile_serial_pattern(pattern: str) -> Any:
    """Compile a pattern; raise BadSerialPattern with RE2's reason."""
    try:
        return re2.compile(pattern, _OPTIONS)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else "unknown error"
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise BadSerialPattern(str(reason)) from None


def serial_matches(pattern: str, serial: str) -> bool:
    """Return True when the whole serial matches the pattern."""
    return compile_serial_pattern(pattern).fullmatch(serial) is not None

"""What the fuzzers feed the rig, and how an answer is judged: accepted, refused by name, or a traceback.

The tests in this folder and ``benchmarks/fuzz.py`` share these targets. Each
target has a hypothesis strategy of inputs and an ``attempt`` that returns an
Outcome; the only outcome that is a bug is TRACEBACK (an exception the loader
or driver should have turned into a refusal, or a refusal that does not name
its input).
"""

from __future__ import annotations

import enum
import re
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
STATION_TEXT = (ROOT / "stations" / "sim.yaml").read_text(encoding="utf-8")
LINE_STATION_TEXT = (ROOT / "stations" / "line-siglent.yaml").read_text(encoding="utf-8")
SPEC_TEXTS = tuple((ROOT / "specs" / name).read_text(encoding="utf-8")
                   for name in ("general-purpose.yaml", "quad-head.yaml"))

# Values that broke loaders somewhere once, or that YAML reads in surprising ways.
NASTY_SCALARS = (
    ".inf", "-.inf", ".nan", "1.0e+308", "-1", "0", "99999999999999999999999", "1e12", "1.0e+12",
    "~", "null", "yes", "no", "''", '"x"', "[]", "{}", "[1, [2, [3]]]", "&a 1", "*a", "0x1F", "0o17",
    "2027-13-45", "2027-02-29", "12:30:00", "!!binary aGVsbG8=", "!!python/object:os.system ls",
    "!!float abc", "TCPIP0::127.0.0.1::99999::SOCKET", "TCPIP0::127.0.0.1::-1::SOCKET",
    "TCPIP0::::0::SOCKET", "(a+)+$", '"(a)\\\\1"', "\u00e9", "\t", "- a", ": x", "? x", "%YAML 9.9",
    "9" * 400, "-" + "9" * 400, "9" * 5000, "1" + "0" * 400 + ".0",  # beyond a float, beyond int parsing
)
_VALUE_LINE = re.compile(r"^(\s*[A-Za-z0-9_]+:\s*)(\S.*)$")
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w.])")


class Outcome(enum.Enum):
    ACCEPTED = "accepted"
    REFUSED = "refused"  # a clear error that names its input
    UNDETECTED = "undetected"  # damage that went unnoticed (a certificate that still verifies)
    TRACEBACK = "traceback"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    detail: str = ""


def scalars() -> st.SearchStrategy[str]:
    """Return YAML scalar texts: nasty constants, numbers of every size, short text."""
    return st.one_of(st.sampled_from(NASTY_SCALARS), st.integers().map(str),
                     st.floats(allow_nan=True, allow_infinity=True).map(repr),
                     st.text(max_size=12))


def _replace_value(text: str, line_no: int, value: str) -> str:
    lines = text.splitlines(keepends=True)
    match = _VALUE_LINE.match(lines[line_no].rstrip("\n"))
    lines[line_no] = f"{match.group(1)}{value}\n" if match else lines[line_no]
    return "".join(lines)


def _replace_number(text: str, index: int, value: str) -> str:
    spans = [m.span() for m in _NUMBER.finditer(text)]
    start, end = spans[index % len(spans)]
    return text[:start] + value + text[end:]


def mutated(text: str) -> st.SearchStrategy[str]:
    """Return one-fault variants of a YAML file: a value or number replaced, a byte, a cut, a line."""
    lines = text.splitlines(keepends=True)
    value_lines = [i for i, line in enumerate(lines)
                   if _VALUE_LINE.match(line.rstrip("\n")) and not line.lstrip().startswith("#")]
    n_numbers = len(_NUMBER.findall(text))

    def flip(at: int, char: str) -> str:
        return text[:at] + char + text[at + 1:]

    def without_line(at: int) -> str:
        return "".join(lines[:at] + lines[at + 1:])

    def doubled_line(at: int) -> str:
        return "".join(lines[:at + 1] + lines[at:])

    return st.one_of(
        st.builds(lambda i, v: _replace_value(text, i, v), st.sampled_from(value_lines), scalars()),
        st.builds(lambda i, v: _replace_number(text, i, v), st.integers(0, n_numbers - 1), scalars()),
        st.builds(flip, st.integers(0, len(text) - 1), st.characters()),
        st.integers(0, len(text)).map(lambda n: text[:n]),
        st.integers(0, len(lines) - 1).map(without_line),
        st.integers(0, len(lines) - 1).map(doubled_line),
    )


def _judge(call: Callable[[], Any], refusal: type[BaseException] | tuple[type[BaseException], ...],
           names: str) -> Result:
    """Run ``call``: ACCEPTED, REFUSED with a message starting with ``names``, else TRACEBACK."""
    try:
        call()
    except refusal as exc:
        if not str(exc).startswith(names):
            return Result(Outcome.TRACEBACK, f"refusal does not name {names!r}: {exc}")
        return Result(Outcome.REFUSED, str(exc))
    except Exception:  # noqa: BLE001 - that is exactly what a fuzzer looks for
        return Result(Outcome.TRACEBACK, traceback.format_exc())
    return Result(Outcome.ACCEPTED)


# --- station files -----------------------------------------------------------------------------

def station_files() -> st.SearchStrategy[str]:
    return st.one_of(mutated(STATION_TEXT), mutated(LINE_STATION_TEXT))


def attempt_station(text: str) -> Result:
    """Load a station file text from disk and build its drivers (no I/O)."""
    from instruments.station import StationFileError, build_station, load_station

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "station.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")

        def load() -> None:
            build_station(load_station(path))

        return _judge(load, StationFileError, f"{path}:")


# --- spec files --------------------------------------------------------------------------------

def spec_files() -> st.SearchStrategy[str]:
    return st.one_of(*(mutated(text) for text in SPEC_TEXTS))


def attempt_spec(text: str) -> Result:
    """Validate spec text; a loaded spec must also match serials without raising."""
    from rig.specs import SpecError, load_spec_text

    def load() -> None:
        spec = load_spec_text(text, "fuzz.yaml")
        spec.serial_matches("GPM-000123" * 5)

    return _judge(load, SpecError, "fuzz.yaml:")

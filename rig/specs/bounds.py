"""What a spec may ask of the station: every number bounded by physics and by the instruments.

A spec is data written by engineers, but it decides what the bench does to a
unit, so a spec must not be able to switch safety off (a 10000 degC limit) or
ask for what the instruments cannot do (1000 V, 1e12 samples a second). The
bounds are data, in this one table, each with the reason it exists; the loader
refuses a value outside them with the file, the line and the field, before
anything is powered. See docs/decisions/0030-spec-bounds.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from instruments.keysight_u2531a import BUFFER_SAMPLES, MAX_AGGREGATE_RATE_HZ
from instruments.yaml_nodes import read_document
from rig.specs.errors import SpecError

# CH1 of either supply a station file may name (Rigol DP832, Siglent SPD3303X).
SUPPLY_MAX_V = 32.0
SUPPLY_MAX_A = 3.2
AMBIENT_C = 23.0  # BENCH.md: the bench's ambient
SAFETY_MAX_C = 70.0  # BENCH.md: any thermocouple above 70 degC aborts, whatever the product
LONGEST_WAIT_S = 24 * 3600.0  # one step's wait: a day, beyond which a run outlives a shift's records


@dataclass(frozen=True)
class Bound:
    """The closed range [low, high] a number must lie in (``low_open``: above low), and why."""

    low: float
    high: float
    unit: str
    why: str
    low_open: bool = False

    def problem(self, value: float) -> str | None:
        """Return what is wrong with a value, None when it is inside the bound."""
        if (value > self.low if self.low_open else value >= self.low) and value <= self.high:
            return None
        unit = f" {self.unit}" if self.unit else ""
        lower = f"above {_number(self.low)}" if self.low_open else f"at least {_number(self.low)}"
        return (f"{_number(value)}{unit} is out of range: must be {lower} and at most "
                f"{_number(self.high)}{unit} ({self.why})")


def _number(value: float) -> str:
    """Write integers in full (a revision's bound is 2147483647, not 2.14748e+09), the rest short."""
    if isinstance(value, int):
        digits = str(abs(value))
        return str(value) if len(digits) <= 30 else f"{'-' * (value < 0)}{digits[:6]}... ({len(digits)} digits)"
    return f"{value:g}"


SPEC_BOUNDS: Mapping[str, Bound] = MappingProxyType({
    "revision": Bound(1, 2**31 - 1, "", "a revision is stored as a 32-bit integer in the records "
                                        "and the index"),
    "supply.current_limit_a": Bound(0.0, SUPPLY_MAX_A, "A", "the supply's CH1 range is 0-3.2 A",
                                    low_open=True),
    "operating_points": Bound(0.0, SUPPLY_MAX_V, "V", "the supply's CH1 range is 0-32 V",
                              low_open=True),
    "safety.max_temperature_c": Bound(AMBIENT_C, SAFETY_MAX_C, "degC",
                                      "BENCH.md: the safety abort is at 70 degC at most, and a "
                                      "limit at ambient or below aborts every run", low_open=True),
    "safety.over_current_for_s": Bound(0.0, 2.0, "s", "BENCH.md aborts after 1 s at the limit; "
                                       "a stalled motor must not be held longer than 2 s",
                                       low_open=True),
    "retest.allowed": Bound(0, 10, "", "more retests than this hide a bad unit"),
})

# Step parameters by name. Every parameter a step kind declares needs a bound
# here (a test holds the line); the DAQ limits depend on the product's heads.
PARAM_BOUNDS: Mapping[str, Bound] = MappingProxyType({
    "sample_rate_hz": Bound(1.0, MAX_AGGREGATE_RATE_HZ, "Hz", "the U2531A samples at 1 Hz to "
                            "500000 Sa/s shared by its enabled channels"),
    "capture_s": Bound(0.0, LONGEST_WAIT_S, "s", "a capture fits in a day", low_open=True),
    "settle_s": Bound(0.0, LONGEST_WAIT_S, "s", "a wait fits in a day"),
    "rest_s": Bound(0.0, LONGEST_WAIT_S, "s", "a wait fits in a day"),
    "inrush_window_s": Bound(0.0, 1.0, "s", "the inrush is over within a second", low_open=True),
    "tach_gate_s": Bound(1e-4, 1000.0, "s", "the 53220A's gate times are 100 us to 1000 s"),
    "dwell_s": Bound(0.0, LONGEST_WAIT_S, "s", "a dwell fits in a day", low_open=True),
    "reading_interval_s": Bound(0.0, LONGEST_WAIT_S, "s", "a wait fits in a day", low_open=True),
    "cycles": Bound(1, 10000, "", "a durability run fits in the records of one unit"),
    "on_s": Bound(0.0, LONGEST_WAIT_S, "s", "a wait fits in a day", low_open=True),
    "off_s": Bound(0.0, LONGEST_WAIT_S, "s", "a wait fits in a day"),
})

# (shorter, longer): the first parameter must not exceed the second in one step.
PARAM_ORDER: tuple[tuple[str, str], ...] = (
    ("inrush_window_s", "capture_s"),
    ("reading_interval_s", "dwell_s"),
)


def spec_bound(field: str) -> Bound:
    """Return the bound of a top-level spec field (``operating_points`` for each point)."""
    return SPEC_BOUNDS[field]


def param_problems(params: Mapping[str, Any], heads: int) -> list[tuple[str, str]]:
    """Return (parameter, what is wrong) for every step parameter out of its bound.

    ``params`` has every parameter of the step (defaults filled in); the
    vibration DAQ carries one channel per head, so a quad head gets a quarter
    of the DAQ's rate, and a capture must fit the DAQ's buffer.
    """
    problems = []
    channels = max(1, heads)
    for name, value in params.items():
        bound = PARAM_BOUNDS[name]
        if name == "sample_rate_hz":
            bound = Bound(bound.low, bound.high / channels, bound.unit,
                          f"the U2531A's 500000 Sa/s shared by {channels} enabled "
                          f"channel{'s' * (channels > 1)}")
        problem = bound.problem(value)
        if problem:
            problems.append((name, problem))
    if problems:
        return problems
    if "capture_s" in params and "sample_rate_hz" in params:
        points = round(params["capture_s"] * params["sample_rate_hz"]) * channels
        if points > BUFFER_SAMPLES:
            problems.append(("capture_s", f"{params['capture_s']:g} s at {params['sample_rate_hz']:g} Hz "
                             f"on {channels} channel{'s' * (channels > 1)} is {points} samples; the "
                             f"U2531A holds {BUFFER_SAMPLES} (8 Mi) samples"))
    for shorter, longer in PARAM_ORDER:
        if shorter in params and longer in params and params[shorter] > params[longer]:
            problems.append((shorter, f"{params[shorter]:g} s is longer than {longer} "
                                      f"{params[longer]:g} s"))
    return problems


def station_problems(spec: Any, supply_max_v: float, supply_max_a: float) -> list[SpecError]:
    """Return what a spec asks beyond the connected station's supply, as errors naming file, line, field.

    The loader bounds specs by the supplies a station file may name; a
    station whose supply channel is narrower (a DP832's CH3 is 5.3 V) is
    checked here, before anything is powered.
    """
    found = [(("operating_points", name), f"{volts:g} V is above what this station's supply "
                                          f"gives ({supply_max_v:g} V)")
             for name, volts in spec.operating_points.items() if volts > supply_max_v]
    if spec.supply_current_limit_a > supply_max_a:
        found.append((("supply", "current_limit_a"), f"{spec.supply_current_limit_a:g} A is above "
                                                     f"what this station's supply gives ({supply_max_a:g} A)"))
    if not found:
        return []  # the spec's text is read again only to name the lines of a refusal
    doc = read_document(spec.text, spec.source, SpecError, root="spec")
    return [doc.error(path, message) for path, message in found]

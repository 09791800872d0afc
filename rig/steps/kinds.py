"""The step kinds a spec file may name: what each measures, takes and does."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from rig.steps import durability, speed_point, spin_up, thermal_rise
from rig.steps.context import StepContext
from rig.steps.params import Param


@dataclass(frozen=True)
class StepKind:
    """One kind of step.

    ``measurements(heads, motors)`` lists what the kind can produce for a
    product of that shape (name -> unit); the spec validator refuses limits
    for anything else. ``expected_duration_s`` is in simulated seconds.
    """

    name: str
    measurements: Callable[[int, int], dict[str, str]]
    params: Mapping[str, Param]
    run: Callable[[StepContext], None]
    expected_duration_s: Callable[[Mapping[str, Any]], float]
    summary: str = ""


def _kind(name: str, module: Any) -> StepKind:
    return StepKind(name=name, measurements=module.measurements, params=MappingProxyType(module.PARAMS),
                    run=module.run, expected_duration_s=module.expected_duration_s,
                    summary=(module.__doc__ or "").strip().splitlines()[0])


STEP_KINDS: Mapping[str, StepKind] = MappingProxyType({
    "spin_up": _kind("spin_up", spin_up),
    "speed_point": _kind("speed_point", speed_point),
    "thermal_rise": _kind("thermal_rise", thermal_rise),
    "durability": _kind("durability", durability),
})


def step_kind(name: str) -> StepKind:
    """Return a step kind by name; raise KeyError naming the known kinds."""
    try:
        return STEP_KINDS[name]
    except KeyError:
        raise KeyError(f"unknown step kind {name!r} (known: {', '.join(sorted(STEP_KINDS))})") from None

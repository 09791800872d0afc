"""How a step kind declares its parameters, and how a step reads them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Param:
    """One parameter of a step kind: its type, its default and whether zero is allowed."""

    type: type  # int or float (an int is accepted where a float is asked)
    default: float | int
    allow_zero: bool = False
    doc: str = ""

    def check(self, value: Any) -> str | None:
        """Return what is wrong with a value, None when it is fine."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"expected {'an integer' if self.type is int else 'a number'}, got {value!r}"
        if self.type is int and not isinstance(value, int):
            return f"expected an integer, got {value!r}"
        if value != value or value in (float("inf"), float("-inf")):
            return f"expected a finite number, got {value!r}"
        if value < 0 or (value == 0 and not self.allow_zero):
            return f"must be {'zero or more' if self.allow_zero else 'positive'}, got {value!r}"
        return None


def with_defaults(declared: Mapping[str, Param], given: Mapping[str, Any]) -> dict[str, Any]:
    """Return the given params with every missing one at its default, in declaration order."""
    return {name: given.get(name, param.default) for name, param in declared.items()}

"""Temperature rises, compensated for the ambient's own drift."""

from __future__ import annotations

from collections.abc import Mapping


def temperature_rises_k(initial_c: Mapping[str, float], final_c: Mapping[str, float],
                        ambient: str) -> dict[str, float]:
    """Return each point's rise (final - initial) minus the ambient's rise, in kelvin.

    The ambient channel itself is left out of the result.
    """
    ambient_rise = final_c[ambient] - initial_c[ambient]
    return {name: (final_c[name] - initial_c[name]) - ambient_rise
            for name in initial_c if name != ambient}

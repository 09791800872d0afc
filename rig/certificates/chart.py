"""Draw one measurement of every unit of a batch against its limits (reportlab graphics)."""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors

from rig.model import Limits

_PASS_BAND = colors.Color(0.86, 0.94, 0.86)
_LIMIT = colors.Color(0.75, 0.1, 0.1)
_POINT = colors.Color(0.1, 0.25, 0.55)
_AXIS = colors.Color(0.3, 0.3, 0.3)
_GRID = colors.Color(0.85, 0.85, 0.85)
_FONT = "Helvetica"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Return round tick values covering [low, high], about ``count`` of them."""
    span = high - low if high > low else abs(high) or 1.0
    raw_step = span / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw_step)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        if value >= low - step * 1e-9:
            ticks.append(round(value, 10))
        value += step
    return ticks


def _value_range(values: list[float], limits: Limits) -> tuple[float, float]:
    points = [v for v in values if v == v]
    points += [x for x in (limits.low, limits.high) if x is not None]
    low, high = min(points), max(points)
    pad = (high - low) * 0.12 or abs(high) * 0.1 or 1.0
    return low - pad, high + pad


def measurement_chart(name: str, unit: str, values: list[float | None], limits: Limits, *,
                      width_pt: float = 500, height_pt: float = 165) -> Drawing:
    """Return a strip chart: one dot per unit (numbered in table order), the limits as lines."""
    drawing = Drawing(width_pt, height_pt)
    left, right, bottom, top = 46.0, width_pt - 70.0, 26.0, height_pt - 18.0
    taken = [v for v in values if v is not None]
    if not taken:
        drawing.add(String(left, height_pt / 2, f"{name}: no values", fontName=_FONT, fontSize=8))
        return drawing
    y_low, y_high = _value_range(taken, limits)

    def y_of(value: float) -> float:
        return bottom + (value - y_low) / (y_high - y_low) * (top - bottom)

    def x_of(position: int) -> float:  # 1-based unit number
        return left + (position - 0.5) / len(values) * (right - left)

    drawing.add(String(left, height_pt - 10, f"{name} ({unit}) of each certified unit against "
                       f"its limits", fontName=_FONT + "-Bold", fontSize=8.5))
    _draw_band(drawing, limits, y_of, left, right, bottom, top)
    _draw_y_axis(drawing, y_low, y_high, y_of, left, right)
    _draw_limits(drawing, limits, unit, y_of, left, right)
    _draw_x_axis(drawing, len(values), x_of, left, right, bottom)
    for position, value in enumerate(values, start=1):
        if value is not None:
            inside = limits.judge(value).value == "PASS"
            drawing.add(Circle(x_of(position), y_of(value), 2.2, strokeWidth=0,
                               fillColor=_POINT if inside else _LIMIT))
    return drawing


def _draw_band(drawing: Drawing, limits: Limits, y_of, left: float, right: float,
               bottom: float, top: float) -> None:
    band_low = y_of(limits.low) if limits.low is not None else bottom
    band_high = y_of(limits.high) if limits.high is not None else top
    drawing.add(Rect(left, band_low, right - left, band_high - band_low,
                     fillColor=_PASS_BAND, strokeColor=None))


def _draw_y_axis(drawing: Drawing, y_low: float, y_high: float, y_of, left: float,
                 right: float) -> None:
    for tick in nice_ticks(y_low, y_high):
        y = y_of(tick)
        drawing.add(Line(left, y, right, y, strokeColor=_GRID, strokeWidth=0.4))
        drawing.add(String(left - 4, y - 2.5, f"{tick:g}", fontName=_FONT, fontSize=7,
                           textAnchor="end", fillColor=_AXIS))
    drawing.add(Line(left, y_of(y_low), left, y_of(y_high), strokeColor=_AXIS, strokeWidth=0.6))


def _draw_limits(drawing: Drawing, limits: Limits, unit: str, y_of, left: float,
                 right: float) -> None:
    for label, value in (("max", limits.high), ("min", limits.low)):
        if value is None:
            continue
        y = y_of(value)
        drawing.add(Line(left, y, right, y, strokeColor=_LIMIT, strokeWidth=0.9,
                         strokeDashArray=[3, 2]))
        drawing.add(String(right + 4, y - 2.5, f"{label} {value:g} {unit}", fontName=_FONT,
                           fontSize=7, fillColor=_LIMIT))


def _draw_x_axis(drawing: Drawing, count: int, x_of, left: float, right: float,
                 bottom: float) -> None:
    drawing.add(Line(left, bottom, right, bottom, strokeColor=_AXIS, strokeWidth=0.6))
    every = max(1, math.ceil(count / 25))
    for position in range(1, count + 1):
        if position == 1 or position % every == 0:
            drawing.add(String(x_of(position), bottom - 9, str(position), fontName=_FONT,
                               fontSize=6.5, textAnchor="middle", fillColor=_AXIS))
    drawing.add(String((left + right) / 2, bottom - 20, "unit number (as in the unit list)",
                       fontName=_FONT, fontSize=7, textAnchor="middle", fillColor=_AXIS))

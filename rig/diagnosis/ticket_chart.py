"""Draw a telling plot (lines or points on x-y axes) for the repair ticket, in reportlab graphics."""

from __future__ import annotations

import numpy as np
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String
from reportlab.lib import colors

from rig.certificates.chart import nice_ticks
from rig.diagnosis.telling import TellingPlot

_COLOURS = (colors.Color(0.55, 0.55, 0.55), colors.Color(0.1, 0.25, 0.55), colors.Color(0.75, 0.1, 0.1))
_AXIS = colors.Color(0.3, 0.3, 0.3)
_GRID = colors.Color(0.85, 0.85, 0.85)
_MARK = colors.Color(0.85, 0.45, 0.1)
_FONT = "Helvetica"


def plot_drawing(plot: TellingPlot, *, width_pt: float = 500, height_pt: float = 220) -> Drawing:
    """Return the plot as a drawing: grid, axes with round ticks, series, vertical marks."""
    drawing = Drawing(width_pt, height_pt)
    left, right, bottom, top = 50.0, width_pt - 12.0, 34.0, height_pt - 22.0
    xs = np.concatenate([s.x[np.isfinite(s.x)] for s in plot.series])
    ys = np.concatenate([s.y[np.isfinite(s.y)] for s in plot.series])
    if xs.size == 0 or ys.size == 0:
        drawing.add(String(left, height_pt / 2, f"{plot.title}: no values", fontName=_FONT, fontSize=8))
        return drawing
    x_low, x_high = float(xs.min()), float(xs.max()) or 1.0
    pad = (float(ys.max()) - float(ys.min())) * 0.08 or 1.0
    y_low, y_high = float(ys.min()) - pad, float(ys.max()) + pad

    def x_of(x: float) -> float:
        return left + (x - x_low) / ((x_high - x_low) or 1.0) * (right - left)

    def y_of(y: float) -> float:
        return bottom + (y - y_low) / ((y_high - y_low) or 1.0) * (top - bottom)

    drawing.add(String(left, height_pt - 12, plot.title, fontName=_FONT + "-Bold", fontSize=9))
    for tick in nice_ticks(y_low, y_high):
        drawing.add(Line(left, y_of(tick), right, y_of(tick), strokeColor=_GRID, strokeWidth=0.4))
        drawing.add(String(left - 4, y_of(tick) - 2.5, f"{tick:g}", fontName=_FONT, fontSize=7,
                           textAnchor="end", fillColor=_AXIS))
    for tick in nice_ticks(x_low, x_high, 8):
        drawing.add(String(x_of(tick), bottom - 10, f"{tick:g}", fontName=_FONT, fontSize=7,
                           textAnchor="middle", fillColor=_AXIS))
    drawing.add(Line(left, bottom, right, bottom, strokeColor=_AXIS, strokeWidth=0.6))
    drawing.add(Line(left, bottom, left, top, strokeColor=_AXIS, strokeWidth=0.6))
    drawing.add(String((left + right) / 2, bottom - 22, plot.x_label, fontName=_FONT, fontSize=7.5,
                       textAnchor="middle", fillColor=_AXIS))
    drawing.add(String(8, top + 4, plot.y_label, fontName=_FONT, fontSize=7.5, fillColor=_AXIS))
    for x in plot.marks_x:
        if x_low <= x <= x_high:
            drawing.add(Line(x_of(x), bottom, x_of(x), top, strokeColor=_MARK, strokeWidth=0.5,
                             strokeDashArray=[2, 2]))
    for index, series in enumerate(plot.series):
        colour = _COLOURS[index % len(_COLOURS)] if len(plot.series) > 1 else _COLOURS[1]
        finite = np.isfinite(series.x) & np.isfinite(series.y)
        points = [(x_of(x), y_of(y)) for x, y in zip(series.x[finite], series.y[finite], strict=True)]
        if series.points:
            for x, y in points:
                drawing.add(Circle(x, y, 2.6, fillColor=colour, strokeWidth=0))
        elif len(points) > 1:
            drawing.add(PolyLine([c for p in points for c in p], strokeColor=colour, strokeWidth=0.7))
        # The legend sits above the plot area, where no data can hide it.
        drawing.add(String(right - 90 * index, height_pt - 12, series.label, fontName=_FONT, fontSize=7.5,
                           textAnchor="end", fillColor=colour))
    return drawing

"""The statistics plots: histogram with limits, individuals and moving-range chart, Pareto.

Each plot makes its items once and updates them with ``setData``/``setOpts``.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from rig.stats import CapabilityReport, ControlReport, ParetoReport

LIMIT_PEN = pg.mkPen("#c62828", width=2, style=Qt.PenStyle.DashLine)
CENTRE_PEN = pg.mkPen("#2e7d32", width=2)
CONTROL_PEN = pg.mkPen("#ef6c00", width=1.5, style=Qt.PenStyle.DashLine)
DATA_PEN = pg.mkPen("#1f77b4", width=1.5)
BAR_BRUSH = pg.mkBrush("#90caf9")
VIOLATION_BRUSH = pg.mkBrush("#c62828")
LABEL_OPTS = {"position": 0.92, "color": "#333", "fill": (255, 255, 255, 200), "movable": True}
# The control lines' labels sit right of the last run, in a margin kept free for them, so
# they never cover a point; the first run keeps half a run of room on its left.
CHART_LABEL_OPTS = {**LABEL_OPTS, "position": 0.97, "anchors": [(1, 1), (1, 1)]}
LABEL_MARGIN_SHARE = 0.18  # of the runs shown, added on the right for the labels
MIN_LABEL_MARGIN_RUNS = 2.5


def _plain_axes(plot: pg.PlotWidget) -> None:
    # Engineers compare the axis with limits written in the spec's own units: no "x0.001".
    for side in ("left", "bottom"):
        plot.getAxis(side).enableAutoSIPrefix(False)


def _plot(title: str, x_label: str, y_label: str) -> pg.PlotWidget:
    plot = pg.PlotWidget(background="w")
    _plain_axes(plot)
    plot.setTitle(title, color="#222", size="11pt")
    plot.setLabel("bottom", x_label)
    plot.setLabel("left", y_label)
    plot.showGrid(x=True, y=True, alpha=0.2)
    return plot


def _line(angle: int, pen: pg.QtGui.QPen, label: str, opts: dict = LABEL_OPTS) -> pg.InfiniteLine:
    return pg.InfiniteLine(angle=angle, pen=pen, label=label, labelOpts=opts)


def chart_x_range(n: int) -> tuple[float, float]:
    """Return the run axis of a control chart: every point whole, and room for the line labels."""
    return 0.5, n + 0.5 + max(MIN_LABEL_MARGIN_RUNS, LABEL_MARGIN_SHARE * n)


def _place(line: pg.InfiniteLine, value: float | None) -> None:
    line.setVisible(value is not None)
    if value is not None:
        line.setValue(value)


class HistogramPlot(pg.PlotWidget):
    """The values of one measurement in bins, its limits and its mean."""

    def __init__(self) -> None:
        super().__init__(background="w")
        _plain_axes(self)
        self.setLabel("left", "runs")
        self.showGrid(x=True, y=True, alpha=0.2)
        self.bars = pg.BarGraphItem(x0=[], x1=[], height=[], brush=BAR_BRUSH, pen=pg.mkPen("#1565c0"))
        self.low_line = _line(90, LIMIT_PEN, "min {value:.4g}")
        self.high_line = _line(90, LIMIT_PEN, "max {value:.4g}")
        self.mean_line = _line(90, CENTRE_PEN, "mean {value:.4g}")
        for item in (self.bars, self.low_line, self.high_line, self.mean_line):
            self.addItem(item)

    def show_report(self, report: CapabilityReport | None) -> None:
        if report is None:
            self.bars.setOpts(x0=[], x1=[], height=[])
            for line in (self.low_line, self.high_line, self.mean_line):
                line.setVisible(False)
            self.setTitle("no values")
            return
        edges, c = report.histogram.edges, report.capability
        self.bars.setOpts(x0=edges[:-1], x1=edges[1:], height=report.histogram.counts)
        _place(self.low_line, c.low)
        _place(self.high_line, c.high)
        _place(self.mean_line, c.mean)
        self.setLabel("bottom", f"{report.measurement} ({c.unit})")
        self.setTitle(f"Histogram of {report.measurement}, n = {c.n}", color="#222", size="11pt")
        self.autoRange()


class ControlCharts(QWidget):
    """The individuals chart over the moving-range chart, run-rule violations in red."""

    def __init__(self) -> None:
        super().__init__()
        self.individuals = _plot("Individuals", "run (oldest first)", "value")
        self.ranges = _plot("Moving range", "run (oldest first)", "range")
        self.ranges.setXLink(self.individuals)
        self.values = self.individuals.plot([], [], pen=DATA_PEN, symbol="o", symbolSize=5,
                                            symbolBrush="#1f77b4")
        self.flagged = pg.ScatterPlotItem(size=11, brush=VIOLATION_BRUSH, pen=None, symbol="o")
        self.individuals.addItem(self.flagged)
        self.centre = _line(0, CENTRE_PEN, "CL {value:.4g}", CHART_LABEL_OPTS)
        self.ucl = _line(0, CONTROL_PEN, "UCL {value:.4g}", CHART_LABEL_OPTS)
        self.lcl = _line(0, CONTROL_PEN, "LCL {value:.4g}", CHART_LABEL_OPTS)
        for line in (self.centre, self.ucl, self.lcl):
            self.individuals.addItem(line)
        self.moving = self.ranges.plot([], [], pen=DATA_PEN, symbol="o", symbolSize=4,
                                       symbolBrush="#1f77b4")
        self.ranges_flagged = pg.ScatterPlotItem(size=11, brush=VIOLATION_BRUSH, pen=None)
        self.ranges.addItem(self.ranges_flagged)
        self.mr_bar = _line(0, CENTRE_PEN, "MR-bar {value:.3g}", CHART_LABEL_OPTS)
        self.ucl_mr = _line(0, CONTROL_PEN, "UCL {value:.3g}", CHART_LABEL_OPTS)
        self.ranges.addItem(self.mr_bar)
        self.ranges.addItem(self.ucl_mr)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.individuals, 3)
        layout.addWidget(self.ranges, 2)

    def show_report(self, report: ControlReport | None) -> None:
        if report is None:
            for item in (self.values, self.moving):
                item.setData([], [])
            self.flagged.setData([], [])
            self.ranges_flagged.setData([], [])
            return
        chart = report.chart
        x = np.arange(1, chart.n + 1)
        self.values.setData(x, chart.values)
        points = sorted({p for v in chart.violations for p in v.points})
        self.flagged.setData(x[points], np.asarray(chart.values)[points])
        _place(self.centre, chart.center)
        _place(self.ucl, chart.ucl)
        _place(self.lcl, chart.lcl)
        self.moving.setData(x[1:], chart.moving_ranges)
        self.ranges_flagged.setData(x[chart.mr_out], np.asarray(chart.moving_ranges)[
            [p - 1 for p in chart.mr_out]])
        _place(self.mr_bar, chart.mr_bar)
        _place(self.ucl_mr, chart.ucl_mr)
        rules = len(chart.violations)
        self.individuals.setTitle(f"Individuals of {report.measurement}: "
                                  f"{len(points)} point(s) break {rules} run rule(s)",
                                  color="#222", size="11pt")
        self.individuals.autoRange()
        self.ranges.autoRange()
        self.individuals.setXRange(*chart_x_range(chart.n), padding=0)  # the ranges chart is linked


class ParetoPlot(pg.PlotWidget):
    """Failing measurements as horizontal bars, most failures on top."""

    def __init__(self) -> None:
        super().__init__(background="w")
        _plain_axes(self)
        self.setTitle("Pareto of failing measurements", color="#222", size="11pt")
        self.setLabel("bottom", "failures")
        self.showGrid(x=True, alpha=0.2)
        self.bars = pg.BarGraphItem(x0=[], y=[], width=[], height=0.7, brush=pg.mkBrush("#ef9a9a"),
                                    pen=pg.mkPen("#c62828"))
        self.addItem(self.bars)

    def show_report(self, report: ParetoReport) -> None:
        rows = report.rows
        y = np.arange(len(rows))[::-1]  # the largest count on top
        self.bars.setOpts(x0=np.zeros(len(rows)), y=y, width=[r.failures for r in rows], height=0.7)
        ticks = [(float(pos), f"{r.measurement} ({r.cumulative_percent:.0f} % cum.)")
                 for pos, r in zip(y, rows, strict=True)]
        self.getAxis("left").setTicks([ticks])
        if rows:
            self.autoRange()

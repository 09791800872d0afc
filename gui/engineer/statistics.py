"""The statistics view: capability, I-MR chart, yield and Pareto of one product's stored runs.

The numbers come from ``Engineering.statistics``, which calls the functions
behind ``rig stats ... --json``; this view only formats them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.engineer.common import fill_table, product_picker, read_only_table, select_product
from gui.engineer.stat_plots import ControlCharts, HistogramPlot, ParetoPlot
from rig.engineering import Engineering, Statistics, percent
from rig.stats import GROUPINGS, Capability, ControlChart

ALL_REVISIONS = "all revisions"
YIELD_COLUMNS = ("Group", "Units", "First pass", "First-pass yield", "Final yield", "Unjudged runs")


def _num(value: float | None, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def capability_lines(c: Capability) -> list[str]:
    """Return the capability numbers as the view prints them."""
    def with_interval(label: str, value: float | None, interval) -> str:
        ci = (f"  ({interval.confidence:.0%} CI {interval.low:.3f} to {interval.high:.3f})"
              if interval else "")
        return f"{label} {_num(value, '.3f')}{ci}"

    return [f"n {c.n}    mean {c.mean:.5g} {c.unit}    std {c.std:.4g} {c.unit}    "
            f"limits [{_num(c.low, 'g')}, {_num(c.high, 'g')}]",
            with_interval("Cp ", c.cp, c.cp_interval),
            with_interval("Cpk", c.cpk, c.cpk_interval),
            f"out of limits {c.observed_out}    expected {_num(c.expected_out_ppm, '.1f')} ppm"]


def rule_lines(chart: ControlChart) -> list[str]:
    """Return one line per broken run rule of an I-MR chart (red points on the chart)."""
    lines = [f"rule {v.rule}: {v.description}: {len(v.points)} point(s)" for v in chart.violations]
    if chart.mr_out:
        lines.append(f"moving range above its UCL: {len(chart.mr_out)} point(s)")
    return lines or ["no run rule broken"]


class StatisticsView(QWidget):
    """Pick a product and measurement; show what the stored runs say about them."""

    def __init__(self, engineering: Engineering, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._engineering = engineering
        self.statistics: Statistics | None = None
        self.product = product_picker(engineering)
        self.measurement = QComboBox()
        self.measurement.setMinimumContentsLength(24)
        self.revision = QComboBox()
        self.grouping = QComboBox()
        self.grouping.addItems(list(GROUPINGS))
        self.refresh_button = QPushButton("Refresh")
        self.numbers = QLabel(textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        self.numbers.setStyleSheet("font-family: monospace; font-size: 11pt;")
        self.notes = QLabel(wordWrap=True, styleSheet="color: #6d4c41;")
        self.histogram = HistogramPlot()
        self.control = ControlCharts()
        self.yield_table = read_only_table(YIELD_COLUMNS, stretch_column=0)
        self.pareto = ParetoPlot()
        self._lay_out()
        self.product.currentIndexChanged.connect(self._product_changed)
        for box in (self.measurement, self.revision, self.grouping):
            box.activated.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self._product_changed()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        for label, widget in (("Product", self.product), ("Measurement", self.measurement),
                              ("Spec", self.revision), ("Yield by", self.grouping)):
            top.addWidget(QLabel(label))
            top.addWidget(widget)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.numbers)
        left.addWidget(self.notes)
        left.addWidget(QLabel("<b>Yield</b> (a unit counts once, by its first judged attempt)"))
        left.addWidget(self.yield_table, 1)
        grid = QGridLayout()
        grid.addWidget(self.histogram, 0, 0)
        grid.addWidget(self.control, 0, 1)
        grid.addLayout(left, 1, 0)
        grid.addWidget(self.pareto, 1, 1)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid, 1)

    def _product_changed(self) -> None:
        product = self.product.currentData() or ""
        if not product:
            return
        self.measurement.clear()
        self.measurement.addItems(self._engineering.measurements(product))
        self.revision.clear()
        self.revision.addItem(ALL_REVISIONS)
        self.revision.addItems([f"revision {info.revision}"
                                for info in self._engineering.history(product)])
        self.refresh()

    def show_measurement(self, product: str, measurement: str) -> None:
        """Choose a product and measurement and show them, as the combo boxes would."""
        select_product(self.product, product)
        self.measurement.setCurrentText(measurement)
        self.refresh()

    def refresh(self) -> None:
        """Read the index again and redraw."""
        product, measurement = self.product.currentData() or "", self.measurement.currentText()
        if not (product and measurement):
            return
        chosen = self.revision.currentText()
        revision = None if chosen in ("", ALL_REVISIONS) else int(chosen.split()[-1])
        self.statistics = self._engineering.statistics(
            product, measurement, by=self.grouping.currentText(), spec_revision=revision)
        self._show(self.statistics)

    def _show(self, stats: Statistics) -> None:
        cap = stats.capability
        lines = capability_lines(cap.capability) if cap else []
        if stats.control is not None:
            lines += rule_lines(stats.control.chart)
        self.numbers.setText("\n".join(lines))
        self.notes.setText(" ".join(stats.notes))
        self.histogram.show_report(cap)
        self.control.show_report(stats.control)
        rows = [*stats.yields.rows, stats.yields.total]
        fill_table(self.yield_table, [(r.group, str(r.units), str(r.first_pass),
                                       percent(r.first_pass_yield), percent(r.final_yield),
                                       str(r.unjudged_runs)) for r in rows])
        self.pareto.show_report(stats.pareto)

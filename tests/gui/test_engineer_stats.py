"""The statistics view on real widgets: its numbers are those of ``rig stats``."""

from __future__ import annotations

import pytest
from test_engineer_support import PRODUCT, station_data_in

from gui.engineer.statistics import StatisticsView
from rig.stats import capability_report, control_report, pareto_report, yield_report


@pytest.fixture
def station_data(tmp_path):
    yield from station_data_in(tmp_path)


def test_the_view_shows_the_capability_reports_cpk_and_draws_the_limits(qtbot, station_data):
    station_data.production(batches=3, units=25)
    view = StatisticsView(station_data.engineering)
    qtbot.addWidget(view)
    view.show_measurement(PRODUCT, "high.current")

    expected = capability_report(station_data.index, PRODUCT, "high.current").capability
    shown = view.statistics.capability.capability
    assert shown.to_dict() == expected.to_dict()
    text = view.numbers.text()
    assert f"Cpk {expected.cpk:.3f}" in text
    assert f"CI {expected.cpk_interval.low:.3f} to {expected.cpk_interval.high:.3f}" in text
    assert f"n {expected.n} " in text
    assert view.histogram.low_line.value() == 0.45 and view.histogram.high_line.value() == 0.75
    assert sum(view.histogram.bars.opts["height"]) == expected.n

    chart = control_report(station_data.index, PRODUCT, "high.current").chart
    assert view.control.ucl.value() == pytest.approx(chart.ucl)
    assert list(view.control.values.getData()[1]) == chart.values


def test_yield_by_batch_and_the_pareto_match_the_reports(qtbot, station_data):
    station_data.production(batches=3, units=25)
    view = StatisticsView(station_data.engineering)
    qtbot.addWidget(view)
    view.grouping.setCurrentText("batch")
    view.show_measurement(PRODUCT, "high.current")

    report = yield_report(station_data.index, PRODUCT, "batch")
    groups = [view.yield_table.item(r, 0).text() for r in range(view.yield_table.rowCount())]
    assert groups == [row.group for row in report.rows] + [report.total.group]
    assert groups[:3] == ["L26-001", "L26-002", "L26-003"]
    pareto = pareto_report(station_data.index, PRODUCT)
    assert pareto.rows and pareto.rows[0].measurement == "high.current"
    assert list(view.pareto.bars.opts["width"]) == [row.failures for row in pareto.rows]


def test_a_measurement_without_values_says_so(qtbot, station_data):
    station_data.run("GPM-000001", "L26-001")  # an eol run: no thermal values
    view = StatisticsView(station_data.engineering)
    qtbot.addWidget(view)
    view.show_measurement(PRODUCT, "thermal.housing_rise")
    assert view.statistics.capability is None
    assert "no values of thermal.housing_rise" in view.notes.text()
    assert view.numbers.text() == ""

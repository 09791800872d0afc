"""Fixed engineering items on real widgets over real data files: the histogram's limit after a new
revision, the I-MR chart's first point and labels, product names, a steady Reason field, and the
PIN asked before publishing and issuing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from test_engineer_support import ENGINEER, PRODUCT, station_data_in

from gui.engineer.area import EngineeringArea
from rig.users import Signature


@pytest.fixture
def station_data(tmp_path):
    yield from station_data_in(tmp_path)


def runs(station_data, count: int = 8) -> None:
    for n in range(count):
        station_data.run(f"GPM-{n + 1:06d}", "L26-001", high_current_a=0.55 + 0.02 * n)


def publish_high_current(qtbot, area, high: str) -> None:
    editor = area.limits
    editor.select_measurement("high.current")
    editor.high_edit.clear()
    qtbot.keyClicks(editor.high_edit, high)
    qtbot.mouseClick(editor.what_if_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.reason_edit, "tighter band")
    qtbot.mouseClick(editor.publish_button, Qt.MouseButton.LeftButton)


def signed(user, meaning: str) -> Signature:
    """Return the signature the PIN dialog gives once the right PIN is typed."""
    return Signature(user.user_id, user.name, user.role, meaning, "2026-12-02T08:00:00+00:00")


def test_the_histogram_draws_the_limit_in_force_after_a_new_revision(qtbot, station_data):
    runs(station_data)
    asked = []
    area = EngineeringArea(station_data.engineering, confirm=lambda user, what, meaning: asked.append(what) or signed(user, meaning))
    qtbot.addWidget(area)
    area.set_user(ENGINEER)
    publish_high_current(qtbot, area, "0.68")
    assert "Published revision 2" in area.limits.message.text()
    assert len(asked) == 1 and "revision 2" in asked[0] and "tighter band" in asked[0]
    area.statistics.show_measurement(PRODUCT, "high.current")
    assert area.statistics.histogram.high_line.value() == pytest.approx(0.68)


def test_a_refused_pin_publishes_nothing(qtbot, station_data):
    runs(station_data, 2)
    area = EngineeringArea(station_data.engineering, confirm=lambda user, what, meaning: None)
    qtbot.addWidget(area)
    area.set_user(ENGINEER)
    publish_high_current(qtbot, area, "0.68")
    assert "not confirmed" in area.limits.message.text()
    assert station_data.specs.current(PRODUCT).revision == 1


def test_issuing_asks_for_the_pin_first(qtbot, station_data, tmp_path):
    station_data.good_batch("L26-050", units=8, sampled=5)
    area = EngineeringArea(station_data.engineering, confirm=lambda user, what, meaning: None)
    qtbot.addWidget(area)
    area.set_user(ENGINEER)
    view = area.certificate
    view.reload_batches()
    view.batch.setCurrentText("L26-050")
    view.review_batch()
    out = tmp_path / "coc.pdf"
    view.out_path.setText(str(out))
    qtbot.mouseClick(view.issue_button, Qt.MouseButton.LeftButton)
    assert not out.exists() and "not confirmed" in view.message.text()


def test_the_pin_dialog_accepts_only_the_users_pin(qtbot, accounts):
    from gui.pin_confirm import PinConfirmation

    user = accounts.authenticate("t1", "1234")
    dialog = PinConfirmation(accounts, user, "Publish revision 2", "approved")
    qtbot.addWidget(dialog)
    dialog.pin.setText("9999")
    dialog.check()
    assert dialog.result() == 0 and "Wrong PIN" in dialog.message.text()
    dialog.pin.setText("1234")
    dialog.check()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert (dialog.signature.user_id, dialog.signature.meaning) == ("t1", "approved")


def test_the_control_chart_shows_its_first_point_whole_and_no_label_on_the_last(qtbot, station_data):
    runs(station_data)
    area = EngineeringArea(station_data.engineering)
    qtbot.addWidget(area)
    area.resize(1600, 1000)
    area.show()
    area.tabs.setCurrentWidget(area.statistics)
    area.statistics.show_measurement(PRODUCT, "high.current")
    charts = area.statistics.control
    qtbot.wait(50)
    (x_low, x_high), _ = charts.individuals.getViewBox().viewRange()
    x, y = charts.values.getData()
    assert x_low <= x[0] - 0.4 and x_high >= x[-1] + 1.0
    view = charts.individuals.getViewBox()
    last_point = view.mapViewToScene(QPointF(float(x[-1]), float(y[-1])))
    for line in (charts.centre, charts.ucl, charts.lcl):
        label_rect = line.label.mapRectToScene(line.label.boundingRect())
        assert not label_rect.adjusted(-6, -6, 6, 6).contains(last_point), line.label.toPlainText()


def test_product_pickers_show_names(qtbot, station_data):
    area = EngineeringArea(station_data.engineering)
    qtbot.addWidget(area)
    for picker in (area.limits.product, area.revisions.product, area.statistics.product):
        assert picker.currentText() == "General Purpose Massager" and picker.currentData() == PRODUCT


def test_the_what_if_text_does_not_move_the_reason_field(qtbot, station_data):
    runs(station_data, 4)
    area = EngineeringArea(station_data.engineering)
    qtbot.addWidget(area)
    area.resize(1600, 1000)
    area.show()
    area.set_user(ENGINEER)
    editor = area.limits
    editor.select_measurement("high.current")
    qtbot.wait(20)
    before = editor.reason_edit.mapTo(area, editor.reason_edit.rect().topLeft())
    editor.high_edit.setText("0.6")
    qtbot.mouseClick(editor.what_if_button, Qt.MouseButton.LeftButton)
    qtbot.wait(20)
    assert editor.what_if_text.text().count("\n") >= 3
    assert editor.reason_edit.mapTo(area, editor.reason_edit.rect().topLeft()) == before

"""The spec limits editor and the revision history on real widgets over real data files."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from test_engineer_support import ENGINEER, PRODUCT, TECHNICIAN, station_data_in

from gui.engineer.area import EngineeringArea
from gui.main_window import MainWindow


@pytest.fixture
def station_data(tmp_path):
    yield from station_data_in(tmp_path)


def test_an_engineer_sees_the_what_if_then_publishes_with_a_reason(qtbot, station_data):
    for current_a in (0.55, 0.60, 0.64, 0.66, 0.72, 0.78):
        station_data.run(f"GPM-{int(current_a * 1000):06d}", "L26-001", high_current_a=current_a)
    area = EngineeringArea(station_data.engineering)
    qtbot.addWidget(area)
    area.set_user(ENGINEER)
    editor = area.limits
    assert "Revision <b>1</b>" in editor.revision_label.text()

    editor.select_measurement("high.current")
    assert (editor.low_edit.text(), editor.high_edit.text()) == ("0.45", "0.75")
    editor.high_edit.clear()
    qtbot.keyClicks(editor.high_edit, "0.65")
    assert not editor.publish_button.isEnabled()  # no what-if seen yet
    qtbot.mouseClick(editor.what_if_button, Qt.MouseButton.LeftButton)
    shown = editor.what_if_text.text()
    assert "Replayed 6 judged runs" in shown
    assert "before 83.3 % (5 passed), after 50.0 % (3 passed)" in shown
    assert "PASS -> FAIL: 2 units: GPM-000660, GPM-000720" in shown

    assert not editor.publish_button.isEnabled()  # a reason is still missing
    qtbot.keyClicks(editor.reason_edit, "motor supplier change: tighter current band")
    assert editor.publish_button.text() == "Publish as revision 2"
    qtbot.mouseClick(editor.publish_button, Qt.MouseButton.LeftButton)

    assert "Published revision 2" in editor.message.text()
    assert station_data.specs.current(PRODUCT).limits("high.current").high == 0.65
    assert "Revision <b>2</b>" in editor.revision_label.text()
    entry = station_data.audit.entries()[-1]
    assert (entry.action, entry.actor) == ("spec.set", "eng1")
    assert entry.details["reason"] == "motor supplier change: tighter current band"
    assert entry.details["to"] == {"min": 0.45, "max": 0.65}
    history = area.revisions
    assert history.table.rowCount() == 2 and history.table.item(1, 1).text() == "eng1"
    assert "high.current: [0.45, 0.75] A -> [0.45, 0.65] A" in history.diff_text.toPlainText()


def test_changing_the_numbers_after_the_what_if_asks_for_a_new_one(qtbot, station_data):
    station_data.run("GPM-000001", "L26-001", high_current_a=0.6)
    area = EngineeringArea(station_data.engineering)
    qtbot.addWidget(area)
    area.set_user(ENGINEER)
    editor = area.limits
    editor.select_measurement("high.current")
    editor.high_edit.setText("0.7")
    editor.show_what_if()
    editor.reason_edit.setText("tighter")
    assert editor.publish_button.isEnabled()
    qtbot.keyClicks(editor.high_edit, "5")  # 0.75 again, without a what-if
    assert editor.proposal is None and not editor.publish_button.isEnabled()
    editor.show_what_if()
    assert "already has these limits" in editor.message.text()


def test_the_store_refusal_is_shown_to_someone_who_may_not_publish(qtbot, station_data):
    area = EngineeringArea(station_data.engineering)
    qtbot.addWidget(area)
    area.set_user(TECHNICIAN)  # the window never lets a technician here; the core refuses anyway
    editor = area.limits
    editor.select_measurement("low.current")
    editor.low_edit.setText("0.35")
    editor.show_what_if()
    editor.reason_edit.setText("because")
    editor.publish()
    assert "Not published: t1 (technician) may not change specs" in editor.message.text()
    assert station_data.specs.revisions(PRODUCT) == [1]


def test_a_technician_does_not_get_the_engineering_area(qtbot, fake_session, accounts, station_data):
    window = MainWindow(fake_session, accounts, station_data.engineering)
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.keyClicks(window.sign_in.user_id, "t1")
        qtbot.keyClicks(window.sign_in.pin, "1234")
        qtbot.keyClick(window.sign_in.pin, Qt.Key.Key_Return)
        assert window.user.role == "technician"
        assert not window.engineering_button.isVisible()
        window.open_engineering()  # even when asked directly
        assert window.pages.currentIndex() == 1

        window.sign_out()
        admin = accounts.authenticate("admin", accounts.admin_pin)
        pin = accounts.add_user(by=admin, user_id="eng1", name="Dana Whitfield", role="engineer")
        accounts.set_pin(accounts.authenticate("eng1", pin), "2468")
        window.sign_in.user_id.clear()
        qtbot.keyClicks(window.sign_in.user_id, "eng1")
        qtbot.keyClicks(window.sign_in.pin, "2468")
        qtbot.keyClick(window.sign_in.pin, Qt.Key.Key_Return)
        assert window.engineering_button.isVisible()
        qtbot.mouseClick(window.engineering_button, Qt.MouseButton.LeftButton)
        assert window.pages.currentWidget() is window.engineering
        assert "Dana Whitfield" in window.engineering.user_label.text()
        qtbot.mouseClick(window.engineering.back_button, Qt.MouseButton.LeftButton)
        assert window.pages.currentIndex() == 1
    finally:
        window.worker.shut_down()

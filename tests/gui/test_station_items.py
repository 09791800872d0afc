"""Fixed items on the real window: steps that never ran, unreachable values, sign-out, the first-PIN
message, the serial history and user administration."""

from __future__ import annotations

from conftest import GPM, ScriptedRunner, fake_station, wait_until_idle
from PySide6.QtCore import Qt
from test_flow_fakes import scan, sign_in
from test_line_screen import make_window

from rig.model import Measurement, Verdict
from rig.station_session import StationSession
from rig.users import AuthenticationError


class ThreeStepRunner(ScriptedRunner):
    steps = ("spin_up", "high", "thermal")

    @staticmethod
    def _measure(step, verdict):
        if step == "spin_up":
            return Measurement("spin_up.time_to_90", float("inf"), "s", None, 0.4, Verdict.FAIL, step)
        return ScriptedRunner._measure(step, verdict)


def test_steps_that_never_ran_say_so_and_an_unreached_value_is_no_number(qtbot, accounts, tmp_path):
    window = make_window(qtbot, accounts, tmp_path, ThreeStepRunner().then(Verdict.ERROR, "tachometer: no pulses"))
    try:
        sign_in(qtbot, window)
        scan(qtbot, window, "GPM-000001")
        wait_until_idle(qtbot, window)
        states = window.run_view.steps.step_states()
        assert states == {"spin_up": "FAIL", "high": "ERROR", "thermal": "not run"}
        values = [row[1] for row in window.run_view.steps.measurement_rows()]
        assert values == ["not reached"] and not any("inf" in v for v in values)
    finally:
        window.worker.shut_down()


def test_abort_leaves_no_step_waiting(qtbot, accounts, tmp_path):
    window = make_window(qtbot, accounts, tmp_path, ThreeStepRunner(step_pause_s=5.0))
    try:
        sign_in(qtbot, window)
        scan(qtbot, window, "GPM-000002")
        qtbot.waitUntil(lambda: window.run_view.steps.step_states().get("spin_up") == "running…")
        window.abort_run()
        wait_until_idle(qtbot, window)
        assert window.run_view.steps.step_states() == {"spin_up": "ABORTED", "high": "not run",
                                                        "thermal": "not run"}
    finally:
        window.worker.shut_down()


def test_sign_out_forgets_the_operator_id(qtbot, fake_window):
    sign_in(qtbot, fake_window)
    qtbot.mouseClick(fake_window.sign_out_button, Qt.MouseButton.LeftButton)
    assert fake_window.sign_in.user_id.text() == ""
    qtbot.keyClicks(fake_window.sign_in.user_id, "t1")
    assert fake_window.sign_in.user_id.text() == "t1"


def test_the_first_sign_in_message_is_shown_whole(qtbot, fake_window, accounts):
    admin = accounts.authenticate("admin", accounts.admin_pin)
    pin = accounts.add_user(by=admin, user_id="erin", name="Erin New", role="technician")
    qtbot.keyClicks(fake_window.sign_in.user_id, "erin")
    qtbot.keyClicks(fake_window.sign_in.pin, pin)
    qtbot.keyClick(fake_window.sign_in.pin, Qt.Key.Key_Return)
    message = fake_window.sign_in.message
    assert "first sign-in" in message.text()
    qtbot.waitUntil(lambda: message.height() >= message.heightForWidth(message.width()))


def test_the_history_lists_a_serials_runs_newest_first(qtbot, accounts, tmp_path):
    from tests.rig.test_batches import summary

    runs = [summary("r1", "GPM-000003", "general-purpose", "B1", Verdict.FAIL, "2026-12-01T08:00:00.000+00:00"),
            summary("r2", "GPM-000003", "general-purpose", "B1", Verdict.PASS, "2026-12-01T09:00:00.000+00:00")]
    asked = []
    window = make_window(qtbot, accounts, tmp_path, ScriptedRunner(),
                         history=lambda serial: asked.append(serial) or [r for r in runs if r.serial == serial])
    try:
        sign_in(qtbot, window)
        qtbot.keyClicks(window.chooser.serial, "gpm-000003")
        qtbot.mouseClick(window.history_button, Qt.MouseButton.LeftButton)
        assert window.work_area.currentWidget() is window.history and asked == ["GPM-000003"]
        rows = window.history.rows()
        assert [row[1] for row in rows] == ["PASS", "FAIL"] and rows[0][0] == "2026-12-01 09:00:00"
        assert "FAIL, PASS" in window.history.summary.text()
        qtbot.keyClicks(window.history.serial, "GPM-999999")
        window.history.serial.setText("GPM-999999")
        qtbot.keyClick(window.history.serial, Qt.Key.Key_Return)
        assert window.history.rows() == [] and "No runs" in window.history.summary.text()
        qtbot.mouseClick(window.history.back_button, Qt.MouseButton.LeftButton)
        assert window.work_area.currentWidget() is window.run_view
    finally:
        window.worker.shut_down()


def test_an_administrator_manages_users_in_the_app_and_each_act_is_audited(qtbot, accounts, tmp_path):
    from gui.main_window import MainWindow

    audit = accounts.audit  # the store audits every change itself
    session = StationSession(fake_station(), [GPM], run_unit=ScriptedRunner(), records_dir=tmp_path)
    window = MainWindow(session, accounts)
    qtbot.addWidget(window)
    window.show()
    try:
        sign_in(qtbot, window)
        assert not window.users_button.isVisibleTo(window)  # a technician has no user administration
        qtbot.mouseClick(window.sign_out_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(window.sign_in.user_id, "admin")
        qtbot.keyClicks(window.sign_in.pin, accounts.admin_pin)
        qtbot.keyClick(window.sign_in.pin, Qt.Key.Key_Return)
        admin_pin = "5678"
        window.sign_in.new_pin.setText(admin_pin)
        window.sign_in.repeat_pin.setText(admin_pin)
        qtbot.keyClick(window.sign_in.repeat_pin, Qt.Key.Key_Return)
        qtbot.mouseClick(window.users_button, Qt.MouseButton.LeftButton)
        admin = window.users_admin
        assert window.pages.currentWidget() is admin
        admin.new_id.setText("nora")
        admin.new_name.setText("Nora Night")
        admin.role.setCurrentText("engineer")
        qtbot.mouseClick(admin.add_button, Qt.MouseButton.LeftButton)
        assert "One-time PIN" in admin.message.text()
        first_pin = admin.message.text().rsplit(" ", 1)[1]
        assert accounts.authenticate("nora", first_pin).role == "engineer"
        before = len(audit.entries())
        admin.select("nora")
        admin.role.setCurrentText("technician")
        # The PIN dialog is modal; type the PIN as the dialog would take it: a real signature.
        admin._confirm = lambda user, what, meaning: accounts.sign(user.user_id, admin_pin, meaning)
        qtbot.mouseClick(admin.role_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(admin.reset_button, Qt.MouseButton.LeftButton)
        new_pin = admin.message.text().rsplit(" ", 1)[1]
        assert accounts.authenticate("nora", new_pin).role == "technician"
        qtbot.mouseClick(admin.disable_button, Qt.MouseButton.LeftButton)
        assert not accounts.is_active("nora")
        try:
            accounts.authenticate("nora", new_pin)
            raise AssertionError("a disabled user signed in")
        except AuthenticationError:
            pass
        admin.select("admin")
        qtbot.mouseClick(admin.disable_button, Qt.MouseButton.LeftButton)
        assert "own account" in admin.message.text() and accounts.is_active("admin")
        acts = audit.entries()[before - 1:]
        assert [entry.action for entry in acts] == ["user.add", "user.role", "user.pin_reset",
                                                    "user.disable"]
        assert all(entry.actor == "admin" for entry in acts) and audit.verify() == []
        assert acts[1].details["signature"]["meaning"] == "authorised"
    finally:
        window.worker.shut_down()


def test_a_burst_of_measurements_is_scrolled_into_view_once_with_its_last_row_shown(qtbot):
    # Scrolling lays the whole tree out again: once per burst of events, not once per row.
    from gui.step_list import StepList
    from rig.events import MeasurementMade, RunStarted, StepStarted
    from rig.model import RunRequest

    steps = StepList()
    qtbot.addWidget(steps)
    steps.resize(500, 200)
    steps.show()
    qtbot.waitExposed(steps)
    names = tuple(f"step{number}" for number in range(8))
    scrolls = []
    steps.scrollToItem = lambda item, *hint: (scrolls.append(item), StepList.scrollToItem(steps, item, *hint))
    steps.ingest(RunStarted(RunRequest(GPM, "eol"), "run-1", "run-1.h5", names, 10.0))
    for name in names:
        steps.ingest(StepStarted(name, names.index(name), 1.0))
        for number in range(4):
            steps.ingest(MeasurementMade(Measurement(f"{name}.m{number}", 1.0, "A", 0.0, 2.0,
                                                     Verdict.PASS, name)))
    assert scrolls == []  # none while the burst is still coming in
    qtbot.waitUntil(lambda: len(scrolls) == 1)
    last = steps.topLevelItem(7).child(3)
    assert scrolls == [last] and steps.viewport().rect().contains(steps.visualItemRect(last))

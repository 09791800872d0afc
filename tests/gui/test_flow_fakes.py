"""The technician's flow on real widgets and a real worker thread, against a scripted runner."""

from __future__ import annotations

from conftest import wait_until_idle
from PySide6.QtCore import Qt

from gui.verdict_screen import COLOURS
from rig.model import Verdict


def sign_in(qtbot, window, pin: str = "1234") -> None:
    qtbot.keyClicks(window.sign_in.user_id, "t1")
    qtbot.keyClick(window.sign_in.user_id, Qt.Key.Key_Return)
    qtbot.keyClicks(window.sign_in.pin, pin)
    qtbot.keyClick(window.sign_in.pin, Qt.Key.Key_Return)


def scan(qtbot, window, serial: str) -> None:
    """Type like a keyboard-wedge scanner: the characters, then Enter."""
    qtbot.keyClicks(window.chooser.serial, serial)
    qtbot.keyClick(window.chooser.serial, Qt.Key.Key_Return)


def test_a_wrong_pin_keeps_the_sign_in_screen(qtbot, fake_window):
    sign_in(qtbot, fake_window, pin="9999")
    assert fake_window.pages.currentIndex() == 0
    assert "wrong PIN" in fake_window.sign_in.message.text()
    assert fake_window.sign_in.pin.text() == ""


def test_a_good_scan_runs_on_the_worker_thread_to_pass(qtbot, fake_window, scripted_runner):
    sign_in(qtbot, fake_window)
    assert fake_window.pages.currentIndex() == 1
    assert "Tess Tech" in fake_window.operator_label.text()
    scan(qtbot, fake_window, "GPM-000123")
    assert fake_window.running and fake_window.run_view.abort_button.isEnabled()
    wait_until_idle(qtbot, fake_window)
    assert scripted_runner.threads == ["worker"]
    view = fake_window.run_view
    assert view.banner.word.text() == "PASS"
    assert "pack" in view.instruction.text()
    rows = view.steps.measurement_rows()
    assert ("current", "0.6 A", "0.45 … 0.75 A", "PASS") in rows
    assert "100 %" in fake_window.shift_label.text()
    assert fake_window.session.station.supply.output_on is False
    qtbot.waitUntil(lambda: view.plots.heads[0].waveform_curve.getData()[0] is not None)
    assert view.plots.samples_seen("motor_current") == 2000
    assert fake_window.chooser.serial.text() == "" and fake_window.chooser.serial.isEnabled()


def test_a_wrong_serial_is_refused_and_nothing_runs(qtbot, fake_window, scripted_runner):
    sign_in(qtbot, fake_window)
    scan(qtbot, fake_window, "QHM-000001")
    assert not fake_window.running
    assert "not a serial of the General Purpose Massager" in fake_window.chooser.message.text()
    assert scripted_runner.threads == []


def test_fail_names_the_measurement_then_retest_then_repair(qtbot, fake_window, scripted_runner):
    scripted_runner.then(Verdict.FAIL).then(Verdict.FAIL)
    sign_in(qtbot, fake_window)
    scan(qtbot, fake_window, "GPM-000124")
    wait_until_idle(qtbot, fake_window)
    banner = fake_window.run_view.banner
    assert banner.word.text() == "FAIL"
    assert "high.current = 0.91 A" in banner.detail.text()
    assert "retest" in fake_window.run_view.instruction.text()
    scan(qtbot, fake_window, "GPM-000124")
    wait_until_idle(qtbot, fake_window)
    assert "Send GPM-000124 to repair" in fake_window.run_view.instruction.text()
    scan(qtbot, fake_window, "GPM-000124")
    assert not fake_window.running
    assert "repair" in fake_window.chooser.message.text()


def test_error_is_amber_and_flags_the_instrument(qtbot, fake_window, scripted_runner):
    scripted_runner.then(Verdict.ERROR, "tachometer: no pulses within 1 s")
    sign_in(qtbot, fake_window)
    scan(qtbot, fake_window, "GPM-000125")
    wait_until_idle(qtbot, fake_window)
    banner = fake_window.run_view.banner
    assert banner.word.text() == "ERROR"
    assert "could not measure" in banner.detail.text() and "no pulses" in banner.detail.text()
    assert COLOURS[Verdict.ERROR][0] in banner.styleSheet()
    panel = fake_window.station_panel
    assert "tachometer" in panel.message.text() and panel.message.isVisibleTo(panel)
    qtbot.mouseClick(panel.buttons["tachometer"], Qt.MouseButton.LeftButton)
    assert panel.message.text() == ""


def test_abort_stops_the_run_with_the_supply_off(qtbot, fake_window, scripted_runner):
    scripted_runner.step_pause_s = 5.0
    sign_in(qtbot, fake_window)
    scan(qtbot, fake_window, "GPM-000126")
    qtbot.waitUntil(lambda: fake_window.run_view.steps.topLevelItemCount() == 2)
    qtbot.mouseClick(fake_window.run_view.abort_button, Qt.MouseButton.LeftButton)
    wait_until_idle(qtbot, fake_window, timeout_ms=3000)
    assert fake_window.run_view.banner.word.text() == "ABORTED"
    assert fake_window.session.station.supply.output_on is False


def test_the_one_time_pin_must_be_replaced_at_first_sign_in(qtbot, fake_window, accounts):
    page = fake_window.sign_in
    qtbot.keyClicks(page.user_id, "admin")
    qtbot.keyClick(page.user_id, Qt.Key.Key_Return)
    qtbot.keyClicks(page.pin, accounts.admin_pin)
    qtbot.keyClick(page.pin, Qt.Key.Key_Return)
    assert fake_window.pages.currentIndex() == 0 and page.new_pin.isVisibleTo(page)
    qtbot.keyClicks(page.new_pin, "12")
    qtbot.keyClicks(page.repeat_pin, "12")
    qtbot.keyClick(page.repeat_pin, Qt.Key.Key_Return)
    assert "at least 4 digits" in page.message.text()
    qtbot.keyClicks(page.new_pin, "246810")
    qtbot.keyClicks(page.repeat_pin, "246810")
    qtbot.keyClick(page.repeat_pin, Qt.Key.Key_Return)
    assert fake_window.pages.currentIndex() == 1
    assert not accounts.must_change_pin("admin")
    assert accounts.authenticate("admin", "246810").role == "administrator"

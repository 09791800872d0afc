"""The station window as a line runs it: full-width verdict, acknowledgement, sound, prompts, Esc.

Real window, real worker thread, real session; the runner is scripted.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import GPM, ScriptedRunner, fake_station, wait_until_idle
from PySide6.QtCore import Qt
from test_flow_fakes import scan, sign_in

from gui.sounds import VerdictSound
from gui.station_settings import StationSettings
from rig.diagnosis.model import Diagnosis
from rig.model import Verdict
from rig.specs.prompts import Prompt
from rig.station_session import StationSession

PROMPTS = (Prompt("place_unit", {"en": "Place the unit.", "de": "Gerät auflegen."}),
           Prompt("close_lid", {"en": "Close the lid."}))


def make_window(qtbot, accounts, tmp_path, runner, *, rules=GPM, settings=None, history=None):
    from gui.main_window import MainWindow

    session = StationSession(fake_station(), [rules], run_unit=runner, records_dir=tmp_path)
    window = MainWindow(session, accounts, settings=settings, sound=VerdictSound(True, player="",
                        beep=lambda: None), history=history)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    return window


@pytest.fixture
def line_window(qtbot, accounts, tmp_path, scripted_runner):
    window = make_window(qtbot, accounts, tmp_path, scripted_runner)
    yield window
    window.worker.shut_down()


def run_one(qtbot, window, serial: str) -> None:
    scan(qtbot, window, serial)
    assert window.running, window.chooser.message.text()
    wait_until_idle(qtbot, window)


def test_the_verdict_fills_the_width_with_the_word_over_a_fifth_of_the_height(qtbot, line_window):
    sign_in(qtbot, line_window)
    run_one(qtbot, line_window, "GPM-000001")
    verdict = line_window.verdict
    assert line_window.work_area.currentWidget() is verdict
    assert verdict.word.text() == "PASS" and verdict.serial.text() == "GPM-000001"
    assert verdict.width() >= 0.95 * line_window.centralWidget().width()
    height = line_window.height()
    assert verdict.word.font().pixelSize() >= height / 5
    assert verdict.word.height() >= height / 5
    assert verdict.next_step.font().pixelSize() >= 36 and "pack" in verdict.next_step.text()
    assert line_window.sound.played == [Verdict.PASS]


def test_enter_acknowledges_and_a_new_scan_takes_the_old_verdict_down(qtbot, line_window, scripted_runner):
    scripted_runner.then(Verdict.FAIL).then(Verdict.PASS)
    sign_in(qtbot, line_window)
    run_one(qtbot, line_window, "GPM-000002")
    assert line_window.verdict.word.text() == "FAIL"
    qtbot.keyClick(line_window.chooser.serial, Qt.Key.Key_Return)  # Enter on the empty field
    assert line_window.work_area.currentWidget() is line_window.run_view
    assert line_window.run_view.banner.word.text() == "Ready"
    run_one(qtbot, line_window, "GPM-000003")
    assert line_window.verdict.word.text() == "PASS"
    scan(qtbot, line_window, "GPM-000004")  # the scan acknowledges and starts the next unit
    assert line_window.running and line_window.work_area.currentWidget() is line_window.run_view
    wait_until_idle(qtbot, line_window)
    assert line_window.sound.played == [Verdict.FAIL, Verdict.PASS, Verdict.PASS]


def test_a_refused_scan_clears_the_previous_pass(qtbot, line_window):
    sign_in(qtbot, line_window)
    run_one(qtbot, line_window, "GPM-000010")
    scan(qtbot, line_window, "QHM-000020")
    assert not line_window.running
    assert line_window.work_area.currentWidget() is line_window.run_view
    banner = line_window.run_view.banner
    assert banner.word.text() == "NOT STARTED" and "PASS" not in banner.styleSheet()
    assert "QHM-000020 is not a serial of the General Purpose Massager" in banner.detail.text()
    assert line_window.run_view.instruction.text() == ""


def test_without_acknowledgement_the_verdict_gives_way_by_itself(qtbot, accounts, tmp_path, scripted_runner):
    window = make_window(qtbot, accounts, tmp_path, scripted_runner, settings=StationSettings(acknowledge=False))
    try:
        sign_in(qtbot, window)
        run_one(qtbot, window, "GPM-000001")
        assert window.work_area.currentWidget() is window.verdict and window._hold.isActive()
        window._hold.timeout.emit()  # the hold ran out (no waiting on the clock in a test)
        assert window.work_area.currentWidget() is window.run_view
    finally:
        window.worker.shut_down()


class DiagnosingRunner(ScriptedRunner):
    def __call__(self, *args, **kwargs):
        summary = super().__call__(*args, **kwargs)
        return summary.with_changes(diagnosis=Diagnosis(
            cause="weak_magnet", motor="B", confidence=0.92, runner_up="shorted_turns",
            evidence=("Ke 15 % below its design value",)))


def test_a_fail_names_its_probable_cause_and_sounds_apart(qtbot, accounts, tmp_path):
    window = make_window(qtbot, accounts, tmp_path, DiagnosingRunner().then(Verdict.FAIL))
    try:
        sign_in(qtbot, window)
        run_one(qtbot, window, "GPM-000005")
        assert window.verdict.cause.isVisibleTo(window)
        assert "Probable cause:" in window.verdict.cause.text() and "weak magnet" in window.verdict.cause.text()
        assert "high.current" in window.verdict.reason.text()
        assert window.sound.played == [Verdict.FAIL]
    finally:
        window.worker.shut_down()


def test_sound_patterns_differ_and_can_be_switched_off():
    from gui.sounds import PATTERNS

    assert len({PATTERNS[v] for v in (Verdict.PASS, Verdict.FAIL, Verdict.ERROR)}) == 3
    beeps: list[int] = []
    quiet = VerdictSound(False, player="", beep=lambda: beeps.append(1))
    quiet.play(Verdict.FAIL)
    loud = VerdictSound(True, player="", beep=lambda: beeps.append(1))
    loud.play(Verdict.FAIL)
    assert quiet.played == [] and loud.played == [Verdict.FAIL] and len(beeps) == 3


def test_prompts_from_the_spec_come_before_the_run_and_esc_cancels(qtbot, accounts, tmp_path, scripted_runner):
    window = make_window(qtbot, accounts, tmp_path, scripted_runner, rules=replace(GPM, prompts=PROMPTS))
    try:
        sign_in(qtbot, window)
        scan(qtbot, window, "GPM-000006")
        assert not window.running and window.work_area.currentWidget() is window.prompts
        assert window.prompts.text.text() == "Place the unit."
        qtbot.keyClick(window.prompts, Qt.Key.Key_Escape)
        assert window.pending is None and window.work_area.currentWidget() is window.run_view
        assert window.chooser.serial.isEnabled() and not scripted_runner.threads
        scan(qtbot, window, "GPM-000006")
        qtbot.keyClick(window.prompts, Qt.Key.Key_Return)
        assert window.prompts.text.text() == "Close the lid."
        assert not window.running
        qtbot.keyClick(window.prompts, Qt.Key.Key_Return)
        assert window.running
        wait_until_idle(qtbot, window)
    finally:
        window.worker.shut_down()


def test_the_start_button_starts_and_esc_aborts(qtbot, accounts, tmp_path):
    window = make_window(qtbot, accounts, tmp_path, ScriptedRunner(step_pause_s=5.0))
    try:
        sign_in(qtbot, window)
        assert window.chooser.start_button.isVisibleTo(window)
        qtbot.keyClicks(window.chooser.serial, "GPM-000007")
        qtbot.mouseClick(window.chooser.start_button, Qt.MouseButton.LeftButton)
        assert window.running
        qtbot.keyClick(window, Qt.Key.Key_Escape)
        wait_until_idle(qtbot, window)
        assert window.verdict.word.text() == "ABORTED"
    finally:
        window.worker.shut_down()


def test_switching_the_product_clears_the_batch(qtbot, accounts, tmp_path, scripted_runner):
    qhm = replace(GPM, product="quad-head", name="Ultimate Quad Head Massager", serial_pattern="QHM-[0-9]{6}")
    from gui.main_window import MainWindow

    session = StationSession(fake_station(), [GPM, qhm], run_unit=scripted_runner, records_dir=tmp_path)
    window = MainWindow(session, accounts)
    qtbot.addWidget(window)
    try:
        window.chooser.batch.setText("PT-2611-A")
        window.chooser.product.setCurrentIndex(1)
        assert window.chooser.batch.text() == ""
    finally:
        window.worker.shut_down()

"""The technician's flow on real widgets against the REAL simulated station and runner.

The station is a copy of stations/sim.yaml with a higher time scale; the
runner, the specs, the drivers over TCP and the simulated physics are the
project's own. Defects and instrument faults are injected through the bench.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from gui.main_window import MainWindow
from instruments.station import load_station, open_station
from rig.runner import run_unit
from rig.station_session import StationSession, load_products
from rig.users import UserStore

ROOT = Path(__file__).resolve().parents[2]
TIME_SCALE = 8.0


@pytest.fixture(scope="module")
def sim_station(tmp_path_factory):
    folder = tmp_path_factory.mktemp("station")
    text = (ROOT / "stations" / "sim.yaml").read_text()
    path = folder / "station.yaml"
    path.write_text(re.sub(r"time_scale:\s*[0-9.]+", f"time_scale: {TIME_SCALE}", text))
    with open_station(load_station(path)) as station:
        yield station


@pytest.fixture
def users(tmp_path):
    store = UserStore(tmp_path / "users.json")
    admin = store.authenticate("admin", store.ensure_administrator())
    pin = store.add_user(by=admin, user_id="tess", name="Tess Okafor", role="technician")
    store.set_pin(store.authenticate("tess", pin), "4711")
    return store, "4711"


@pytest.fixture
def window(qtbot, sim_station, users, tmp_path):
    store, _ = users
    sim_station.bench.clear_faults()
    indexed = []
    session = StationSession(sim_station, load_products(ROOT / "specs"), run_unit=run_unit,
                             records_dir=tmp_path / "records", sinks=[indexed.append])
    win = MainWindow(session, store)
    win.indexed = indexed
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    yield win
    win.worker.shut_down()
    sim_station.bench.clear_faults()


def sign_in_and_scan(qtbot, win, pin: str, serial: str, product_index: int = 0) -> None:
    qtbot.keyClicks(win.sign_in.user_id, "tess")
    qtbot.keyClick(win.sign_in.user_id, Qt.Key.Key_Return)
    qtbot.keyClicks(win.sign_in.pin, pin)
    qtbot.keyClick(win.sign_in.pin, Qt.Key.Key_Return)
    assert win.pages.currentIndex() == 1
    win.chooser.product.setCurrentIndex(product_index)
    qtbot.keyClicks(win.chooser.serial, serial)
    qtbot.keyClick(win.chooser.serial, Qt.Key.Key_Return)
    confirmed = 0
    while win.pending is not None:  # the spec's prompts: place the unit, connect it, close the lid
        assert win.work_area.currentWidget() is win.prompts
        qtbot.keyClick(win.prompts, Qt.Key.Key_Return)
        confirmed += 1
    assert confirmed == 3
    assert win.running, win.chooser.message.text()


def wait_idle(qtbot, win, timeout_s: float = 120.0) -> None:
    qtbot.waitUntil(lambda: not win.running, timeout=int(timeout_s * 1000))


def test_a_good_unit_passes_with_live_plots_and_a_filled_step_list(qtbot, window, users, sim_station):
    sim_station.bench.force_defect("GPM-200001", "none")
    sign_in_and_scan(qtbot, window, users[1], "GPM-200001")
    wait_idle(qtbot, window)
    view = window.run_view
    qtbot.waitUntil(lambda: view.plots.drawn_up)  # the last readings reach the plots a frame or two later
    assert view.banner.word.text() == "PASS", view.banner.detail.text()
    assert "pack" in view.instruction.text()
    names = [row[0] for row in view.steps.measurement_rows()]
    assert {"inrush_peak", "current", "fundamental", "head1_accel"} <= set(names)
    assert all(row[3] == "PASS" for row in view.steps.measurement_rows())
    x, y = view.plots.curve_data("motor_current")
    assert x is not None and len(y) > 100
    assert x[-1] > 3.0  # the last capture sits at its run time, after the first three steps
    t_c, _ = view.plots.curve_data("housing_temp", readings=True)
    assert t_c is not None and len(t_c) >= 4 and all(b > a for a, b in zip(t_c, t_c[1:], strict=False))
    t_rpm, rpm = view.plots.curve_data("motor_a_speed_rpm", readings=True)
    assert len(t_rpm) == 3 and 3300 < rpm[-1] < 3800  # the tachometer at low, medium and high
    assert view.plots.heads[0].spectrum_curve.getData()[0] is not None
    assert window.indexed[0].verdict.value == "PASS"
    assert sim_station.bench.supply_output_on is False


def test_a_defect_unit_fails_naming_the_measurement(qtbot, window, users, sim_station):
    sim_station.bench.force_defect("GPM-200002", "weak_magnet")
    sign_in_and_scan(qtbot, window, users[1], "GPM-200002")
    wait_idle(qtbot, window)
    summary = window.indexed[0]
    assert summary.verdict.value == "FAIL"
    banner = window.run_view.banner
    assert banner.word.text() == "FAIL"
    assert summary.failed_measurements[0].name in banner.detail.text()
    # Reseating cannot cure a weak magnet: to repair at once, with the cause on the screen.
    assert summary.diagnosis.cause == "weak_magnet"
    assert "to repair" in window.run_view.instruction.text()
    assert window.verdict.cause.text().startswith("Probable cause: weak magnet")


def test_an_instrument_fault_is_an_error_not_a_fail(qtbot, window, users, sim_station):
    sim_station.bench.force_defect("GPM-200003", "none")
    sim_station.bench.inject_fault("tachometer", "no_pulses")
    sign_in_and_scan(qtbot, window, users[1], "GPM-200003")
    wait_idle(qtbot, window)
    banner = window.run_view.banner
    assert banner.word.text() == "ERROR", banner.detail.text()
    assert "tachometer" in banner.detail.text()
    assert "tachometer" in window.station_panel.message.text()
    sim_station.bench.clear_faults()
    window.station_panel.reconnect("tachometer")
    assert window.station_panel.message.text() == ""
    assert sim_station.bench.supply_output_on is False


def test_abort_ends_aborted_with_the_supply_off(qtbot, window, users, sim_station):
    sim_station.bench.force_defect("QHM-200004", "none")
    sign_in_and_scan(qtbot, window, users[1], "QHM-200004", product_index=1)
    qtbot.waitUntil(lambda: "medium" in window.run_view.step_label.text(), timeout=60_000)
    qtbot.mouseClick(window.run_view.abort_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window, timeout_s=30)
    assert window.run_view.banner.word.text() == "ABORTED"
    assert window.indexed[0].verdict.value == "ABORTED"
    assert sim_station.bench.supply_output_on is False


def test_closing_the_window_mid_run_stops_the_run_with_the_supply_off(qtbot, window, users, sim_station):
    sim_station.bench.force_defect("GPM-200005", "none")
    sign_in_and_scan(qtbot, window, users[1], "GPM-200005")
    qtbot.waitUntil(lambda: "low" in window.run_view.step_label.text(), timeout=60_000)
    assert sim_station.bench.supply_output_on is True
    window.close()
    assert window.worker.thread.isFinished()
    assert window.indexed[0].verdict.value == "ABORTED"
    assert sim_station.bench.supply_output_on is False


def test_closing_the_fixtures_lid_confirms_the_lid_prompt(qtbot, window, users, sim_station):
    """The lid prompt is confirmed by the lid seen open and then closed; a lid left closed confirms nothing."""
    sim_station.bench.force_defect("GPM-200009", "none")
    sim_station.bench.set_lid(True)  # left closed by the last unit
    qtbot.keyClicks(window.sign_in.user_id, "tess")
    qtbot.keyClick(window.sign_in.user_id, Qt.Key.Key_Return)
    qtbot.keyClicks(window.sign_in.pin, users[1])
    qtbot.keyClick(window.sign_in.pin, Qt.Key.Key_Return)
    qtbot.keyClicks(window.chooser.serial, "GPM-200009")
    qtbot.keyClick(window.chooser.serial, Qt.Key.Key_Return)
    for _ in range(2):  # place the unit, connect the cord: keys
        assert not window.prompts.lid_hint.isVisibleTo(window.prompts)
        qtbot.keyClick(window.prompts, Qt.Key.Key_Return)
    assert window.prompts.current.id == "close_lid"
    assert window.prompts.lid_hint.isVisibleTo(window.prompts)
    qtbot.wait(3 * 200)
    assert window.pending is not None  # closed all along: not a closing
    sim_station.bench.set_lid(False)
    qtbot.waitUntil(lambda: window.prompts._lid_seen_open, timeout=5000)
    sim_station.bench.set_lid(True)
    qtbot.waitUntil(lambda: window.running or window.pending is None, timeout=5000)
    assert window.pending is None
    wait_idle(qtbot, window)
    assert window.indexed[0].verdict.value == "PASS"

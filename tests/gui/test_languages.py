"""Languages: a complete German translation, compiled as committed, and no English left on the run screen."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import wait_until_idle
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QTableWidget, QTreeWidget
from test_flow_fakes import scan, sign_in

from gui.i18n import FOLDER, sources
from rig.model import Verdict

TS = FOLDER / "rig_de.ts"


def catalogue() -> dict[str, str]:
    """Return English source -> German translation of every message."""
    messages = ET.parse(TS).getroot().iter("message")
    return {m.find("source").text: m.find("translation").text or "" for m in messages}


def test_the_german_translation_is_complete_and_covers_every_string_in_the_code(tmp_path):
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run([str(lupdate), *map(str, sources()), "-ts", str(fresh)], check=True, capture_output=True)
    in_code = {m.find("source").text for m in ET.parse(fresh).getroot().iter("message")}
    translated = catalogue()
    assert in_code - set(translated) == set(), "strings in the code that the .ts lacks"
    assert [s for s, t in translated.items() if not t.strip()] == []
    assert "unfinished" not in TS.read_text(encoding="utf-8")


def test_the_committed_qm_is_the_compiled_ts(tmp_path):
    out = tmp_path / "rig_de.qm"
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), "-silent", str(TS), "-qm", str(out)], check=True)
    assert out.read_bytes() == (FOLDER / "rig_de.qm").read_bytes()


def shown_texts(root) -> list[str]:
    """Return every text a visible widget under ``root`` shows (labels, buttons, fields, tables, trees)."""
    texts = []
    for widget in root.findChildren(QLabel) + root.findChildren(QAbstractButton):
        if widget.isVisibleTo(root) and widget.text():
            texts.append(widget.text())
    for field in root.findChildren(QLineEdit):
        if field.isVisibleTo(root):
            texts.append(field.placeholderText())
    for table in root.findChildren(QTableWidget):
        if table.isVisibleTo(root):
            texts += [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())
                      if table.horizontalHeaderItem(c)]
            texts += [table.item(r, c).text() for r in range(table.rowCount())
                      for c in range(table.columnCount()) if table.item(r, c)]
    for tree in root.findChildren(QTreeWidget):
        if tree.isVisibleTo(root):
            texts += [tree.headerItem().text(c) for c in range(tree.columnCount())]
            texts += [tree.topLevelItem(i).text(3) for i in range(tree.topLevelItemCount())]
    return [t for t in texts if t]


def english_left(texts: list[str]) -> list[str]:
    """Return the shown texts that still carry an English sentence the catalogue translates."""
    english = {source.replace("%1", "").replace("%2", "").strip(" :.·()") for source, german in catalogue().items()
               if source != german and len(source) > 3}
    words = {e for e in english if e}
    return [t for t in texts if any(w and w in t for w in words if len(w) > 6) or t in words]


def test_the_run_screen_in_german_shows_no_english(qtbot, fake_window, scripted_runner):
    scripted_runner.then(Verdict.FAIL)
    assert english_left(shown_texts(fake_window.sign_in)) != []  # the check can find English
    fake_window.sign_in.language.setCurrentIndex(fake_window.sign_in.language.findData("de"))
    assert english_left(shown_texts(fake_window.sign_in)) == []
    sign_in(qtbot, fake_window)
    page = fake_window.pages.currentWidget()
    assert english_left(shown_texts(page)) == [], english_left(shown_texts(page))
    scan(qtbot, fake_window, "GPM-000001")
    wait_until_idle(qtbot, fake_window)
    assert fake_window.verdict.word.text() == "n.i.O."
    assert english_left(shown_texts(page)) == [], fake_window.verdict.reason.text()
    fake_window.acknowledge()
    assert english_left(shown_texts(page)) == [], english_left(shown_texts(page))
    fake_window.set_language("en")
    assert fake_window.run_view.banner.word.text() == "Ready"


def test_the_plots_speak_german_too(qtbot):
    import numpy as np

    from gui.i18n import Languages
    from gui.plots import LivePlots
    from rig.events import SamplesAcquired

    languages = Languages()
    plots = LivePlots(frame_interval_ms=10_000)
    qtbot.addWidget(plots)
    plots.ingest(SamplesAcquired("housing_temp", "degC", 1.0, 0.0, np.array([24.0])))
    try:
        languages.switch("de")
        plots.retranslate()
        labels = [label.text for _, label in plots.temperature_legend.items]
        titles = [plot.getPlotItem().titleLabel.text for plot in plots.trend_plots.values()]
        assert labels == ["Gehäuse"] and "Motorstrom (A)" in titles and "Temperatur (°C)" in titles
    finally:
        languages.switch("en")
    plots.retranslate()
    assert [label.text for _, label in plots.temperature_legend.items] == ["housing"]


def test_a_diagnosed_cause_is_named_in_german(qtbot):
    from gui import texts
    from gui.i18n import Languages
    from rig.diagnosis import CAUSES, Diagnosis

    languages = Languages()
    weak = Diagnosis(cause="weak_magnet", motor="B", confidence=0.92, runner_up="shorted_turns",
                     evidence=("Ke 15 % below its design value",))
    assert texts.diagnosis_line(weak) == "weak magnet, motor B (92 %)"
    try:
        languages.switch("de")
        assert texts.diagnosis_line(weak) == "schwacher Magnet, Motor B (92 %)"
        english = {cause: cause.replace("_", " ") for cause in CAUSES}
        assert [c for c in CAUSES if texts.cause_name(c) in (english[c], english[c].replace(" ", "-"))] == []
    finally:
        languages.switch("en")

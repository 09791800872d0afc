"""`rig gui`: the sub-command, the display check and the headless demo."""

from __future__ import annotations

import io

import pytest

from gui.command import display_available
from rig.cli import build_parser
from rig.cli.demo import run_demo
from rig.model import Verdict


def test_rig_gui_is_plugged_in_through_the_entry_point():
    args = build_parser().parse_args(["gui", "--station", "x.yaml", "--data-dir", "/tmp/d", "--demo"])
    assert args.station == "x.yaml" and args.demo and args.handler.__name__ == "run_gui"


def test_display_check_honours_offscreen_and_ignores_empty_values():
    assert not display_available({})
    assert not display_available({"DISPLAY": "", "QT_QPA_PLATFORM": ""})
    assert display_available({"DISPLAY": ":99"})
    assert display_available({"WAYLAND_DISPLAY": "wayland-0"})
    assert display_available({"QT_QPA_PLATFORM": "offscreen"})
    assert not display_available({"QT_QPA_PLATFORM": "xcb"})


def test_headless_demo_prints_each_unit_and_the_shift(fake_session, scripted_runner):
    scripted_runner.then(Verdict.PASS).then(Verdict.FAIL).then(Verdict.ERROR, "tachometer: no pulses")
    out = io.StringIO()
    assert run_demo(fake_session, 3, out) == 0
    text = out.getvalue()
    assert text.count("Testing GPM-9000") == 3
    assert "=> PASS" in text and "=> FAIL: high.current" in text and "=> ERROR: tachometer" in text
    assert "First-pass yield 50 %" in text


def test_the_app_takes_a_serials_earlier_attempts_from_the_results_index(tmp_path):
    from rig.app import attempts_in
    from rig.index import ResultsIndex
    from rig.model import RunSummary

    index = ResultsIndex(f"sqlite:///{tmp_path / 'index.sqlite'}")
    try:
        for run_id, serial, product in (("r1", "GPM-000001", "general-purpose"),
                                        ("r2", "GPM-000002", "general-purpose"),
                                        ("r3", "GPM-000001", "quad-head")):
            index.add(RunSummary(run_id=run_id, serial=serial, product=product, sequence="eol",
                                 operator="ann", batch="", station="s", verdict=Verdict.FAIL,
                                 started_at=f"2026-03-01T08:0{run_id[1]}:00.000+00:00",
                                 finished_at="", spec_id=product, spec_revision=1,
                                 spec_sha256="0" * 64, record_path="", software_version="t"))
        attempts = attempts_in(index)
        assert [s.run_id for s in attempts("general-purpose", "GPM-000001")] == ["r1"]
        assert attempts("general-purpose", "GPM-000009") == []
    finally:
        index.close()


@pytest.mark.slow
def test_the_headless_demo_tests_both_products_on_the_simulated_station(tmp_path):
    # Each product in a batch of its own: a batch holds one product (decision 0037).
    from rig.app import open_station_app
    from tests.sim_station import sim_station_file

    out = io.StringIO()
    with open_station_app(sim_station_file(tmp_path, 50.0), data_dir=tmp_path / "data") as app:
        assert run_demo(app.session, 2, out) == 0
    text = out.getvalue()
    assert "Testing GPM-900001" in text and "Testing QHM-900002" in text and "refused" not in text
    assert text.count("=> ") == 2

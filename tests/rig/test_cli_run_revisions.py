"""`rig run` judges against the product's current published spec revision."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rig.cli import exit_codes, main
from rig.paths import DataDir
from rig.users import UserStore
from tests.rig.test_cli_run import serial_with, station_file


@pytest.fixture
def engineer(tmp_path: Path) -> tuple[str, str]:
    store = UserStore(DataDir(tmp_path / "data").users)
    admin_pin = store.ensure_administrator()
    admin = store.authenticate("admin", admin_pin)
    pin = store.add_user(by=admin, user_id="eve", name="Eve Engineer", role="engineer", pin="4821")
    store.set_pin(store.authenticate("eve", pin), "5930")  # the one-time PIN is changed first
    return "eve", "5930"


def run_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    code = main(args)
    return code, json.loads(capsys.readouterr().out)


def test_a_published_revision_is_used_by_the_next_run(tmp_path: Path, engineer, capsys) -> None:
    data = str(tmp_path / "data")
    serial = serial_with("general-purpose", None)
    run = ["run", "--station", str(station_file(tmp_path, 10)), "--product", "general-purpose",
           "--serial", serial, "--data-dir", data, "--json"]

    code, before = run_json(run, capsys)
    assert code == exit_codes.PASS
    assert before["spec_revision"] == 1
    current = next(m for m in before["measurements"] if m["name"] == "high.current")

    user, pin = engineer
    tighter = round(current["value"] - 0.02, 3)
    assert main(["spec", "set", "general-purpose", "high.current", "--max", str(tighter),
                 "--reason", "tighten running current", "--data-dir", data,
                 "--user", user, "--pin", pin, "--sign-pin", pin]) == 0
    capsys.readouterr()

    code, after = run_json(run, capsys)
    assert code == exit_codes.FAIL
    assert after["spec_revision"] == 2
    assert after["spec_sha256"] != before["spec_sha256"]
    judged = next(m for m in after["measurements"] if m["name"] == "high.current")
    assert judged["high"] == tighter and judged["verdict"] == "FAIL"

"""The spec, users and audit commands end to end: technicians refused, tampering found."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rig.cli import main
from rig.cli.exit_codes import BAD_INPUT, FAIL

SPECS = str(Path(__file__).resolve().parents[2] / "specs")


@pytest.fixture()
def station(tmp_path, capsys, monkeypatch):
    """A data directory with an administrator, an engineer and a technician; return PINs."""
    monkeypatch.delenv("RIG_USER", raising=False)
    monkeypatch.delenv("RIG_PIN", raising=False)
    data = str(tmp_path / "data")
    assert main(["users", "init", "--data-dir", data]) == 0
    one_time = re.search(r"PIN: (\d+)", capsys.readouterr().out).group(1)
    pins = {"admin": "246813"}
    assert main(["users", "pin", "admin", "--pin", one_time, "--new-pin", pins["admin"],
                 "--data-dir", data]) == 0
    for user_id, role, own_pin in (("eve", "engineer", "135792"), ("tim", "technician", "975310")):
        assert main(["users", "add", user_id, "--name", user_id.title(), "--role", role,
                     "--user", "admin", "--pin", pins["admin"], "--data-dir", data]) == 0
        handed_over = re.search(r"hand over: (\d+)", capsys.readouterr().out).group(1)
        assert main(["users", "pin", user_id, "--pin", handed_over, "--new-pin", own_pin,
                     "--data-dir", data]) == 0
        pins[user_id] = own_pin
    capsys.readouterr()
    return data, pins


def _spec(data, *args):
    if args[0] == "set" and "--pin" in args:  # publishing is signed with the same PIN again
        args = (*args, "--sign-pin", args[args.index("--pin") + 1])
    return main(["spec", *args, "--data-dir", data, "--specs-dir", SPECS])


def test_a_technician_is_refused_and_an_engineer_makes_a_revision(station, capsys):
    data, pins = station
    code = _spec(data, "set", "general-purpose", "high.current", "--max", "0.8",
                 "--reason", "try", "--user", "tim", "--pin", pins["tim"])
    assert code == BAD_INPUT
    assert "may not change specs" in capsys.readouterr().err
    code = _spec(data, "set", "general-purpose", "high.current", "--max", "0.8",
                 "--reason", "ECN-114", "--user", "eve", "--pin", pins["eve"])
    assert code == 0
    assert "revision 2" in capsys.readouterr().out
    assert _spec(data, "diff", "general-purpose", "1", "2") == 0
    assert capsys.readouterr().out.strip() == "high.current: [0.45, 0.75] A -> [0.45, 0.8] A"
    assert _spec(data, "history", "general-purpose", "--json") == 0
    history = json.loads(capsys.readouterr().out)
    assert [(h["revision"], h["author"]) for h in history] == [(1, ""), (2, "eve")]
    assert _spec(data, "show", "general-purpose", "--limits") == 0
    assert re.search(r"high\.current\s+min\s+0\.45\s+max\s+0\.8\s+A", capsys.readouterr().out)


def test_credentials_come_from_the_environment_too(station, capsys, monkeypatch):
    data, pins = station
    monkeypatch.setenv("RIG_USER", "eve")
    monkeypatch.setenv("RIG_PIN", pins["eve"])
    monkeypatch.setenv("RIG_SIGN_PIN", pins["eve"])
    assert _spec(data, "set", "quad-head", "low.ripple", "--max", "20", "--reason", "r") == 0
    monkeypatch.setenv("RIG_PIN", "0000")
    assert _spec(data, "set", "quad-head", "low.ripple", "--max", "21", "--reason", "r") == BAD_INPUT
    assert "wrong PIN" in capsys.readouterr().err


def test_audit_verify_finds_an_edited_entry(station, capsys):
    data, pins = station
    assert _spec(data, "set", "general-purpose", "low.current", "--min", "0.3",
                 "--reason", "r", "--user", "eve", "--pin", pins["eve"]) == 0
    assert main(["audit", "verify", "--data-dir", data]) == 0
    # init, two user.add, three user.pin_change, spec.seed, spec.set
    assert "8 entries" in capsys.readouterr().out
    assert main(["audit", "show", "--action", "spec.set", "--json", "--data-dir", data]) == 0
    assert json.loads(capsys.readouterr().out)[0]["details"]["to"] == {"min": 0.3, "max": 0.58}
    log = Path(data) / "audit.jsonl"
    log.write_text(log.read_text().replace('"min":0.3', '"min":0.2'))
    assert main(["audit", "verify", "--data-dir", data]) == FAIL
    assert "entry 8" in capsys.readouterr().err


def test_only_administrators_add_users(station, capsys):
    data, pins = station
    code = main(["users", "add", "mal", "--name", "Mal", "--role", "administrator",
                 "--user", "eve", "--pin", pins["eve"], "--data-dir", data])
    assert code == BAD_INPUT
    assert main(["users", "list", "--data-dir", data]) == 0
    listed = capsys.readouterr().out
    assert "mal" not in listed and "tim" in listed and "technician" in listed
    assert main(["users", "init", "--data-dir", data]) == BAD_INPUT

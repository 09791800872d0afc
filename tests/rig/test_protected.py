"""Protected files checked on use: spec revisions, the users store, the audit log and its anchor.

Each test names the numbered item of the audit it closes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from rig.audit import AuditLog
from rig.cli import exit_codes, main
from rig.paths import DataDir
from rig.protected import station_audit
from rig.spec_store import SpecRevisionRefused, SpecStore
from rig.users import ADMINISTRATOR_ID, UsersFileRefused, UserStore
from tests.rig.accounts import ADMIN_PIN, station_user
from tests.rig.test_cli_run import serial_with, station_file

REPO = Path(__file__).resolve().parents[2]
SPECS = str(REPO / "specs")


@pytest.fixture()
def data(tmp_path: Path) -> DataDir:
    data_dir = DataDir(tmp_path / "data")
    data_dir.root.mkdir()
    station_user(data_dir, "eve", "engineer", "135792")
    station_user(data_dir, "tim", "technician", "975310")
    return data_dir


def publish(data: DataDir, limit: str, value: str) -> int:
    return main(["spec", "set", "general-purpose", limit, "--max", value, "--reason", "ECN-7",
                 "--user", "eve", "--pin", "135792", "--sign-pin", "135792",
                 "--data-dir", str(data.root), "--specs-dir", SPECS])


def store(data: DataDir) -> SpecStore:
    return SpecStore(data.spec_revisions, seed_dir=SPECS)


# -- item 3: spec revision files -------------------------------------------------------------

def test_item3_a_published_revision_edited_in_place_is_refused_by_name(data):
    assert publish(data, "high.current", "0.8") == 0
    path = data.spec_revisions / "general-purpose" / "r0002.yaml"
    path.write_text(path.read_text().replace("max: 0.8", "max: 5.0"))
    with pytest.raises(SpecRevisionRefused, match="r0002.yaml.*does not match its audited hash"):
        store(data).current("general-purpose")


def test_item3_a_forged_next_revision_does_not_become_current(data):
    folder = data.spec_revisions / "general-purpose"
    store(data).current("general-purpose")  # seeds revision 1
    text = (folder / "r0001.yaml").read_text().replace("revision: 1", "revision: 2")
    (folder / "r0002.yaml").write_text(text)
    with pytest.raises(SpecRevisionRefused, match="revision 2 was not published"):
        store(data).current("general-purpose")
    assert main(["audit", "verify", "--data-dir", str(data.root), "--specs-dir", SPECS]) == 1


def test_item3_the_station_will_not_test_against_an_edited_revision(data, tmp_path, capsys):
    store(data).current("general-purpose")
    path = data.spec_revisions / "general-purpose" / "r0001.yaml"
    path.write_text(path.read_text().replace("max: 0.75", "max: 5.0", 1))
    code = main(["run", "--station", str(station_file(tmp_path, 10)), "--product",
                 "general-purpose", "--serial", serial_with("general-purpose", None),
                 "--data-dir", str(data.root)])
    assert code == exit_codes.BAD_INPUT
    assert "r0001.yaml" in capsys.readouterr().err
    assert not list(data.records.rglob("*.h5"))  # refused before anything was powered


def test_item3_audit_verify_names_an_edited_revision(data, capsys):
    assert publish(data, "high.current", "0.8") == 0
    path = data.spec_revisions / "general-purpose" / "r0002.yaml"
    path.write_text(path.read_text() + "# harmless?\n")
    assert main(["audit", "verify", "--data-dir", str(data.root), "--specs-dir", SPECS]) == 1
    assert "spec_revisions/general-purpose/r0002.yaml" in capsys.readouterr().err


# -- item 4: the users store -----------------------------------------------------------------

def test_item4_a_role_raised_by_a_text_edit_is_refused(data):
    text = data.users.read_text()
    users = json.loads(text)
    users["users"]["tim"]["role"] = "administrator"
    data.users.write_text(json.dumps(users))
    with pytest.raises(UsersFileRefused, match="users.json.*does not match its audited hash"):
        UserStore(data.users).authenticate("tim", "975310")
    assert main(["spec", "set", "general-purpose", "high.current", "--max", "0.9", "--reason",
                 "x", "--user", "tim", "--pin", "975310", "--sign-pin", "975310",
                 "--data-dir", str(data.root), "--specs-dir", SPECS]) == exit_codes.BAD_INPUT


def test_item4_a_pin_hash_copied_from_another_user_is_refused(data):
    users = json.loads(data.users.read_text())
    users["users"][ADMINISTRATOR_ID]["pin"] = users["users"]["tim"]["pin"]
    data.users.write_text(json.dumps(users))
    with pytest.raises(UsersFileRefused):
        UserStore(data.users).authenticate(ADMINISTRATOR_ID, "975310")


def test_item4_deleting_the_users_file_gives_no_fresh_administrator(data):
    data.users.unlink()
    with pytest.raises(UsersFileRefused, match="missing"):
        UserStore(data.users).ensure_administrator()
    assert main(["users", "init", "--data-dir", str(data.root)]) == exit_codes.BAD_INPUT


def test_item4_a_hand_written_users_file_is_refused(tmp_path):
    path = tmp_path / "users.json"
    path.write_text(json.dumps({"format": 1, "users": {}}))
    with pytest.raises(UsersFileRefused, match="no audited hash"):
        UserStore(path).users()


def test_item4_changes_through_the_store_keep_working_and_are_sealed(data):
    users = UserStore(data.users)
    admin = users.authenticate(ADMINISTRATOR_ID, ADMIN_PIN)
    users.add_user(by=admin, user_id="ann", name="Ann", role="technician", pin="4826")
    assert [u.user_id for u in users.users()] == ["admin", "ann", "eve", "tim"]
    assert AuditLog(data.audit_log).entries()[-1].details["sealed"]["users.json"]


# -- item 5: the audit log and its head deleted together --------------------------------------

def test_item5_deleting_the_log_and_its_head_is_detected(data, capsys):
    assert publish(data, "high.current", "0.8") == 0  # an anchored append
    assert main(["audit", "verify", "--data-dir", str(data.root), "--specs-dir", SPECS]) == 0
    capsys.readouterr()
    data.audit_log.unlink()
    data.audit_log.with_name("audit.jsonl.head").unlink()
    assert main(["audit", "verify", "--data-dir", str(data.root)]) == 1
    assert "the anchor says the log had" in capsys.readouterr().err


def test_item5_a_log_rewritten_from_scratch_differs_from_the_anchor(data, tmp_path):
    assert publish(data, "high.current", "0.8") == 0
    log = station_audit(data)
    seq = len(log.entries())
    shutil.move(data.audit_log, tmp_path / "old.jsonl")
    data.audit_log.with_name("audit.jsonl.head").unlink()
    forged = AuditLog(data.audit_log)  # a consistent chain written by hand, without the anchor
    for n in range(seq):
        forged.append(actor="x", role="administrator", action="user.add", details={"n": n})
    assert forged.verify() == []
    problems = station_audit(data).verify()
    assert problems and "differs from the copy of the head anchored" in problems[0]


def test_the_anchor_follows_every_append(data):
    log = station_audit(data)
    entry = log.append(actor="eve", role="engineer", action="note", details={})
    assert log.anchor.read_head() == (entry.seq, entry.hash)


def test_a_same_length_edit_after_a_check_is_found_by_the_next_check(data):
    log = AuditLog(data.audit_log)
    assert log.verify() == []
    text = data.audit_log.read_text()
    data.audit_log.write_text(text.replace('"actor":"eve"', '"actor":"evE"', 1))
    assert any("edited" in problem for problem in log.verify())

"""Accounts and electronic signatures: lockout, one-time PINs on the CLI, PIN rules, signing.

Item 10 of the audit: six wrong PINs gave no lockout and no audit entry, and
the administrator's one-time PIN stayed usable on the CLI.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rig.audit import AuditLog
from rig.cli import exit_codes, main
from rig.users import (
    LOCKOUT_AFTER_WRONG_PINS,
    AccountLocked,
    AuthenticationError,
    PinChangeRequired,
    UserStore,
)
from tests.rig.accounts import ADMIN_PIN, station_user

SPECS = str(Path(__file__).resolve().parents[2] / "specs")


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_item10_wrong_pins_lock_the_account_for_a_while_and_are_audited(tmp_path):
    station_user(tmp_path, "eve", "engineer", "135792")
    clock = Clock()
    users = UserStore(tmp_path / "users.json", now=clock)
    for _ in range(LOCKOUT_AFTER_WRONG_PINS):
        with pytest.raises(AuthenticationError):
            users.authenticate("eve", "000123")
    with pytest.raises(AccountLocked, match="locked until 09:15 UTC"):
        users.authenticate("eve", "135792")  # the right PIN does not open a locked account
    actions = [e.action for e in AuditLog(tmp_path / "audit.jsonl").entries()]
    assert actions[-LOCKOUT_AFTER_WRONG_PINS:] == ["user.pin_wrong"] * 4 + ["user.lockout"]
    clock.now += timedelta(minutes=15)
    assert users.authenticate("eve", "135792").user_id == "eve"
    assert AuditLog(tmp_path / "audit.jsonl").entries()[-1].action == "user.pin_right"


def test_item10_a_right_pin_resets_the_count(tmp_path):
    station_user(tmp_path, "eve", "engineer", "135792")
    users = UserStore(tmp_path / "users.json")
    for _ in range(3):
        for _ in range(LOCKOUT_AFTER_WRONG_PINS - 1):
            with pytest.raises(AuthenticationError) as refused:
                users.authenticate("eve", "000123")
            assert not isinstance(refused.value, AccountLocked)
        users.authenticate("eve", "135792")


def test_item10_the_one_time_pin_must_be_changed_on_the_cli_too(tmp_path, capsys):
    data = str(tmp_path / "data")
    assert main(["users", "init", "--data-dir", data]) == 0
    one_time = re.search(r"PIN: (\d+)", capsys.readouterr().out).group(1)
    code = main(["users", "add", "ann", "--name", "Ann", "--user", "admin", "--pin", one_time,
                 "--data-dir", data])
    assert code == exit_codes.BAD_INPUT
    assert "one-time PIN: change it first" in capsys.readouterr().err
    assert main(["users", "pin", "admin", "--pin", one_time, "--new-pin", "1111",
                 "--data-dir", data]) == exit_codes.BAD_INPUT
    assert "not one digit repeated" in capsys.readouterr().err
    assert main(["users", "pin", "admin", "--pin", one_time, "--new-pin", "480213",
                 "--data-dir", data]) == 0
    assert main(["users", "add", "ann", "--name", "Ann", "--user", "admin", "--pin", "480213",
                 "--data-dir", data]) == 0


def test_the_core_refuses_a_one_time_pin_where_asked(tmp_path):
    users = UserStore(tmp_path / "users.json")
    pin = users.ensure_administrator()
    assert users.authenticate("admin", pin).role == "administrator"  # the window's first sign-in
    with pytest.raises(PinChangeRequired):
        users.authenticate("admin", pin, allow_one_time=False)
    with pytest.raises(PinChangeRequired):
        users.sign("admin", pin, "approved")


@pytest.mark.parametrize("pin", ["123", "0000", "12a4", "1234567890123"])
def test_pin_rules_refuse_short_repeated_non_digit_and_long_pins(tmp_path, pin):
    admin = station_user(tmp_path, "admin", "administrator", ADMIN_PIN)
    with pytest.raises(ValueError, match="4 to 12 digits"):
        UserStore(tmp_path / "users.json").add_user(by=admin, user_id="x", name="X", pin=pin)


def test_a_pin_cannot_be_changed_to_itself(tmp_path):
    eve = station_user(tmp_path, "eve", "engineer", "135792")
    with pytest.raises(ValueError, match="replaces"):
        UserStore(tmp_path / "users.json").set_pin(eve, "135792")


def test_publishing_asks_for_the_pin_again_and_records_the_meaning(tmp_path, capsys,
                                                                  monkeypatch):
    monkeypatch.delenv("RIG_SIGN_PIN", raising=False)
    station_user(tmp_path, "eve", "engineer", "135792")
    base = ["spec", "set", "general-purpose", "high.current", "--max", "0.8", "--reason",
            "ECN-9", "--user", "eve", "--pin", "135792", "--data-dir", str(tmp_path),
            "--specs-dir", SPECS]
    assert main(base) == exit_codes.BAD_INPUT
    assert "give your PIN again with --sign-pin" in capsys.readouterr().err
    assert main([*base, "--sign-pin", "999999"]) == exit_codes.BAD_INPUT
    assert main([*base, "--sign-pin", "135792"]) == 0
    entry = AuditLog(tmp_path / "audit.jsonl").entries()[-1]
    assert entry.action == "spec.set"
    assert entry.details["signature"]["meaning"] == "approved"
    assert entry.details["signature"]["user"] == "eve"


def test_changing_a_role_is_signed_authorised_and_audited(tmp_path, capsys):
    station_user(tmp_path, "tim", "technician", "975310")
    args = ["users", "role", "tim", "engineer", "--user", "admin", "--pin", ADMIN_PIN,
            "--data-dir", str(tmp_path)]
    assert main(args) == exit_codes.BAD_INPUT  # no signature
    assert main([*args, "--sign-pin", ADMIN_PIN]) == 0
    entry = AuditLog(tmp_path / "audit.jsonl").entries()[-1]
    assert (entry.action, entry.details["from"], entry.details["to"]) == \
        ("user.role", "technician", "engineer")
    assert entry.details["signature"]["meaning"] == "authorised"
    assert UserStore(tmp_path / "users.json").authenticate("tim", "975310").role == "engineer"


def test_a_disabled_account_cannot_sign_in(tmp_path):
    station_user(tmp_path, "tim", "technician", "975310")
    assert main(["users", "disable", "tim", "--user", "admin", "--pin", ADMIN_PIN,
                 "--data-dir", str(tmp_path)]) == 0
    with pytest.raises(AuthenticationError):
        UserStore(tmp_path / "users.json").authenticate("tim", "975310")


def test_locked_until_tells_the_window_when_the_account_opens(tmp_path):
    station_user(tmp_path, "eve", "engineer", "135792")
    clock = Clock()
    users = UserStore(tmp_path / "users.json", now=clock)
    assert users.locked_until("eve") is None
    for _ in range(LOCKOUT_AFTER_WRONG_PINS):
        with pytest.raises(AuthenticationError):
            users.authenticate("eve", "000123")
    assert users.locked_until("eve") == clock.now + timedelta(minutes=15)
    clock.now += timedelta(minutes=15)
    assert users.locked_until("eve") is None

"""Who may use the station and what they may do: users with hashed PINs in a JSON file.

The file is protected (``rig.protected``): every change goes through a method
here that audits it and seals the file's new hash in the audit log, and every
read checks the file against that hash, so a text edit (a role raised, a PIN
hash copied from another user, the file deleted to get a fresh administrator)
is refused rather than honoured.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rig.audit import AuditLog
from rig.file_lock import exclusive_lock
from rig.paths import DataDir
from rig.protected import SEALED_KEY, ProtectedFileError, check_sealed, seal, station_audit

ROLES = ("technician", "engineer", "administrator")
ADMINISTRATOR_ID = "admin"
PIN_DIGITS = 6
_MIN_PIN_LENGTH = 4
_MAX_PIN_LENGTH = 12
PIN_RULES = (f"a PIN is {_MIN_PIN_LENGTH} to {_MAX_PIN_LENGTH} digits, not one digit repeated "
             f"(such as 0000), and not the PIN it replaces")
LOCKOUT_AFTER_WRONG_PINS = 5
LOCKOUT_MINUTES = 15
# What a signer declares by signing, recorded with the signature (21 CFR 11.50).
SIGNATURE_MEANINGS = {
    "approved": "approves this spec revision for production testing",
    "released": "releases this batch with its certificate of conformance",
    "authorised": "authorises this change of a user's role",
}
# scrypt cost: about 30-60 ms per check here, slow enough to make guessing a
# stolen file's short PINs expensive, fast enough for a login prompt.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class AuthenticationError(Exception):
    """An unknown user id or a wrong PIN (the message never says which)."""


class AccountLocked(AuthenticationError):
    """Too many wrong PINs in a row: the account refuses every PIN for a while."""


class PinChangeRequired(AuthenticationError):
    """The user holds a one-time PIN someone else was shown and must change it first."""


class UsersFileRefused(ProtectedFileError, AuthenticationError):
    """The users file differs from its audited hash: nobody signs in until it is restored."""


@dataclass(frozen=True)
class Signature:
    """An electronic signature: who signed, in which role, meaning what, and when (UTC)."""

    user_id: str
    name: str
    role: str
    meaning: str
    signed_at: str

    def to_dict(self) -> dict[str, str]:
        return {"user": self.user_id, "name": self.name, "role": self.role,
                "meaning": self.meaning, "statement": SIGNATURE_MEANINGS[self.meaning],
                "signed_at": self.signed_at}


@dataclass(frozen=True)
class User:
    """An authenticated person at the station."""

    user_id: str
    name: str
    role: str

    @property
    def can_edit_specs(self) -> bool:
        return self.role in ("engineer", "administrator")

    @property
    def can_manage_users(self) -> bool:
        return self.role == "administrator"


def hash_pin(pin: str, salt: bytes | None = None) -> dict[str, str]:
    """Return the salted scrypt hash of a PIN, as stored in the users file."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, dklen=32, **_SCRYPT)
    return {
        "scheme": "scrypt-n16384-r8-p1",
        "salt": base64.b64encode(salt).decode(),
        "hash": base64.b64encode(digest).decode(),
    }


def check_pin(pin: str, stored: dict[str, str]) -> bool:
    """Return True when the PIN matches the stored hash (constant-time compare)."""
    salt = base64.b64decode(stored["salt"])
    candidate = hash_pin(pin, salt)["hash"]
    return hmac.compare_digest(candidate, stored["hash"])


def new_pin(digits: int = PIN_DIGITS) -> str:
    """Return a random numeric PIN."""
    return "".join(secrets.choice("0123456789") for _ in range(digits))


class UserStore:
    """Users of one station, kept in a JSON file (PINs only as salted hashes), audited."""

    def __init__(self, path: str | os.PathLike[str], audit: AuditLog | None = None, *,
                 lockout_after: int = LOCKOUT_AFTER_WRONG_PINS,
                 lockout_minutes: float = LOCKOUT_MINUTES,
                 now: Callable[[], datetime] | None = None) -> None:
        self.path = Path(path)
        # The audit log beside the file by default, so no caller can forget the seal.
        self.audit = audit if audit is not None else AuditLog(self.path.with_name("audit.jsonl"))
        self.lockout_after = lockout_after
        self.lockout = timedelta(minutes=lockout_minutes)
        self._now = now or (lambda: datetime.now(UTC))
        self._lock_path = self.path.with_name(self.path.name + ".lock")

    def ensure_administrator(self) -> str | None:
        """Create the "admin" user with a random one-time PIN on first call; return that PIN.

        Return None when the store already has a user: the PIN is shown once and
        never stored in clear.
        """
        with self._locked():
            users = self._load()
            if users:
                return None
            pin = new_pin(8)
            users[ADMINISTRATOR_ID] = self._record("Administrator", "administrator", pin)
            self._save(users, actor=ADMINISTRATOR_ID, role="administrator", action="user.init",
                       details={"user": ADMINISTRATOR_ID})
        return pin

    def authenticate(self, user_id: str, pin: str, *, allow_one_time: bool = True) -> User:
        """Return the user when the PIN is right; raise AuthenticationError otherwise.

        After ``lockout_after`` wrong PINs in a row the account refuses every
        PIN for ``lockout_minutes`` (AccountLocked); both are audited. With
        ``allow_one_time=False`` a user still holding a handed-over PIN gets
        PinChangeRequired instead of a session.
        """
        with self._locked():
            users = self._load()
            record = users.get(user_id)
            if record is None or not record.get("active", True):
                # Spend the same time as a real check so ids cannot be probed by timing.
                check_pin(pin, hash_pin("0000"))
                raise AuthenticationError("unknown user or wrong PIN")
            self._refuse_if_locked(user_id, record)
            if not check_pin(pin, record["pin"]):
                self._count_wrong_pin(users, user_id)
                raise AuthenticationError("unknown user or wrong PIN")
            if record.get("failed_pins") or record.get("locked_until"):
                record["failed_pins"], record["locked_until"] = 0, None
                self._save(users, actor=user_id, role=record["role"], action="user.pin_right",
                           details={"user": user_id})
        if not allow_one_time and record.get("must_change_pin", False):
            raise PinChangeRequired(f"{user_id} still holds a one-time PIN: change it first "
                                    f"(rig users pin {user_id}); {PIN_RULES}")
        return User(user_id, record["name"], record["role"])

    def sign(self, user_id: str, pin: str, meaning: str) -> Signature:
        """Ask for the PIN again and return an electronic signature with its meaning."""
        if meaning not in SIGNATURE_MEANINGS:
            raise ValueError(f"a signature means one of {', '.join(SIGNATURE_MEANINGS)}, "
                             f"not {meaning!r}")
        user = self.authenticate(user_id, pin, allow_one_time=False)
        return Signature(user.user_id, user.name, user.role, meaning,
                         self._now().astimezone(UTC).isoformat(timespec="seconds"))

    def add_user(self, *, by: User, user_id: str, name: str, role: str = "technician",
                 pin: str | None = None) -> str:
        """Add a user (administrators only) and return the PIN to hand over."""
        self._require_administrator(by)
        _check_role(role)
        _check_user_id(user_id)
        with self._locked():
            users = self._load()
            if user_id in users:
                raise ValueError(f"user {user_id!r} exists already")
            pin = pin if pin is not None else new_pin()
            _check_pin_text(pin)
            users[user_id] = self._record(name, role, pin)
            self._save(users, actor=by.user_id, role=by.role, action="user.add",
                       details={"user": user_id, "role": role})
        return pin

    def set_pin(self, user: User, new: str) -> None:
        """Change the PIN of an authenticated user (see PIN_RULES)."""
        _check_pin_text(new)
        with self._locked():
            users = self._load()
            if check_pin(new, users[user.user_id]["pin"]):
                raise ValueError(f"the new PIN is the one it replaces; {PIN_RULES}")
            users[user.user_id]["pin"] = hash_pin(new)
            users[user.user_id]["must_change_pin"] = False
            self._save(users, actor=user.user_id, role=user.role, action="user.pin_change",
                       details={"user": user.user_id})

    def reset_pin(self, *, by: User, user_id: str) -> str:
        """Give a user a new random PIN (administrators only) and return it."""
        self._require_administrator(by)
        with self._locked():
            users = self._load()
            if user_id not in users:
                raise KeyError(f"no user {user_id!r}")
            pin = new_pin()
            users[user_id].update(pin=hash_pin(pin), must_change_pin=True, failed_pins=0,
                                  locked_until=None)
            self._save(users, actor=by.user_id, role=by.role, action="user.pin_reset",
                       details={"user": user_id})
        return pin

    def set_role(self, *, by: User, user_id: str, role: str, signature: Signature) -> None:
        """Change a user's role (administrators only), signed by them with meaning "authorised"."""
        self._require_administrator(by)
        _check_role(role)
        if signature.user_id != by.user_id or signature.meaning != "authorised":
            raise PermissionError(f"changing a role needs {by.user_id}'s own signature "
                                  f"meaning 'authorised'")
        with self._locked():
            users = self._load()
            if user_id not in users:
                raise KeyError(f"no user {user_id!r}")
            old = users[user_id]["role"]
            users[user_id]["role"] = role
            _keep_an_administrator(users)
            self._save(users, actor=by.user_id, role=by.role, action="user.role",
                       details={"user": user_id, "from": old, "to": role,
                                "signature": signature.to_dict()})

    def set_active(self, *, by: User, user_id: str, active: bool) -> None:
        """Disable or re-enable an account (administrators only); a disabled one cannot sign in."""
        self._require_administrator(by)
        with self._locked():
            users = self._load()
            if user_id not in users:
                raise KeyError(f"no user {user_id!r}")
            if not active and user_id == by.user_id:
                raise ValueError("an administrator cannot disable their own account")
            users[user_id]["active"] = active
            _keep_an_administrator(users)
            self._save(users, actor=by.user_id, role=by.role,
                       action="user.enable" if active else "user.disable",
                       details={"user": user_id})

    def is_active(self, user_id: str) -> bool:
        """Return True when the user exists and may sign in."""
        record = self._load().get(user_id)
        return record is not None and bool(record.get("active", True))

    def must_change_pin(self, user_id: str) -> bool:
        """Return True while a user still holds a PIN someone else was shown."""
        return bool(self._load().get(user_id, {}).get("must_change_pin", False))

    def locked_until(self, user_id: str) -> datetime | None:
        """Return when a locked account opens again, or None when it is not locked."""
        text = self._load().get(user_id, {}).get("locked_until")
        until = datetime.fromisoformat(text) if text else None
        return until if until is not None and self._now() < until else None

    def users(self) -> list[User]:
        """Return every user, sorted by id (no PIN data)."""
        return [User(uid, rec["name"], rec["role"]) for uid, rec in sorted(self._load().items())]

    def _record(self, name: str, role: str, pin: str) -> dict[str, Any]:
        return {"name": name, "role": role, "pin": hash_pin(pin), "must_change_pin": True,
                "active": True, "failed_pins": 0, "locked_until": None}

    def _refuse_if_locked(self, user_id: str, record: dict[str, Any]) -> None:
        until = record.get("locked_until")
        if until and self._now() < datetime.fromisoformat(until):
            raise AccountLocked(f"{user_id} is locked until {until[11:16]} UTC after "
                                f"{self.lockout_after} wrong PINs in a row")

    def _count_wrong_pin(self, users: dict[str, dict[str, Any]], user_id: str) -> None:
        record = users[user_id]
        record["failed_pins"] = int(record.get("failed_pins", 0)) + 1
        details: dict[str, Any] = {"user": user_id, "wrong_in_a_row": record["failed_pins"]}
        action = "user.pin_wrong"
        if record["failed_pins"] >= self.lockout_after:
            until = self._now().astimezone(UTC) + self.lockout
            record["failed_pins"], record["locked_until"] = 0, until.isoformat(timespec="seconds")
            action, details["locked_until"] = "user.lockout", record["locked_until"]
        self._save(users, actor=user_id, role=record["role"], action=action, details=details)

    @staticmethod
    def _require_administrator(user: User) -> None:
        if not user.can_manage_users:
            raise PermissionError(f"{user.user_id} ({user.role}) may not manage users")

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            sealed = check_sealed(self.audit, self.path)
        except ProtectedFileError as exc:
            raise UsersFileRefused(exc.path, exc.message) from None
        if not self.path.exists():
            return {}
        if not sealed:
            raise UsersFileRefused(self.path, "has no audited hash: it was not written by the "
                                              "station's user commands; refused")
        data = json.loads(self.path.read_text(encoding="utf-8"))
        return data.get("users", {})

    def _save(self, users: dict[str, dict[str, Any]], *, actor: str, role: str, action: str,
              details: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(self.path.suffix + ".tmp")
        text = json.dumps({"format": 1, "users": users}, indent=2, sort_keys=True)
        # Owner-only permissions: the hashes are still worth guarding.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        os.replace(temporary, self.path)
        self.audit.append(actor=actor, role=role, action=action,
                          details={**details, SEALED_KEY: seal(self.audit, self.path)})

    def _locked(self):
        # The window and a CLI may change the file at once: one writer, and one seal, at a time.
        return exclusive_lock(self._lock_path)


def station_users(data_dir: DataDir) -> UserStore:
    """Return the station's users, checked against its anchored audit log (decision 0025)."""
    data_dir.root.mkdir(parents=True, exist_ok=True)
    return UserStore(data_dir.users, audit=station_audit(data_dir))


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")


def _check_user_id(user_id: str) -> None:
    if not user_id or not user_id.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise ValueError(f"user id {user_id!r}: use letters, digits, '-', '_' or '.'")


def _check_pin_text(pin: str) -> None:
    if not pin.isdigit() or not _MIN_PIN_LENGTH <= len(pin) <= _MAX_PIN_LENGTH \
            or len(set(pin)) == 1:
        raise ValueError(f"PIN refused: {PIN_RULES}")


def _keep_an_administrator(users: dict[str, dict[str, Any]]) -> None:
    """Refuse a change that leaves the station without an active administrator."""
    if not any(rec["role"] == "administrator" and rec.get("active", True) for rec in users.values()):
        raise ValueError("the station needs at least one active administrator")

"""Who may use the station and what they may do: users with hashed PINs in a JSON file."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROLES = ("technician", "engineer", "administrator")
ADMINISTRATOR_ID = "admin"
PIN_DIGITS = 6
_MIN_PIN_LENGTH = 4
# scrypt cost: about 30-60 ms per check here, slow enough to make guessing a
# stolen file's short PINs expensive, fast enough for a login prompt.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class AuthenticationError(Exception):
    """An unknown user id or a wrong PIN (the message never says which)."""


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
    """Users of one station, kept in a JSON file (PINs only as salted hashes)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def ensure_administrator(self) -> str | None:
        """Create the "admin" user with a random one-time PIN on first call; return that PIN.

        Return None when the store already has a user: the PIN is shown once and
        never stored in clear.
        """
        users = self._load()
        if users:
            return None
        pin = new_pin(8)
        users[ADMINISTRATOR_ID] = self._record("Administrator", "administrator", pin)
        self._save(users)
        return pin

    def authenticate(self, user_id: str, pin: str) -> User:
        """Return the user when the PIN is right; raise AuthenticationError otherwise."""
        record = self._load().get(user_id)
        if record is None or not record.get("active", True):
            # Spend the same time as a real check so ids cannot be probed by timing.
            check_pin(pin, hash_pin("0000"))
            raise AuthenticationError("unknown user or wrong PIN")
        if not check_pin(pin, record["pin"]):
            raise AuthenticationError("unknown user or wrong PIN")
        return User(user_id, record["name"], record["role"])

    def add_user(self, *, by: User, user_id: str, name: str, role: str = "technician",
                 pin: str | None = None) -> str:
        """Add a user (administrators only) and return the PIN to hand over."""
        self._require_administrator(by)
        _check_role(role)
        _check_user_id(user_id)
        users = self._load()
        if user_id in users:
            raise ValueError(f"user {user_id!r} exists already")
        pin = pin if pin is not None else new_pin()
        _check_pin_text(pin)
        users[user_id] = self._record(name, role, pin)
        self._save(users)
        return pin

    def set_pin(self, user: User, new: str) -> None:
        """Change the PIN of an authenticated user."""
        _check_pin_text(new)
        users = self._load()
        users[user.user_id]["pin"] = hash_pin(new)
        users[user.user_id]["must_change_pin"] = False
        self._save(users)

    def reset_pin(self, *, by: User, user_id: str) -> str:
        """Give a user a new random PIN (administrators only) and return it."""
        self._require_administrator(by)
        users = self._load()
        if user_id not in users:
            raise KeyError(f"no user {user_id!r}")
        pin = new_pin()
        users[user_id]["pin"] = hash_pin(pin)
        users[user_id]["must_change_pin"] = True
        self._save(users)
        return pin

    def must_change_pin(self, user_id: str) -> bool:
        """Return True while a user still holds a PIN someone else was shown."""
        return bool(self._load().get(user_id, {}).get("must_change_pin", False))

    def users(self) -> list[User]:
        """Return every user, sorted by id (no PIN data)."""
        return [User(uid, rec["name"], rec["role"]) for uid, rec in sorted(self._load().items())]

    def _record(self, name: str, role: str, pin: str) -> dict[str, Any]:
        return {"name": name, "role": role, "pin": hash_pin(pin), "must_change_pin": True,
                "active": True}

    @staticmethod
    def _require_administrator(user: User) -> None:
        if not user.can_manage_users:
            raise PermissionError(f"{user.user_id} ({user.role}) may not manage users")

    def _load(self) -> dict[str, dict[str, Any]]:
        if not self.path.exists():
            return {}
        data = json.loads(self.path.read_text(encoding="utf-8"))
        return data.get("users", {})

    def _save(self, users: dict[str, dict[str, Any]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(self.path.suffix + ".tmp")
        text = json.dumps({"format": 1, "users": users}, indent=2, sort_keys=True)
        # Owner-only permissions: the hashes are still worth guarding.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        os.replace(temporary, self.path)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")


def _check_user_id(user_id: str) -> None:
    if not user_id or not user_id.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise ValueError(f"user id {user_id!r}: use letters, digits, '-', '_' or '.'")


def _check_pin_text(pin: str) -> None:
    if len(pin) < _MIN_PIN_LENGTH or not pin.isdigit():
        raise ValueError(f"a PIN is at least {_MIN_PIN_LENGTH} digits")


def _administrators_left(users: dict[str, dict[str, Any]]) -> int:
    return sum(1 for rec in users.values() if rec["role"] == "administrator" and rec.get("active", True))


def set_active(store: UserStore, *, by: User, user_id: str, active: bool) -> None:
    """Disable or re-enable a user (administrators only); the last active administrator stays."""
    store._require_administrator(by)
    users = store._load()
    if user_id not in users:
        raise KeyError(f"no user {user_id!r}")
    if not active and user_id == by.user_id:
        raise ValueError("an administrator cannot disable their own account")
    users[user_id]["active"] = active
    if _administrators_left(users) == 0:
        raise ValueError("the station needs at least one active administrator")
    store._save(users)


def set_role(store: UserStore, *, by: User, user_id: str, role: str) -> None:
    """Change a user's role (administrators only); the last active administrator stays one."""
    store._require_administrator(by)
    _check_role(role)
    users = store._load()
    if user_id not in users:
        raise KeyError(f"no user {user_id!r}")
    users[user_id]["role"] = role
    if _administrators_left(users) == 0:
        raise ValueError("the station needs at least one active administrator")
    store._save(users)


def is_active(store: UserStore, user_id: str) -> bool:
    """Return True when the user exists and may sign in."""
    record = store._load().get(user_id)
    return record is not None and bool(record.get("active", True))

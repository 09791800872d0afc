"""Station accounts for tests: an administrator and users whose one-time PINs are changed."""

from __future__ import annotations

from pathlib import Path

from rig.paths import DataDir
from rig.users import User, UserStore

ADMIN_PIN = "802461"


def station_user(data_dir: DataDir | Path, user_id: str, role: str, pin: str) -> User:
    """Create (once) the administrator and this user, each with a PIN of their own; return it."""
    root = data_dir.root if isinstance(data_dir, DataDir) else Path(data_dir)
    store = UserStore(root / "users.json")
    one_time = store.ensure_administrator()
    if one_time is not None:
        store.set_pin(store.authenticate("admin", one_time), ADMIN_PIN)
    admin = store.authenticate("admin", ADMIN_PIN)
    if user_id == "admin":
        return admin
    handed_over = store.add_user(by=admin, user_id=user_id, name=user_id.title(), role=role)
    store.set_pin(store.authenticate(user_id, handed_over), pin)
    return store.authenticate(user_id, pin)

"""The user store: PIN hashing, roles, the first administrator."""

from __future__ import annotations

import json

import pytest

from rig.users import AuthenticationError, User, UserStore


@pytest.fixture()
def store(tmp_path):
    return UserStore(tmp_path / "users.json")


def test_first_call_creates_the_administrator_with_a_pin_shown_once(store):
    pin = store.ensure_administrator()
    assert pin is not None and pin.isdigit() and len(pin) >= 6
    assert store.ensure_administrator() is None
    admin = store.authenticate("admin", pin)
    assert admin.role == "administrator"
    assert admin.can_edit_specs
    assert store.must_change_pin("admin")


def test_pins_are_stored_only_as_salted_hashes(store):
    admin = store.authenticate("admin", store.ensure_administrator())
    store.add_user(by=admin, user_id="t1", name="Tina", role="technician", pin="482913")
    store.add_user(by=admin, user_id="t2", name="Tom", role="technician", pin="482913")
    text = store.path.read_text()
    assert "482913" not in text
    users = json.loads(text)["users"]
    assert users["t1"]["pin"]["hash"] != users["t2"]["pin"]["hash"]  # salts differ


def test_wrong_pin_and_unknown_user_are_refused_alike(store):
    admin = store.authenticate("admin", store.ensure_administrator())
    store.add_user(by=admin, user_id="eng", name="Eve", role="engineer", pin="1234")
    assert store.authenticate("eng", "1234") == User("eng", "Eve", "engineer")
    with pytest.raises(AuthenticationError) as wrong:
        store.authenticate("eng", "1235")
    with pytest.raises(AuthenticationError) as unknown:
        store.authenticate("nobody", "1234")
    assert str(wrong.value) == str(unknown.value)


def test_only_administrators_add_users_and_roles_are_checked(store):
    admin = store.authenticate("admin", store.ensure_administrator())
    pin = store.add_user(by=admin, user_id="eng", name="Eve", role="engineer")
    engineer = store.authenticate("eng", pin)
    with pytest.raises(PermissionError):
        store.add_user(by=engineer, user_id="x", name="X", role="technician")
    with pytest.raises(ValueError):
        store.add_user(by=admin, user_id="y", name="Y", role="boss")
    with pytest.raises(ValueError):
        store.add_user(by=admin, user_id="eng", name="Again", role="engineer")


def test_technicians_cannot_edit_specs(store):
    admin = store.authenticate("admin", store.ensure_administrator())
    pin = store.add_user(by=admin, user_id="tech", name="Tim", role="technician")
    tech = store.authenticate("tech", pin)
    assert not tech.can_edit_specs
    assert User("e", "E", "engineer").can_edit_specs


def test_a_user_changes_the_handed_over_pin(store):
    admin = store.authenticate("admin", store.ensure_administrator())
    store.set_pin(admin, "97531")
    assert not store.must_change_pin("admin")
    assert store.authenticate("admin", "97531").user_id == "admin"
    fresh = store.reset_pin(by=admin, user_id="admin")
    with pytest.raises(AuthenticationError):
        store.authenticate("admin", "97531")
    assert store.authenticate("admin", fresh).role == "administrator"
    assert [u.user_id for u in store.users()] == ["admin"]

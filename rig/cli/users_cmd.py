"""`rig users init|add|list|pin|reset-pin|role|disable|enable`: who may use the station.

Also the helpers every command uses to sign someone in (--user/--pin) and to
take an electronic signature (the PIN asked again, with its meaning).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from rig.cli.exit_codes import BAD_INPUT
from rig.paths import DataDir
from rig.protected import ProtectedFileError
from rig.users import (
    PIN_RULES,
    ROLES,
    SIGNATURE_MEANINGS,
    AuthenticationError,
    Signature,
    User,
    station_users,
)

REFUSALS = (AuthenticationError, PermissionError, ValueError, KeyError, ProtectedFileError)


def add_user_arguments(parser: argparse.ArgumentParser, *, signs: bool = False) -> None:
    """Add --user and --pin (defaults from $RIG_USER and $RIG_PIN), and --sign-pin if it signs."""
    parser.add_argument("--user", default=None, help="your user id (default $RIG_USER)")
    parser.add_argument("--pin", default=None, help="your PIN (default $RIG_PIN)")
    if signs:
        parser.add_argument("--sign-pin", default=None,
                            help="your PIN again, to sign (default $RIG_SIGN_PIN, else asked)")


def authenticate(args: argparse.Namespace, data_dir: DataDir) -> User:
    """Return the user named by --user/--pin or the environment; raise AuthenticationError.

    A one-time PIN is refused here (PinChangeRequired): it must be changed with
    `rig users pin` before it does anything else.
    """
    user_id = args.user or os.environ.get("RIG_USER")
    pin = args.pin or os.environ.get("RIG_PIN")
    if not user_id or not pin:
        raise AuthenticationError("give --user and --pin (or set RIG_USER and RIG_PIN)")
    return station_users(data_dir).authenticate(user_id, pin, allow_one_time=False)


def sign(args: argparse.Namespace, data_dir: DataDir, user: User, meaning: str) -> Signature:
    """Take the user's electronic signature: the PIN once more, with what signing means."""
    pin = args.sign_pin or os.environ.get("RIG_SIGN_PIN")
    if not pin and sys.stdin.isatty():
        pin = getpass.getpass(f"{user.name} ({user.user_id}), signing means you "
                              f"{SIGNATURE_MEANINGS[meaning]} ({meaning!r}). PIN: ")
    if not pin:
        raise AuthenticationError(f"this change is signed ({meaning!r}): give your PIN again "
                                  f"with --sign-pin (or set RIG_SIGN_PIN)")
    return station_users(data_dir).sign(user.user_id, pin, meaning)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `users` command and its sub-commands."""
    users = subparsers.add_parser("users", help="station users (administrators)")
    actions = users.add_subparsers(dest="users_command", required=True, parser_class=type(users))
    init = actions.add_parser("init", help="create the administrator; prints its PIN once")
    init.set_defaults(handler=init_command)
    add = actions.add_parser("add", help="add a user and print the PIN to hand over")
    add.add_argument("user_id")
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=ROLES, default="technician")
    add_user_arguments(add)
    add.set_defaults(handler=add_command)
    listing = actions.add_parser("list", help="list users and roles")
    listing.set_defaults(handler=list_command)
    pin = actions.add_parser("pin", help=f"change your own PIN ({PIN_RULES})")
    pin.add_argument("user_id")
    pin.add_argument("--pin", required=True, help="your PIN now (a one-time PIN is fine)")
    pin.add_argument("--new-pin", required=True)
    pin.set_defaults(handler=pin_command)
    reset = actions.add_parser("reset-pin", help="give a user a new one-time PIN (also unlocks)")
    reset.add_argument("user_id")
    add_user_arguments(reset)
    reset.set_defaults(handler=reset_command)
    role = actions.add_parser("role", help="change a user's role (signed: 'authorised')")
    role.add_argument("user_id")
    role.add_argument("new_role", choices=ROLES)
    add_user_arguments(role, signs=True)
    role.set_defaults(handler=role_command)
    for name, active in (("disable", False), ("enable", True)):
        switch = actions.add_parser(name, help=f"{name} an account")
        switch.add_argument("user_id")
        add_user_arguments(switch)
        switch.set_defaults(handler=switch_command, active=active)
    for parser in actions.choices.values():
        parser.add_argument("--data-dir", default=None)


def _refused(command: str, exc: Exception) -> int:
    print(f"rig users {command}: {exc}", file=sys.stderr)
    return BAD_INPUT


def init_command(args: argparse.Namespace) -> int:
    """Create the administrator on a fresh station."""
    try:
        pin = station_users(DataDir.resolve(args.data_dir)).ensure_administrator()
    except REFUSALS as exc:
        return _refused("init", exc)
    if pin is None:
        print("rig users init: the station has users already", file=sys.stderr)
        return BAD_INPUT
    print(f"administrator 'admin' created; one-time PIN: {pin} (change it with "
          f"`rig users pin admin`)")
    return 0


def add_command(args: argparse.Namespace) -> int:
    """Add a user (administrators only)."""
    data_dir = DataDir.resolve(args.data_dir)
    try:
        admin = authenticate(args, data_dir)
        pin = station_users(data_dir).add_user(by=admin, user_id=args.user_id, name=args.name,
                                               role=args.role)
    except REFUSALS as exc:
        return _refused("add", exc)
    print(f"added {args.user_id} ({args.role}); PIN to hand over: {pin}")
    return 0


def list_command(args: argparse.Namespace) -> int:
    """Print every user and role."""
    try:
        users = station_users(DataDir.resolve(args.data_dir)).users()
    except REFUSALS as exc:
        return _refused("list", exc)
    for user in users:
        print(f"{user.user_id:<16} {user.role:<14} {user.name}")
    return 0


def pin_command(args: argparse.Namespace) -> int:
    """Change one's own PIN, the one way out of a one-time PIN."""
    store = station_users(DataDir.resolve(args.data_dir))
    try:
        user = store.authenticate(args.user_id, args.pin)
        store.set_pin(user, args.new_pin)
    except REFUSALS as exc:
        return _refused("pin", exc)
    print(f"{user.user_id}: PIN changed")
    return 0


def reset_command(args: argparse.Namespace) -> int:
    """Give a user a new one-time PIN (administrators only)."""
    data_dir = DataDir.resolve(args.data_dir)
    try:
        admin = authenticate(args, data_dir)
        pin = station_users(data_dir).reset_pin(by=admin, user_id=args.user_id)
    except REFUSALS as exc:
        return _refused("reset-pin", exc)
    print(f"{args.user_id}: one-time PIN to hand over: {pin}")
    return 0


def role_command(args: argparse.Namespace) -> int:
    """Change a user's role, signed by the administrator."""
    data_dir = DataDir.resolve(args.data_dir)
    try:
        admin = authenticate(args, data_dir)
        signature = sign(args, data_dir, admin, "authorised")
        station_users(data_dir).set_role(by=admin, user_id=args.user_id, role=args.new_role,
                                         signature=signature)
    except REFUSALS as exc:
        return _refused("role", exc)
    print(f"{args.user_id} is now {args.new_role} (signed by {admin.user_id}, 'authorised')")
    return 0


def switch_command(args: argparse.Namespace) -> int:
    """Disable or enable an account."""
    data_dir = DataDir.resolve(args.data_dir)
    try:
        admin = authenticate(args, data_dir)
        station_users(data_dir).set_active(by=admin, user_id=args.user_id, active=args.active)
    except REFUSALS as exc:
        return _refused("disable" if not args.active else "enable", exc)
    print(f"{args.user_id}: {'enabled' if args.active else 'disabled'}")
    return 0

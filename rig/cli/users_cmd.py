"""`rig users init|add|list`: who may use the station; also the --user/--pin helpers."""

from __future__ import annotations

import argparse
import os
import sys

from rig.audit import AuditLog
from rig.cli.exit_codes import BAD_INPUT
from rig.paths import DataDir
from rig.users import ROLES, AuthenticationError, User, UserStore


def add_user_arguments(parser: argparse.ArgumentParser) -> None:
    """Add --user and --pin (defaults from $RIG_USER and $RIG_PIN)."""
    parser.add_argument("--user", default=None, help="your user id (default $RIG_USER)")
    parser.add_argument("--pin", default=None, help="your PIN (default $RIG_PIN)")


def authenticate(args: argparse.Namespace, data_dir: DataDir) -> User:
    """Return the user named by --user/--pin or the environment; raise AuthenticationError."""
    user_id = args.user or os.environ.get("RIG_USER")
    pin = args.pin or os.environ.get("RIG_PIN")
    if not user_id or not pin:
        raise AuthenticationError("give --user and --pin (or set RIG_USER and RIG_PIN)")
    return UserStore(data_dir.users).authenticate(user_id, pin)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `users` command and its sub-commands."""
    users = subparsers.add_parser("users", help="station users (administrators)")
    actions = users.add_subparsers(dest="users_command", required=True, parser_class=type(users))
    init = actions.add_parser("init", help="create the administrator; prints its PIN once")
    init.add_argument("--data-dir", default=None)
    init.set_defaults(handler=init_command)
    add = actions.add_parser("add", help="add a user and print the PIN to hand over")
    add.add_argument("user_id")
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=ROLES, default="technician")
    add.add_argument("--data-dir", default=None)
    add_user_arguments(add)
    add.set_defaults(handler=add_command)
    listing = actions.add_parser("list", help="list users and roles")
    listing.add_argument("--data-dir", default=None)
    listing.set_defaults(handler=list_command)


def init_command(args: argparse.Namespace) -> int:
    """Create the administrator on a fresh station."""
    data_dir = DataDir.resolve(args.data_dir)
    pin = UserStore(data_dir.users).ensure_administrator()
    if pin is None:
        print("rig users init: the station has users already", file=sys.stderr)
        return BAD_INPUT
    AuditLog(data_dir.audit_log).append(actor="admin", role="administrator",
                                        action="user.init", details={"user": "admin"})
    print(f"administrator 'admin' created; one-time PIN: {pin}")
    return 0


def add_command(args: argparse.Namespace) -> int:
    """Add a user (administrators only)."""
    data_dir = DataDir.resolve(args.data_dir)
    store = UserStore(data_dir.users)
    try:
        admin = authenticate(args, data_dir)
        pin = store.add_user(by=admin, user_id=args.user_id, name=args.name, role=args.role)
    except (AuthenticationError, PermissionError, ValueError) as exc:
        print(f"rig users add: {exc}", file=sys.stderr)
        return BAD_INPUT
    AuditLog(data_dir.audit_log).append(actor=admin.user_id, role=admin.role, action="user.add",
                                        details={"user": args.user_id, "role": args.role})
    print(f"added {args.user_id} ({args.role}); PIN to hand over: {pin}")
    return 0


def list_command(args: argparse.Namespace) -> int:
    """Print every user and role."""
    for user in UserStore(DataDir.resolve(args.data_dir).users).users():
        print(f"{user.user_id:<16} {user.role:<14} {user.name}")
    return 0

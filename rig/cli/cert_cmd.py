"""`rig cert create|verify|key`: batch certificates of conformance and the key that signs them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rig.cli.exit_codes import BAD_INPUT, FAIL, PASS
from rig.cli.users_cmd import REFUSALS, add_user_arguments, authenticate, sign
from rig.keys import KeyStore, SigningKeyError, default_key_dir, trusted_keys
from rig.paths import DataDir
from rig.protected import station_audit


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `cert` command and its sub-commands."""
    cert = subparsers.add_parser("cert", help="batch certificates of conformance")
    actions = cert.add_subparsers(dest="cert_command", required=True,
                                  parser_class=type(cert))
    create = actions.add_parser("create", help="issue a certificate for a batch (engineers)")
    create.add_argument("--batch", required=True)
    create.add_argument("--out", required=True, type=Path, help="the PDF to write")
    create.add_argument("--exclude", action="append", default=[], metavar="SERIAL=REASON",
                        help="leave a unit out, with the reason printed on the certificate")
    create.add_argument("--serials", type=Path, metavar="FILE",
                        help="every serial of the batch, one a line (untested ones are refused)")
    create.add_argument("--aql", type=float, default=None,
                        help="AQL in percent for the sampled tests (default 2.5)")
    create.add_argument("--location", default="", help="where it is signed (default the host)")
    add_user_arguments(create, signs=True)
    _key_dir_argument(create)
    create.add_argument("--data-dir", default=None)
    create.set_defaults(handler=create_command)
    verify = actions.add_parser("verify", help="check a certificate's signature and the records")
    verify.add_argument("file", type=Path)
    verify.add_argument("--data-dir", default=None)
    verify.set_defaults(handler=verify_command)
    _register_key(actions)


def _key_dir_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--key-dir", type=Path, default=None,
                        help="the signing key's directory, outside the data directory "
                             "(default $RIG_KEY_DIR, else ~/.config/rig/keys)")


def _register_key(actions: argparse._SubParsersAction) -> None:
    key = actions.add_parser("key", help="the key certificates are signed with (administrators)")
    key_actions = key.add_subparsers(dest="key_command", required=True, parser_class=type(key))
    for name, handler, text in (("create", key_create_command, "make the first signing key"),
                                ("rotate", key_rotate_command, "replace the signing key")):
        command = key_actions.add_parser(name, help=text)
        command.add_argument("--holder", required=True,
                             help="the person the key signs for (the quality manager)")
        add_user_arguments(command)
        _key_dir_argument(command)
        command.add_argument("--data-dir", default=None)
        command.set_defaults(handler=handler)
    listing = key_actions.add_parser("list", help="the station's list of signing keys")
    listing.add_argument("--data-dir", default=None)
    listing.set_defaults(handler=key_list_command)


def _keys(args: argparse.Namespace, data_dir: DataDir) -> KeyStore:
    return KeyStore(args.key_dir or default_key_dir(), data_dir, station_audit(data_dir))


def _key_command(args: argparse.Namespace, make) -> int:
    data_dir = DataDir.resolve(args.data_dir)
    try:
        user = authenticate(args, data_dir)
        key = make(_keys(args, data_dir), user)
    except (*REFUSALS, SigningKeyError) as exc:
        print(f"rig cert key {args.key_command}: {exc}", file=sys.stderr)
        return BAD_INPUT
    print(f"signing key {key.fingerprint[:16]} for {key.holder}: {key.key_path} (0600)")
    return PASS


def key_create_command(args: argparse.Namespace) -> int:
    """Make the station's first signing key."""
    return _key_command(args, lambda keys, user: keys.create(by=user, holder=args.holder))


def key_rotate_command(args: argparse.Namespace) -> int:
    """Make a new signing key; the old one stays on the list for what it signed."""
    return _key_command(args, lambda keys, user: keys.rotate(by=user, holder=args.holder))


def key_list_command(args: argparse.Namespace) -> int:
    """Print the station's list of signing keys."""
    data_dir = DataDir.resolve(args.data_dir)
    try:
        keys = trusted_keys(station_audit(data_dir))
    except REFUSALS as exc:
        print(f"rig cert key list: {exc}", file=sys.stderr)
        return BAD_INPUT
    for key in keys.values():
        state = f"retired {key.retired_at}" if key.retired_at else "signs now"
        print(f"{key.fingerprint[:16]}  {key.holder:<24} added {key.added_at}  {state}")
    return PASS


def parse_exclusions(items: list[str]) -> dict[str, str]:
    """Turn SERIAL=REASON arguments into a mapping; raise ValueError on a malformed one."""
    exclusions = {}
    for item in items:
        serial, sep, reason = item.partition("=")
        if not sep or not serial.strip() or not reason.strip():
            raise ValueError(f"--exclude {item!r}: write SERIAL=REASON")
        exclusions[serial.strip()] = reason.strip()
    return exclusions


def create_command(args: argparse.Namespace) -> int:
    """Issue a certificate; exit 0 issued, 1 refused, 4 bad input or not allowed."""
    import socket

    from rig.certificates import CertificateRefused, issue_certificate
    from rig.certificates.batch import DEFAULT_AQL_PERCENT
    from rig.certificates.issue import ISSUING_ROLES
    from rig.index import ResultsIndex

    data_dir = DataDir.resolve(args.data_dir)
    try:
        exclusions = parse_exclusions(args.exclude)
        serials = _read_serials(args.serials) if args.serials else []
        user = authenticate(args, data_dir)
        if user.role not in ISSUING_ROLES:
            raise PermissionError(f"{user.user_id} ({user.role}) may not issue certificates; "
                                  f"an engineer or administrator may")
        signing_key = _keys(args, data_dir).current()
        signature = sign(args, data_dir, user, "released")
    except (*REFUSALS, OSError, SigningKeyError) as exc:
        print(f"rig cert create: {exc}", file=sys.stderr)
        return BAD_INPUT
    index = ResultsIndex(data_dir.index_url)
    try:
        cert = issue_certificate(
            index, data_dir, args.batch, user, args.out, exclusions=exclusions,
            audit=station_audit(data_dir), expected_serials=serials,
            aql_percent=DEFAULT_AQL_PERCENT if args.aql is None else args.aql,
            signing_key=signing_key, signature=signature,
            location=args.location or socket.gethostname())
    except (PermissionError, ValueError) as exc:  # not allowed to issue, or a bad exclusion
        print(f"rig cert create: {exc}", file=sys.stderr)
        return BAD_INPUT
    except CertificateRefused as exc:
        print(f"rig cert create: {exc}", file=sys.stderr)
        return FAIL
    finally:
        index.close()
    print(f"issued {cert.number}: batch {args.batch}, {cert.quantity} unit(s) -> {cert.path}")
    if cert.sampling is not None:
        print(f"  sampling: {cert.sampling.describe()}")
    print(f"  batch digest {cert.digest}")
    return PASS


def verify_command(args: argparse.Namespace) -> int:
    """Verify a certificate; exit 0 verified, 1 with the units at fault named, 4 unreadable."""
    from rig.certificates import CertificateUnreadable, verify_certificate

    data_dir = DataDir.resolve(args.data_dir)
    try:
        result = verify_certificate(args.file, data_dir)
    except (CertificateUnreadable, OSError) as exc:
        print(f"rig cert verify: {exc}", file=sys.stderr)
        return BAD_INPUT
    signed = result.signature
    if signed is not None and signed.signed:
        print(f"{result.number}: signed by {signed.signer} (key {signed.fingerprint[:16]}, "
              f"meaning {signed.reason!r}, {signed.signed_at})")
    elif signed is not None:
        print(f"{result.number}: unsigned")
    for note in result.notes:
        print(f"  note: {note}")
    if result.verified:
        print(f"{result.number}: verified: batch {result.batch}, {result.units_checked} unit(s), "
              f"every record matches (digest {result.digest})")
        return PASS
    print(f"{result.number}: NOT verified: batch {result.batch}")
    for finding in result.findings:
        print(f"  {finding}")
    if result.serials_at_fault:
        print(f"  units at fault: {', '.join(result.serials_at_fault)}")
    return FAIL


def _read_serials(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]

"""`rig cert create` and `rig cert verify`: batch certificates of conformance."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rig.cli.exit_codes import BAD_INPUT, FAIL, PASS
from rig.paths import DataDir


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
    create.add_argument("--user", required=True)
    create.add_argument("--pin", required=True)
    create.add_argument("--data-dir", default=None)
    create.set_defaults(handler=create_command)
    verify = actions.add_parser("verify", help="check a certificate against the records")
    verify.add_argument("file", type=Path)
    verify.add_argument("--data-dir", default=None)
    verify.set_defaults(handler=verify_command)


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
    from rig.audit import AuditLog
    from rig.certificates import CertificateRefused, issue_certificate
    from rig.certificates.batch import DEFAULT_AQL_PERCENT
    from rig.index import ResultsIndex
    from rig.users import AuthenticationError, UserStore

    data_dir = DataDir.resolve(args.data_dir)
    try:
        exclusions = parse_exclusions(args.exclude)
        serials = _read_serials(args.serials) if args.serials else []
        user = UserStore(data_dir.users).authenticate(args.user, args.pin)
    except (ValueError, OSError, AuthenticationError) as exc:
        print(f"rig cert create: {exc}", file=sys.stderr)
        return BAD_INPUT
    index = ResultsIndex(data_dir.index_url)
    try:
        cert = issue_certificate(
            index, data_dir, args.batch, user, args.out, exclusions=exclusions,
            audit=AuditLog(data_dir.audit_log), expected_serials=serials,
            aql_percent=DEFAULT_AQL_PERCENT if args.aql is None else args.aql)
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

"""The quality manager's signing key: created, kept outside the data directory, rotated.

The private key lives in a key directory of its own (``$RIG_KEY_DIR``, else
``~/.config/rig/keys``), mode 0700, the key file 0600; a key directory inside
the data directory is refused, so copying or sharing the records never
copies the key. The station's list of trusted signing certificates is kept
in the audit log: each ``cert.key_create`` / ``cert.key_rotate`` entry holds
the certificate (PEM) and its fingerprint, and a rotation records when the
old key stopped signing. A certificate PDF signed by any other key fails.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from rig.audit import AuditLog
from rig.hashing import sha256_bytes
from rig.paths import DataDir
from rig.protected import verified_entries

KEY_DIR_ENV = "RIG_KEY_DIR"
KEY_ROLES = ("administrator",)
_VALID_DAYS = 3 * 365
_CURRENT = "current"


class SigningKeyError(Exception):
    """No usable signing key, or a key directory that breaks the rules."""


@dataclass(frozen=True)
class TrustedKey:
    """A signing certificate on the station's list, and when it stopped signing (if it did)."""

    fingerprint: str  # SHA-256 of the certificate's DER bytes
    holder: str
    certificate_pem: str
    added_at: str
    retired_at: str | None = None
    retired_seq: int | None = None  # the audit entry that retired it


@dataclass(frozen=True)
class SigningKey:
    """A key this station signs with: its files and fingerprint."""

    fingerprint: str
    holder: str
    key_path: Path
    certificate_path: Path


def default_key_dir() -> Path:
    """Return $RIG_KEY_DIR, else ~/.config/rig/keys."""
    return Path(os.environ.get(KEY_DIR_ENV) or Path.home() / ".config" / "rig" / "keys")


def fingerprint_of(certificate_der: bytes) -> str:
    """Return the fingerprint the station's list names a certificate by."""
    return sha256_bytes(certificate_der)


class KeyStore:
    """The signing keys of one station, in a directory outside its data directory."""

    def __init__(self, directory: Path, data_dir: DataDir, audit: AuditLog) -> None:
        self.directory = Path(directory).resolve()
        if self.directory.is_relative_to(data_dir.root.resolve()):
            raise SigningKeyError(f"{self.directory}: the key directory must be outside the data "
                            f"directory {data_dir.root}")
        self.audit = audit

    def create(self, *, by, holder: str, organisation: str = "Massager QA station") -> SigningKey:
        """Make the first signing key (administrators only); refuse when one exists."""
        _require_key_role(by)
        if trusted_keys(self.audit):
            raise SigningKeyError("the station has a signing key already: rotate it instead")
        key = self._new_key(holder, organisation)
        self.audit.append(actor=by.user_id, role=by.role, action="cert.key_create",
                          details=self._entry(key))
        return key

    def rotate(self, *, by, holder: str, organisation: str = "Massager QA station") -> SigningKey:
        """Make a new signing key and retire the current one (it still verifies what it signed)."""
        _require_key_role(by)
        old = self.current()
        key = self._new_key(holder, organisation)
        self.audit.append(actor=by.user_id, role=by.role, action="cert.key_rotate",
                          details={**self._entry(key), "retires": old.fingerprint})
        return key

    def current(self) -> SigningKey:
        """Return the key that signs now; raise SigningKeyError when there is none or it is not trusted."""
        pointer = self.directory / _CURRENT
        if not pointer.exists():
            raise SigningKeyError(f"no signing key in {self.directory}: create one with "
                            f"`rig cert key create`")
        fingerprint = pointer.read_text(encoding="utf-8").strip()
        trusted = trusted_keys(self.audit).get(fingerprint)
        if trusted is None or trusted.retired_at is not None:
            raise SigningKeyError(f"the key in {self.directory} ({fingerprint[:16]}) is not the "
                            f"station's current signing key")
        key_path, cert_path = self._paths(fingerprint)
        if fingerprint_of(_der(cert_path.read_bytes())) != fingerprint:
            raise SigningKeyError(f"{cert_path}: does not match the station's list")
        return SigningKey(fingerprint, trusted.holder, key_path, cert_path)

    def _new_key(self, holder: str, organisation: str) -> SigningKey:
        if not holder.strip():
            raise ValueError("a signing key needs the name of the person it signs for")
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.directory, 0o700)
        private = ec.generate_private_key(ec.SECP256R1())
        certificate = _self_signed(private, holder.strip(), organisation)
        der = certificate.public_bytes(serialization.Encoding.DER)
        fingerprint = fingerprint_of(der)
        key_path, cert_path = self._paths(fingerprint)
        pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
        cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        temporary = self.directory / (_CURRENT + ".tmp")
        temporary.write_text(fingerprint + "\n", encoding="utf-8")
        os.replace(temporary, self.directory / _CURRENT)
        return SigningKey(fingerprint, holder.strip(), key_path, cert_path)

    def _paths(self, fingerprint: str) -> tuple[Path, Path]:
        stem = self.directory / f"signing-{fingerprint[:16]}"
        return stem.with_suffix(".key.pem"), stem.with_suffix(".crt.pem")

    @staticmethod
    def _entry(key: SigningKey) -> dict[str, str]:
        return {"fingerprint": key.fingerprint, "holder": key.holder,
                "certificate_pem": key.certificate_path.read_text(encoding="ascii")}


def trusted_keys(audit: AuditLog) -> dict[str, TrustedKey]:
    """Return the station's list of signing certificates from the (verified) audit log."""
    keys: dict[str, TrustedKey] = {}
    for entry in verified_entries(audit, "no list of signing keys"):
        if entry.action not in ("cert.key_create", "cert.key_rotate"):
            continue
        details = entry.details
        retired = keys.get(details.get("retires", ""))
        if retired is not None:
            keys[retired.fingerprint] = TrustedKey(**{**vars(retired), "retired_at": entry.time,
                                                      "retired_seq": entry.seq})
        keys[details["fingerprint"]] = TrustedKey(details["fingerprint"], details["holder"],
                                                  details["certificate_pem"], entry.time)
    return keys


def _require_key_role(user) -> None:
    if user.role not in KEY_ROLES:
        raise PermissionError(f"{user.user_id} ({user.role}) may not manage signing keys; "
                              f"an administrator may")


def _self_signed(private: ec.EllipticCurvePrivateKey, holder: str,
                 organisation: str) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, holder),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation)])
    now = datetime.now(UTC)
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(private.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=_VALID_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                         key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, key_cert_sign=True, crl_sign=False,
                                         encipher_only=False, decipher_only=False), critical=True)
            .sign(private, hashes.SHA256()))


def _der(pem: bytes) -> bytes:
    return x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)

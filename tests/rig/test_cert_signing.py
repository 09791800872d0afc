"""Signed certificates: the key, PAdES signatures checked against the station's list (item 8,
and issue 11 item 4: a certificate stays verifiable whatever is tested in its batch later)."""

from __future__ import annotations

import io
import shutil
import stat
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfWriter

from rig.audit import AuditLog
from rig.certificates import issue_certificate, verify_certificate
from rig.cli import exit_codes, main
from rig.keys import KeyStore, SigningKeyError
from rig.users import User
from tests.rig.test_certificates import Bench

ADMIN = User("admin", "Ada Admin", "administrator")
ENGINEER = User("eng1", "Dana Whitfield", "engineer")


@pytest.fixture
def bench(tmp_path: Path):
    bench = Bench(tmp_path / "data")
    yield bench
    bench.index.close()


def keys(bench: Bench, directory: Path) -> KeyStore:
    return KeyStore(directory, bench.data_dir, AuditLog(bench.data_dir.audit_log))


def issue(bench: Bench, out: Path, key=None, batch: str = "PT-9"):
    # Issued in the bench's own timeline, three minutes after its latest run.
    return issue_certificate(bench.index, bench.data_dir, batch, ENGINEER, out,
                             signing_key=key, now=bench.clock + timedelta(minutes=1),
                             audit=AuditLog(bench.data_dir.audit_log))


def test_the_key_is_kept_outside_the_data_directory_owner_only(bench, tmp_path):
    store = keys(bench, tmp_path / "keys")
    key = store.create(by=ADMIN, holder="Quinn Quality")
    assert stat.S_IMODE(key.key_path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700
    assert store.current() == key
    with pytest.raises(SigningKeyError, match="outside the data directory"):
        keys(bench, bench.data_dir.root / "keys")
    with pytest.raises(PermissionError):
        keys(bench, tmp_path / "k2").rotate(by=ENGINEER, holder="Eve")
    with pytest.raises(SigningKeyError, match="rotate it instead"):
        store.create(by=ADMIN, holder="Again")


def test_a_signed_certificate_verifies_and_pdfsig_shows_the_signer(bench, tmp_path):
    key = keys(bench, tmp_path / "keys").create(by=ADMIN, holder="Quinn Quality")
    bench.good_batch("PT-9", units=6, sampled=5)
    out = tmp_path / "signed.pdf"
    issue(bench, out, key)
    result = verify_certificate(out, bench.data_dir)
    assert result.verified, result.findings
    assert result.signature.signed and result.signature.reason == "released"
    assert result.signature.fingerprint == key.fingerprint
    if shutil.which("pdfsig"):
        shown = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True).stdout
        assert "Signer Certificate Common Name: Quinn Quality" in shown
        assert "Signature Validation: Signature is Valid." in shown


def test_a_signature_by_a_key_not_on_the_station_list_fails(bench, tmp_path):
    other = Bench(tmp_path / "other")
    foreign = KeyStore(tmp_path / "other-keys", other.data_dir,
                       AuditLog(other.data_dir.audit_log)).create(by=ADMIN, holder="Mallory")
    other.index.close()
    keys(bench, tmp_path / "keys").create(by=ADMIN, holder="Quinn Quality")
    bench.good_batch("PT-9", units=6, sampled=5)
    out = tmp_path / "foreign.pdf"
    issue(bench, out, foreign)
    result = verify_certificate(out, bench.data_dir)
    assert [f.kind for f in result.findings] == ["signature"]
    assert "not on the station's list" in result.findings[0].detail


def test_an_unsigned_certificate_fails_where_the_station_signs(bench, tmp_path):
    bench.good_batch("PT-9", units=6, sampled=5)
    out = tmp_path / "unsigned.pdf"
    issue(bench, out)
    assert verify_certificate(out, bench.data_dir).verified  # a station without a key yet
    keys(bench, tmp_path / "keys").create(by=ADMIN, holder="Quinn Quality")
    result = verify_certificate(out, bench.data_dir)
    assert "carries no signature" in result.findings[0].detail


def test_bytes_added_after_signing_are_found(bench, tmp_path):
    key = keys(bench, tmp_path / "keys").create(by=ADMIN, holder="Quinn Quality")
    bench.good_batch("PT-9", units=6, sampled=5)
    out = tmp_path / "signed.pdf"
    issue(bench, out, key)
    writer = PdfWriter(out, incremental=True)
    writer.add_metadata({"/Title": "edited after signing"})
    buffer = io.BytesIO()
    writer.write(buffer)
    out.write_bytes(buffer.getvalue())
    result = verify_certificate(out, bench.data_dir)
    assert any(f.kind == "signature" for f in result.findings)


def test_rotation_keeps_old_certificates_verifiable_and_retires_the_old_key(bench, tmp_path):
    store = keys(bench, tmp_path / "keys")
    old = store.create(by=ADMIN, holder="Quinn Quality")
    bench.good_batch("PT-9", units=6, sampled=5)
    before = tmp_path / "before.pdf"
    issue(bench, before, old)
    new = store.rotate(by=ADMIN, holder="Rae Quality")
    assert store.current() == new and new.fingerprint != old.fingerprint
    bench.good_batch("PT-10", units=6, sampled=5)
    after = tmp_path / "after.pdf"
    issue(bench, after, new, batch="PT-10")
    assert verify_certificate(before, bench.data_dir).verified
    assert verify_certificate(after, bench.data_dir).verified
    late = tmp_path / "late.pdf"
    issue(bench, late, old, batch="PT-10")  # the retired key, used after its retirement
    assert "retired" in verify_certificate(late, bench.data_dir).findings[0].detail


def test_issue11_item4_runs_tested_after_issue_leave_the_certificate_verified(bench, tmp_path):
    serials = bench.good_batch("PT-9", units=6, sampled=5)
    out = tmp_path / "c.pdf"
    issue(bench, out)
    bench.clock += timedelta(hours=1)
    bench.run(serials[3], "PT-9")  # a retest after the certificate
    bench.run("GPM-000999", "PT-9")  # a unit added to the batch after it
    result = verify_certificate(out, bench.data_dir)
    assert result.verified, result.findings
    assert len(result.notes) == 2 and "tested after the certificate was issued" in result.notes[0]


def test_item8_a_flipped_byte_anywhere_gives_a_message_never_a_traceback(bench, tmp_path,
                                                                        capsys):
    key = keys(bench, tmp_path / "keys").create(by=ADMIN, holder="Quinn Quality")
    bench.good_batch("PT-9", units=6, sampled=5)
    out = tmp_path / "signed.pdf"
    issue(bench, out, key)
    original = out.read_bytes()
    damaged = tmp_path / "damaged.pdf"
    outcomes = set()
    for position in range(0, len(original), max(1, len(original) // 60)):
        flipped = bytearray(original)
        flipped[position] ^= 0x5A
        damaged.write_bytes(bytes(flipped))
        code = main(["cert", "verify", str(damaged), "--data-dir", str(bench.data_dir.root)])
        assert code in (exit_codes.FAIL, exit_codes.BAD_INPUT), position
        outcomes.add(code)
    assert "Traceback" not in capsys.readouterr().err
    assert exit_codes.FAIL in outcomes


def test_verify_of_a_file_that_is_no_pdf_is_bad_input(tmp_path, capsys):
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    assert main(["cert", "verify", str(junk), "--data-dir", str(tmp_path)]) == \
        exit_codes.BAD_INPUT
    assert "junk.pdf" in capsys.readouterr().err




def test_the_engineering_tools_sign_with_the_key_they_are_given(bench, tmp_path):
    from rig.engineering import Engineering
    from rig.spec_store import SpecStore

    store = keys(bench, tmp_path / "keys")
    store.create(by=ADMIN, holder="Quinn Quality")
    bench.good_batch("PT-9", units=6, sampled=5)
    tools = Engineering(bench.data_dir, SpecStore(bench.data_dir.spec_revisions),
                        bench.index, AuditLog(bench.data_dir.audit_log), keys=store)
    cert = tools.issue(ENGINEER, "PT-9", tmp_path / "gui.pdf")
    result = tools.verify(cert.path)
    assert result.verified and result.signature.signer == "Quinn Quality"

"""`rig cert create` and `rig cert verify` on a data directory with users, records and an index."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import h5py
import pytest
from test_certificates import Bench  # the record-writing bench of the API tests

from rig.audit import AuditLog
from rig.cli import main
from rig.cli.cert_cmd import parse_exclusions
from rig.cli.exit_codes import BAD_INPUT, FAIL, PASS
from rig.model import Verdict
from tests.rig.accounts import ADMIN_PIN, station_user


@pytest.fixture
def station(tmp_path: Path, monkeypatch):
    bench = Bench(tmp_path / "data")
    monkeypatch.setenv("RIG_KEY_DIR", str(tmp_path / "keys"))
    station_user(bench.data_dir, "eng1", "engineer", "4321")
    station_user(bench.data_dir, "tech1", "technician", "1234")
    assert main(["cert", "key", "create", "--holder", "Quinn Quality", "--user", "admin",
                 "--pin", ADMIN_PIN, "--data-dir", str(bench.data_dir.root)]) == PASS
    yield bench
    bench.index.close()


def create(bench: Bench, out: Path, *extra: str, user: str = "eng1", pin: str = "4321") -> int:
    return main(["cert", "create", "--batch", "PT-1", "--out", str(out), "--user", user,
                 "--pin", pin, "--sign-pin", pin, "--data-dir", str(bench.data_dir.root),
                 *extra])


def test_create_then_verify_then_tamper(station, tmp_path, capsys):
    serials = station.good_batch("PT-1", units=9, sampled=5)
    station.run("GPM-000500", "PT-1", Verdict.FAIL)
    out = tmp_path / "pt-1.pdf"

    assert create(station, out) == FAIL
    refused = capsys.readouterr().err
    assert "GPM-000500: FAIL" in refused and not out.exists()

    assert create(station, out, "--exclude", "GPM-000500=failed high.fundamental") == PASS
    assert "issued COC-" in capsys.readouterr().out
    assert AuditLog(station.data_dir.audit_log).entries()[-1].action == "cert.issue"

    verify = ["cert", "verify", str(out), "--data-dir", str(station.data_dir.root)]
    assert main(verify) == PASS
    assert "verified" in capsys.readouterr().out

    record = station.index.runs(batch="PT-1", serial=serials[3])[-1].record_path
    with h5py.File(record, "r+") as f:
        f.attrs["operator"] = "someone else"
    assert main(verify) == FAIL
    report = capsys.readouterr().out
    assert f"{serials[3]}: changed" in report
    assert f"units at fault: {serials[3]}" in report


def test_a_technician_a_wrong_pin_and_a_bad_exclusion_are_bad_input(station, tmp_path, capsys):
    station.good_batch("PT-1", units=6, sampled=5)
    out = tmp_path / "x.pdf"
    assert create(station, out, user="tech1", pin="1234") == BAD_INPUT
    assert "may not issue" in capsys.readouterr().err
    assert create(station, out, pin="9999") == BAD_INPUT
    assert "wrong PIN" in capsys.readouterr().err
    assert create(station, out, "--exclude", "GPM-000100") == BAD_INPUT
    assert "SERIAL=REASON" in capsys.readouterr().err
    assert not out.exists()


def test_an_untested_serial_from_the_serials_file_is_refused(station, tmp_path, capsys):
    station.good_batch("PT-1", units=6, sampled=5)
    serials_file = tmp_path / "serials.txt"
    serials_file.write_text("# batch PT-1\nGPM-000100\nGPM-000101\nGPM-000777\n")
    assert create(station, tmp_path / "x.pdf", "--serials", str(serials_file)) == FAIL
    assert "GPM-000777: untested" in capsys.readouterr().err


def test_verify_exit_codes_from_a_separate_process(station, tmp_path):
    station.good_batch("PT-1", units=6, sampled=5)
    out = tmp_path / "pt.pdf"
    assert create(station, out) == PASS
    command = [sys.executable, "-m", "rig.cli", "cert", "verify", str(out), "--data-dir",
               str(station.data_dir.root)]
    assert subprocess.run(command, capture_output=True, text=True).returncode == PASS
    not_a_certificate = tmp_path / "plain.pdf"
    not_a_certificate.write_bytes(b"%PDF-1.4\n%%EOF\n")
    command[4] = str(not_a_certificate)
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == BAD_INPUT
    assert "plain.pdf" in done.stderr


def test_parse_exclusions_keeps_equals_signs_in_the_reason():
    assert parse_exclusions(["GPM-1=ripple=31 %; to repair"]) == {"GPM-1": "ripple=31 %; to repair"}


def test_key_rotate_and_list_are_commands_of_their_own(station, tmp_path, capsys):
    root = str(station.data_dir.root)
    capsys.readouterr()
    assert main(["cert", "key", "rotate", "--holder", "Rae Quality", "--user", "eng1",
                 "--pin", "4321", "--data-dir", root]) == BAD_INPUT  # administrators only
    assert main(["cert", "key", "rotate", "--holder", "Rae Quality", "--user", "admin",
                 "--pin", ADMIN_PIN, "--data-dir", root]) == PASS
    assert main(["cert", "key", "list", "--data-dir", root]) == PASS
    listing = capsys.readouterr().out
    assert "Quinn Quality" in listing and "retired" in listing
    assert "Rae Quality" in listing and "signs now" in listing
    station.good_batch("PT-1", units=6, sampled=5)
    out = tmp_path / "rotated.pdf"
    assert create(station, out) == PASS
    assert main(["cert", "verify", str(out), "--data-dir", root]) == PASS
    assert "signed by Rae Quality" in capsys.readouterr().out

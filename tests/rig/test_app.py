"""The composition root: every front end's runs reach the index hashed, under the retest policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from rig.app import attempts_in, open_station_app
from rig.cli import main
from rig.cli.exit_codes import FAIL, PASS
from rig.hashing import sha256_file
from rig.model import RunRequest, Verdict
from tests.rig.accounts import ADMIN_PIN, station_user
from tests.rig.test_cert_bench import short_sample_spec
from tests.sim_station import sim_station_file

BATCH = "PT-APP-1"
SERIALS = [f"GPM-{n:06d}" for n in range(5101, 5106)]


@pytest.fixture(scope="module")
def certified(tmp_path_factory):
    """Test a batch through the app's session (as the station window does); certify it."""
    root = tmp_path_factory.mktemp("app")
    spec_file = root / "gpm-short.yaml"
    spec_file.write_text(short_sample_spec().text, encoding="utf-8")
    data = root / "data"
    station_user(data, "eng1", "engineer", "4321")
    keys = ["--key-dir", str(root / "keys")]
    assert main(["cert", "key", "create", "--holder", "Quinn Quality", "--user", "admin",
                 "--pin", ADMIN_PIN, "--data-dir", str(data), *keys]) == PASS
    with open_station_app(sim_station_file(root, 50.0), data_dir=data, spec_file=spec_file) as app:
        outcomes = []
        for number, serial in enumerate(SERIALS):
            app.station.bench.force_defect(serial, "none")
            request = RunRequest(serial, "general-purpose", "sample" if number < 2 else "eol",
                                 operator="op1", batch=BATCH)
            outcomes.append(app.session.run(request))
        hashes = {o.summary.run_id: app.index.record_sha256(o.summary.run_id) for o in outcomes}
    certificate = root / "coc.pdf"
    issued = main(["cert", "create", "--batch", BATCH, "--out", str(certificate), "--user", "eng1",
                   "--pin", "4321", "--sign-pin", "4321", "--aql", "6.5", "--data-dir", str(data),
                   *keys])
    return data, outcomes, hashes, certificate, issued, keys


@pytest.mark.slow
def test_a_run_through_the_session_reaches_the_index_with_its_records_hash(certified):
    _, outcomes, hashes, _, _, _ = certified
    assert [o.summary.verdict for o in outcomes] == [Verdict.PASS] * len(SERIALS)
    for outcome in outcomes:
        assert hashes[outcome.summary.run_id] == sha256_file(outcome.summary.record_path)


@pytest.mark.slow
def test_one_altered_byte_in_a_session_record_refuses_the_batch_and_fails_the_certificate(
        certified, tmp_path, capsys):
    data, outcomes, _, certificate, issued, keys = certified
    assert issued == PASS
    verify = ["cert", "verify", str(certificate), "--data-dir", str(data)]
    assert main(verify) == PASS
    altered = outcomes[3].summary
    raw = bytearray(Path(altered.record_path).read_bytes())
    raw[len(raw) // 2] ^= 0x01  # one bit of one byte, deep in the samples
    Path(altered.record_path).write_bytes(bytes(raw))
    capsys.readouterr()

    assert main(verify) == FAIL
    assert f"{altered.serial}: changed" in capsys.readouterr().out
    again = main(["cert", "create", "--batch", BATCH, "--out", str(tmp_path / "again.pdf"),
                  "--user", "eng1", "--pin", "4321", "--sign-pin", "4321", "--aql", "6.5",
                  "--data-dir", str(data), *keys])
    assert again != PASS
    assert altered.serial in capsys.readouterr().err
    assert not (tmp_path / "again.pdf").exists()


def test_attempts_come_from_the_index_oldest_first(tmp_path):
    from rig.index import ResultsIndex
    from tests.rig.test_station_session_history import summary

    index = ResultsIndex(f"sqlite:///{tmp_path / 'index.sqlite'}")
    try:
        index.add(summary("r2", Verdict.FAIL, "2026-03-01T09:00:00.000+00:00"))
        index.add(summary("r1", Verdict.PASS, "2026-03-01T08:00:00.000+00:00"))
        runs = attempts_in(index)("general-purpose", "GPM-000042")
        assert [s.run_id for s in runs] == ["r1", "r2"]
    finally:
        index.close()


def test_an_opened_station_lets_each_blas_library_use_one_thread(tmp_path):
    # Spare BLAS threads spin on the core the window and the simulated bench need (decision 0038).
    from threadpoolctl import threadpool_info, threadpool_limits

    threadpool_limits(limits=2, user_api="blas")
    with open_station_app(sim_station_file(tmp_path, 50.0), data_dir=tmp_path / "data"):
        blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
        assert blas and all(pool["num_threads"] == 1 for pool in blas), blas

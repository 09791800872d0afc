"""`kill -9` of a `rig run` mid-run: earlier records stay intact, the interrupted one stays readable."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

from rig.cli import exit_codes
from rig.model import Verdict
from rig.records import read_record, read_summary, summary_path_for

REPO = Path(__file__).resolve().parents[2]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_kill_9_mid_run_loses_nothing_that_was_flushed(tmp_path: Path) -> None:
    # Helpers of the CLI tests: a station copy at a chosen time scale, good serials, waiting.
    from test_cli_run import rig_args, rig_run, serial_with, station_file, wait_for_partial

    data = tmp_path / "data"
    first = rig_run(*rig_args(station_file(tmp_path, 10), "general-purpose",
                              serial_with("general-purpose", None), data, "--json"))
    assert first.returncode == exit_codes.PASS, first.stderr
    earlier = Path(json.loads(first.stdout)["record_path"])
    before = (sha256(earlier), summary_path_for(earlier).read_text())

    proc = subprocess.Popen(rig_args(station_file(tmp_path, 1), "quad-head",
                                     serial_with("quad-head", None), data),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        partial = wait_for_partial(data, proc)
    finally:
        proc.kill()  # SIGKILL: no finally, no flush, no rename
        proc.wait(timeout=30)
    assert proc.returncode == -9

    assert (sha256(earlier), summary_path_for(earlier).read_text()) == before
    assert read_summary(earlier).verdict is Verdict.PASS
    record = read_record(partial)
    assert record.summary.verdict is Verdict.ERROR
    assert record.summary.error.startswith("interrupted: the record ends after")
    assert record.summary.serial.startswith("QHM-") and len(record.summary.measurements) >= 2
    assert all(c.data.shape[0] > 0 for c in record.captures)
    assert not summary_path_for(partial).exists()

    after = rig_run(*rig_args(station_file(tmp_path, 10), "general-purpose",
                              serial_with("general-purpose", None), data, "--json"))
    assert after.returncode == exit_codes.PASS, after.stderr

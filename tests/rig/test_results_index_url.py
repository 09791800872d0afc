"""A station file can name the results index its runs go to (a line's shared database)."""

from __future__ import annotations

from pathlib import Path

from rig.cli import exit_codes, main
from rig.index import ResultsIndex
from tests.rig.local_index import assert_no_runs_indexed_locally
from tests.rig.test_cli_run import serial_with, station_file_naming_index


def test_runs_go_to_the_index_the_station_file_names(tmp_path: Path, capsys) -> None:
    shared = tmp_path / "line" / "results.sqlite"
    shared.parent.mkdir()
    station = station_file_naming_index(tmp_path, 10, f"sqlite:///{shared}")
    serial = serial_with("general-purpose", None)
    data = tmp_path / "data"

    code = main(["run", "--station", str(station), "--product", "general-purpose",
                 "--serial", serial, "--data-dir", str(data), "--json"])
    capsys.readouterr()

    assert code == exit_codes.PASS
    assert_no_runs_indexed_locally(data)
    index = ResultsIndex(f"sqlite:///{shared}")
    try:
        assert [run.serial for run in index.runs()] == [serial]
    finally:
        index.close()

"""Record blocks: rows wait in memory until a block, a capture or their age sends them to the file."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
import pytest
from test_records import make_header, measurement, read_in_another_process

from instruments.roles import Waveform
from rig.model import Verdict
from rig.records import RecordWriter, read_record


def test_rows_reach_the_file_at_a_block_not_before(tmp_path: Path) -> None:
    writer = RecordWriter.create(tmp_path, make_header())
    writer.add_measurement(measurement("high.m0", 0.5), t_s=0.1)
    writer.add_event(0.2, "step", "high PASS")
    before = read_in_another_process(writer.partial_path)
    writer.write_block()
    after = read_in_another_process(writer.partial_path)
    writer.finish(Verdict.PASS, "now", None)
    assert before == ["0", "0", "ERROR"]
    assert after == ["1", "0", "ERROR"]


def test_a_capture_writes_the_rows_before_it_first(tmp_path: Path) -> None:
    writer = RecordWriter.create(tmp_path, make_header())
    writer.add_measurement(measurement("high.m0", 0.5), t_s=0.1)
    wave = Waveform(("101",), ("g",), 1000.0, np.ones((100, 1), dtype=np.float32))
    writer.add_waveform("high.vibration", wave, start_s=0.0)
    seen = read_in_another_process(writer.partial_path)
    writer.finish(Verdict.PASS, "now", None)
    assert seen == ["1", "1", "ERROR"]


def test_rows_older_than_the_block_age_are_written_at_once(tmp_path: Path) -> None:
    writer = RecordWriter.create(tmp_path, make_header(), max_block_age_s=0.0)
    writer.add_measurement(measurement("high.m0", 0.5), t_s=0.1)
    seen = read_in_another_process(writer.partial_path)
    writer.finish(Verdict.PASS, "now", None)
    assert seen == ["1", "0", "ERROR"]


def test_many_blocks_keep_every_row_in_order(tmp_path: Path) -> None:
    writer = RecordWriter.create(tmp_path, make_header())
    for i in range(150):  # more rows than a chunk of the tables
        writer.add_measurement(measurement(f"s.m{i}", float(i)), t_s=float(i))
        writer.add_event(float(i), "log", f"line {i}")
        if i % 7 == 0:
            writer.write_block()
    record = read_record(writer.finish(Verdict.PASS, "now", None))
    assert [m.value for m in record.summary.measurements] == [float(i) for i in range(150)]
    assert [text for _, _, text in record.events] == [f"line {i}" for i in range(150)]


def test_header_attributes_read_as_plain_h5py_values(tmp_path: Path) -> None:
    header = make_header(operator="Zoë", time_scale=2.5, spec_revision=7)
    final = RecordWriter.create(tmp_path, header).finish(Verdict.PASS, "now", None)
    with h5py.File(final, "r") as f:
        assert f.attrs["operator"] == "Zoë" and f.attrs["serial"] == "GPM-000123"
        assert f.attrs["spec_revision"] == 7 and f.attrs["spec_revision"].dtype == np.int64
        assert f.attrs["time_scale"] == 2.5 and f.attrs["time_scale"].dtype == np.float64
        assert f.attrs["steps"] == "spin_up,high" and f.attrs["layout_version"] == 1
        assert dict(f["spec"].attrs) == {"id": "general-purpose", "revision": 7, "sha256": "ab" * 32}


def test_the_partial_name_appears_only_once_readers_can_open_it(tmp_path: Path) -> None:
    visible_while_locked: list[Path] = []

    class Probe(RecordWriter):
        def _create_objects(self) -> None:
            super()._create_objects()
            visible_while_locked.extend(tmp_path.rglob("*.partial"))

    writer = Probe.create(tmp_path, make_header())
    seen = read_in_another_process(writer.partial_path)
    writer.finish(Verdict.PASS, "now", None)
    assert visible_while_locked == [] and seen == ["0", "0", "ERROR"]
    assert [p.suffix for p in tmp_path.rglob("*.h5*")] == [".h5"]


def test_a_record_that_cannot_be_created_leaves_no_file(tmp_path: Path) -> None:
    with pytest.raises(AttributeError):
        RecordWriter.create(tmp_path, make_header(instruments=["not a mapping"]))
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []

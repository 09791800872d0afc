"""Run records: round trip, SWMR reading while written, interrupted files, atomic finish."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from instruments.roles import Waveform
from rig.model import Measurement, Verdict
from rig.records import (
    LAYOUT_VERSION,
    RecordHeader,
    RecordWriter,
    read_record,
    read_summary,
    summary_path_for,
    write_summary,
)

SPEC_TEXT = "product: general-purpose\nrevision: 3\n# limits as data\n"


def make_header(**changes) -> RecordHeader:
    fields = dict(
        run_id="20260101T000000Z-abc123", serial="GPM-000123", product="general-purpose",
        sequence="eol", operator="ann", batch="B7", station="sim-bench-1",
        software_version="0.1.0", started_at="2026-01-01T00:00:00.000+00:00",
        spec_id="general-purpose", spec_revision=3, spec_sha256="ab" * 32, spec_text=SPEC_TEXT,
        time_scale=1.0, steps=("spin_up", "high"),
        instruments=[{"role": "supply", "make": "RIGOL TECHNOLOGIES", "model": "DP832",
                      "serial": "DP8A1", "firmware": "00.01.16", "calibration_due": "2027-09-30"}],
    )
    fields.update(changes)
    return RecordHeader(**fields)


def measurement(name: str, value: float, verdict: Verdict = Verdict.PASS) -> Measurement:
    return Measurement(name=name, value=value, unit="A", low=0.45, high=None, verdict=verdict,
                       step=name.split(".")[0])


def test_a_finished_record_round_trips_everything(tmp_path: Path) -> None:
    writer = RecordWriter.create(tmp_path, make_header())
    values = [0.61, float("nan"), float("inf"), -float("inf")]
    for i, value in enumerate(values):
        writer.add_measurement(measurement(f"high.m{i}", value, Verdict.FAIL), t_s=i)
    rng = np.random.default_rng(1)
    data = rng.normal(size=(20000, 4)).astype(np.float32)
    wave = Waveform(("101", "102", "103", "104"), ("g",) * 4, 10000.0, data, first_sample=7)
    writer.add_waveform("high.vibration", wave, start_s=1.5)
    writer.add_waveform("high.current", Waveform(("101",), ("A",), 5000.0, data[:100, :1]), 2.0)
    writer.add_trend("thermal.housing_temp", np.arange(5.0), np.arange(5.0) + 23, "degC")
    writer.add_step("high", "speed_point", Verdict.FAIL, "", 0.5, 2.5)
    writer.add_event(2.5, "step", "high FAIL")
    final = writer.finish(Verdict.FAIL, "2026-01-01T00:00:03.000+00:00", None)

    assert final.name == "GPM-000123_20260101T000000Z-abc123.h5"
    assert final.parent.name == "2026-01-01"
    record = read_record(final)
    assert record.layout_version == LAYOUT_VERSION
    assert record.spec_text == SPEC_TEXT
    got = [m.value for m in record.summary.measurements]
    assert got[0] == 0.61 and np.isnan(got[1]) and got[2] == np.inf and got[3] == -np.inf
    assert record.summary.measurements[0].low == 0.45 and record.summary.measurements[0].high is None
    assert record.summary.verdict is Verdict.FAIL and record.summary.error is None
    assert record.summary.spec_revision == 3 and record.summary.operator == "ann"
    assert record.summary.instruments[0]["model"] == "DP832"
    vib = record.capture("high.vibration")
    assert vib.channels == ("101", "102", "103", "104") and vib.sample_rate_hz == 10000.0
    np.testing.assert_array_equal(vib.data, data)
    assert vib.first_sample == 7 and vib.start_s == 1.5
    np.testing.assert_array_equal(record.capture("high.current").data, data[:100, :1])
    assert record.trends[0].unit == "degC" and list(record.trends[0].values) == [23, 24, 25, 26, 27]
    assert record.steps[0].verdict is Verdict.FAIL
    assert record.events == [(2.5, "step", "high FAIL")]


def test_finishing_renames_atomically_and_leaves_no_partial(tmp_path: Path) -> None:
    writer = RecordWriter.create(tmp_path, make_header())
    assert writer.partial_path.exists() and not writer.final_path.exists()
    final = writer.finish(Verdict.PASS, "2026-01-01T00:00:01+00:00", None)
    assert final.exists() and not writer.partial_path.exists()
    summary = read_summary(final)
    json_path = write_summary(summary, final)
    assert json_path == summary_path_for(final) and json_path.suffix == ".json"
    assert not list(json_path.parent.glob("*.tmp"))
    assert read_summary(final).verdict is Verdict.PASS


def test_an_unfinished_record_reads_as_interrupted(tmp_path: Path) -> None:
    writer = RecordWriter.create(tmp_path, make_header())
    writer.add_measurement(measurement("spin_up.inrush_peak", 2.9), t_s=0.3)
    writer.add_event(0.4, "step", "spin_up started")
    writer.close()
    summary = read_summary(writer.partial_path)
    assert summary.verdict is Verdict.ERROR
    assert "interrupted" in summary.error and "spin_up started" in summary.error
    assert [m.name for m in summary.measurements] == ["spin_up.inrush_peak"]


def test_open_limits_and_long_text_survive(tmp_path: Path) -> None:
    writer = RecordWriter.create(tmp_path, make_header(operator="Zoë " + "x" * 300))
    m = Measurement("a.b", 1.0, "g", None, None, Verdict.PASS, "a")
    writer.add_measurement(m, 0.0)
    writer.add_event(0.0, "log", "é" * 1000)  # longer than the field: cut on a character boundary
    final = writer.finish(Verdict.PASS, "now", "x" * 5000)
    record = read_record(final)
    assert record.summary.measurements[0].low is None and record.summary.measurements[0].high is None
    assert record.summary.operator.startswith("Zoë ")
    assert set(record.events[0][2]) == {"é"}
    assert record.summary.error.startswith("xxx")


READER = textwrap.dedent("""
    import sys
    from rig.records import read_record
    record = read_record(sys.argv[1])
    print(len(record.summary.measurements), len(record.captures), record.summary.verdict.value)
""")


def read_in_another_process(path: Path) -> list[str]:
    out = subprocess.run([sys.executable, "-c", READER, str(path)], capture_output=True,
                         text=True, check=True, timeout=60)
    return out.stdout.split()


def test_another_process_reads_the_file_while_it_grows(tmp_path: Path) -> None:
    writer = RecordWriter.create(tmp_path, make_header())
    seen = []
    for i in range(3):
        writer.add_measurement(measurement(f"s.m{i}", float(i)), t_s=i)
        wave = Waveform(("101",), ("g",), 1000.0, np.full((70000, 1), i, dtype=np.float32))
        writer.add_waveform(f"s.w{i}", wave, start_s=i)
        seen.append(read_in_another_process(writer.partial_path))
    writer.finish(Verdict.PASS, "now", None)
    assert seen == [["1", "1", "ERROR"], ["2", "2", "ERROR"], ["3", "3", "ERROR"]]


WRITER = textwrap.dedent("""
    import sys, time
    import numpy as np
    from pathlib import Path
    from instruments.roles import Waveform
    from rig.model import Measurement, Verdict
    from rig.records import RecordHeader, RecordWriter
    header = RecordHeader(run_id="r1", serial="GPM-000001", product="general-purpose",
        sequence="eol", operator="", batch="", station="s", software_version="0",
        started_at="2026-01-01T00:00:00+00:00", spec_id="general-purpose", spec_revision=1,
        spec_sha256="0", spec_text="x")
    writer = RecordWriter.create(Path(sys.argv[1]), header)
    i = 0
    while True:
        writer.add_measurement(Measurement(f"s.m{i}", float(i), "A", None, None, Verdict.PASS, "s"), i)
        writer.add_waveform(f"s.w{i}", Waveform(("101",), ("g",), 1e3, np.ones((5000, 1))), i)
        i += 1
        if i == 5:
            print("ready", flush=True)
        time.sleep(0.01)
""")


def test_kill_9_of_a_writer_leaves_a_readable_partial(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
    finally:
        proc.kill()
        proc.wait(timeout=30)
    partial = next(tmp_path.rglob("*.h5.partial"))
    record = read_record(partial)
    assert record.summary.verdict is Verdict.ERROR and "interrupted" in record.summary.error
    n = len(record.summary.measurements)
    assert n >= 5
    assert [m.value for m in record.summary.measurements] == [float(i) for i in range(n)]
    assert len(record.captures) >= n - 1  # the last block may be the one being written


@pytest.mark.parametrize("suffix", [".h5", ".h5.partial"])
def test_summary_path_sits_beside_the_record(suffix: str) -> None:
    assert summary_path_for(Path("/d/GPM-1_r" + suffix)) == Path("/d/GPM-1_r.json")


def test_the_instrument_behind_an_error_is_kept_and_older_records_still_read(tmp_path: Path) -> None:
    import h5py

    writer = RecordWriter.create(tmp_path, make_header())
    final = writer.finish(Verdict.ERROR, "2026-01-01T00:00:03.000+00:00",
                          "high: tachometer: no answer", error_instrument="tachometer")
    assert read_summary(final).error_instrument == "tachometer"
    # A record written before the field existed: its outcome row has three fields.
    with h5py.File(final, "r+") as f:
        del f["outcome"]
        old = np.dtype([("verdict", "S8"), ("finished_at", "S32"), ("error", "S1024")])
        f.create_dataset("outcome", data=np.array([(b"ERROR", b"2026-01-01", b"high: x")], dtype=old))
    summary = read_summary(final)
    assert summary.verdict is Verdict.ERROR and summary.error == "high: x"
    assert summary.error_instrument is None

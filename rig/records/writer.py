"""Write one run's HDF5 record as the run goes, safe against a crash at any point.

The file is created as ``<serial>_<run_id>.h5.creating``, every object is made
up front, SWMR mode starts, and only then is it renamed ``.h5.partial``, a
name under which any reader can open it. Rows of the small tables (measurements, steps,
events) wait in memory and reach the file together as one block with one
flush: at ``write_block()`` (the runner calls it at each step's end), before
each raw capture or trend (which are flushed as they come), and once the
oldest waiting row is ``max_block_age_s`` old. A crash loses at most the rows
not yet written, never a flushed block, and readers (``swmr=True``) can follow
the file while it grows. ``finish`` writes the outcome row and renames the file
to ``.h5`` atomically. See docs/decisions/0007-hdf5-layout.md.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import h5py
import numpy as np
from h5py import h5a, h5s, h5t

from instruments.roles import Waveform
from rig.diagnosis.model import Diagnosis
from rig.model import Measurement, Observation, RunHeader, Verdict
from rig.records import layout as L
from rig.records.growing import GrowingDataset, PendingTable

PARTIAL_SUFFIX = ".partial"
CREATING_SUFFIX = ".creating"  # the few milliseconds before SWMR starts
_UTF8 = h5py.string_dtype("utf-8")
MAX_BLOCK_AGE_S = 1.0  # wall seconds a row may wait in memory before it is written anyway


@dataclass(frozen=True, kw_only=True)
class RecordHeader(RunHeader):
    """The run header, plus what the file keeps of the run's set-up: spec text, instruments, steps."""

    spec_text: str
    instruments: list[dict[str, str]] = field(default_factory=list)
    steps: tuple[str, ...] = ()


_MEASUREMENT_NAME = L.field_size(L.MEASUREMENT, "name")
_MEASUREMENT_UNIT = L.field_size(L.MEASUREMENT, "unit")
_MEASUREMENT_STEP = L.field_size(L.MEASUREMENT, "step")
_STEP_STEP = L.field_size(L.STEP, "step")
_STEP_KIND = L.field_size(L.STEP, "kind")
_STEP_MESSAGE = L.field_size(L.STEP, "message")
_EVENT_KIND = L.field_size(L.EVENT, "kind")
_EVENT_TEXT = L.field_size(L.EVENT, "text")
_OBSERVATION_NAME = L.field_size(L.OBSERVATION, "name")
_OBSERVATION_UNIT = L.field_size(L.OBSERVATION, "unit")
_OBSERVATION_STEP = L.field_size(L.OBSERVATION, "step")


def record_path_for(records_dir: Path, header: RecordHeader) -> Path:
    """Return where the finished record of a run lives: <dir>/<YYYY-MM-DD>/<serial>_<run_id>.h5."""
    day = header.started_at[:10]
    return Path(records_dir) / day / f"{header.serial}_{header.run_id}.h5"


def _create_attrs(obj: h5py.HLObject, values: Mapping[str, str | int | float]) -> None:
    """Give a new object its attributes, stored as ``obj.attrs[name] = value`` would store them."""
    # h5py's attrs[...] costs ~30 µs an attribute in Python; these calls ~15 µs.
    scalar = h5s.create(h5s.SCALAR)
    for name, value in values.items():
        data = np.array(value, dtype=_UTF8 if isinstance(value, str) else None)
        attr = h5a.create(obj.id, name.encode(), h5t.py_create(data.dtype, logical=True), scalar)
        # The memory type is h5py's own (for text: Python objects, which h5py converts).
        attr.write(data, mtype=h5t.py_create(data.dtype))


def _write_rows(dataset: h5py.Dataset, rows: np.ndarray) -> None:
    """Write all rows of a fixed-size table, handing HDF5 the file's own row type."""
    if rows.size:
        dataset.id.write(h5s.ALL, h5s.ALL, rows, mtype=h5t.py_create(rows.dtype, logical=True))


class RecordWriter:
    """Append measurements, signals and events to a run's record, then finalise it."""

    def __init__(self, final_path: Path, header: RecordHeader, *,
                 max_block_age_s: float = MAX_BLOCK_AGE_S) -> None:
        self.final_path = Path(final_path)
        self.max_block_age_s = max_block_age_s
        self.partial_path = self.final_path.with_name(self.final_path.name + PARTIAL_SUFFIX)
        self.header = header
        self.partial_path.parent.mkdir(parents=True, exist_ok=True)
        creating = self.final_path.with_name(self.final_path.name + CREATING_SUFFIX)
        self._file = h5py.File(creating, "w", libver="latest")
        try:
            self._create_objects()
            self._file.swmr_mode = True
            self._file.flush()
            # Until SWMR starts the writer holds an exclusive lock and a reader's open fails
            # (BlockingIOError), so the file takes the name readers look for only now.
            os.replace(creating, self.partial_path)
        except BaseException:
            self._file.close()
            creating.unlink(missing_ok=True)
            raise

    @classmethod
    def create(cls, records_dir: Path, header: RecordHeader, *,
               max_block_age_s: float = MAX_BLOCK_AGE_S) -> RecordWriter:
        """Start the record of a run under a records directory."""
        return cls(record_path_for(records_dir, header), header, max_block_age_s=max_block_age_s)

    # -- creation ---------------------------------------------------------------------------

    def _create_objects(self) -> None:
        f, h = self._file, self.header
        _create_attrs(f, {"layout_version": L.LAYOUT_VERSION,
                          **{name: getattr(h, name) for name in L.HEADER_ATTRS},
                          "steps": ",".join(h.steps)})
        spec = f.create_group("spec")
        spec.create_dataset("text", data=h.spec_text, dtype=_UTF8)
        _create_attrs(spec, {"id": h.spec_id, "revision": h.spec_revision, "sha256": h.spec_sha256})
        instruments = self._instrument_rows(h.instruments)
        _write_rows(f.create_dataset("instruments", shape=instruments.shape, dtype=L.INSTRUMENT),
                    instruments)
        self._measurements = PendingTable(f, "measurements", L.MEASUREMENT, chunk=L.TABLE_CHUNK)
        self._steps = PendingTable(f, "steps", L.STEP, chunk=L.TABLE_CHUNK)
        self._events = PendingTable(f, "events", L.EVENT, chunk=L.TABLE_CHUNK)
        self._observations = PendingTable(f, "observations", L.OBSERVATION, chunk=L.TABLE_CHUNK)
        diagnosis = f.create_group("diagnosis")
        self._diagnosis = diagnosis.create_dataset("summary", shape=(1,), dtype=L.DIAGNOSIS)
        self._evidence = GrowingDataset(diagnosis, "evidence", L.DIAGNOSIS_EVIDENCE, chunk=L.TABLE_CHUNK)
        self._fitted = GrowingDataset(diagnosis, "fitted", L.DIAGNOSIS_FITTED, chunk=L.TABLE_CHUNK)
        self._oldest_pending = 0.0  # time.monotonic() of the oldest row waiting in memory
        self._outcome = f.create_dataset("outcome", shape=(1,), dtype=L.OUTCOME)
        signals = f.create_group("signals")
        self._captures = GrowingDataset(signals, "captures", L.CAPTURE, chunk=L.TABLE_CHUNK)
        self._samples = GrowingDataset(signals, "samples", "f4", chunk=L.SAMPLES_CHUNK,
                                       compress=True)
        trends = f.create_group("trends")
        self._trends = GrowingDataset(trends, "index", L.TREND, chunk=L.TABLE_CHUNK)
        self._trend_t = GrowingDataset(trends, "t_s", "f8", chunk=L.SAMPLES_CHUNK)
        self._trend_values = GrowingDataset(trends, "values", "f8", chunk=L.SAMPLES_CHUNK)

    @staticmethod
    def _instrument_rows(instruments: list[dict[str, str]]) -> np.ndarray:
        rows = np.zeros(len(instruments), dtype=L.INSTRUMENT)
        for row, info in zip(rows, instruments, strict=True):
            for key in L.INSTRUMENT.names:
                row[key] = L.encode(str(info.get(key, "")), L.field_size(L.INSTRUMENT, key))
        return rows

    # -- appending --------------------------------------------------------------------------

    def write_block(self) -> None:
        """Write every row waiting in memory and flush: readers and a crash see them from now."""
        self._write_pending()
        self._file.flush()

    def _write_pending(self) -> None:
        for table in (self._measurements, self._steps, self._events, self._observations):
            table.write()

    def _pending(self, table: PendingTable, row: tuple) -> None:
        now = time.monotonic()
        if not (self._measurements.rows or self._steps.rows or self._events.rows
                or self._observations.rows):
            self._oldest_pending = now
        table.rows.append(row)
        # A long step still reaches the file in blocks of bounded age.
        if now - self._oldest_pending >= self.max_block_age_s:
            self.write_block()

    def add_measurement(self, measurement: Measurement, t_s: float) -> None:
        """Add one judged measurement to the next block."""
        self._pending(self._measurements, (
            L.encode(measurement.name, _MEASUREMENT_NAME), measurement.value,
            L.encode(measurement.unit, _MEASUREMENT_UNIT), L.nan_for_none(measurement.low),
            L.nan_for_none(measurement.high), measurement.verdict.value.encode(),
            L.encode(measurement.step, _MEASUREMENT_STEP), t_s,
        ))

    def add_observation(self, observation: Observation, t_s: float) -> None:
        """Add one unjudged value (for the diagnosis) to the next block."""
        self._pending(self._observations, (
            L.encode(observation.name, _OBSERVATION_NAME), observation.value,
            L.encode(observation.unit, _OBSERVATION_UNIT), L.encode(observation.step, _OBSERVATION_STEP), t_s,
        ))

    def add_diagnosis(self, diagnosis: Diagnosis | None, fitted: Mapping[str, float]) -> None:
        """Write the fitted motor model and the diagnosis (if any) into ``/diagnosis``, once."""
        if diagnosis is not None:
            row = np.zeros(1, dtype=L.DIAGNOSIS)
            row["cause"] = L.encode(diagnosis.cause, L.field_size(L.DIAGNOSIS, "cause"))
            row["motor"] = L.encode(diagnosis.motor or "", L.field_size(L.DIAGNOSIS, "motor"))
            row["confidence"] = diagnosis.confidence
            row["runner_up"] = L.encode(diagnosis.runner_up or "", L.field_size(L.DIAGNOSIS, "runner_up"))
            row["watch"] = int(diagnosis.watch)
            _write_rows(self._diagnosis, row)
            size = L.field_size(L.DIAGNOSIS_EVIDENCE, "text")
            self._evidence.append(np.array([(L.encode(t, size),) for t in diagnosis.evidence],
                                           dtype=L.DIAGNOSIS_EVIDENCE))
        size = L.field_size(L.DIAGNOSIS_FITTED, "name")
        self._fitted.append(np.array([(L.encode(k, size), v) for k, v in fitted.items()],
                                     dtype=L.DIAGNOSIS_FITTED))
        self._file.flush()

    def add_step(self, step: str, kind: str, verdict: Verdict, message: str,
                 started_s: float, finished_s: float) -> None:
        """Add how one step ended to the next block."""
        self._pending(self._steps, (
            L.encode(step, _STEP_STEP), L.encode(kind, _STEP_KIND), verdict.value.encode(),
            L.encode(message, _STEP_MESSAGE), started_s, finished_s,
        ))

    def add_event(self, t_s: float, kind: str, text: str) -> None:
        """Add one line of the run's event log to the next block."""
        self._pending(self._events, (t_s, L.encode(kind, _EVENT_KIND), L.encode(text, _EVENT_TEXT)))

    def add_waveform(self, name: str, waveform: Waveform, start_s: float) -> None:
        """Append a raw capture at full rate: all its channels, interleaved by sample."""
        self.write_block()  # the rows before the capture stay in order before it
        data = np.ascontiguousarray(waveform.data, dtype=np.float32)
        if data.ndim == 1:
            data = data[:, None]
        offset = self._samples.append(data.reshape(-1))
        row = np.zeros(1, dtype=L.CAPTURE)
        row["name"] = L.encode(name, L.field_size(L.CAPTURE, "name"))
        row["channels"] = L.encode(",".join(waveform.channels), L.field_size(L.CAPTURE, "channels"))
        row["units"] = L.encode(",".join(waveform.units), L.field_size(L.CAPTURE, "units"))
        row["sample_rate_hz"] = waveform.sample_rate_hz
        row["start_s"] = start_s
        row["first_sample"] = waveform.first_sample
        row["n_samples"], row["n_channels"] = data.shape
        row["offset"] = offset
        # The index row goes last: a reader never sees a capture whose samples are missing.
        self._captures.append(row)
        self._file.flush()

    def add_trend(self, name: str, t_s: np.ndarray, values: np.ndarray, unit: str) -> None:
        """Append a slow signal: times in run seconds and values."""
        t = np.asarray(t_s, dtype=np.float64).reshape(-1)
        v = np.asarray(values, dtype=np.float64).reshape(-1)
        if t.shape != v.shape:
            raise ValueError(f"trend {name!r}: {t.size} times but {v.size} values")
        self.write_block()
        offset = self._trend_t.append(t)
        self._trend_values.append(v)
        row = np.zeros(1, dtype=L.TREND)
        row["name"] = L.encode(name, L.field_size(L.TREND, "name"))
        row["unit"] = L.encode(unit, L.field_size(L.TREND, "unit"))
        row["offset"], row["n_points"] = offset, t.size
        self._trends.append(row)
        self._file.flush()

    # -- the end ----------------------------------------------------------------------------

    def finish(self, verdict: Verdict, finished_at: str, error: str | None, *,
               error_instrument: str | None = None) -> Path:
        """Write the outcome, close the file and rename it to its final name; return that path."""
        row = np.zeros(1, dtype=L.OUTCOME)
        row["verdict"] = verdict.value.encode()
        row["finished_at"] = L.encode(finished_at, L.field_size(L.OUTCOME, "finished_at"))
        row["error"] = L.encode(error or "", L.field_size(L.OUTCOME, "error"))
        row["error_instrument"] = L.encode(error_instrument or "",
                                           L.field_size(L.OUTCOME, "error_instrument"))
        self._write_pending()
        _write_rows(self._outcome, row)
        self.close()  # one flush for the last rows and the outcome
        os.replace(self.partial_path, self.final_path)
        return self.final_path

    def close(self) -> None:
        """Write what waits in memory, flush and close the file, leaving it where it is."""
        if self._file.id.valid:
            try:
                self._write_pending()
            finally:
                self._file.close()  # flushes everything written

    @property
    def closed(self) -> bool:
        return not self._file.id.valid

"""Read run records, finished or interrupted, including files still being written."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import h5py
import numpy as np

from rig.model import Measurement, RunSummary, Verdict, header_from
from rig.records import layout as L
from rig.records.diagnosis_rows import read_diagnosis, read_fitted, read_observations
from rig.records.writer import PARTIAL_SUFFIX


@dataclass(frozen=True)
class Capture:
    """One raw capture: samples (n_samples, n_channels) at full rate."""

    name: str
    channels: tuple[str, ...]
    units: tuple[str, ...]
    sample_rate_hz: float
    start_s: float  # run time of the first sample, instrument seconds
    first_sample: int
    data: np.ndarray

    def column(self, channel: str) -> np.ndarray:
        """Return the samples of one channel by name."""
        return self.data[:, self.channels.index(channel)]


@dataclass(frozen=True)
class Trend:
    """A slow signal: times in run seconds and values."""

    name: str
    unit: str
    t_s: np.ndarray
    values: np.ndarray


@dataclass(frozen=True)
class StepRow:
    step: str
    kind: str
    verdict: Verdict
    message: str
    started_s: float
    finished_s: float


@dataclass
class Record:
    """Everything in one record file."""

    path: Path
    layout_version: int
    summary: RunSummary
    header: dict[str, Any]
    spec_text: str
    steps: list[StepRow] = field(default_factory=list)
    events: list[tuple[float, str, str]] = field(default_factory=list)
    captures: list[Capture] = field(default_factory=list)
    trends: list[Trend] = field(default_factory=list)

    def capture(self, name: str) -> Capture:
        """Return the first capture of that name."""
        return next(c for c in self.captures if c.name == name)


def _open(path: Path) -> h5py.File:
    # swmr=True reads a file that a live or crashed writer left open.
    return h5py.File(path, "r", libver="latest", swmr=True)


def _attr(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.generic):
        return value.item()
    return value


def _table(dataset: h5py.Dataset) -> np.ndarray:
    dataset.refresh()
    return dataset[()]


def _measurements(f: h5py.File) -> list[Measurement]:
    return [
        Measurement(
            name=L.decode(row["name"]), value=float(row["value"]), unit=L.decode(row["unit"]),
            low=L.none_for_nan(row["low"]), high=L.none_for_nan(row["high"]),
            verdict=Verdict(L.decode(row["verdict"])), step=L.decode(row["step"]),
        )
        for row in _table(f["measurements"])
    ]


def _events(f: h5py.File) -> list[tuple[float, str, str]]:
    return [(float(r["t_s"]), L.decode(r["kind"]), L.decode(r["text"])) for r in _table(f["events"])]


def _instruments(f: h5py.File) -> list[dict[str, str]]:
    return [{k: L.decode(row[k]) for k in L.INSTRUMENT.names} for row in f["instruments"][()]]


def _interrupted_outcome(header: dict[str, Any], events: list[tuple[float, str, str]]) -> tuple[str, str]:
    """Say where an unfinished record ends, and when (started_at + last event time)."""
    if not events:
        return header["started_at"], "interrupted: the record ends before the first event"
    t_s, kind, text = events[-1]
    started = datetime.fromisoformat(header["started_at"])
    last = started + timedelta(seconds=t_s / float(header.get("time_scale") or 1.0))
    return last.isoformat(timespec="milliseconds"), f"interrupted: the record ends after {kind} {text!r}"


def _summary(f: h5py.File, path: Path) -> tuple[RunSummary, dict[str, Any]]:
    header = {name: _attr(value) for name, value in f.attrs.items()}
    f["outcome"].refresh()
    outcome = f["outcome"][0]
    verdict_text = L.decode(outcome["verdict"])
    error_instrument = None
    if verdict_text and not path.name.endswith(PARTIAL_SUFFIX):
        verdict, finished_at = Verdict(verdict_text), L.decode(outcome["finished_at"])
        error = L.decode(outcome["error"]) or None
        if "error_instrument" in outcome.dtype.names:  # absent from older records
            error_instrument = L.decode(outcome["error_instrument"]) or None
    else:
        verdict = Verdict.ERROR
        finished_at, error = _interrupted_outcome(header, _events(f))
    summary = RunSummary(
        **header_from(header), verdict=verdict, finished_at=finished_at, record_path=str(path),
        measurements=_measurements(f), error=error, instruments=_instruments(f),
        error_instrument=error_instrument,
        retries=sum(1 for _, kind, _ in _events(f) if kind == "retry"),
        observations=read_observations(f), diagnosis=read_diagnosis(f), fitted=read_fitted(f),
    )
    return summary, header


def read_summary(path: Path | str) -> RunSummary:
    """Read a record's summary; an unfinished record reads as ERROR, "interrupted"."""
    path = Path(path)
    with _open(path) as f:
        return _summary(f, path)[0]


def _captures(f: h5py.File) -> list[Capture]:
    samples = f["signals/samples"]
    samples.refresh()
    captures = []
    for row in _table(f["signals/captures"]):
        n, c, offset = int(row["n_samples"]), int(row["n_channels"]), int(row["offset"])
        data = samples[offset:offset + n * c].reshape(n, c)
        captures.append(Capture(
            name=L.decode(row["name"]), channels=tuple(L.decode(row["channels"]).split(",")),
            units=tuple(L.decode(row["units"]).split(",")), sample_rate_hz=float(row["sample_rate_hz"]),
            start_s=float(row["start_s"]), first_sample=int(row["first_sample"]), data=data,
        ))
    return captures


def _trends(f: h5py.File) -> list[Trend]:
    t_all, v_all = f["trends/t_s"], f["trends/values"]
    t_all.refresh()
    v_all.refresh()
    trends = []
    for row in _table(f["trends/index"]):
        window = slice(int(row["offset"]), int(row["offset"]) + int(row["n_points"]))
        trends.append(Trend(L.decode(row["name"]), L.decode(row["unit"]), t_all[window], v_all[window]))
    return trends


def _steps(f: h5py.File) -> list[StepRow]:
    return [
        StepRow(L.decode(r["step"]), L.decode(r["kind"]), Verdict(L.decode(r["verdict"])),
                L.decode(r["message"]), float(r["started_s"]), float(r["finished_s"]))
        for r in _table(f["steps"])
    ]


def read_record(path: Path | str) -> Record:
    """Read a whole record: header, spec text, measurements, steps, events, signals, trends."""
    path = Path(path)
    with _open(path) as f:
        summary, header = _summary(f, path)
        return Record(
            path=path, layout_version=int(header["layout_version"]), summary=summary, header=header,
            spec_text=f["spec/text"][()].decode("utf-8"), steps=_steps(f), events=_events(f),
            captures=_captures(f), trends=_trends(f),
        )

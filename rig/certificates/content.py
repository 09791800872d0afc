"""What a certificate says, gathered from a reviewed batch and its manifest, ready to print."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import h5py
import yaml

from rig.certificates.batch import BatchReview, SamplingResult
from rig.certificates.manifest import Manifest
from rig.model import Limits, RunSummary

# Measurements printed per unit, the first charted against its limits: empty means the ones
# the spec names (``certificate.key_measurements``), which is the only place that knows them.
DEFAULT_KEY_MEASUREMENTS: tuple[str, ...] = ()
_INSTRUMENT_KEYS = ("role", "make", "model", "serial", "firmware", "calibration_due")


@dataclass(frozen=True)
class Product:
    """Who makes the product, what it is called and what its certificate prints, from its spec."""

    maker: str
    name: str
    model: str
    key_measurements: tuple[str, ...] = ()  # the spec's certificate.key_measurements


@dataclass(frozen=True)
class UnitLine:
    """One certified unit as printed: verdict, key values, record hash."""

    serial: str
    run_id: str
    verdict: str
    sampled: bool  # tested with the `sample` sequence too
    values: dict[str, float | None]  # key measurement -> value (None: not taken)
    record_sha256: str


@dataclass(frozen=True)
class CertificateContent:
    """Every fact printed on a certificate."""

    manifest: Manifest
    product: Product
    station_names: list[str]
    instruments: list[dict[str, str]]
    software_versions: list[str]  # of the runs
    certifying_software: str  # of this program
    issuer_name: str
    issuer_role: str
    key_measurements: tuple[str, ...]
    key_units: dict[str, str]  # measurement -> unit
    key_limits: dict[str, Limits]
    units: list[UnitLine]
    excluded: list[tuple[str, str, str]]  # serial, final verdict, reason
    sampling: SamplingResult | None
    lot_size: int
    statement: str = ""
    notes: list[str] = field(default_factory=list)
    signature_note: str = ""  # printed in the signature box: how this certificate is signed


def software_version() -> str:
    """Return this program's name and version."""
    try:
        return f"massager-rig {version('massager-rig')}"
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "massager-rig (source tree)"


def read_product(record_path: Path) -> Product:
    """Read maker, product name, model and key measurements from the spec text in a record.

    A spec written before the ``certificate`` section existed names no key
    measurements: its certificate lists verdicts and record hashes only.
    """
    with h5py.File(record_path, "r") as f:
        raw = f["spec/text"][()]
    text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
    data = yaml.safe_load(text) or {}
    section = data.get("certificate") or {}
    keys = (section.get("key_measurements") or []) if isinstance(section, dict) else []
    return Product(str(data.get("maker", "")), str(data.get("name", "")),
                   str(data.get("model", "")), tuple(str(k) for k in keys))


def build_content(review: BatchReview, manifest: Manifest, product: Product, *,
                  issuer_name: str, issuer_role: str,
                  key_measurements: tuple[str, ...] = DEFAULT_KEY_MEASUREMENTS,
                  signature_note: str = "") -> CertificateContent:
    """Gather the printed facts of a certificate; no ``key_measurements``: the spec's own."""
    key_measurements = key_measurements or product.key_measurements
    certified = review.certified
    sampled = set(review.sampling.tested) if review.sampling else set()
    sha_by_run = {entry.run_id: entry.record_sha256 for entry in manifest.records}
    keys = tuple(k for k in key_measurements if any(_find(r, k) for r in certified))
    units = [
        UnitLine(r.serial, r.run_id, r.verdict.value, r.serial in sampled,
                 {k: _value(r, k) for k in keys}, sha_by_run[r.run_id])
        for r in sorted(certified, key=lambda r: r.serial)
    ]
    excluded = [(serial, _final_verdict(review, serial), reason)
                for serial, reason in sorted(review.excluded.items())]
    return CertificateContent(
        manifest=manifest, product=product,
        station_names=sorted({r.station for r in certified}),
        instruments=_instruments(certified),
        software_versions=sorted({r.software_version for r in certified}),
        certifying_software=software_version(),
        issuer_name=issuer_name, issuer_role=issuer_role,
        key_measurements=keys,
        key_units={k: _unit(certified, k) for k in keys},
        key_limits={k: _limits(certified, k) for k in keys},
        units=units, excluded=excluded, sampling=review.sampling,
        lot_size=len(set(review.final) | set(review.excluded)),
        statement=_statement(product, manifest, len(units)),
        signature_note=signature_note,
    )


def _statement(product: Product, manifest: Manifest, quantity: int) -> str:
    return (f"We certify that the {quantity} unit(s) of the {product.name or manifest.product} "
            f"(model {product.model or '-'}) listed in this certificate, batch {manifest.batch}, "
            f"were tested on the station(s) named below and conform to specification "
            f"{manifest.spec_id} revision {manifest.spec_revision}. Each listed unit passed its "
            f"end-of-line test, and the sampled thermal-rise and durability tests met the "
            f"sampling plan stated above.")


def _find(run: RunSummary, name: str):
    return next((m for m in run.measurements if m.name == name), None)


def _value(run: RunSummary, name: str) -> float | None:
    measurement = _find(run, name)
    return None if measurement is None else measurement.value


def _unit(runs: list[RunSummary], name: str) -> str:
    return next(m.unit for r in runs if (m := _find(r, name)) is not None)


def _limits(runs: list[RunSummary], name: str) -> Limits:
    m = next(m for r in runs if (m := _find(r, name)) is not None)
    return Limits(m.low, m.high, m.unit)


def _final_verdict(review: BatchReview, serial: str) -> str:
    run = review.final.get(serial)
    return "untested" if run is None else run.verdict.value


def _instruments(runs: list[RunSummary]) -> list[dict[str, str]]:
    seen: dict[tuple[str, ...], dict[str, str]] = {}
    for run in runs:
        for info in run.instruments:
            row = {key: str(info.get(key, "")) for key in _INSTRUMENT_KEYS}
            seen.setdefault(tuple(row.values()), row)
    return sorted(seen.values(), key=lambda row: (row["role"], row["serial"]))

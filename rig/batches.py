"""Batch guards: one product per batch, and a certified batch is closed.

A batch (work order) is what a certificate of conformance speaks for. Two
rules keep a certificate true after it is issued:

- **One product per batch.** A batch whose runs are of one product refuses a
  unit of another.
- **A certified batch is closed.** Once a certificate was issued for a batch
  (its registry copy sits in the certificates directory), no further run may
  join it: a unit of that batch tested again goes to another batch (a rework
  batch), or is refused with a message that says so.

The rules read the results index (which products a batch holds) and the
certificates directory (which batches are certified); both only read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


class BatchRuns(Protocol):
    """What the guard asks of the results index (``rig.index.ResultsIndex`` fits)."""

    def run_heads(self, *, batch: str) -> Iterable: ...


@dataclass(frozen=True)
class Certified:
    """A batch's certificate, as its registry copy records it."""

    number: str
    batch: str
    product: str
    serials: frozenset[str]


@dataclass(frozen=True)
class BatchRefusal:
    """Why a unit may not join a batch, in words for the operator, and a code for translation."""

    code: str  # "mixed_product" or "certified"
    message: str
    batch: str
    other: str  # the batch's product (mixed_product) or the certificate's number (certified)


def certified_batches(certificates_dir: Path) -> dict[str, Certified]:
    """Return every issued certificate by batch; void numbers and unreadable files are skipped."""
    found: dict[str, Certified] = {}
    for path in sorted(Path(certificates_dir).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # not ours to judge here: `rig cert verify` reports a damaged registry
        if not isinstance(data, dict) or "void" in data or "batch" not in data:
            continue
        serials = frozenset(entry.get("serial", "") for entry in data.get("records", [])
                            if entry.get("role") == "certified")
        found[data["batch"]] = Certified(str(data.get("number", path.stem)), data["batch"],
                                         str(data.get("product", "")), serials)
    return found


class BatchGuard:
    """Decide whether a unit of a product may be tested into a batch now."""

    def __init__(self, index: BatchRuns, certificates_dir: Path) -> None:
        self._index = index
        self._certificates_dir = Path(certificates_dir)

    def refusal(self, product: str, serial: str, batch: str, *,
                product_name: str | None = None) -> BatchRefusal | None:
        """Return why the unit may not join the batch, None when it may (or no batch is given)."""
        batch = batch.strip()
        if not batch:
            return None
        certificate = certified_batches(self._certificates_dir).get(batch)
        if certificate is not None:
            known = " (it is on that certificate)" if serial in certificate.serials else ""
            return BatchRefusal("certified", f"Batch {batch} is closed: certificate {certificate.number} "
                                f"was issued for it{known}. Test {serial} into a new batch, e.g. a "
                                f"rework batch.", batch, certificate.number)
        others = sorted({head.product for head in self._index.run_heads(batch=batch)} - {product})
        if others:
            return BatchRefusal("mixed_product", f"Batch {batch} holds {others[0]} units; one product per "
                                f"batch: start a new batch for {product_name or product}.", batch, others[0])
        return None

    def closed(self, batch: str) -> bool:
        """Return True when a certificate was issued for the batch."""
        return batch.strip() in certified_batches(self._certificates_dir)

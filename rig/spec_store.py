"""Spec revisions: every limit change is a new, immutable revision file with a reason.

Revisions live as ``<store>/<product>/r0001.yaml`` (the exact text a run
records and hashes) with ``r0001.json`` beside each: who made it, when, why.
Revision 1 (or whatever the shipped file says) is seeded from ``specs/``.
Limits are edited in the YAML text itself, at the positions PyYAML's node
marks give, so comments and layout survive and a diff shows only the change.

Revision files are protected (``rig.protected``): publishing one seals its
hash in the audit log, and loading one checks it, so a revision edited in
place or a forged next revision is refused by name and never tested against.
"""

from __future__ import annotations

import difflib
import fcntl
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from rig.audit import AuditLog
from rig.model import Limits
from rig.protected import SEALED_KEY, ProtectedFileError, check_sealed, seal, sealed_hashes
from rig.specs import Spec, SpecError, load_spec_text
from rig.users import Signature, User


class _Keep:
    """The default of a limit side nobody asked to change."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP = _Keep()
_REVISION_FILE = re.compile(r"r(\d{4,})\.yaml")


@dataclass(frozen=True)
class RevisionInfo:
    """Who made a revision, when and why (empty for seeded revisions)."""

    product: str
    revision: int
    sha256: str
    author: str = ""
    role: str = ""
    time: str = ""
    reason: str = ""
    change: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class SpecRevisionRefused(SpecError):
    """A revision file that does not match its audited hash, or was never published."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(str(path), 1, "revision", message)
        self.path = path


class SpecStore:
    """The revisions of every product's spec in a station's data directory."""

    def __init__(self, root: str | os.PathLike[str], seed_dir: str | os.PathLike[str] = "specs",
                 audit: AuditLog | None = None):
        self.root = Path(root)
        self.seed_dir = Path(seed_dir)
        # The data directory's audit log by default: no caller can skip the check.
        self.audit = audit if audit is not None else AuditLog(self.root.parent / "audit.jsonl")
        self._cache: dict[tuple[str, int], Spec] = {}

    def products(self) -> list[str]:
        """Return every product that has a stored or a seed spec."""
        stored = {p.name for p in self.root.glob("*") if p.is_dir()}
        seeded = {p.stem for p in self.seed_dir.glob("*.yaml")}
        return sorted(stored | seeded)

    def revisions(self, product: str) -> list[int]:
        """Return the revision numbers of a product, oldest first."""
        self._seed(product)
        found = (_REVISION_FILE.fullmatch(p.name) for p in self._dir(product).glob("r*.yaml"))
        return sorted(int(m.group(1)) for m in found if m)

    def current(self, product: str) -> Spec:
        """Return the newest revision of a product's spec."""
        revisions = self.revisions(product)
        if not revisions:
            raise KeyError(f"no spec for product {product!r} (known: {', '.join(self.products())})")
        return self.revision(product, revisions[-1])

    def revision(self, product: str, number: int) -> Spec:
        """Return one revision of a product's spec."""
        key = (product, number)
        if key not in self._cache:
            self._seed(product)
            path = self._path(product, number)
            if not path.exists():
                raise KeyError(f"{product} has no spec revision {number} "
                               f"(it has: {', '.join(map(str, self.revisions(product)))})")
            text = path.read_text(encoding="utf-8")
            self._check_trusted(product, number, path, text)
            self._cache[key] = load_spec_text(text, str(path))
        return self._cache[key]

    def _check_trusted(self, product: str, number: int, path: Path, text: str) -> None:
        """Refuse a revision file unless it matches its audited hash or is the shipped seed."""
        try:
            hashes = sealed_hashes(self.audit)
            if check_sealed(self.audit, path, hashes):
                meta = path.with_suffix(".json")
                if meta.exists() or any(k.endswith(f"{product}/{meta.name}") for k in hashes):
                    check_sealed(self.audit, meta, hashes)
                return
        except ProtectedFileError as exc:
            raise SpecRevisionRefused(path, exc.message) from None
        if self._is_shipped_seed(product, number, text):
            return  # seeded before seals existed: as trustworthy as the installed software
        raise SpecRevisionRefused(path, f"{product} revision {number} was not published through "
                                        f"`rig spec set` (no audited hash); refused")

    def _is_shipped_seed(self, product: str, number: int, text: str) -> bool:
        seed = self.seed_dir / f"{product}.yaml"
        if not seed.exists() or seed.read_text(encoding="utf-8") != text:
            return False
        return load_spec_text(text, str(seed)).revision == number

    def history(self, product: str) -> list[RevisionInfo]:
        """Return who made each revision, when and why, oldest first."""
        infos = []
        for number in self.revisions(product):
            meta_path = self._path(product, number).with_suffix(".json")
            if meta_path.exists():
                self.revision(product, number)  # checks the revision and this file's seal
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
                meta.pop("signature", None)
                infos.append(RevisionInfo(**meta))
            else:
                infos.append(RevisionInfo(product, number, self.revision(product, number).sha256,
                                          reason="seeded from the shipped spec file"))
        return infos

    def set_limit(self, user: User, product: str, measurement_full_name: str, *,
                  low: float | None | _Keep = KEEP, high: float | None | _Keep = KEEP,
                  reason: str, audit: AuditLog | None = None,
                  signature: Signature | None = None) -> Spec:
        """Change one measurement's limits as a new revision and audit it; return the new spec.

        ``None`` opens a side; a side left at KEEP stays as it is. Raises
        PermissionError for users who may not edit specs, ValueError for a
        missing reason or no change, SpecError when the result is invalid.
        ``signature`` (the publisher's, meaning "approved") is recorded with
        the revision and in the audit entry.
        """
        if not user.can_edit_specs:
            raise PermissionError(f"{user.user_id} ({user.role}) may not change specs")
        if signature is not None and (signature.user_id != user.user_id
                                      or signature.meaning != "approved"):
            raise PermissionError(f"publishing needs {user.user_id}'s own signature "
                                  f"meaning 'approved'")
        audit = audit if audit is not None else self.audit
        if not reason or not reason.strip():
            raise ValueError("a spec change needs a reason")
        with self._locked(product):
            base = self.current(product)
            old = base.limits(measurement_full_name)
            new_low = old.low if low is KEEP else low
            new_high = old.high if high is KEEP else high
            if (new_low, new_high) == (old.low, old.high):
                raise ValueError(f"{measurement_full_name} already has min {old.low} max {old.high}")
            step_id, _, name = measurement_full_name.partition(".")
            text = edit_limit_text(base.text, step_id, name, new_low, new_high, base.revision + 1)
            path = self._path(product, base.revision + 1)
            spec = load_spec_text(text, str(path))  # refuses min above max, both open, ...
            change = (f"{measurement_full_name}: {_limits_text(old)} -> "
                      f"{_limits_text(spec.limits(measurement_full_name))}")
            info = RevisionInfo(product, spec.revision, spec.sha256, user.user_id, user.role,
                                datetime.now(UTC).isoformat(timespec="seconds"), reason.strip(),
                                change)
            meta = info.to_dict() | {"signature": signature.to_dict() if signature else None}
            _write_new(path, text)
            _write_new(path.with_suffix(".json"), json.dumps(meta, indent=2) + "\n")
            audit.append(actor=user.user_id, role=user.role, action="spec.set", details={
                "product": product, "measurement": measurement_full_name,
                "from_revision": base.revision, "to_revision": spec.revision,
                "from": {"min": old.low, "max": old.high},
                "to": {"min": new_low, "max": new_high},
                "reason": reason.strip(), "sha256": spec.sha256,
                "signature": signature.to_dict() if signature else None,
                SEALED_KEY: seal(audit, path, path.with_suffix(".json")),
            })
        self._cache[(product, spec.revision)] = spec
        return spec

    def diff(self, product: str, rev_a: int, rev_b: int) -> list[str]:
        """Return the limit changes from one revision to another, one line each."""
        a, b = self.revision(product, rev_a), self.revision(product, rev_b)
        lines = []
        names_a, names_b = a.measurement_names(), b.measurement_names()
        for name in names_a + [n for n in names_b if n not in names_a]:
            if name not in names_b:
                lines.append(f"{name}: removed ({_limits_text(a.limits(name))})")
            elif name not in names_a:
                lines.append(f"{name}: added ({_limits_text(b.limits(name))})")
            elif a.limits(name) != b.limits(name):
                lines.append(f"{name}: {_limits_text(a.limits(name))} -> "
                             f"{_limits_text(b.limits(name))}")
        if not lines and _body(a.text) != _body(b.text):
            lines.append("no limit changed; other lines differ (see text_diff)")
        return lines

    def text_diff(self, product: str, rev_a: int, rev_b: int) -> list[str]:
        """Return the unified diff of two revisions' YAML text."""
        a, b = self.revision(product, rev_a), self.revision(product, rev_b)
        return list(difflib.unified_diff(a.text.splitlines(), b.text.splitlines(),
                                         f"{product} r{rev_a}", f"{product} r{rev_b}",
                                         lineterm=""))

    def find(self, product: str, sha256: str) -> Spec | None:
        """Return the revision whose text has this hash (what a run recorded), or None."""
        for number in self.revisions(product):
            spec = self.revision(product, number)
            if spec.sha256 == sha256:
                return spec
        return None

    def _seed(self, product: str) -> None:
        folder = self._dir(product)
        if folder.is_dir() and any(folder.glob("r*.yaml")):
            return
        seed = self.seed_dir / f"{product}.yaml"
        if not seed.exists():
            return
        text = seed.read_text(encoding="utf-8")
        spec = load_spec_text(text, str(seed))
        folder.mkdir(parents=True, exist_ok=True)
        path = self._path(product, spec.revision)
        try:
            _write_new(path, text)
        except FileExistsError:  # another process seeded it first
            return
        self.audit.append(actor="station", role="system", action="spec.seed", details={
            "product": product, "revision": spec.revision, "sha256": spec.sha256,
            "from": str(seed), SEALED_KEY: seal(self.audit, path)})

    def _dir(self, product: str) -> Path:
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", product):
            raise KeyError(f"not a product name: {product!r}")
        return self.root / product

    def _path(self, product: str, number: int) -> Path:
        return self._dir(product) / f"r{number:04d}.yaml"

    @contextmanager
    def _locked(self, product: str) -> Iterator[None]:
        # Two engineers saving at once must not both take the same next number.
        self._dir(product).mkdir(parents=True, exist_ok=True)
        with (self._dir(product) / ".lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def edit_limit_text(text: str, step_id: str, measurement: str, low: float | None,
                    high: float | None, revision: int) -> str:
    """Return spec text with one measurement's min/max and the revision replaced in place."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    limit = _child(_child(_child(_child(root, "steps"), step_id), "limits"), measurement)
    edits = _limit_edits(text, limit, low, high)
    revision_node = _child(root, "revision")
    edits.append((revision_node.start_mark.index, revision_node.end_mark.index, str(revision)))
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _child(node: yaml.Node, key: str) -> yaml.Node:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node
    raise KeyError(f"the spec text has no {key!r} where expected")


def _limit_edits(text: str, limit: yaml.MappingNode, low: float | None,
                 high: float | None) -> list[tuple[int, int, str]]:
    pairs = {k.value: (k, v) for k, v in limit.value}
    edits: list[tuple[int, int, str]] = []
    first_key = limit.value[0][0]
    for key, wanted in (("min", low), ("max", high)):
        if key in pairs and wanted is not None:
            value_node = pairs[key][1]
            edits.append((value_node.start_mark.index, value_node.end_mark.index,
                          _number(wanted)))
        elif key in pairs:
            edits.append(_removal(text, limit, key))
        elif wanted is not None:
            after = pairs["min"][1] if key == "max" and "min" in pairs else None
            edits.append(_insertion(text, limit.flow_style, first_key, after, key, wanted))
    return edits


def _insertion(text: str, flow: bool, first_key: yaml.Node, after: yaml.Node | None,
               key: str, value: float) -> tuple[int, int, str]:
    if flow:
        if after is not None:
            return after.end_mark.index, after.end_mark.index, f", {key}: {_number(value)}"
        return first_key.start_mark.index, first_key.start_mark.index, f"{key}: {_number(value)}, "
    indent = " " * first_key.start_mark.column
    if after is not None:
        at = text.index("\n", after.end_mark.index) + 1
    else:
        at = first_key.start_mark.index - first_key.start_mark.column
    return at, at, f"{indent}{key}: {_number(value)}\n"


def _removal(text: str, limit: yaml.MappingNode, key: str) -> tuple[int, int, str]:
    position = [k.value for k, _ in limit.value].index(key)
    key_node, value_node = limit.value[position]
    if not limit.flow_style:
        start = key_node.start_mark.index - key_node.start_mark.column
        return start, text.index("\n", value_node.end_mark.index) + 1, ""
    if position + 1 < len(limit.value):
        return key_node.start_mark.index, limit.value[position + 1][0].start_mark.index, ""
    return limit.value[position - 1][1].end_mark.index, value_node.end_mark.index, ""


def _number(value: float) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _limits_text(limits: Limits) -> str:
    low = "-" if limits.low is None else f"{limits.low:g}"
    high = "-" if limits.high is None else f"{limits.high:g}"
    return f"[{low}, {high}] {limits.unit}"


def _body(text: str) -> str:
    return re.sub(r"(?m)^revision:.*$", "", text)


def _write_new(path: Path, text: str) -> None:
    """Write a file that must not exist yet: revisions are never overwritten."""
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())

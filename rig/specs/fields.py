"""Typed reads of document fields: each raises a SpecError naming the field."""

from __future__ import annotations

from typing import Any

from instruments.yaml_nodes import Document, Path, is_finite_number

MISSING = object()


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:30]}... ({len(text)} characters)"


def child(doc: Document, mapping: dict[str, Any], path: Path, key: str, default: Any = MISSING) -> Any:
    """Return mapping[key]; raise 'required field is missing' when absent without a default."""
    if key in mapping:
        return mapping[key]
    if default is MISSING:
        raise doc.error((*path, key), "required field is missing")
    return default


def as_mapping(doc: Document, value: Any, path: Path, allowed: tuple[str, ...] | None = None) -> dict:
    """Check a value is a mapping (and has only allowed keys); return it."""
    if not isinstance(value, dict):
        raise doc.error(path, f"expected a mapping, got {_describe(value)}")
    for key in value if allowed is not None else ():
        if key not in allowed:
            raise doc.error((*path, key), f"unknown field (allowed: {', '.join(allowed)})")
    return value


def as_text(doc: Document, value: Any, path: Path) -> str:
    """Check a value is a non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise doc.error(path, f"expected text, got {_describe(value)}")
    return value


def as_int(doc: Document, value: Any, path: Path, minimum: int | None = None) -> int:
    """Check a value is an integer (not a bool), at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise doc.error(path, f"expected an integer, got {_describe(value)}")
    if minimum is not None and value < minimum:
        raise doc.error(path, f"must be {minimum} or more, got {value}")
    return value


def as_number(doc: Document, value: Any, path: Path, *, positive: bool = False) -> float:
    """Check a value is a finite number (int or float, not a bool); return it as float."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise doc.error(path, f"expected a number, got {_describe(value)}")
    if not is_finite_number(value):
        raise doc.error(path, f"expected a finite number, got {_describe(value)}")
    if positive and value <= 0:
        raise doc.error(path, f"must be positive, got {value}")
    return float(value)


def as_bool(doc: Document, value: Any, path: Path) -> bool:
    """Check a value is true or false."""
    if not isinstance(value, bool):
        raise doc.error(path, f"expected true or false, got {_describe(value)}")
    return value


def as_list(doc: Document, value: Any, path: Path) -> list:
    """Check a value is a list."""
    if not isinstance(value, list):
        raise doc.error(path, f"expected a list, got {_describe(value)}")
    return value

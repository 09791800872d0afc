"""Read a YAML file as a node tree so every complaint can name its file, line and field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.constructor import SafeConstructor


class NodeReader:
    """Typed access to the nodes of one YAML document; errors are ``error(<file>:<line>: ...)``."""

    def __init__(self, source: str, error: Callable[[str], Exception]) -> None:
        self.source = source
        self._error = error
        self._constructor = SafeConstructor()
        self._key_nodes: dict[str, yaml.Node] = {}

    def compose(self, text: str) -> yaml.Node:
        """Parse the text into its root node; a YAML syntax error names its line."""
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line = mark.line + 1 if mark is not None else 1
            problem = getattr(exc, "problem", None) or str(exc)
            raise self._error(f"{self.source}:{line}: not valid YAML: {problem}") from exc
        if root is None:
            raise self._error(f"{self.source}:1: the file is empty")
        return root

    def fail(self, node: yaml.Node | None, path: str, what: str) -> NoReturn:
        line = node.start_mark.line + 1 if node is not None else 1
        raise self._error(f"{self.source}:{line}: {path}: {what}")

    def mapping(self, node: yaml.Node, path: str, *, allowed: tuple[str, ...] | None = None,
                required: tuple[str, ...] = ()) -> dict[str, yaml.Node]:
        """Return a mapping's values by key; refuse duplicates, unknown and missing keys."""
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, path, "expected a mapping of keys to values")
        values: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, path, "keys must be plain names")
            key = str(key_node.value)
            where = f"{path}.{key}" if path else key
            if key in values:
                self.fail(key_node, where, "appears twice")
            if allowed is not None and key not in allowed:
                self.fail(key_node, where, f"unknown field; expected one of {', '.join(allowed)}")
            values[key] = value_node
            self._key_nodes[where] = key_node
        for key in required:
            if key not in values:
                self.fail(node, f"{path}.{key}" if path else key, "missing")
        return values

    def key_node(self, path: str) -> yaml.Node | None:
        """Return the node of a key seen by ``mapping`` (for errors about the key itself)."""
        return self._key_nodes.get(path)

    def scalar(self, node: yaml.Node, path: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            self.fail(node, path, "expected a single value")
        try:
            return self._constructor.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError) as exc:
            self.fail(node, path, f"cannot read {node.value!r}: {exc}")

    def string(self, node: yaml.Node, path: str) -> str:
        value = self.scalar(node, path)
        if not isinstance(value, str) or not value.strip():
            self.fail(node, path, f"expected text, got {node.value!r}")
        return value

    def number(self, node: yaml.Node, path: str, *, low: float | None = None,
               high: float | None = None, low_open: bool = False) -> float:
        value = self.scalar(node, path)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(node, path, f"expected a number, got {node.value!r}")
        if value != value or (low is not None and (value < low or (low_open and value == low))) \
                or (high is not None and value > high):
            bounds = f"{'above' if low_open else 'at least'} {low:g}" if low is not None else ""
            if high is not None:
                bounds += f"{' and ' if bounds else ''}at most {high:g}"
            self.fail(node, path, f"{node.value} is out of range: must be {bounds}")
        return float(value)

    def integer(self, node: yaml.Node, path: str, *, low: int | None = None) -> int:
        value = self.scalar(node, path)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(node, path, f"expected a whole number, got {node.value!r}")
        if low is not None and value < low:
            self.fail(node, path, f"{value} is out of range: must be at least {low}")
        return value

    def date(self, node: yaml.Node, path: str) -> dt.date:
        """Accept an ISO date, bare (``2027-09-30``) or quoted."""
        value = self.scalar(node, path)
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                self.fail(node, path, f"{node.value!r} is not a date (write YYYY-MM-DD)")
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.fail(node, path, f"{node.value!r} is not a date (write YYYY-MM-DD)")
        return value


def read_text(path: str | Path, error: Callable[[str], Exception]) -> str:
    """Read a file, turning a missing or unreadable file into ``error``."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read the file: {exc}") from exc

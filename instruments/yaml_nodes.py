"""Read YAML so every complaint can name its file, line and field: the one YAML reader of the rig.

Two ways in, one parser: ``NodeReader`` hands out typed values node by node
(station files), ``read_document`` turns a whole document into plain values
with the line of every field path (spec files). Both refuse duplicate keys
(PyYAML keeps the last one without a word), anchors and aliases (an alias
bomb would expand exponentially) and nesting beyond ``MAX_DEPTH``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import Any, NoReturn

import yaml
from yaml.constructor import SafeConstructor

Path = tuple[str | int, ...]
FieldError = Callable[[str, int, str, str], Exception]  # (source, line, field, message)
MAX_DEPTH = 64  # no rig file nests deeper than a few levels; far deeper is an attack on the parser


class _YamlSyntax(Exception):
    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line, self.problem = line, problem


def _compose(text: str) -> yaml.Node | None:
    """Parse text into its root node (None when empty); raise _YamlSyntax naming the line."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or str(exc)
        raise _YamlSyntax(line, f"not valid YAML: {problem}") from None
    except RecursionError:
        raise _YamlSyntax(1, f"not valid YAML: nested deeper than {MAX_DEPTH} levels") from None


def _tree_problem(root: yaml.Node) -> tuple[yaml.Node, str] | None:
    """Return (node, what) for the first alias or over-deep node of a tree, None when there is none."""
    stack, seen = [(root, 0)], set()
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:  # yaml.compose returns an alias as the very node it names
            return node, "anchors and aliases (&, *) are not allowed"
        seen.add(id(node))
        if depth > MAX_DEPTH:
            return node, f"nested deeper than {MAX_DEPTH} levels"
        if isinstance(node, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in node.value for child in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
    return None


def is_finite_number(value: float) -> bool:
    """Return True for a finite int or float; an int too large for a float is not finite."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def field_name(path: Path, root: str = "document") -> str:
    """Return a dotted field path: ``steps.high.limits.current.min``, ``sequences.eol.steps[2]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or root


@dataclass
class Document:
    """Plain values of a YAML document plus the 1-based line of every path in it."""

    source: str
    value: Any
    error_type: FieldError
    root: str = "document"  # how errors name the document itself
    lines: dict[Path, int] = field(default_factory=dict)

    def line(self, path: Path) -> int:
        """Return the line of a path, or of its nearest ancestor that exists."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)

    def error(self, path: Path, message: str) -> Exception:
        """Build the error for a field: the file, its line and the field path."""
        return self.error_type(self.source, self.line(path), field_name(path, self.root), message)


def read_document(text: str, source: str, error: FieldError, root: str = "document") -> Document:
    """Compose YAML text into a Document; raise ``error`` on bad YAML, duplicates or emptiness."""
    try:
        node = _compose(text)
    except _YamlSyntax as exc:
        raise error(source, exc.line, "yaml", exc.problem) from None
    if node is None:
        raise error(source, 1, root, "the file is empty")
    problem = _tree_problem(node)
    if problem is not None:
        raise error(source, problem[0].start_mark.line + 1, "yaml", problem[1])
    doc = Document(source, None, error, root)
    doc.value = _Converter(doc).convert(node, ())
    return doc


class _Converter:
    """Turn a checked node tree into plain values, noting the line of every path."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.constructor = SafeConstructor()

    def fail(self, line: int, path: Path, message: str) -> NoReturn:
        raise self.doc.error_type(self.doc.source, line, field_name(path, self.doc.root), message)

    def convert(self, node: yaml.Node, path: Path) -> Any:
        line = node.start_mark.line + 1
        self.doc.lines[path] = line
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError) as exc:
            self.fail(line, path, f"cannot read {_short(node.value)}: {exc}")

    def mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_line, path, "keys must be plain names")
            key = str(key_node.value)
            if key in first_line:
                self.fail(key_line, (*path, key), f"duplicate key (first given on line {first_line[key]})")
            first_line[key] = key_line
            result[key] = self.convert(value_node, (*path, key))
            self.doc.lines[(*path, key)] = key_line
        return result


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
            root = _compose(text)
        except _YamlSyntax as exc:
            raise self._error(f"{self.source}:{exc.line}: {exc.problem}") from None
        if root is None:
            raise self._error(f"{self.source}:1: the file is empty")
        problem = _tree_problem(root)
        if problem is not None:
            self.fail(problem[0], "yaml", problem[1])
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
        except (ValueError, OverflowError, yaml.YAMLError) as exc:
            self.fail(node, path, f"cannot read {_short(node.value)}: {exc}")

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
        if not is_finite_number(value):
            self.fail(node, path, f"expected a finite number, got {_short(node.value)}")
        if (low is not None and (value < low or (low_open and value == low))) \
                or (high is not None and value > high):
            bounds = f"{'above' if low_open else 'at least'} {low:g}" if low is not None else ""
            if high is not None:
                bounds += f"{' and ' if bounds else ''}at most {high:g}"
            self.fail(node, path, f"{node.value} is out of range: must be {bounds}")
        return float(value)

    def integer(self, node: yaml.Node, path: str, *, low: int | None = None,
                high: int | None = None) -> int:
        value = self.scalar(node, path)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(node, path, f"expected a whole number, got {node.value!r}")
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = " and ".join(([f"at least {low}"] if low is not None else [])
                                  + ([f"at most {high}"] if high is not None else []))
            self.fail(node, path, f"{value} is out of range: must be {bounds}")
        return value

    def boolean(self, node: yaml.Node, path: str) -> bool:
        value = self.scalar(node, path)
        if not isinstance(value, bool):
            self.fail(node, path, f"expected true or false, got {node.value!r}")
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


def _short(text: str) -> str:
    """Quote a scalar for a message, cut to a readable length."""
    return repr(text) if len(text) <= 40 else repr(text[:30]) + f"... ({len(text)} characters)"


def read_text(path: str | FilePath, error: Callable[[str], Exception]) -> str:
    """Read a file, turning a missing or unreadable file into ``error``."""
    try:
        return FilePath(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read the file: {exc}") from exc

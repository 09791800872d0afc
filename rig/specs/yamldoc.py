"""Read YAML into plain values while remembering the line of every field.

PyYAML's loaders forget where a value came from and keep the last of two
duplicate keys without a word; composing the node tree ourselves keeps both
the marks and the chance to refuse duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from rig.specs.errors import SpecError

Path = tuple[str | int, ...]


def field_name(path: Path) -> str:
    """Return a dotted field path: ``steps.high.limits.current.min``, ``sequences.eol.steps[2]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "spec"


@dataclass
class Document:
    """Plain values of a YAML document plus the 1-based line of every path in it."""

    source: str
    value: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line(self, path: Path) -> int:
        """Return the line of a path, or of its nearest ancestor that exists."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)

    def error(self, path: Path, message: str) -> SpecError:
        """Build the error for a field: the file, its line and the field path."""
        return SpecError(self.source, self.line(path), field_name(path), message)


def read_document(text: str, source: str) -> Document:
    """Compose YAML text into a Document; raise SpecError on bad YAML, duplicates or emptiness."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise SpecError(source, line, "yaml", f"not valid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise SpecError(source, 1, "yaml", f"not valid YAML: {exc}") from None
    if root is None:
        raise SpecError(source, 1, "spec", "the file is empty")
    doc = Document(source, None)
    doc.value = _convert(root, (), doc)
    return doc


def _convert(node: yaml.Node, path: Path, doc: Document) -> Any:
    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, path, doc)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), doc) for i, item in enumerate(node.value)]
    return yaml.SafeLoader(  # a throwaway constructor resolves the scalar's tag to a value
        "").construct_object(node, deep=True)


def _convert_mapping(node: yaml.MappingNode, path: Path, doc: Document) -> dict[str, Any]:
    result: dict[str, Any] = {}
    first_line: dict[str, int] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise SpecError(doc.source, key_line, field_name(path), "keys must be plain names")
        key = str(key_node.value)
        if key in first_line:
            raise SpecError(doc.source, key_line, field_name((*path, key)),
                            f"duplicate key (first given on line {first_line[key]})")
        first_line[key] = key_line
        result[key] = _convert(value_node, (*path, key), doc)
        doc.lines[(*path, key)] = key_line
    return result

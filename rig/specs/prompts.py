"""Operator prompts of a spec: what the technician does before a run starts.

Each prompt is one instruction ("place the unit", "close the lid"), with an
optional picture and a translation per language, confirmed by a key::

    prompts:
      - id: place_unit
        text: {en: "Place the unit on the fixture, heads down.", de: "Gerät auflegen, Köpfe nach unten."}
        image: images/gpm-place.png      # optional, relative to the spec file
      - id: connect_cord
        text: Connect the unit's cord to the fixture socket.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from instruments.yaml_nodes import Document
from rig.specs.fields import as_list, as_mapping, as_text, child

PROMPT_FIELDS = ("id", "text", "image")
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Prompt:
    """One instruction to the operator before the run."""

    id: str
    texts: Mapping[str, str]  # language -> text; "en" always present
    image: str | None = None  # as written in the spec, relative to the spec file

    def text(self, language: str = DEFAULT_LANGUAGE) -> str:
        """Return the instruction in a language, in English where it has no translation."""
        return self.texts.get(language) or self.texts[DEFAULT_LANGUAGE]


def read_prompts(doc: Document, top: dict[str, Any]) -> tuple[Prompt, ...]:
    """Read the optional ``prompts`` list; none when the spec has no such section."""
    path = ("prompts",)
    entries = as_list(doc, child(doc, top, (), "prompts", []), path)
    prompts: list[Prompt] = []
    for index, entry in enumerate(entries):
        where = (*path, index)
        body = as_mapping(doc, entry, where, PROMPT_FIELDS)
        prompt_id = as_text(doc, child(doc, body, where, "id"), (*where, "id"))
        if prompt_id in {p.id for p in prompts}:
            raise doc.error((*where, "id"), f"prompt {prompt_id!r} appears twice")
        image = as_text(doc, body["image"], (*where, "image")) if "image" in body else None
        prompts.append(Prompt(prompt_id, _texts(doc, child(doc, body, where, "text"), (*where, "text")), image))
    return tuple(prompts)


def _texts(doc: Document, value: Any, path: tuple) -> Mapping[str, str]:
    if isinstance(value, str):
        return MappingProxyType({DEFAULT_LANGUAGE: as_text(doc, value, path)})
    texts = as_mapping(doc, value, path)
    if DEFAULT_LANGUAGE not in texts:
        raise doc.error(path, f"needs an English text ({DEFAULT_LANGUAGE}: ...)")
    return MappingProxyType({language: as_text(doc, text, (*path, language)) for language, text in texts.items()})

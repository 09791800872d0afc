"""Operator prompts of a spec: what the technician does before a run starts.

Each prompt is one instruction ("place the unit", "close the lid"), with an
optional picture and a translation per language, confirmed by a key, or by
the fixture's lid switch where the prompt says so and the station has one::

    prompts:
      - id: place_unit
        text: {en: "Place the unit on the fixture, heads down.", de: "Gerät auflegen, Köpfe nach unten."}
        image: images/gpm-place.png      # optional, relative to the spec file
      - id: connect_cord
        text: Connect the unit's cord to the fixture socket.
      - id: close_lid
        text: Close the lid of the fixture.
        confirmed_by: lid                # closing the lid confirms it too (a key always does)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from instruments.yaml_nodes import Document
from rig.specs.fields import as_list, as_mapping, as_text, child

PROMPT_FIELDS = ("id", "text", "image", "confirmed_by")
CONFIRMATIONS = ("key", "lid")  # what confirms a prompt besides a key: nothing else, or the lid switch
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Prompt:
    """One instruction to the operator before the run."""

    id: str
    texts: Mapping[str, str]  # language -> text; "en" always present
    image: str | None = None  # as written in the spec, relative to the spec file
    confirmed_by: str = "key"  # one of CONFIRMATIONS: "lid" is also confirmed by closing the fixture's lid

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
        confirmed_by = as_text(doc, body.get("confirmed_by", "key"), (*where, "confirmed_by"))
        if confirmed_by not in CONFIRMATIONS:
            raise doc.error((*where, "confirmed_by"), f"{confirmed_by!r} is not one of {', '.join(CONFIRMATIONS)}")
        prompts.append(Prompt(prompt_id, _texts(doc, child(doc, body, where, "text"), (*where, "text")), image,
                              confirmed_by))
    return tuple(prompts)


def _texts(doc: Document, value: Any, path: tuple) -> Mapping[str, str]:
    if isinstance(value, str):
        return MappingProxyType({DEFAULT_LANGUAGE: as_text(doc, value, path)})
    texts = as_mapping(doc, value, path)
    if DEFAULT_LANGUAGE not in texts:
        raise doc.error(path, f"needs an English text ({DEFAULT_LANGUAGE}: ...)")
    return MappingProxyType({language: as_text(doc, text, (*path, language)) for language, text in texts.items()})

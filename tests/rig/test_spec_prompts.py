"""The spec's optional operator prompts: read in order, translated, refused with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from rig.specs import load_spec, load_spec_text
from rig.specs.errors import SpecError

SPEC = Path(__file__).resolve().parents[2] / "specs" / "general-purpose.yaml"


def without_prompts() -> str:
    text = SPEC.read_text()
    return text[:text.index("\nprompts:")] + "\n"


def test_the_shipped_spec_prompts_in_order_with_a_german_text():
    prompts = load_spec(SPEC).prompts
    assert [p.id for p in prompts] == ["place_unit", "connect_cord", "close_lid"]
    assert prompts[2].text("de") == "Den Deckel der Aufnahme schließen."
    assert prompts[2].text("fr") == "Close the lid of the fixture."  # no translation: English
    assert [p.confirmed_by for p in prompts] == ["key", "key", "lid"]


def test_a_spec_without_prompts_has_none():
    assert load_spec_text(without_prompts(), "plain.yaml").prompts == ()


def test_a_plain_text_prompt_with_an_image():
    text = without_prompts() + "prompts:\n  - {id: lid, text: Close the lid., image: lid.png}\n"
    (prompt,) = load_spec_text(text, "x.yaml").prompts
    assert (prompt.text(), prompt.image) == ("Close the lid.", "lid.png")


@pytest.mark.parametrize(("body", "field"), [
    ("  - {id: lid}\n", "prompts[0].text"),
    ("  - {id: lid, text: {de: Deckel}}\n", "prompts[0].text"),
    ("  - {id: lid, text: a}\n  - {id: lid, text: b}\n", "prompts[1].id"),
    ("  - {id: lid, text: a, sound: b}\n", "prompts[0]"),
    ("  - {id: lid, text: a, confirmed_by: door}\n", "prompts[0].confirmed_by"),
])
def test_a_wrong_prompt_is_refused_naming_line_and_field(body, field):
    text = without_prompts() + "prompts:\n" + body
    with pytest.raises(SpecError) as caught:
        load_spec_text(text, "bad.yaml")
    message = str(caught.value)
    assert message.startswith("bad.yaml:") and field in message, message

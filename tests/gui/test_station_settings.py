"""The station app's settings file: defaults, the shipped file, and errors naming file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from gui.station_settings import (
    StationSettings,
    StationSettingsError,
    load_settings,
    settings_path_for,
)

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_station_has_its_settings_beside_it():
    path = settings_path_for(ROOT / "stations" / "sim.yaml")
    assert path.name == "sim.app.yaml" and load_settings(path) == StationSettings()


def test_a_missing_file_gives_the_defaults(tmp_path):
    assert load_settings(tmp_path / "none.app.yaml") == StationSettings(acknowledge=True, sound=True, language="en")


def test_values_are_read(tmp_path):
    path = tmp_path / "s.app.yaml"
    path.write_text("acknowledge: false\nsound: false\nlanguage: de\n")
    assert load_settings(path) == StationSettings(acknowledge=False, sound=False, language="de")


@pytest.mark.parametrize(("text", "where"), [
    ("sound: loud\n", ":1: sound: expected true or false"),
    ("acknowledge: true\nlanguage: fr\n", ":2: language: expected one of en, de"),
    ("colour: red\n", ":1: colour: unknown field"),
])
def test_a_wrong_value_names_file_line_and_field(tmp_path, text, where):
    path = tmp_path / "bad.app.yaml"
    path.write_text(text)
    with pytest.raises(StationSettingsError) as caught:
        load_settings(path)
    assert str(caught.value).startswith(str(path)) and where in str(caught.value), str(caught.value)

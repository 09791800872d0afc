"""How the station app behaves at one station: verdict acknowledgement, sound, language.

These are the line's choices for its screen, not the bench's wiring, so they
live in their own small file beside the station file: ``stations/sim.yaml``
is followed by ``stations/sim.app.yaml`` when that exists. Every field is
optional; an error names the file, the line and the field::

    acknowledge: true     # the verdict stays full-width until a key or the next scan
    sound: true           # a distinct sound for PASS, FAIL and ERROR
    language: de          # en or de; a user may choose another at sign-in
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from instruments.yaml_nodes import NodeReader, read_text

LANGUAGES = ("en", "de")
_FIELDS = ("acknowledge", "sound", "language")


class StationSettingsError(ValueError):
    """A station app settings file is wrong: the message names the file, line and field."""


@dataclass(frozen=True)
class StationSettings:
    acknowledge: bool = True
    sound: bool = True
    language: str = "en"


def settings_path_for(station_file: str | Path) -> Path:
    """Return where a station file's app settings live (``<name>.app.yaml`` beside it)."""
    path = Path(station_file)
    return path.with_name(f"{path.stem}.app.yaml")


def load_settings(path: str | Path) -> StationSettings:
    """Read a settings file; a missing file gives the defaults."""
    path = Path(path)
    if not path.exists():
        return StationSettings()
    reader = NodeReader(str(path), StationSettingsError)
    text = read_text(path, StationSettingsError)
    if not text.strip():
        return StationSettings()
    fields = reader.mapping(reader.compose(text), "", allowed=_FIELDS)
    values = {}
    for name in ("acknowledge", "sound"):
        if name in fields:
            value = reader.scalar(fields[name], name)
            if not isinstance(value, bool):
                reader.fail(fields[name], name, f"expected true or false, got {fields[name].value!r}")
            values[name] = value
    if "language" in fields:
        language = reader.string(fields["language"], "language")
        if language not in LANGUAGES:
            reader.fail(fields["language"], "language", f"expected one of {', '.join(LANGUAGES)}, "
                        f"got {language!r}")
        values["language"] = language
    return StationSettings(**values)

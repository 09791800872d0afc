"""The verdict's sound: a distinct pattern for PASS, FAIL and ERROR, switchable per station.

PySide6-Essentials has no QtMultimedia, so a short tone file is written once
(standard library ``wave``) and played by the system's player (``aplay`` or
``paplay``) when one is installed; without one, the pattern is played as
``QApplication.beep`` calls. Whatever plays it, ``played`` records what was
asked for, so tests can check the sound without a loudspeaker.
"""

from __future__ import annotations

import math
import shutil
import struct
import subprocess
import tempfile
import wave
from collections.abc import Callable
from pathlib import Path

from rig.model import Verdict

SAMPLE_RATE_HZ = 16_000
# (frequency Hz, duration s) per tone; a frequency of 0 is a pause.
PATTERNS: dict[Verdict, tuple[tuple[float, float], ...]] = {
    Verdict.PASS: ((880.0, 0.12), (1320.0, 0.18)),  # rising: good news
    Verdict.FAIL: ((330.0, 0.25), (0.0, 0.08), (330.0, 0.25), (0.0, 0.08), (330.0, 0.25)),  # three low
    Verdict.ERROR: ((660.0, 0.15), (440.0, 0.15), (660.0, 0.15), (440.0, 0.15)),  # two-tone alarm
}
BEEPS = {Verdict.PASS: 1, Verdict.FAIL: 3, Verdict.ERROR: 2}
PLAYERS = ("aplay", "paplay")


def tone_file(verdict: Verdict, folder: Path) -> Path:
    """Write (once) and return the WAV file of a verdict's pattern."""
    path = folder / f"verdict-{verdict.value.lower()}.wav"
    if path.exists():
        return path
    frames = bytearray()
    for frequency_hz, duration_s in PATTERNS[verdict]:
        count = int(SAMPLE_RATE_HZ * duration_s)
        for n in range(count):
            fade = min(1.0, n / 200, (count - n) / 200)  # no click at the edges of a tone
            value = 0.4 * fade * math.sin(2 * math.pi * frequency_hz * n / SAMPLE_RATE_HZ)
            frames += struct.pack("<h", int(32767 * value))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE_HZ)
        out.writeframes(bytes(frames))
    return path


class VerdictSound:
    """Play the sound of a verdict (ABORTED is silent: someone chose to stop)."""

    def __init__(self, enabled: bool = True, *, player: str | None = None,
                 beep: Callable[[], None] | None = None, folder: Path | None = None) -> None:
        self.enabled = enabled
        self.played: list[Verdict] = []
        self._player = player if player is not None else next(filter(None, map(shutil.which, PLAYERS)), "")
        self._beep = beep
        self._folder = folder

    def play(self, verdict: Verdict) -> None:
        """Start the verdict's pattern and return at once."""
        if not self.enabled or verdict not in PATTERNS:
            return
        self.played.append(verdict)
        if self._player:
            if self._folder is None:
                self._folder = Path(tempfile.mkdtemp(prefix="rig-sounds-"))
            quiet = ["-q"] if Path(self._player).name == "aplay" else []
            subprocess.Popen([self._player, *quiet, str(tone_file(verdict, self._folder))],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return
        beep = self._beep or _qt_beep
        for _ in range(BEEPS[verdict]):
            beep()


def _qt_beep() -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.beep()

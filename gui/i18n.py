"""The station app's languages: English in the code, others from compiled Qt translations.

``gui/i18n/rig_<language>.ts`` holds each translation (edit it with Qt
Linguist or by hand); ``pyside6-lrelease`` compiles it to the ``.qm`` the app
loads (``python -m gui.i18n`` rebuilds them all, and the compiled files are
committed so a station needs no Qt tools).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

FOLDER = Path(__file__).resolve().parent / "i18n"
LANGUAGES = {"en": "English", "de": "Deutsch"}


class Languages:
    """Switch the application's language; at most one translator is installed at a time."""

    def __init__(self) -> None:
        self.current = "en"
        self._translator: QTranslator | None = None

    def switch(self, language: str) -> None:
        """Install a language's translation (English: none); raise ValueError for an unknown one."""
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}; expected one of {', '.join(LANGUAGES)}")
        app = QCoreApplication.instance()
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        if language != "en":
            translator = QTranslator()
            path = FOLDER / f"rig_{language}.qm"
            if not translator.load(str(path)):
                raise FileNotFoundError(f"{path}: cannot load the {LANGUAGES[language]} translation")
            app.installTranslator(translator)
            self._translator = translator
        self.current = language


def sources() -> list[Path]:
    """Return the Python files whose strings are translated."""
    folder = Path(__file__).resolve().parent
    return sorted(path for path in folder.glob("*.py") if path.name != "i18n.py")


def compile_all() -> None:
    """Compile every ``.ts`` file of the folder to its ``.qm``."""
    for ts in sorted(FOLDER.glob("*.ts")):
        subprocess.run([str(Path(sys.executable).with_name("pyside6-lrelease")), "-silent", str(ts),
                        "-qm", str(ts.with_suffix(".qm"))], check=True)


if __name__ == "__main__":
    compile_all()

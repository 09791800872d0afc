"""Errors of the spec layer: a bad file, and a name the spec does not have."""

from __future__ import annotations


class SpecError(Exception):
    """A spec file that must not be used: names the file, the line and the field."""

    def __init__(self, source: str, line: int, field: str, message: str) -> None:
        super().__init__(f"{source}:{line}: {field}: {message}")
        self.source = source
        self.line = line
        self.field = field
        self.message = message


class UnknownName(KeyError):
    """A sequence or measurement name the spec does not define."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

"""A fixture with no controller: the operator places the unit and confirms it."""

from __future__ import annotations

from collections.abc import Callable

from instruments.errors import InstrumentError
from instruments.roles import Identity

#: Asks the operator to place ``serial`` (a ``product``) and close the lid; True when done.
Confirm = Callable[[str, str], bool]


class FixtureNotConfirmed(InstrumentError):
    """The operator did not confirm that the unit sits on the fixture."""


class ManualFixture:
    """Loading means asking the operator; the driver remembers what was confirmed."""

    def __init__(self, name: str, confirm: Confirm | None = None, *, resource: str = "manual") -> None:
        self.name = name
        self.resource = resource
        self.confirm = confirm
        self._identity: Identity | None = None
        self._loaded: tuple[str, str] | None = None

    @property
    def identity(self) -> Identity | None:
        return self._identity

    def connect(self) -> Identity:
        self._identity = Identity(make="Massager Rig", model="MANUAL FIXTURE", serial="0",
                                  firmware="1")
        return self._identity

    def close(self) -> None:
        self._loaded = None

    def load(self, product: str, serial: str) -> None:
        """Ask the operator to place the unit; raise FixtureNotConfirmed when they decline."""
        if self.confirm is None:
            raise FixtureNotConfirmed("no operator prompt is connected to the manual fixture",
                                      instrument=self.name)
        self._loaded = None
        if not self.confirm(product, serial):
            raise FixtureNotConfirmed(f"operator did not confirm {product} {serial} on the fixture",
                                      instrument=self.name)
        self._loaded = (product, serial)

    def loaded(self) -> tuple[str, str] | None:
        return self._loaded

    def unload(self) -> None:
        self._loaded = None

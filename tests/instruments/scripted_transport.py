"""A scripted stand-in for a Transport: protocol tests of drivers without sockets.

Each step of the script is (command, reply). A ``write`` expects a step whose
reply is None; ``query`` expects a str reply; ``query_block`` a bytes payload.
A reply that is an exception instance is raised instead. ``resync`` expects the
probe registered by ``sync_with`` as a query step; a reply other than the
registered answer raises ProtocolError, as stale lines that never end would.
Anything unexpected fails the test at once; ``assert_done`` fails if steps
are left over.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from instruments.errors import ProtocolError

Reply = str | bytes | BaseException | None


class ScriptedTransport:
    """Plays back expected command/reply pairs in order."""

    def __init__(self, script: Iterable[tuple[str, Reply]] = (), *, timeout_s: float = 2.0,
                 resource: str = "TCPIP0::scripted::1::SOCKET") -> None:
        self.resource = resource
        self.timeout_s = timeout_s
        self.script: deque[tuple[str, Reply]] = deque(script)
        self.sent: list[str] = []
        self.timeouts: dict[str, float | None] = {}
        self.is_open = False
        self.sync: tuple[str, str] | None = None

    def expect(self, *steps: tuple[str, Reply]) -> ScriptedTransport:
        self.script.extend(steps)
        return self

    def open(self) -> None:
        self.is_open = True

    def close(self) -> None:
        self.is_open = False

    def reconnect(self) -> None:
        self.is_open = True

    def clear(self) -> None:
        pass

    def sync_with(self, probe: str, answer: str) -> None:
        self.sync = (probe, answer)

    def resync(self) -> None:
        assert self.sync is not None, "resync() before sync_with()"
        probe, answer = self.sync
        reply = self._next(probe, "resync")
        if reply != answer:
            raise ProtocolError(f"no answer {answer!r} to {probe!r} while resynchronising")

    def write(self, command: str) -> None:
        reply = self._next(command, "write")
        assert reply is None, f"{command!r} was written but the script expects a query reply"

    def query(self, command: str, *, timeout_s: float | None = None) -> str:
        self.timeouts[command] = timeout_s
        reply = self._next(command, "query")
        assert isinstance(reply, str), f"{command!r} was queried but the script has {reply!r}"
        return reply

    def query_block(self, command: str, *, timeout_s: float | None = None) -> bytes:
        reply = self._next(command, "block query")
        assert isinstance(reply, bytes), f"{command!r} asked for a block but script has {reply!r}"
        return reply

    def assert_done(self) -> None:
        assert not self.script, f"expected but never sent: {[c for c, _ in self.script]}"

    def _next(self, command: str, kind: str) -> Reply:
        self.sent.append(command)
        assert self.is_open, f"{kind} {command!r} before open()"
        assert self.script, f"unexpected {kind} {command!r}: the script is finished"
        expected, reply = self.script.popleft()
        assert command == expected, f"unexpected {kind} {command!r}, expected {expected!r}"
        if isinstance(reply, BaseException):
            raise reply
        return reply


NO_ERROR = ("SYST:ERR?", '+0,"No error"')

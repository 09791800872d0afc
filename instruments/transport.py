"""Message transport to one instrument: the ``Transport`` protocol and its VISA implementation.

Drivers speak SCPI through a ``Transport``; protocol tests replace it with a
scripted fake. ``VisaTransport`` opens a VISA resource (pyvisa-py ``@py`` by
default), turns every failure into a typed ``InstrumentError``, resynchronises
after a timeout or a garbled reply and reopens a dropped connection.

Resynchronising is by a probe whose answer is known (the driver registers
``*IDN?`` and the identity it read): once a reply is in doubt, the next
command is preceded by the probe, and every line before the probe's answer is
discarded. An instrument answers in order, so a reply that comes late is
among the discarded lines and never read as the answer to a later query.
When the probe's own answer does not come in time (or the probe itself was
the query that failed), a late answer could pass for the next probe's, so the
next command reopens the connection instead: a new socket holds nothing stale.
"""

from __future__ import annotations

import errno
import select
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol, runtime_checkable

import pyvisa
from pyvisa import constants

from instruments.blocks import parse_block_header
from instruments.errors import ConnectionLost, InstrumentTimeout, ProtocolError


@runtime_checkable
class Transport(Protocol):
    """Sends commands to one instrument and reads its replies."""

    resource: str
    timeout_s: float

    def open(self) -> None: ...

    def write(self, command: str) -> None: ...

    def query(self, command: str, *, timeout_s: float | None = None) -> str:
        """Send a command and return its reply line without the terminator."""

    def query_block(self, command: str, *, timeout_s: float | None = None) -> bytes:
        """Send a command and return the payload of the definite-length block it answers."""

    def clear(self) -> None:
        """Discard anything the instrument sent that nobody read."""

    def sync_with(self, probe: str, answer: str) -> None:
        """Register a query whose exact answer is known, to resynchronise the session by."""

    def resync(self) -> None:
        """Send the probe and discard every line until its answer: nothing stale is left unread."""

    def reconnect(self) -> None: ...

    def close(self) -> None: ...


# Large block payloads are read in one request; pyvisa-py otherwise asks for 20 KiB at a time.
_RECV_SIZE_BYTES = 1 << 20
# Lines read past while resynchronising before giving up: a late block may hold many newlines.
_MAX_STALE_LINES = 10_000


class VisaTransport:
    """A VISA message-based resource (a raw SCPI socket on this station)."""

    def __init__(self, resource: str, *, timeout_s: float, visa_library: str = "@py",
                 instrument: str = "") -> None:
        self.resource = resource
        self.timeout_s = float(timeout_s)
        self.visa_library = visa_library
        self.instrument = instrument or resource
        self._manager: pyvisa.ResourceManager | None = None
        self._handle: pyvisa.resources.MessageBasedResource | None = None
        self._needs_reopen = False
        self._unanswered_write: str | None = None  # sent since the last reply: maybe lost on a drop
        self._sync: tuple[str, str] | None = None  # (probe, its answer) from sync_with
        self._in_doubt = False  # a reply timed out or was garbled: a late one may still come
        self._lock = threading.RLock()

    # -- lifecycle -------------------------------------------------------------------------------

    def open(self) -> None:
        """Open the resource; raise ConnectionLost when the instrument cannot be reached."""
        with self._lock:
            if self._handle is not None:
                return
            try:
                if self._manager is None:
                    self._manager = pyvisa.ResourceManager(self.visa_library)
                handle = self._manager.open_resource(
                    self.resource, open_timeout=int(self.timeout_s * 1000),
                    read_termination="\n", write_termination="\n")
            # pyvisa-py reports a refused or unreachable socket as a bare Exception.
            except Exception as exc:
                raise ConnectionLost(f"cannot open {self.resource}: {exc}",
                                     instrument=self.instrument) from exc
            handle.timeout = self.timeout_s * 1000
            self._handle = handle
            self._needs_reopen = False
            self._tune_socket()

    def close(self) -> None:
        """Close the resource; safe to call twice.

        The resource manager stays open: pyvisa shares one per VISA library across
        the process, and closing it would close every other instrument's resource.
        """
        with self._lock:
            self._close_handle()

    def reconnect(self) -> None:
        """Close and reopen the resource once; raise ConnectionLost when it stays down."""
        with self._lock:
            self._close_handle()
            self._needs_reopen = True
            self.open()

    # -- messages --------------------------------------------------------------------------------

    def sync_with(self, probe: str, answer: str) -> None:
        with self._lock:
            self._sync = (probe, answer)

    def resync(self) -> None:
        """Send the probe and discard lines until its answer; without a probe, drain the socket."""
        with self._lock:
            self._reopen_if_needed()
            self._resync_now()

    def write(self, command: str) -> None:
        with self._lock:
            self._prepare()
            self._send(command)
            self._unanswered_write = self._unanswered_write or command

    def query(self, command: str, *, timeout_s: float | None = None) -> str:
        with self._lock:
            self._prepare()
            self._send(command)
            with self._doubt_on_failure(command), self._timeout(timeout_s), \
                    self._failures(command, timeout_s):
                raw = self._handle.read_raw()
            self._unanswered_write = None
            with self._doubt_on_failure(command):
                return _decode_line(raw, command, self.instrument)

    def query_block(self, command: str, *, timeout_s: float | None = None) -> bytes:
        with self._lock:
            self._prepare()
            self._send(command)
            with self._doubt_on_failure(command), self._timeout(timeout_s), \
                    self._failures(command, timeout_s), self._termination_off():
                payload = self._read_block(command)
            self._unanswered_write = None
            return payload

    def clear(self) -> None:
        """Drop unread replies: drain the socket, or ask the VISA library to clear the device."""
        with self._lock:
            if self._handle is None:
                return
            if self._raw_socket() is not None:
                if self._drain_socket():
                    self._needs_reopen = True
                return
            with self._failures("device clear", None):
                self._handle.clear()

    # -- internals -------------------------------------------------------------------------------

    def _prepare(self) -> None:
        """Reopen a connection known to be down, and resync a live one before a command."""
        self._reopen_if_needed()
        if self._in_doubt and self._sync is not None:
            self._resync_now()
            return
        if self._raw_socket() is not None and self._drain_socket():
            lost, self._unanswered_write = self._unanswered_write, None
            if lost is not None:
                self._needs_reopen = True
                raise ConnectionLost(f"connection dropped after {lost!r}; it may not have been "
                                     "applied", instrument=self.instrument)
            # The instrument hung up while idle: nothing was lost, so reopen and carry on.
            self.reconnect()
            if self._drain_socket():
                self._needs_reopen = True
                raise ConnectionLost("connection closed by the instrument right after reopening",
                                     instrument=self.instrument)

    def _reopen_if_needed(self) -> None:
        if self._handle is None and not self._needs_reopen:
            raise ConnectionLost("not open; call connect() first", instrument=self.instrument)
        if self._needs_reopen:
            self.reconnect()

    def _resync_now(self) -> None:
        """Send the probe and read past every line until its answer comes back."""
        self._in_doubt = True
        if self._sync is None:
            self.clear()
            self._in_doubt = False
            return
        probe, answer = self._sync
        expected = answer.encode("ascii", "replace")
        self._send(probe)
        try:
            with self._failures(f"{probe} (resynchronising)", None):
                for _ in range(_MAX_STALE_LINES):
                    if self._handle.read_raw().rstrip(b"\r\n") == expected:
                        self._in_doubt = False
                        self._unanswered_write = None
                        return
            raise ProtocolError(f"no answer {answer!r} to {probe!r} among {_MAX_STALE_LINES} "
                                "lines while resynchronising", instrument=self.instrument)
        except (InstrumentTimeout, ProtocolError):
            # The probe's answer may still come, and would pass for the next probe's: only a
            # new connection is sure to hold nothing stale.
            self._needs_reopen = True
            raise

    def _send(self, command: str) -> None:
        try:
            self._handle.write(command)
        except (OSError, pyvisa.errors.VisaIOError) as exc:
            self._needs_reopen = True
            raise ConnectionLost(f"could not send {command!r}: {exc}",
                                 instrument=self.instrument) from exc

    def _read_block(self, command: str) -> bytes:
        handle = self._handle
        head = handle.read_bytes(2)
        digits = handle.read_bytes(parse_block_header(head, command, self.instrument))
        try:
            length = int(digits.decode("ascii"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ProtocolError(f"bad block length {digits!r} in reply to {command!r}",
                                instrument=self.instrument) from exc
        payload = handle.read_bytes(length, chunk_size=max(length, 1))
        tail = handle.read_bytes(1)
        if tail != b"\n":
            raise ProtocolError(f"block in reply to {command!r} ends with {tail!r}, not a newline",
                                instrument=self.instrument)
        return payload

    @contextmanager
    def _failures(self, command: str, timeout_s: float | None) -> Iterator[None]:
        """Turn what VISA and the socket raise into the instrument layer's exceptions."""
        try:
            yield
        except pyvisa.errors.VisaIOError as exc:
            if exc.error_code != constants.StatusCode.error_timeout:
                self._needs_reopen = True
                raise ConnectionLost(f"{command!r}: {exc}", instrument=self.instrument) from exc
            self._discard_partial_reply()
            if self._raw_socket() is not None and self._drain_socket():
                self._needs_reopen = True
                raise ConnectionLost(f"connection dropped while waiting for the reply to {command!r}",
                                     instrument=self.instrument) from exc
            waited_s = self.timeout_s if timeout_s is None else timeout_s
            raise InstrumentTimeout(f"no reply to {command!r} within {waited_s:g} s",
                                    instrument=self.instrument) from exc
        except OSError as exc:
            self._needs_reopen = True
            raise ConnectionLost(f"{command!r}: {exc}", instrument=self.instrument) from exc
        except ProtocolError:
            self._discard_partial_reply()
            raise

    @contextmanager
    def _doubt_on_failure(self, command: str) -> Iterator[None]:
        """Mark the session in doubt when a reply timed out or was garbled."""
        try:
            yield
        except (InstrumentTimeout, ProtocolError):
            self._in_doubt = True
            if self._sync is not None and command == self._sync[0]:
                # A late answer to the probe itself would pass for the probe's next answer.
                self._needs_reopen = True
            raise

    @contextmanager
    def _timeout(self, timeout_s: float | None) -> Iterator[None]:
        if timeout_s is None:
            yield
            return
        self._handle.timeout = timeout_s * 1000
        try:
            yield
        finally:
            if self._handle is not None:
                self._handle.timeout = self.timeout_s * 1000

    @contextmanager
    def _termination_off(self) -> Iterator[None]:
        # With a termination character set, pyvisa-py stops at every 0x0A byte of a payload
        # and rescans its buffer each time: reading a block that way is 10-30 times slower.
        self._handle.read_termination = ""
        try:
            yield
        finally:
            if self._handle is not None:
                self._handle.read_termination = "\n"

    def _discard_partial_reply(self) -> None:
        if self._handle is not None:
            self._handle.flush(constants.BufferOperation.discard_read_buffer_no_io)

    def _raw_socket(self) -> socket.socket | None:
        """Return pyvisa-py's socket of this resource, None for other VISA libraries."""
        if self._handle is None:
            return None
        sessions = getattr(self._handle.visalib, "sessions", None)
        session = sessions.get(self._handle.session) if isinstance(sessions, dict) else None
        interface = getattr(session, "interface", None)
        return interface if isinstance(interface, socket.socket) else None

    def _drain_socket(self) -> bool:
        """Discard bytes waiting on the socket (a late reply); return True if the peer hung up."""
        sock = self._raw_socket()
        self._discard_partial_reply()
        while True:
            try:
                readable, _, _ = select.select([sock], [], [], 0)
                if not readable:
                    return False
                chunk = sock.recv(65536)
            except OSError:
                return True
            if not chunk:
                return True

    def _tune_socket(self) -> None:
        """Check that the socket really connected and let large block reads go in one piece."""
        sock = self._raw_socket()
        if sock is None:
            return
        error = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if error:
            self._close_handle()
            raise ConnectionLost(f"cannot open {self.resource}: {errno.errorcode.get(error, error)}",
                                 instrument=self.instrument)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        session = self._handle.visalib.sessions[self._handle.session]
        if hasattr(session, "max_recv_size"):
            session.max_recv_size = _RECV_SIZE_BYTES

    def _close_handle(self) -> None:
        self._unanswered_write = None
        self._in_doubt = False  # a new connection holds no stale replies
        handle, self._handle = self._handle, None
        if handle is None:
            return
        try:
            handle.close()
        except Exception:  # noqa: BLE001 - a resource whose socket died may fail to close; it is gone
            pass


def _decode_line(raw: bytes, command: str, instrument: str) -> str:
    """Return a reply line as text; raise ProtocolError for bytes no SCPI reply contains."""
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError as exc:
        raise ProtocolError(f"garbled reply to {command!r}: {raw[:60]!r}",
                            instrument=instrument) from exc
    text = text.rstrip("\r\n")
    if not text.isprintable():
        raise ProtocolError(f"garbled reply to {command!r}: {raw[:60]!r}", instrument=instrument)
    return text

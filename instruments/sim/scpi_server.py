"""A threaded TCP server speaking newline-terminated SCPI for one instrument.

Protocol faults (no_answer, drop_connection, garbled_reply, garbled_once,
late_reply, error_queue) are played here, between the socket and the
instrument, so every dialect has them.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable

from instruments.sim.faults import FaultBoard
from instruments.sim.scpi import Reply, ScpiInstrument

POLL_S = 0.2
GARBAGE = b"\xff\xfe\x9c#?!\x07\xc3(\xa0~\x81%"


def is_setting(line: str) -> bool:
    """Return True for a setting command: no query, not an IEEE 488.2 common command."""
    header = line.strip().partition(" ")[0]
    return "?" not in header and not header.startswith("*")


class ScpiServer:
    """Serve one instrument on one TCP port; one thread per client."""

    def __init__(self, role: str, instrument: ScpiInstrument, faults: FaultBoard,
                 host: str = "127.0.0.1", port: int = 0,
                 on_command: Callable[[], None] | None = None) -> None:
        self.role = role
        self._on_command = on_command  # e.g. the bench's clock charging a round trip
        self.instrument = instrument
        self._faults = faults
        self._host = host
        self._requested_port = port
        self._listener: socket.socket | None = None
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._clients: set[socket.socket] = set()
        self._clients_lock = threading.Lock()

    @property
    def port(self) -> int:
        if self._listener is None:
            raise RuntimeError(f"{self.role} server is not started")
        return int(self._listener.getsockname()[1])

    def start(self) -> None:
        """Listen and start accepting clients."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self._host, self._requested_port))
        listener.listen(8)
        listener.settimeout(POLL_S)
        self._listener = listener
        self._spawn(self._accept_loop, f"sim-{self.role}-accept")

    def stop(self) -> None:
        """Stop accepting, close every client and wait for the threads."""
        self._stop.set()
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)  # wakes accept() at once on Linux
        with self._clients_lock:
            for client in list(self._clients):
                with contextlib.suppress(OSError):
                    client.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(timeout=5.0)
        if self._listener is not None:
            self._listener.close()

    def _spawn(self, target, name: str, *args) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()]
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            client.settimeout(POLL_S)
            with self._clients_lock:
                self._clients.add(client)
            self._spawn(self._serve_client, f"sim-{self.role}-client", client)

    def _serve_client(self, client: socket.socket) -> None:
        pending = b""
        held: list[bytes] = []  # a reply the late_reply fault holds back until the next command
        try:
            while not self._stop.is_set():
                try:
                    chunk = client.recv(65536)
                except TimeoutError:
                    continue
                if not chunk:
                    return
                pending += chunk
                while b"\n" in pending:
                    raw, pending = pending.split(b"\n", 1)
                    line = raw.decode("latin-1").strip()
                    if line and not self._answer(client, line, held):
                        return
        except OSError:
            return
        finally:
            with self._clients_lock:
                self._clients.discard(client)
            client.close()

    def _answer(self, client: socket.socket, line: str, held: list[bytes]) -> bool:
        """Handle one line; return False when the connection must close."""
        role, faults = self.role, self._faults
        if self._on_command is not None:
            self._on_command()
        while held:  # the late reply goes out first: an instrument answers in order
            client.sendall(held.pop(0))
        exempt = self.instrument.fault_exempt(line)
        if not exempt and faults.take(role, "drop_connection"):
            return False
        if not exempt and faults.active(role, "no_answer"):
            return True
        if not exempt and is_setting(line) and faults.take(role, "error_queue"):
            self.instrument.push_error(-222)
            return True
        reply = self.instrument.handle(line)
        if reply is not None:
            if not exempt and (faults.active(role, "garbled_reply")
                               or faults.take(role, "garbled_once")):
                reply = GARBAGE + b"\n"
            if not exempt and faults.take(role, "late_reply"):
                held.append(_encode(reply))
                return True
            client.sendall(_encode(reply))
        return True


def _encode(reply: Reply) -> bytes:
    if isinstance(reply, bytes):
        return reply
    return reply.encode("ascii") + b"\n"

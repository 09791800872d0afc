"""Plain clients for the simulated bench: raw sockets and pyvisa-py, no drivers."""

from __future__ import annotations

import socket
import time

import numpy as np
import pyvisa


class LineClient:
    """A raw TCP client speaking newline-terminated SCPI."""

    def __init__(self, port: int, timeout_s: float = 2.0) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout_s)
        self._pending = b""

    def close(self) -> None:
        self.sock.close()

    def write(self, line: str) -> None:
        self.sock.sendall(line.encode() + b"\n")

    def read_line(self) -> bytes:
        while b"\n" not in self._pending:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed by the server")
            self._pending += chunk
        line, self._pending = self._pending.split(b"\n", 1)
        return line

    def query(self, line: str) -> str:
        self.write(line)
        return self.read_line().decode("ascii")

    def read_exactly(self, count: int) -> bytes:
        while len(self._pending) < count:
            chunk = self.sock.recv(max(65536, count - len(self._pending)))
            if not chunk:
                raise ConnectionError("closed by the server")
            self._pending += chunk
        data, self._pending = self._pending[:count], self._pending[count:]
        return data

    def query_block(self, line: str, channels: int) -> np.ndarray:
        """Send a block query; return int16 codes shaped (points, channels)."""
        self.write(line)
        assert self.read_exactly(1) == b"#"
        digits = int(self.read_exactly(1))
        size = int(self.read_exactly(digits))
        payload = self.read_exactly(size)
        assert self.read_exactly(1) == b"\n"
        return np.frombuffer(payload, dtype="<i2").reshape(-1, channels)

    def silent_for(self, seconds: float) -> bool:
        """Return True if nothing arrives for ``seconds``."""
        self.sock.settimeout(seconds)
        try:
            chunk = self.sock.recv(1)
        except TimeoutError:
            return True
        finally:
            self.sock.settimeout(2.0)
        self._pending += chunk
        return False


def open_visa(resource: str, timeout_ms: int = 2000):
    """Open a SOCKET resource with pyvisa-py as FIELD-NOTES.md says."""
    rm = pyvisa.ResourceManager("@py")
    return rm.open_resource(resource, read_termination="\n", write_termination="\n", timeout=timeout_ms)


def wait_for(predicate, timeout_s: float = 5.0, poll_s: float = 0.01) -> bool:
    """Poll ``predicate`` until it is true or the timeout passes."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(poll_s)
    return False

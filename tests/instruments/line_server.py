"""A tiny real SCPI-like TCP server for transport tests (socketserver, port 0)."""

from __future__ import annotations

import socketserver
import threading
import time

IDN = b"Test Works,LINESERVER,0001,1.0\n"


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        self.server.connections += 1
        for raw in self.rfile:
            command = raw.strip().decode("ascii", "replace")
            self.server.received.append(command)
            if not self._answer(command):
                return

    def _answer(self, command: str) -> bool:
        """Reply to one command; return False to hang up."""
        server = self.server
        held, self.held = getattr(self, "held", b""), b""
        self.wfile.write(held)  # a held reply goes out first: answers come in order
        if command == "HOLD?":
            self.held = b"held reply\n"  # sent only once the next command arrives
        elif command.startswith("ECHO? "):
            self.wfile.write(command.split(" ", 1)[1].encode("ascii") + b"\n")
        elif command == "*IDN?":
            self.wfile.write(IDN)
        elif command == "SILENT?":
            pass  # never answers
        elif command.startswith("LATE? "):
            time.sleep(float(command.split()[1]))
            self.wfile.write(b"late reply\n")
        elif command in ("HANGUP?", "SET HANGUP"):
            return False
        elif command == "LAST?":
            self.wfile.write(b"bye\n")
            return False
        elif command == "GARBLED?":
            self.wfile.write(b"\xff\xfe\x00junk\n")
        elif command == "BLOCK?":
            self.wfile.write(server.block)
        elif command.startswith("SET "):
            pass
        return True


class LineServer(socketserver.ThreadingTCPServer):
    """Serves on 127.0.0.1:<free port> from a daemon thread until closed."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.connections = 0
        self.received: list[str] = []
        self.block = b"#10\n"
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    @property
    def resource(self) -> str:
        return f"TCPIP0::127.0.0.1::{self.server_address[1]}::SOCKET"

    def __enter__(self) -> LineServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop listening: new connections are refused from now on."""
        if self._thread.is_alive():
            self.shutdown()
            self._thread.join()
        self.server_close()

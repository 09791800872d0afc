"""A throwaway PostgreSQL cluster for tests: initdb, start on a free port, stop, remove.

The cluster lives in a fresh temporary directory (data and unix socket both
inside it) and listens on 127.0.0.1 only, with ``trust`` authentication. It
needs the PostgreSQL server binaries (Debian package ``postgresql``, installed
by ``scripts/setup-system.sh``); without them it raises ``PostgresUnavailable``
with a message that says so, and the tests using it fail rather than skip.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

SERVER_USER = "postgres"
DATABASE = "rig_test"
_START_TIMEOUT_S = 30
_PORT_ATTEMPTS = 3
# A test server holds nothing worth keeping: skipping fsync makes every commit
# cheap on a shared disk, and a crash only loses a directory we delete anyway.
_SERVER_SETTINGS = ("-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                    "-c max_connections=40")


class PostgresUnavailable(RuntimeError):
    """The PostgreSQL server binaries are missing or the server would not start."""


@dataclass(frozen=True)
class PostgresServer:
    """A running throwaway cluster: where it lives and how to reach it."""

    bindir: Path
    root: Path
    port: int

    @property
    def url(self) -> str:
        """Return the SQLAlchemy URL of the test database."""
        return self.url_of(DATABASE)

    def url_of(self, database: str) -> str:
        """Return the SQLAlchemy URL of one database on this server."""
        return f"postgresql+psycopg://{SERVER_USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, database: str) -> str:
        """Create an empty database and return its URL."""
        _check_run([str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                    "-U", SERVER_USER, database], f"createdb {database}")
        return self.url_of(database)


def find_bindir() -> Path:
    """Return the directory holding initdb and pg_ctl, or raise PostgresUnavailable."""
    candidates = []
    if pg_config := shutil.which("pg_config"):
        with suppress(OSError, subprocess.CalledProcessError):
            found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True,
                                   check=True, timeout=10).stdout.strip()
            candidates.append(Path(found))
    # Debian's pg_config (libpq-dev) may name /usr/bin, which has no initdb;
    # the server binaries sit in a versioned directory, newest wanted first.
    versioned = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                       key=lambda path: int(Path(path).parent.name), reverse=True)
    candidates.extend(Path(path) for path in versioned)
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) not found via `pg_config --bindir` "
        "or /usr/lib/postgresql/*/bin; install the Debian package `postgresql` "
        "(scripts/setup-system.sh does)")


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    """Start a fresh cluster with an empty ``rig_test`` database; stop and remove it after."""
    bindir = find_bindir()
    root = Path(tempfile.mkdtemp(prefix="rig-pg-"))
    try:
        _hand_to_server_user(root)
        _initdb(bindir, root)
        server = _start(bindir, root)
        try:
            server.create_database(DATABASE)
            yield server
        finally:
            _stop(bindir, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _as_server_user(command: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root; CI runs as root.
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", SERVER_USER, "--", *command]


def _hand_to_server_user(root: Path) -> None:
    if os.geteuid() != 0:
        return
    try:
        account = pwd.getpwnam(SERVER_USER)
    except KeyError:
        raise PostgresUnavailable(
            f"running as root, but there is no `{SERVER_USER}` user to run the server as; "
            "install the Debian package `postgresql`") from None
    os.chown(root, account.pw_uid, account.pw_gid)


def _initdb(bindir: Path, root: Path) -> None:
    # ICU en-US collation, as a line's server set up with an en_US locale would
    # sort text, rather than the byte order SQLite uses.
    _check_run(_as_server_user([
        str(bindir / "initdb"), "-D", str(root / "data"), "-U", SERVER_USER, "--auth=trust",
        "--encoding=UTF8", "--locale=C.UTF-8", "--locale-provider=icu", "--icu-locale=en-US",
        "--no-sync", "--no-instructions"]), "initdb")


def _start(bindir: Path, root: Path) -> PostgresServer:
    """Start the server on a free port, trying another if one is taken meanwhile."""
    log = root / "server.log"
    for _ in range(_PORT_ATTEMPTS):
        port = free_port()
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} {_SERVER_SETTINGS}"
        started = subprocess.run(_as_server_user([
            str(bindir / "pg_ctl"), "-D", str(root / "data"), "-l", str(log), "-w",
            "-t", str(_START_TIMEOUT_S), "-o", options, "start"]),
            capture_output=True, text=True, timeout=_START_TIMEOUT_S + 10)
        if started.returncode == 0:
            return PostgresServer(bindir, root, port)
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no server log)"
    raise PostgresUnavailable(f"pg_ctl start failed: {started.stdout}{started.stderr}\n{tail}")


def _stop(bindir: Path, root: Path) -> None:
    data = root / "data"
    stopped = subprocess.run(_as_server_user([
        str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "-t", "20", "stop"]),
        capture_output=True, text=True, timeout=30)
    if stopped.returncode != 0:
        _kill_postmaster(data)


def _kill_postmaster(data: Path) -> None:
    """Kill the server this fixture started, by the pid it wrote, when pg_ctl could not stop it."""
    with suppress(OSError, ValueError, IndexError):
        pid = int((data / "postmaster.pid").read_text().splitlines()[0])
        os.kill(pid, signal.SIGKILL)


def _check_run(command: list[str], what: str) -> None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PostgresUnavailable(f"{what} could not run: {exc}") from exc
    if done.returncode != 0:
        raise PostgresUnavailable(f"{what} failed (exit {done.returncode}):\n"
                                  f"{done.stdout}{done.stderr}")

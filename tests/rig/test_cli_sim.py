"""`rig sim`: a standalone bench that answers on the ports it prints, and stops on a signal."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

from rig.cli import exit_codes

REPO = Path(__file__).resolve().parents[2]


def ask(port: int, command: str) -> str:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(command.encode() + b"\n")
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = conn.recv(4096)
            assert chunk, "connection closed before a reply"
            reply += chunk
    return reply.decode().strip()


def test_sim_serves_every_instrument_and_stops_on_sigint() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "rig.cli", "sim", "--station", "stations/sim.yaml"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        lines = [proc.stdout.readline().split() for _ in range(7)]
        ports = {role: int(port) for role, port, _ in lines}
        assert set(ports) == {"supply", "vibration_daq", "current_daq", "thermometer",
                              "tachometer", "fixture", "interlock"}
        assert all(resource == f"TCPIP0::127.0.0.1::{ports[role]}::SOCKET"
                   for role, _, resource in lines)
        assert ask(ports["fixture"], "*IDN?") == "Massager Rig,SIMFIXTURE,0,1"
        assert ask(ports["supply"], "*IDN?").startswith("RIGOL TECHNOLOGIES,DP832,")
        assert ask(ports["interlock"], "ROUT:OPEN? (@301)") == "1"  # open until a station closes it
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == exit_codes.PASS, proc.stderr.read()


def test_sim_refuses_a_station_without_a_simulated_bench(tmp_path: Path) -> None:
    hardware = tmp_path / "line.yaml"
    text = (REPO / "stations/sim.yaml").read_text()
    bench_block = re.search(r"^bench:\n(?:  .*\n)+", text, re.MULTILINE).group(0)
    text = text.replace(bench_block, "bench:\n  kind: hardware\n")
    ports = iter(range(5025, 5100))
    hardware.write_text(re.sub(r"127\.0\.0\.1::0::", lambda m: f"127.0.0.1::{next(ports)}::", text))
    result = subprocess.run([sys.executable, "-m", "rig.cli", "sim", "--station", str(hardware)],
                            capture_output=True, text=True, cwd=REPO, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == exit_codes.BAD_INPUT
    assert "only a simulated bench can be served" in result.stderr

"""Figures of the simulated bench: streaming, model cost, round trips."""

from __future__ import annotations

import os
import socket
import statistics
import time

from instruments.sim.bench import SimulatedBench
from instruments.sim.clock import SimWallClock
from instruments.sim.population import Population, nominal_truth
from instruments.sim.world import SimWorld

STREAM_S = float(os.environ.get("SIM_BENCH_STREAM_S", "20"))


class _Client:
    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5.0)
        self.buffer = b""

    def write(self, line: str) -> None:
        self.sock.sendall(line.encode() + b"\n")

    def _fill(self, count: int) -> None:
        while len(self.buffer) < count:
            self.buffer += self.sock.recv(1 << 20)

    def line(self) -> str:
        while b"\n" not in self.buffer:
            self.buffer += self.sock.recv(65536)
        text, self.buffer = self.buffer.split(b"\n", 1)
        return text.decode()

    def query(self, line: str) -> str:
        self.write(line)
        return self.line()

    def block(self) -> bytes:
        self.write("WAV:DATA?")
        self._fill(2)
        digits = int(self.buffer[1:2])
        self._fill(2 + digits)
        size = int(self.buffer[2:2 + digits])
        self._fill(2 + digits + size + 1)
        payload = self.buffer[2 + digits:2 + digits + size]
        self.buffer = self.buffer[2 + digits + size + 1:]
        return payload


def _stream(bench: SimulatedBench) -> tuple[int, bool, float]:
    """Stream 4 x 50 kSa/s of real signals for STREAM_S; return (samples, overrun, cpu share)."""
    daq = _Client(bench.ports["vibration_daq"])
    daq.write("ACQ:SRAT 50000")
    daq.write("WAV:POIN 5000")
    daq.write("RUN")
    samples, overrun = 0, False
    cpu0, wall0 = time.process_time(), time.perf_counter()
    while time.perf_counter() - wall0 < STREAM_S:
        status = daq.query("WAV:STAT?")
        if status == "OVER":
            overrun = True
            break
        if status == "DATA":
            samples += len(daq.block()) // 8
        else:
            time.sleep(0.01)
    cpu_share = (time.process_time() - cpu0) / (time.perf_counter() - wall0)
    daq.write("STOP")
    return samples, overrun, cpu_share


def _round_trip_us(port: int) -> float:
    client = _Client(port)
    times = []
    for _ in range(500):
        started = time.perf_counter()
        client.query("*IDN?")
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1e6


def _model_cost() -> tuple[float, float]:
    """Return (CPU ms per simulated s during spin-up, CPU ms per simulated minute steady)."""
    class Hand(SimWallClock):
        t_s = 0.0

        def now_s(self) -> float:
            return self.t_s

    clock = Hand()
    world = SimWorld(clock, Population(2026, 0.0))
    world.load_truth(nominal_truth("QHM"))
    world.change_supply(voltage_v=12.0, current_limit_a=3.2, output_on=True)
    started = time.process_time()
    clock.t_s = 1.0
    world.advance()
    spin_up = (time.process_time() - started) * 1e3
    started = time.process_time()
    clock.t_s = 61.0
    world.advance()
    return spin_up, (time.process_time() - started) * 1e3


def run() -> list[tuple[str, str]]:
    rows = []
    spin_up_ms, steady_ms = _model_cost()
    rows.append(("model, quad head spin-up (1 s simulated)", f"{spin_up_ms:.0f} ms CPU"))
    rows.append(("model, quad head steady (60 s simulated)", f"{steady_ms:.1f} ms CPU"))
    with SimulatedBench(time_scale=1.0) as bench:
        rows.append(("*IDN? round trip, raw socket, median", f"{_round_trip_us(bench.ports['fixture']):.0f} us"))
        bench.load_unit("QHM", "QHM-000001")
        supply = _Client(bench.ports["supply"])
        supply.write(":APPL CH1,12,3.2")
        supply.write(":OUTP CH1,ON")
        samples, overrun, cpu_share = _stream(bench)
        expected = 50000 * STREAM_S
        rows.append((f"stream 4 ch x 50 kSa/s for {STREAM_S:.0f} s, real signals",
                     f"{samples / expected:.1%} of samples read, {'OVERRUN' if overrun else 'no overrun'}"))
        rows.append(("process CPU while streaming (bench + this client)", f"{cpu_share:.0%} of one core"))
        supply.write(":OUTP CH1,OFF")
    return rows

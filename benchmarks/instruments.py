"""Figures of the instrument layer: block transfer, *IDN? round trip, sustained DAQ rate."""

from __future__ import annotations

import socketserver
import statistics
import threading
import time

import numpy as np
import pyvisa

from instruments.blocks import encode_block
from instruments.errors import DaqOverrun
from instruments.keysight_u2531a import KeysightU2531A
from instruments.transport import VisaTransport

BLOCK_CHANNELS = 4
BLOCK_SAMPLES = 500_000  # per channel: 4 MB of int16 codes
IDN_ROUNDS = 3000
DAQ_RATES_HZ = (25_000, 50_000, 100_000, 125_000)  # per channel, 4 channels
DAQ_HOLD_S = 10.0
_IDN = b"Bench Works,BLOCKSERVER,0,1\n"


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        for raw in self.rfile:
            command = raw.strip()
            if command == b"*IDN?":
                self.wfile.write(_IDN)
            elif command == b"BLOCK?":
                self.wfile.write(self.server.block)


class _BlockServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, block: bytes) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.block = block

    @property
    def resource(self) -> str:
        return f"TCPIP0::127.0.0.1::{self.server_address[1]}::SOCKET"


def _mb_per_s(n_bytes: int, seconds: list[float]) -> str:
    return f"{n_bytes / statistics.median(seconds) / 1e6:,.0f} MB/s (median of {len(seconds)})"


def _block_rows(server: _BlockServer, payload_bytes: int) -> list[tuple[str, str]]:
    transport = VisaTransport(server.resource, timeout_s=10.0)
    transport.open()
    manager = pyvisa.ResourceManager("@py")
    plain = manager.open_resource(server.resource, read_termination="\n", write_termination="\n",
                                  timeout=10_000)
    try:
        fast, slow = [], []
        for _ in range(5):
            started = time.perf_counter()
            assert len(transport.query_block("BLOCK?")) == payload_bytes
            fast.append(time.perf_counter() - started)
        for _ in range(2):
            started = time.perf_counter()
            values = plain.query_binary_values("BLOCK?", datatype="h", container=np.array)
            slow.append(time.perf_counter() - started)
            assert values.size * 2 == payload_bytes
        idn_us = []
        for _ in range(IDN_ROUNDS):
            started = time.perf_counter()
            transport.query("*IDN?")
            idn_us.append((time.perf_counter() - started) * 1e6)
    finally:
        plain.close()
        manager.close()
        transport.close()
    idn_us.sort()
    size = f"{payload_bytes / 1e6:.0f} MB random int16 block"
    return [
        (f"{size}, read header then exact length", _mb_per_s(payload_bytes, fast)),
        (f"{size}, pyvisa query_binary_values", _mb_per_s(payload_bytes, slow)),
        (f"*IDN? round trip over {IDN_ROUNDS} (loopback)",
         f"median {statistics.median(idn_us):.0f} us, p99 {idn_us[int(0.99 * len(idn_us))]:.0f} us"),
    ]


def _holds(daq: KeysightU2531A, rate_hz: float, hold_s: float) -> tuple[bool, int]:
    """Stream 4 channels at rate_hz for hold_s of wall time; return (no overrun, samples read)."""
    daq.configure(("101", "102", "103", "104"), 10.0, rate_hz)
    block_points = max(int(rate_hz / 20), 1)  # 50 ms blocks
    daq.start_continuous(block_points)
    expected_next = 0
    deadline = time.monotonic() + hold_s
    try:
        while time.monotonic() < deadline:
            block = daq.read_block()
            if block is None:
                time.sleep(0.005)
                continue
            if block.first_sample != expected_next:
                return False, expected_next
            expected_next += block.n_samples
    except DaqOverrun:
        return False, expected_next
    finally:
        daq.stop()
    return True, expected_next


def _daq_rows() -> list[tuple[str, str]]:
    try:
        from instruments.sim.bench import SimulatedBench
    except ImportError:
        return [("continuous DAQ rate held 10 s", "skipped: no simulated bench in this checkout")]
    with SimulatedBench(time_scale=1.0, seed=2026, defect_share=0.0, host="127.0.0.1",
                        ports=None, supply_dialect="rigol_dp832") as bench:
        daq = KeysightU2531A("vibration_daq", VisaTransport(bench.resources["vibration_daq"],
                                                            timeout_s=5.0))
        daq.connect()
        best = None
        rows = []
        try:
            for rate_hz in DAQ_RATES_HZ:
                held, samples = _holds(daq, rate_hz, DAQ_HOLD_S)
                rows.append((f"4 ch x {rate_hz / 1000:g} kSa/s for {DAQ_HOLD_S:g} s",
                             f"{'held' if held else 'OVERRUN'} ({samples:,} samples per channel)"))
                if not held:
                    break
                best = rate_hz
        finally:
            daq.close()
    best_text = f"4 ch x {best / 1000:g} kSa/s" if best else "none of the rates tried"
    if best == DAQ_RATES_HZ[-1]:
        best_text += " (the DAQ's own maximum: the reader never fell behind)"
    return [*rows, ("highest continuous DAQ rate held 10 s without overrun", best_text)]


def run() -> list[tuple[str, str]]:
    payload = np.random.default_rng(1).integers(-8192, 8192, BLOCK_CHANNELS * BLOCK_SAMPLES,
                                                dtype="<i2").tobytes()
    server = _BlockServer(encode_block(payload))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        rows = _block_rows(server, len(payload))
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    return rows + _daq_rows()

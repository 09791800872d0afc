"""The simulated bench: every instrument of BENCH.md on its own TCP port, one unit physics behind them.

    with SimulatedBench(time_scale=10.0) as bench:
        rm = pyvisa.ResourceManager("@py")
        supply = rm.open_resource(bench.resources["supply"], read_termination="\\n",
                                  write_termination="\\n")
"""

from __future__ import annotations

import signal
import sys
import threading
from types import MappingProxyType
from typing import TextIO

import numpy as np

from instruments.sim.clock import COMMAND_S, SimWallClock, VirtualClock
from instruments.sim.counter_53220a import Counter53220A
from instruments.sim.daq970a import DAQ970A
from instruments.sim.daqm903a import DAQM903A
from instruments.sim.faults import ROLES, FaultBoard
from instruments.sim.fixture import SimFixture
from instruments.sim.population import Population, UnitTruth
from instruments.sim.products import design
from instruments.sim.rigol_dp832 import RigolDP832
from instruments.sim.scpi import ScpiInstrument
from instruments.sim.scpi_server import ScpiServer
from instruments.sim.siglent_spd3303x import SiglentSPD3303X
from instruments.sim.signals import head_accelerations_g, motor_current_a
from instruments.sim.u2531a import U2531A
from instruments.sim.world import SimWorld

SUPPLY_DIALECTS = MappingProxyType({
    "rigol_dp832": (RigolDP832, "DP8C262600101"),
    "siglent_spd3303x": (SiglentSPD3303X, "SPD3XIDQ2R0101"),
})
ACCELEROMETER_V_PER_G = 0.100
CURRENT_PROBE_V_PER_A = 1.0
CHANNEL_NOISE_V = 0.0002  # what an idle DAQ input reads
TICK_S = 0.01  # wall seconds between background advances of the model and the DAQs


class SimulatedBench:
    """Serve the simulated instruments on 127.0.0.1; see instruments/sim/README.md."""

    def __init__(self, time_scale: float = 1.0, seed: int = 2026, defect_share: float = 0.12,
                 host: str = "127.0.0.1", ports: dict[str, int] | None = None,
                 supply_dialect: str = "rigol_dp832", interlock: bool = False,
                 virtual_time: bool = False) -> None:
        if supply_dialect not in SUPPLY_DIALECTS:
            raise ValueError(f"unknown supply dialect {supply_dialect!r}; expected one of {sorted(SUPPLY_DIALECTS)}")
        unknown = set(ports or {}) - set(ROLES)
        if unknown:
            raise ValueError(f"unknown roles in ports: {sorted(unknown)}")
        self.host = host
        self.daq_ramp = False
        self._requested_ports = {role: int((ports or {}).get(role) or 0) for role in ROLES}
        # Virtual time for a station run with its bench; the wall clock for a rig elsewhere.
        self._clock = VirtualClock(time_scale) if virtual_time else SimWallClock(time_scale)
        self._population = Population(seed, defect_share)
        self._world = SimWorld(self._clock, self._population)
        self._faults = FaultBoard()
        self._lid_closed = False  # the fixture's lid (the project's own: BENCH.md's fixture has none)
        self._noise = np.random.default_rng([seed, 1])
        self._instruments = self._build_instruments(supply_dialect, seed)
        if interlock:  # served only when asked: without one the supply is wired straight to the unit
            self._instruments["interlock"] = DAQM903A(self._world, self._faults, "MY58000903")
        self._servers: dict[str, ScpiServer] = {}
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self._clock.on_advance(self._catch_up)

    # --- life cycle -------------------------------------------------------
    def start(self) -> SimulatedBench:
        """Open every port and start the background ticker."""
        if self._servers:
            return self
        try:
            for role, instrument in self._instruments.items():
                server = ScpiServer(role, instrument, self._faults, self.host, self._requested_ports[role],
                                    on_command=self._charge_command)
                server.start()
                self._servers[role] = server
        except OSError:
            self.stop()
            raise
        self._stop.clear()
        if isinstance(self._clock, SimWallClock):  # virtual time catches up on the waiter's thread
            self._ticker = threading.Thread(target=self._tick_loop, name="sim-bench-ticker", daemon=True)
            self._ticker.start()
        return self

    def stop(self) -> None:
        """Close every port and stop the ticker."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join(timeout=5.0)
            self._ticker = None
        for server in self._servers.values():
            server.stop()
        self._servers = {}

    def __enter__(self) -> SimulatedBench:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- addresses --------------------------------------------------------
    @property
    def ports(self) -> dict[str, int]:
        return {role: server.port for role, server in self._servers.items()}

    @property
    def resources(self) -> dict[str, str]:
        return {role: f"TCPIP0::{self.host}::{port}::SOCKET" for role, port in self.ports.items()}

    @property
    def time_scale(self) -> float:
        return self._clock.time_scale

    @property
    def clock(self) -> VirtualClock | SimWallClock:
        """The bench's time; a station run with the bench waits on it."""
        return self._clock

    # --- the unit on the fixture ------------------------------------------
    def load_unit(self, product: str, serial: str) -> None:
        """Put a unit on the fixture (same as ``FIXT:LOAD``): ``product`` by its spec's id or model."""
        design(product)
        if not serial.strip():
            raise ValueError("a serial number is needed")
        self._world.load(product, serial.strip())

    def unload_unit(self) -> None:
        """Take the unit off the fixture (same as ``FIXT:UNL``): the lid is opened for it."""
        self._world.unload()
        self._lid_closed = False

    @property
    def lid_closed(self) -> bool:
        """Whether the fixture's lid is closed (``FIXT:LID?``)."""
        return self._lid_closed

    def set_lid(self, closed: bool) -> None:
        """Close or open the fixture's lid, as the technician does (``SIM:LID CLOSED|OPEN``)."""
        self._lid_closed = closed

    def loaded_unit(self) -> tuple[str, str] | None:
        """Return (product, serial) of the unit on the fixture, or None."""
        unit = self._world.unit
        return None if unit is None else (unit.truth.product, unit.truth.serial)

    def force_defect(self, serial: str, defect: str) -> None:
        """Make ``serial`` carry ``defect`` (``none``: a good unit); a loaded unit is rebuilt."""
        self._population.force_defect(serial, defect)
        loaded = self.loaded_unit()
        if loaded is not None and loaded[1] == serial:
            self._world.load(*loaded)

    def truth(self, product: str, serial: str) -> UnitTruth:
        """Return what the unit ``serial`` really is."""
        return self._population.truth(product, serial)

    @property
    def supply_output_on(self) -> bool:
        with self._world.lock:
            self._world.advance()
            return self._world.supply.output_on

    @property
    def unit_powered(self) -> bool:
        """Return True while the supply's output reaches the unit (on, and the interlock closed)."""
        with self._world.lock:
            self._world.advance()
            return self._world.supply.powers_unit

    # --- faults and test modes --------------------------------------------
    def inject_fault(self, role: str, fault: str) -> None:
        """Make an instrument misbehave; see README.md for what each fault does."""
        self._faults.inject(role, fault)

    def clear_faults(self) -> None:
        """Clear every injected fault."""
        self._faults.clear()

    def active_faults(self) -> list[tuple[str, str]]:
        return self._faults.listing()

    def set_daq_ramp(self, on: bool) -> None:
        """Make acquisitions started from now on read a sample counter on every channel."""
        self.daq_ramp = bool(on)
        for role in ("vibration_daq", "current_daq"):
            self._instruments[role].ramp = self.daq_ramp

    # --- internals --------------------------------------------------------
    def _build_instruments(self, supply_dialect: str, seed: int) -> dict[str, ScpiInstrument]:
        supply_class, supply_serial = SUPPLY_DIALECTS[supply_dialect]
        world, faults = self._world, self._faults
        rng = [np.random.default_rng([seed, 100 + k]) for k in range(3)]
        return {
            "supply": supply_class(world, supply_serial, rng[0]),
            "vibration_daq": U2531A("vibration_daq", world, self._vibration_volts, faults, "MY56000101"),
            "current_daq": U2531A("current_daq", world, self._current_volts, faults, "MY56000102"),
            "thermometer": DAQ970A("thermometer", world, faults, "MY58000970", rng[1]),
            "tachometer": Counter53220A("tachometer", world, faults, "MY59000220"),
            "fixture": SimFixture(self),
        }

    def _vibration_volts(self, t_s: np.ndarray) -> np.ndarray:
        with self._world.lock:
            states = self._world.history.at(t_s)
            volts = ACCELEROMETER_V_PER_G * head_accelerations_g(self._world.unit, states, self._noise)
        return volts + self._noise.normal(0.0, CHANNEL_NOISE_V, volts.shape)

    def _current_volts(self, t_s: np.ndarray) -> np.ndarray:
        volts = self._noise.normal(0.0, CHANNEL_NOISE_V, (len(t_s), 4))
        with self._world.lock:
            states = self._world.history.at(t_s)
            volts[:, 0] += CURRENT_PROBE_V_PER_A * motor_current_a(self._world.unit, states, self._noise)
        return volts

    def _charge_command(self) -> None:
        self._clock.charge(COMMAND_S)

    def _catch_up(self) -> None:
        """Bring the model and the DAQs' buffers up to now."""
        self._world.advance()
        for role in ("vibration_daq", "current_daq"):
            self._instruments[role].tick()

    def _tick_loop(self) -> None:
        while not self._stop.wait(TICK_S):
            self._catch_up()


def serve(bench: SimulatedBench, out: TextIO = sys.stdout) -> None:
    """Start the bench, print one ``role port resource`` line per instrument, serve until stopped.

    Stops cleanly on Ctrl-C (SIGINT) or SIGTERM. From the main thread both only
    set a stop event, so a signal arriving while the bench starts or prints
    cannot interrupt it half-way; elsewhere a KeyboardInterrupt stops it.
    """
    stop = threading.Event()
    previous: dict[int, object] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            previous[signum] = signal.signal(signum, lambda signum, frame: stop.set())
    try:
        with bench:
            for role, resource in bench.resources.items():
                print(f"{role} {bench.ports[role]} {resource}", file=out, flush=True)
            try:
                while not stop.wait(0.2):
                    pass
            except KeyboardInterrupt:
                pass
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)

"""Edge fakes for the step tests: a small bench of fake roles over a physics-like unit model.

Not a simulator: each fake generates what its instrument would return from a
few hand-set unit parameters, on a fake clock that the context's sleep and
the supply's switching advance. (No tests here; the step tests import it.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from instruments.errors import NoPulses
from instruments.roles import Identity, Waveform
from instruments.station import SignalChannel, Station
from rig.model import Measurement
from rig.specs import StepSpec
from rig.steps.context import RunAborted


@dataclass
class UnitModel:
    """A unit's behaviour: speed from volts, level from speed, current, temperatures."""

    motors: int = 1
    heads: int = 1
    coupling: float = 0.0
    hz_per_v: float = 59.0 / 12.0
    high_g: tuple[float, ...] = (2.3,)  # per head, own-motor 1x level at 12 V
    split_hz: float = 0.0  # motor B minus motor A
    running_a: float = 0.59
    ripple_pp_percent: float = 12.0
    tau_s: float = 0.06
    stalled: bool = False
    second_db: float = -30.0
    noise_g: float = 0.005
    dropouts_s: tuple[tuple[float, float], ...] = ()  # (start, length) within any capture
    current_growth_per_s: float = 0.0  # wear-out: running current grows with on-time
    rise_k: tuple[float, float, float] = (22.0, 8.0, 13.0)  # housing, handle, head at the end
    thermal_tau_s: float = 300.0
    ambient_drift_k_per_s: float = 0.001

    def motor_hz(self, volts: float) -> tuple[float, ...]:
        f = 0.0 if self.stalled else self.hz_per_v * volts
        return (f,) if self.motors == 1 else (f, f + self.split_hz if f else 0.0)


@dataclass
class FakeBench:
    """The shared fake clock and supply state every fake role reads."""

    unit: UnitModel
    rng: np.random.Generator
    clock_s: float = 0.0
    volts: float = 0.0
    limit_a: float = 0.0
    on_since_s: float | None = None
    on_time_s: float = 0.0  # accumulated running time (wear-out)
    switch_count: int = 0

    def speed_hz(self, t_s: np.ndarray) -> np.ndarray:
        """Return per-motor speed over the times (rows: motors)."""
        finals = np.array(self.unit.motor_hz(self.volts))[:, None]
        if self.on_since_s is None:
            return np.zeros((len(finals), t_s.size))
        since = np.clip(t_s - self.on_since_s, 0.0, None)
        return finals * (1 - np.exp(-since / self.unit.tau_s)) * (t_s >= self.on_since_s)

    def current_a(self, t_s: np.ndarray, speed_hz: np.ndarray, rate_hz: float = 10000.0) -> np.ndarray:
        if self.on_since_s is None:
            return np.zeros_like(t_s)
        on = t_s >= self.on_since_s
        if self.unit.stalled:
            return np.where(on, self.limit_a, 0.0)
        since = np.clip(t_s - self.on_since_s, 0.0, None)
        running = (self.unit.running_a + self.unit.current_growth_per_s * self.on_time_s) * self.unit.motors
        inrush = running + 7.5 * np.exp(-since / self.unit.tau_s)
        ripple = 0.5 * self.unit.ripple_pp_percent / 100 * running * np.sin(2 * np.pi * 6 * np.cumsum(
            speed_hz[0]) / rate_hz)
        return np.where(on, np.minimum(self.limit_a, inrush + ripple), 0.0)  # the supply clamps

    def advance(self, seconds: float) -> None:
        self.clock_s += seconds
        if self.on_since_s is not None:
            self.on_time_s += seconds


class FakeSupply:
    name, resource, identity = "supply", "fake", Identity("Fake", "PSU", "1", "1")
    max_voltage_v, max_current_a, has_over_current_trip = 32.0, 3.2, False

    def __init__(self, bench: FakeBench) -> None:
        self.bench = bench

    def set_output(self, voltage_v: float, current_limit_a: float) -> None:
        self.bench.volts, self.bench.limit_a = voltage_v, current_limit_a

    def enable_output(self, on: bool) -> None:
        if on and self.bench.on_since_s is None:
            self.bench.advance(0.004)  # the command's latency: switch-on lands inside the capture
            self.bench.on_since_s = self.bench.clock_s
            self.bench.switch_count += 1
        elif not on:
            self.bench.on_since_s = None

    def output_enabled(self) -> bool:
        return self.bench.on_since_s is not None

    def measure_current(self) -> float:
        t = np.array([self.bench.clock_s])
        return float(self.bench.current_a(t, self.bench.speed_hz(t))[0])

    def measure_voltage(self) -> float:
        return self.bench.volts if self.output_enabled() else 0.0


class FakeDaq:
    """Generates heads (g x 0.1 V) or current (A x 1 V) when fetched, over the armed span."""

    resource, identity = "fake", Identity("Fake", "DAQ", "1", "1")

    def __init__(self, name: str, bench: FakeBench, fault: Exception | None = None) -> None:
        self.name, self.bench, self.fault = name, bench, fault
        self.channels: tuple[str, ...] = ()
        self.armed_at_s: float | None = None
        self.configured: list[tuple[tuple[str, ...], float, float]] = []

    def configure(self, channels: tuple[str, ...], range_v: float, sample_rate_hz: float) -> None:
        self.channels, self.range_v, self.rate_hz = channels, range_v, sample_rate_hz
        self.configured.append((channels, range_v, sample_rate_hz))

    def start_single(self, n_points: int) -> None:
        self.n_points, self.armed_at_s = n_points, self.bench.clock_s

    def fetch_single(self, timeout_s: float) -> Waveform:
        if self.fault is not None:
            raise self.fault
        t = self.armed_at_s + np.arange(self.n_points) / self.rate_hz
        end_s = t[-1] + 1 / self.rate_hz
        if self.bench.clock_s < end_s:
            self.bench.advance(end_s - self.bench.clock_s)
        speed = self.bench.speed_hz(t)
        if self.name == "current_daq":
            current = self.bench.current_a(t, speed, self.rate_hz)
            for start_s, length_s in self.bench.unit.dropouts_s:
                current[(t - t[0] >= start_s) & (t - t[0] < start_s + length_s)] = 0.0
            data = (current + self.bench.rng.normal(0, 0.002, t.size))[:, None]
        else:
            data = 0.1 * self._heads(speed)[:, [int(c) - 101 for c in self.channels]]
        return Waveform(self.channels, ("V",) * len(self.channels), self.rate_hz, data)

    def _heads(self, speed_hz: np.ndarray) -> np.ndarray:
        unit, rng = self.bench.unit, self.bench.rng
        motors = []
        for f in speed_hz:
            phase = 2 * np.pi * np.cumsum(f) / self.rate_hz + rng.uniform(0, 2 * np.pi)
            level = (f / (unit.hz_per_v * 12.0)) ** 2
            motors.append(level * (np.sin(phase) + 10 ** (unit.second_db / 20) * np.sin(2 * phase + 1.0)))
        per_head = unit.heads // unit.motors
        own = [unit.high_g[h] * motors[h // per_head] for h in range(unit.heads)]
        heads = [own[h] + unit.coupling * own[(h + unit.heads // 2) % unit.heads] if unit.motors > 1
                 else own[h] for h in range(unit.heads)]
        return np.column_stack(heads) + rng.normal(0, unit.noise_g, (speed_hz.shape[1], unit.heads))


class FakeTachometer:
    name, resource, identity = "tachometer", "fake", Identity("Fake", "CNT", "1", "1")

    def __init__(self, bench: FakeBench, broken: bool = False) -> None:
        self.bench, self.broken = bench, broken

    def measure_frequency_hz(self, gate_time_s: float = 0.1) -> float:
        self.bench.advance(gate_time_s)
        f = float(self.bench.speed_hz(np.array([self.bench.clock_s]))[0, 0])
        if self.broken or f == 0.0:
            raise NoPulses("no pulses", instrument=self.name)
        return f


class FakeThermometer:
    name, resource, identity = "thermometer", "fake", Identity("Fake", "TC", "1", "1")

    def __init__(self, bench: FakeBench) -> None:
        self.bench = bench

    def read_temperatures_c(self, channels: tuple[str, ...]) -> dict[str, float]:
        unit = self.bench.unit
        ambient = 23.0 + unit.ambient_drift_k_per_s * self.bench.clock_s
        share = 1 - np.exp(-self.bench.on_time_s / unit.thermal_tau_s)
        values = {"101": ambient + unit.rise_k[0] * share, "102": ambient + unit.rise_k[1] * share,
                  "103": ambient + unit.rise_k[2] * share, "104": ambient}
        return {c: float(values[c]) for c in channels}


SIGNALS = {
    **{f"head{n}_accel": SignalChannel(f"head{n}_accel", "vibration_daq", str(100 + n), "g", 0.1)
       for n in range(1, 5)},
    "motor_current": SignalChannel("motor_current", "current_daq", "101", "A", 1.0),
    **{name: SignalChannel(name, "thermometer", str(101 + i), "degC")
       for i, name in enumerate(("housing_temp", "handle_temp", "head_temp", "ambient_temp"))},
    "motor_a_speed": SignalChannel("motor_a_speed", "tachometer", "1", "Hz", marks_per_rev=1),
}


def fake_station(bench: FakeBench, *, daq_fault: Exception | None = None, broken_tach: bool = False) -> Station:
    return Station(name="fake", supply=FakeSupply(bench), vibration_daq=FakeDaq("vibration_daq", bench, daq_fault),
                   current_daq=FakeDaq("current_daq", bench), thermometer=FakeThermometer(bench),
                   tachometer=FakeTachometer(bench, broken_tach), fixture=None, signals=SIGNALS,
                   calibration_due={})


@dataclass
class FakeContext:
    """A StepContext that judges against a real StepSpec and keeps whatever the step reports."""

    station: Station
    step: StepSpec
    bench: FakeBench
    heads: int = 1
    motors: int = 1
    head_coupling: float = 0.0
    current_limit_a: float = 3.0
    max_temperature_c: float = 70.0
    measurements: dict[str, Measurement] = field(default_factory=dict)
    events: list[Any] = field(default_factory=list)
    waveforms: dict[str, Waveform] = field(default_factory=dict)
    trends: dict[str, tuple[np.ndarray, np.ndarray, str]] = field(default_factory=dict)
    safety_checks: list[tuple[Mapping[str, float] | None, float | None]] = field(default_factory=list)
    logs: list[str] = field(default_factory=list)
    observations: dict[str, tuple[float, str]] = field(default_factory=dict)

    @property
    def step_id(self) -> str:
        return self.step.id

    @property
    def operating_point_v(self) -> float:
        return self.step.operating_point_v

    @property
    def params(self) -> Mapping[str, Any]:
        return self.step.params

    def run_time_s(self) -> float:
        return self.bench.clock_s

    def wants(self, measurement: str) -> bool:
        return measurement in self.step.limits

    def measure(self, measurement: str, value: float) -> Measurement:
        limits = self.step.limits[measurement]
        result = Measurement(f"{self.step.id}.{measurement}", float(value), limits.unit, limits.low,
                             limits.high, limits.judge(value), self.step.id)
        self.measurements[measurement] = result
        return result

    def observe(self, name: str, value: float, unit: str) -> None:
        self.observations[name] = (float(value), unit)

    def save_waveform(self, name: str, waveform: Waveform) -> None:
        self.waveforms[name] = waveform

    def save_trend(self, name: str, t_s: np.ndarray, values: np.ndarray, unit: str) -> None:
        self.trends[name] = (t_s, values, unit)

    def emit(self, event: Any) -> None:
        self.events.append(event)

    def sleep(self, simulated_s: float) -> None:
        self.bench.advance(simulated_s)

    def check_stop(self) -> None:
        pass

    def check_safety(self, *, temperatures_c=None, current_a=None) -> None:
        self.safety_checks.append((temperatures_c, current_a))
        if any(v > self.max_temperature_c for v in (temperatures_c or {}).values()):
            raise RunAborted("safety: too hot", safety=True)

    def log(self, message: str) -> None:
        self.logs.append(message)

    def verdicts(self) -> dict[str, str]:
        return {name: m.verdict.value for name, m in self.measurements.items()}

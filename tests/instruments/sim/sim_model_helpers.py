"""Helpers for driving the unit physics without sockets: a hand-wound clock and tone fits."""

from __future__ import annotations

import math

import numpy as np

from instruments.sim.clock import SimWallClock
from instruments.sim.history import I_SUPPLY, MOTOR_COLUMNS, V_OUT
from instruments.sim.population import Population, UnitTruth
from instruments.sim.signals import head_accelerations_g, motor_current_a
from instruments.sim.world import SimWorld


class HandClock(SimWallClock):
    """A clock the test winds forward by hand."""

    def __init__(self) -> None:
        super().__init__(1.0)
        self.t_s = 0.0

    def now_s(self) -> float:
        return self.t_s


class Rig:
    """A world with a unit on the fixture and the supply driven directly."""

    def __init__(self, truth: UnitTruth, population: Population | None = None) -> None:
        self.clock = HandClock()
        self.world = SimWorld(self.clock, population or Population(2026, 0.0))
        self.world.load_truth(truth)
        self.rng = np.random.default_rng(7)

    def power(self, volts: float, limit_a: float, **extra) -> None:
        self.world.change_supply(voltage_v=volts, current_limit_a=limit_a, output_on=True, **extra)

    def run_for(self, span_s: float) -> None:
        self.clock.t_s += span_s
        self.world.advance(exact=True)

    def states(self, span_s: float, rate_hz: float) -> np.ndarray:
        """Return interpolated model states over the last ``span_s``."""
        end = self.clock.t_s
        return self.world.history.at(np.arange(end - span_s, end, 1.0 / rate_hz))

    def speed_hz(self, span_s: float = 0.5, motor: int = 0) -> float:
        s = self.states(span_s, 1000.0)
        angle = MOTOR_COLUMNS[motor][2]
        return (s[-1, angle] - s[0, angle]) / (2 * math.pi * (s[-1, 0] - s[0, 0]))

    def current_a(self, span_s: float = 0.5) -> float:
        return float(self.states(span_s, 1000.0)[:, I_SUPPLY].mean())

    def terminal_v(self, span_s: float = 0.5) -> np.ndarray:
        return self.states(span_s, 10000.0)[:, V_OUT]

    def heads_g(self, span_s: float, rate_hz: float) -> np.ndarray:
        return head_accelerations_g(self.world.unit, self.states(span_s, rate_hz), self.rng)

    def probe_a(self, span_s: float, rate_hz: float) -> np.ndarray:
        return motor_current_a(self.world.unit, self.states(span_s, rate_hz), self.rng)


def tone_amplitude(signal: np.ndarray, rate_hz: float, freq_hz: float) -> float:
    """Return the peak amplitude of the component of ``signal`` at ``freq_hz``."""
    t = np.arange(len(signal)) / rate_hz
    window = np.hanning(len(signal))
    projection = np.sum(signal * window * np.exp(-2j * np.pi * freq_hz * t))
    return float(2 * abs(projection) / window.sum())

"""What a supply's front end reads back: averaged terminal voltage and output current."""

from __future__ import annotations

import numpy as np

from instruments.sim.history import I_SUPPLY, V_OUT
from instruments.sim.world import SimWorld

READBACK_AVERAGE_S = 0.1  # about ten readings per second
VOLTAGE_NOISE_V = 0.001
CURRENT_NOISE_A = 0.0002


def read_back(world: SimWorld, rng: np.random.Generator) -> tuple[float, float]:
    """Return (volts, amps) averaged over the last 0.1 s of simulated time."""
    with world.lock:
        now_s = world.advance()
        start_s = max(0.0, now_s - READBACK_AVERAGE_S)
        if not world.supply.output_on:
            return 0.0, 0.0
        volts = world.history.mean(start_s, now_s, V_OUT)
        amps = world.history.mean(start_s, now_s, I_SUPPLY)
    return volts + rng.normal(0.0, VOLTAGE_NOISE_V), amps + rng.normal(0.0, CURRENT_NOISE_A)

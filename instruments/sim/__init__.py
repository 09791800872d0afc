"""The simulated bench: every instrument of BENCH.md served over TCP, driven by unit physics.

``instruments.sim.bench.SimulatedBench`` is the entry point; the rest are its parts.
"""

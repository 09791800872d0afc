"""Bench instruments: VISA transport, role protocols, drivers by model, simulated bench."""

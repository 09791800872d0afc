"""The headless core of the test station: specs, steps, runner, records, results."""

__version__ = "0.1.0"

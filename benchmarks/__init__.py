"""Performance figures of the station, printed by `make bench`.

Each module here exposes ``run() -> list[tuple[str, str]]``: rows of
(what was measured, the figure). Figures are printed, never asserted.
"""

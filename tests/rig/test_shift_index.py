"""The day's first-pass yield read back from a real results index, as after a restart."""

from __future__ import annotations

from datetime import UTC, datetime

from rig.index import ResultsIndex
from rig.model import Verdict
from rig.shift import start_of_day, tally_from_index
from tests.rig.test_batches import summary

DAY = datetime(2026, 12, 2, 0, 0, tzinfo=UTC)


def test_the_days_yield_comes_back_from_the_index(tmp_path):
    index = ResultsIndex(f"sqlite:///{tmp_path / 'index.db'}")
    try:
        index.add(summary("r0", "GPM-000004", "general-purpose", "B", Verdict.FAIL,
                          "2026-12-01T15:00:00.000+00:00"))  # yesterday: a carried-over unit
        today = [("r1", "GPM-000001", Verdict.PASS), ("r2", "GPM-000002", Verdict.FAIL),
                 ("r3", "GPM-000002", Verdict.PASS), ("r4", "GPM-000003", Verdict.ERROR),
                 ("r5", "GPM-000003", Verdict.PASS), ("r6", "GPM-000004", Verdict.PASS)]
        for minute, (run_id, serial, verdict) in enumerate(today):
            index.add(summary(run_id, serial, "general-purpose", "B", verdict,
                              f"2026-12-02T08:{minute:02d}:00.000+00:00"))
        figures = tally_from_index(index, "s1", DAY).figures()
        assert (figures.runs, figures.units, figures.first_pass, figures.carried_over) == (6, 3, 2, 1)
        assert figures.verdicts[Verdict.ERROR] == 1
        assert tally_from_index(index, "another-station", DAY).figures().runs == 0
    finally:
        index.close()


def test_the_day_starts_at_local_midnight():
    start = start_of_day(datetime(2026, 12, 2, 13, 30, tzinfo=UTC))
    assert (start.hour, start.minute) == (0, 0) and start <= datetime(2026, 12, 2, 13, 30, tzinfo=UTC)

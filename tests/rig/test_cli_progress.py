"""The terminal progress bar: what one line says, and how it follows runner events."""

from __future__ import annotations

import io

from rig.cli.progress import ProgressBar, format_bar
from rig.events import RunFinished, RunStarted, StepFinished, StepStarted
from rig.model import RunRequest, Verdict


def test_one_line_says_step_elapsed_and_time_left() -> None:
    line = format_bar(0.5, "medium", 2, 4, 65.0, 3.4)
    assert line == "[############------------]  50%  step 3/4 medium  1:05 elapsed, 0:03 left"
    assert format_bar(1.7, "high", 3, 4, 1.0, -2.0).startswith("[" + "#" * 24 + "] 100%")


def test_the_bar_follows_the_run_and_clears_itself_at_the_end() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, refresh_s=60.0)
    bar(RunStarted(RunRequest("GPM-000001", "general-purpose"), "r1", "x.h5", ("a", "b"), 10.0))
    bar(StepStarted("a", 0, 5.0))
    bar(StepFinished("a", Verdict.PASS))
    bar(StepStarted("b", 1, 5.0))
    assert "step 2/2 b" in stream.getvalue().split("\r")[-1]
    assert " 50%" in stream.getvalue().split("\r")[-1]
    bar(RunFinished(summary=None))  # the bar does not look inside the summary
    bar.close()
    assert stream.getvalue().endswith("\r\x1b[2K")

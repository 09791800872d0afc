"""The runner writes each step's rows as one block when the step ends: a reader sees them then."""

from __future__ import annotations

from pathlib import Path

from test_records import read_in_another_process
from test_runner import REQUEST, fake_station, gpm_spec, kinds

from rig.events import RunStarted, StepFinished
from rig.model import Verdict
from rig.runner import run_unit


def test_each_finished_step_is_in_the_file_before_the_next_begins(tmp_path: Path) -> None:
    partial: list[Path] = []
    seen: list[list[str]] = []

    def observer(event) -> None:
        if isinstance(event, RunStarted):
            partial.append(Path(event.record_path + ".partial"))
        elif isinstance(event, StepFinished):
            seen.append(read_in_another_process(partial[0]))

    spec = gpm_spec()
    summary = run_unit(fake_station(), spec, REQUEST, records_dir=tmp_path, step_kinds=kinds(),
                       observers=[observer])
    assert summary.verdict is Verdict.PASS
    per_step = [len(step.limits) for step in spec.sequence("eol").steps]
    assert seen == [[str(sum(per_step[:i + 1])), "0", "ERROR"] for i in range(len(per_step))]

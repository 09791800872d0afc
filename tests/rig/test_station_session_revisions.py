"""A session fed by the spec store: a published revision holds from the next run on.

Runs go through the real runner against the simulated bench; the revisions
are real files in tmp_path.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from instruments.station import Station
from rig.audit import AuditLog
from rig.model import RunRequest, Verdict
from rig.records import read_record
from rig.runner import run_unit
from rig.spec_store import SpecStore
from rig.station_session import StationSession
from rig.users import User
from tests.sim_station import open_sim_station

REPO = Path(__file__).resolve().parents[2]
ENGINEER = User("eng1", "Dana Whitfield", "engineer")
UNIT = RunRequest(serial="GPM-515151", product="general-purpose", operator="t1")


@pytest.fixture(scope="module")
def station() -> Iterator[Station]:
    with open_sim_station(20.0) as opened:
        opened.bench.force_defect(UNIT.serial, "none")
        yield opened


def measured(summary, name: str):
    return next(m for m in summary.measurements if m.name == name)


def test_the_next_run_uses_a_published_revision_and_is_judged_by_it(station, tmp_path):
    store = SpecStore(tmp_path / "spec_revisions", seed_dir=REPO / "specs")
    session = StationSession(station, store, run_unit=run_unit, records_dir=tmp_path / "records")
    assert set(session.products) == {"general-purpose", "quad-head"}

    before = session.run(UNIT).summary
    assert before.verdict is Verdict.PASS, before.failed_measurements or before.error
    assert before.spec_revision == 1
    current = measured(before, "high.current")

    # Just below this unit's current: the same unit must now fail on it.
    tighter = round(current.value - 0.01, 3)
    store.set_limit(ENGINEER, "general-purpose", "high.current", high=tighter,
                    reason="tighten after the motor supplier change", audit=AuditLog(tmp_path / "a"))
    assert session.products["general-purpose"].spec.revision == 2

    after = session.run(UNIT).summary
    assert after.spec_revision == 2
    assert after.spec_sha256 == store.revision("general-purpose", 2).sha256
    judged = measured(after, "high.current")
    assert (judged.low, judged.high) == (current.low, tighter)
    assert judged.verdict is Verdict.FAIL and after.verdict is Verdict.FAIL

    # The earlier run still points at the revision it was judged by.
    old_record = read_record(before.record_path).summary
    assert old_record.spec_revision == 1
    assert store.find("general-purpose", old_record.spec_sha256).revision == 1

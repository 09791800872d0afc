"""Over 200 simulated units: the rig's verdicts against the simulator's ground truth.

Every defect is forced onto several serials of each product it applies to; the
rest are good units. EOL runs at time scale 50 and the defects only a sample
run can see (blocked vent: thermal; wear-out: durability) run the ``sample``
sequence at time scale 200; on the bench's virtual time (decision 0015) the
scale sets only how fast the waits are paced, never what the unit does. The confusion table goes to stdout (``pytest -s``)
and to the test log.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from instruments.sim.products import design
from rig.model import RunRequest, RunSummary, Verdict
from rig.runner import run_unit
from rig.specs import load_spec
from tests.sim_station import open_sim_station

REPO = Path(__file__).resolve().parents[2]
LOG = logging.getLogger(__name__)

EOL_TIME_SCALE, SAMPLE_TIME_SCALE = 50.0, 200.0  # virtual time: the scale paces, never changes a run
GOOD_PER_PRODUCT = 66
EOL_DEFECT_REPEATS = 4
SAMPLE_DEFECT_REPEATS = 2
SAMPLE_ONLY = ("blocked_vent", "wear_out")
PREFIX = {"general-purpose": "GPM", "quad-head": "QHM"}

HEAD_ACCEL = {f"head{n}_accel" for n in (1, 2, 3, 4)}
SPEED = {"fundamental", "current", "motor_split", "tach_delta"}
# Which measurements each defect moves (BENCH.md's physics): a FAIL must come from one of them.
MOVES: dict[str, set[str]] = {
    "weak_magnet": SPEED | HEAD_ACCEL | {"head_balance"},
    "bearing_wear": SPEED | {"broadband", "second_harmonic"},
    "shorted_turns": SPEED | HEAD_ACCEL | {"head_balance", "spin_up_time"},
    "brush_wear": SPEED | {"ripple", "dropouts"},
    "loose_eccentric": HEAD_ACCEL | {"head_balance", "broadband", "second_harmonic"},
    "misalignment": {"second_harmonic", "broadband"},
    "blocked_vent": {"housing_rise", "handle_rise", "head_rise"},
    "dead_motor_b": SPEED | HEAD_ACCEL | {"head_balance", "spin_up_time"},  # B never spins up
    "seized_rotor": SPEED | {"spin_up_time", "inrush_peak", "ripple", "dropouts"},
    "intermittent_cord": {"dropouts", "current", "ripple", "spin_up_time"},
    "wear_out": {"current_drift", "frequency_drift", "amplitude_drift"},
}


@dataclasses.dataclass(frozen=True)
class Unit:
    product: str
    serial: str
    defect: str  # "none" for a good unit
    sequence: str


def population() -> list[Unit]:
    """Return the units to test: good ones and every defect several times, per product."""
    units = []
    for product, prefix in PREFIX.items():
        numbers = iter(range(900_001, 999_999))
        units += [Unit(product, f"{prefix}-{next(numbers):06d}", "none", "eol")
                  for _ in range(GOOD_PER_PRODUCT)]
        for defect in design(prefix).defects:
            sample = defect in SAMPLE_ONLY
            repeats = SAMPLE_DEFECT_REPEATS if sample else EOL_DEFECT_REPEATS
            units += [Unit(product, f"{prefix}-{next(numbers):06d}", defect,
                           "sample" if sample else "eol") for _ in range(repeats)]
    return units


def run_all(units: list[Unit], time_scale: float, records: Path) -> list[tuple[Unit, RunSummary]]:
    specs = {product: load_spec(REPO / f"specs/{product}.yaml") for product in PREFIX}
    results = []
    with open_sim_station(time_scale) as station:
        for unit in units:
            station.bench.force_defect(unit.serial, unit.defect)
            truth = station.bench.truth(PREFIX[unit.product], unit.serial)
            assert truth.defects == (() if unit.defect == "none" else (unit.defect,))
            request = RunRequest(unit.serial, unit.product, unit.sequence, operator="population")
            results.append((unit, run_unit(station, specs[unit.product], request, records_dir=records)))
    return results


def moved(unit: Unit, summary: RunSummary) -> bool:
    """Return True when the run failed on a measurement the unit's defect moves."""
    return any(m.name.split(".", 1)[1] in MOVES[unit.defect] for m in summary.failed_measurements)


def evidence(unit: Unit, summary: RunSummary) -> list[str]:
    """Return what failed, and the values of the measurements the defect should have moved."""
    failed = [f"FAIL {m.name}={m.value:.3g}" for m in summary.failed_measurements]
    watched = [f"{m.name}={m.value:.3g} [{m.low}, {m.high}]" for m in summary.measurements
               if m.name.split(".", 1)[1] in MOVES[unit.defect] and m.step in ("high", "durability")]
    return failed + watched


def confusion_table(results: list[tuple[Unit, RunSummary]]) -> str:
    """Return the verdicts per truth, with the measurements that failed."""
    rows: dict[tuple[str, str], Counter] = defaultdict(Counter)
    failed_on: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for unit, summary in results:
        key = (unit.product, unit.defect)
        rows[key][summary.verdict.value] += 1
        rows[key]["on-defect"] += unit.defect != "none" and moved(unit, summary)
        failed_on[key].update(m.name for m in summary.failed_measurements)
        if summary.error:
            failed_on[key][summary.error[:60]] += 1
    lines = [f"{'product':<16}{'truth':<19}{'n':>4}{'PASS':>6}{'FAIL':>6}{'ERROR':>6}{'ABORT':>6}"
             f"{'on-defect':>10}  failed measurements"]
    for (product, defect), counts in sorted(rows.items(), key=lambda kv: (kv[0][0], kv[0][1] != "none", kv[0][1])):
        n = sum(counts[v.value] for v in Verdict)
        on_defect = "-" if defect == "none" else str(counts["on-defect"])
        names = ", ".join(f"{name} x{c}" for name, c in failed_on[(product, defect)].most_common(6))
        lines.append(f"{product:<16}{defect:<19}{n:>4}{counts['PASS']:>6}{counts['FAIL']:>6}"
                     f"{counts['ERROR']:>6}{counts['ABORTED']:>6}{on_defect:>10}  {names}")
    return "\n".join(lines)


@pytest.mark.slow
@pytest.mark.timeout(1200)  # a hang guard for some 200 units, not a speed limit
def test_verdicts_match_the_simulators_truth(tmp_path: Path) -> None:
    units = population()
    assert len(units) >= 200
    eol = [u for u in units if u.sequence == "eol"]
    sample = [u for u in units if u.sequence == "sample"]
    results = run_all(eol, EOL_TIME_SCALE, tmp_path) + run_all(sample, SAMPLE_TIME_SCALE, tmp_path)
    table = confusion_table(results)
    print(f"\n{len(results)} units\n{table}")
    LOG.warning("population confusion table (%d units)\n%s", len(results), table)

    rig_faults = [(u.serial, s.error) for u, s in results if s.verdict in (Verdict.ERROR, Verdict.ABORTED)]
    assert not rig_faults, f"the rig could not judge: {rig_faults}"
    missed = [(u.serial, u.defect, s.verdict.value, evidence(u, s))
              for u, s in results if u.defect != "none" and not (s.verdict is Verdict.FAIL and moved(u, s))]
    assert not missed, f"defects not caught on a measurement they move: {missed}"
    good = [(u, s) for u, s in results if u.defect == "none"]
    false_fails = [(u.serial, [m.name for m in s.failed_measurements]) for u, s in good
                   if s.verdict is not Verdict.PASS]
    assert len(false_fails) < 0.01 * len(good), f"good units failed: {false_fails}"

"""The diagnosis against the simulator's truth, over more than 200 simulated units.

Every defect is forced onto four serials of each product it applies to; the
other units are good ones drawn from the full production spread. EOL runs at
time scale 10; blocked vent and wear-out, which only the sample sequence can
see (thermal rise, durability), run ``sample`` at time scale 200 without its
spin-up: at that scale a wall-clock bench cannot time a 0.15 s spin-up on a
busy machine, and neither defect shows in it. The confusion matrix of causes
goes to stdout (``pytest -s``) and to the test log.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from instruments.sim.products import design
from rig.model import RunRequest, RunSummary, Verdict
from rig.runner import run_unit
from rig.specs import Spec, load_spec, load_spec_text
from tests.sim_station import open_sim_station

REPO = Path(__file__).resolve().parents[2]
LOG = logging.getLogger(__name__)

EOL_TIME_SCALE, SAMPLE_TIME_SCALE = 10.0, 200.0
GOOD_PER_PRODUCT = 60
DEFECT_REPEATS = 4
SAMPLE_ONLY = ("blocked_vent", "wear_out")
PREFIX = {"general-purpose": "GPM", "quad-head": "QHM"}
# The simulator puts a one-motor defect on motor A of a quad head (instruments/sim/defects.py).
ONE_MOTOR = ("weak_magnet", "bearing_wear", "shorted_turns", "brush_wear", "loose_eccentric", "seized_rotor")
# Targets of the issue; a figure below them fails the test and is reported as measured.
TOP1_TARGET, RUNNER_UP_TARGET, FIT_TOLERANCE = 0.95, 0.99, 0.03


@dataclasses.dataclass(frozen=True)
class Unit:
    product: str
    serial: str
    defect: str  # "none" for a good unit
    sequence: str


@dataclasses.dataclass(frozen=True)
class Result:
    unit: Unit
    summary: RunSummary
    truth: dict[str, float]

    @property
    def cause(self) -> str:
        d = self.summary.diagnosis
        return d.cause if d is not None else "-"


def population() -> list[Unit]:
    """Return good units and every applicable defect DEFECT_REPEATS times, per product."""
    units = []
    for product, prefix in PREFIX.items():
        numbers = iter(range(700_001, 799_999))
        units += [Unit(product, f"{prefix}-{next(numbers):06d}", "none", "eol") for _ in range(GOOD_PER_PRODUCT)]
        for defect in design(product).defects:
            sequence = "sample" if defect in SAMPLE_ONLY else "eol"
            units += [Unit(product, f"{prefix}-{next(numbers):06d}", defect, sequence)
                      for _ in range(DEFECT_REPEATS)]
    return units


def sample_spec(product: str) -> Spec:
    """Return the product's spec with its sample sequence run from the low speed point on."""
    path = REPO / f"specs/{product}.yaml"
    text = path.read_text()
    full = "steps: [spin_up, low, medium, high, thermal, durability]"
    assert full in text
    return load_spec_text(text.replace(full, "steps: [low, medium, high, thermal, durability]"), str(path))


def run_all(units: list[Unit], time_scale: float, records: Path) -> list[Result]:
    sample = any(u.sequence == "sample" for u in units)
    specs = {product: sample_spec(product) if sample else load_spec(REPO / f"specs/{product}.yaml")
             for product in PREFIX}
    results = []
    with open_sim_station(time_scale) as station:
        for unit in units:
            station.bench.force_defect(unit.serial, unit.defect)
            truth = station.bench.truth(unit.product, unit.serial)
            request = RunRequest(unit.serial, unit.product, unit.sequence, operator="population")
            summary = run_unit(station, specs[unit.product], request, records_dir=records)
            results.append(Result(unit, summary, dict(truth.params)))
    return results


def confusion_matrix(results: list[Result]) -> str:
    """Return truth (rows) against diagnosed cause (columns), per product."""
    lines = []
    for product in PREFIX:
        rows: dict[str, Counter] = defaultdict(Counter)
        for r in results:
            if r.unit.product == product:
                rows[r.unit.defect][r.cause] += 1
        columns = sorted({c for row in rows.values() for c in row})
        short = {c: c[:7] for c in columns}
        lines.append(f"{product}: truth \\ diagnosed")
        lines.append(f"{'':<19}" + "".join(f"{short[c]:>8}" for c in columns))
        for truth in sorted(rows, key=lambda t: (t != "none", t)):
            lines.append(f"{truth:<19}" + "".join(f"{rows[truth][c] or '.':>8}" for c in columns))
    return "\n".join(lines)


def fit_errors(results: list[Result]) -> list[tuple[str, str, float]]:
    """Return (serial, parameter, relative error) of the fitted R and Ke of every good unit."""
    errors = []
    for r in results:
        if r.unit.defect != "none":
            continue
        p = r.truth
        motors = ("", "_b") if r.unit.product == "quad-head" else ("",)
        # The quad head's fit is of the matched pair: compare with the pair's mean.
        truth_r = sum(p[f"R25{s}"] for s in motors) / len(motors)
        truth_ke = sum(p[f"Ke{s}"] for s in motors) / len(motors)
        fitted = r.summary.fitted  # a run without a fit counts as infinitely far off
        errors.append((r.unit.serial, "R", fitted.get("R_ohm", math.inf) / truth_r - 1.0))
        errors.append((r.unit.serial, "Ke", fitted.get("Ke_Vs_rad", math.inf) / truth_ke - 1.0))
    return errors


@pytest.mark.slow
@pytest.mark.timeout(2400)
def test_diagnosis_names_the_simulators_defect(tmp_path: Path) -> None:
    units = population()
    assert len(units) >= 200
    for product in PREFIX:
        for defect in design(product).defects:
            assert sum(u.product == product and u.defect == defect for u in units) >= 4
    eol = [u for u in units if u.sequence == "eol"]
    sample = [u for u in units if u.sequence == "sample"]
    results = run_all(eol, EOL_TIME_SCALE, tmp_path) + run_all(sample, SAMPLE_TIME_SCALE, tmp_path)

    defects = [r for r in results if r.unit.defect != "none"]
    top1 = sum(r.cause == r.unit.defect for r in defects) / len(defects)
    covered = sum(r.unit.defect in (r.cause, r.summary.diagnosis and r.summary.diagnosis.runner_up)
                  for r in defects) / len(defects)
    good = [r for r in results if r.unit.defect == "none"]
    caused = [(r.unit.serial, r.cause) for r in good if r.cause not in ("-", "none")]
    on_a = [r for r in defects if r.unit.product == "quad-head" and r.unit.defect in ONE_MOTOR
            and r.cause == r.unit.defect]
    motor_right = sum(r.summary.diagnosis.motor == "A" for r in on_a)
    errors = fit_errors(results)
    worst = {name: max(abs(e) for _, n, e in errors if n == name) for name in ("R", "Ke")}
    report = (f"\n{len(results)} units ({len(defects)} with a defect, {len(good)} good)\n"
              f"{confusion_matrix(results)}\n"
              f"top-1 {100 * top1:.1f} % (target {100 * TOP1_TARGET:.0f} %), with the runner-up "
              f"{100 * covered:.1f} % (target {100 * RUNNER_UP_TARGET:.0f} %); good units given a cause: "
              f"{len(caused)}; worst fit error of good units: R {100 * worst['R']:.2f} %, "
              f"Ke {100 * worst['Ke']:.2f} % (target {100 * FIT_TOLERANCE:.0f} %); quad head: motor named "
              f"right on {motor_right} of {len(on_a)} one-motor defects")
    wrong = [(r.unit.serial, r.unit.defect, r.summary.verdict.value, r.cause,
              r.summary.diagnosis and r.summary.diagnosis.runner_up) for r in defects if r.cause != r.unit.defect]
    report += f"\nwrong top-1: {wrong}\ngood units given a cause: {caused}"
    print(report)
    LOG.warning("diagnosis population%s", report)

    rig_faults = [(r.unit.serial, r.summary.error) for r in results
                  if r.summary.verdict in (Verdict.ERROR, Verdict.ABORTED)]
    assert not rig_faults, f"the rig could not judge: {rig_faults}"
    assert top1 >= TOP1_TARGET, f"top-1 {top1:.3f}; wrong: {wrong}"
    assert covered >= RUNNER_UP_TARGET, f"runner-up coverage {covered:.3f}; wrong: {wrong}"
    assert not caused, f"good units given a cause: {caused}"
    far = [e for e in errors if abs(e[2]) > FIT_TOLERANCE]
    assert not far, f"fitted R or Ke of good units beyond {FIT_TOLERANCE:.0%}: {far}"

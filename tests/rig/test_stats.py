"""Statistics: Cp/Cpk and their intervals, I-MR limits, run rules, yield and Pareto."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rig.index import RunHead
from rig.model import Limits, Verdict
from rig.stats import (
    capability,
    first_pass_yield,
    histogram,
    individuals_chart,
    pareto,
    total_yield,
)
from rig.stats.capability import cp_interval, cpk_interval
from rig.stats.control import check_rule


def test_intervals_match_montgomery_examples():
    # Montgomery, Introduction to Statistical Quality Control, ch. 8: n = 20,
    # Cp = 1.33 gives 0.91 <= Cp <= 1.75; Cpk = 1.33 gives 0.88 <= Cpk <= 1.78.
    cp = cp_interval(1.33, 20)
    assert (round(cp.low, 2), round(cp.high, 2)) == (0.91, 1.75)
    cpk = cpk_interval(1.33, 20)
    assert (round(cpk.low, 2), round(cpk.high, 2)) == (0.88, 1.78)


def test_capability_against_an_independent_computation():
    rng = np.random.default_rng(7)
    x = rng.normal(0.60, 0.04, size=250)
    result = capability(x, Limits(0.45, 0.75, "A"))
    mean, s = float(np.mean(x)), float(np.std(x, ddof=1))
    assert result.n == 250
    assert result.mean == pytest.approx(mean)
    assert result.std == pytest.approx(s)
    assert result.cp == pytest.approx(0.30 / (6 * s))
    assert result.cpk == pytest.approx(min(0.75 - mean, mean - 0.45) / (3 * s))
    # Bissell by hand, z = 1.959964
    half = 1.959964 * math.sqrt(1 / (9 * 250) + result.cpk**2 / (2 * 249))
    assert result.cpk_interval.low == pytest.approx(result.cpk - half, rel=1e-6)
    assert result.cpk_interval.high == pytest.approx(result.cpk + half, rel=1e-6)
    assert result.observed_out == int(np.sum((x < 0.45) | (x > 0.75)))


def test_one_sided_limits_give_cpk_without_cp():
    x = np.array([10.0, 12.0, 11.0, 13.0, 9.0, 12.0])
    result = capability(x, Limits(None, 25.0, "%"))
    assert result.cp is None and result.cp_interval is None
    assert result.cpk == pytest.approx((25.0 - x.mean()) / (3 * x.std(ddof=1)))


def test_histogram_range_covers_the_limits():
    x = np.array([0.5, 0.55, 0.6, 0.6, 0.62])
    hist = histogram(x, Limits(0.45, 0.75, "A"), bins=6)
    assert hist.edges[0] == pytest.approx(0.45) and hist.edges[-1] == pytest.approx(0.75)
    assert sum(hist.counts) == 5 and len(hist.counts) == 6


def test_individuals_chart_limits_against_the_textbook_constants():
    x = np.array([10.2, 9.8, 10.5, 10.1, 9.7, 10.4, 10.0, 9.9, 10.3, 10.6, 9.6, 10.1])
    chart = individuals_chart(x)
    mr = np.abs(np.diff(x))
    assert chart.mr_bar == pytest.approx(mr.mean())
    assert chart.center == pytest.approx(x.mean())
    assert chart.ucl == pytest.approx(x.mean() + 2.66 * mr.mean())
    assert chart.lcl == pytest.approx(x.mean() - 2.66 * mr.mean())
    assert chart.ucl_mr == pytest.approx(3.267 * mr.mean())
    assert chart.violations == []


def _points(rule, x, center=0.0, sigma=1.0):
    return check_rule(rule, np.asarray(x, dtype=float), center, sigma).points


def test_each_run_rule_fires_where_its_pattern_completes():
    assert _points(1, [0, 0.5, 3.2, -1, -3.1]) == [2, 4]
    assert _points(2, [-1] + [0.5] * 9) == [9]
    assert _points(2, [-1] + [0.5] * 8) == []
    assert _points(3, [0, 1, 2, 3, 4, 5.5, 1]) == [5]
    assert _points(3, [0, 1, 2, 3, 4, 4]) == []
    zigzag = [(-1) ** i * 0.5 for i in range(14)]
    assert _points(4, zigzag) == [13]
    assert _points(4, zigzag[:13]) == []
    assert _points(5, [0, 2.5, 0, 2.2]) == [3]
    assert _points(5, [0, 2.5, 0, -2.2]) == []
    assert _points(6, [1.5, 1.2, 0, 1.1, 1.3]) == [4]
    assert _points(7, [0.1] * 15) == [14]
    assert _points(8, [1.5, -1.5] * 4) == [7]


def test_a_shift_in_the_mean_is_flagged_on_a_chart():
    rng = np.random.default_rng(3)
    x = np.concatenate([rng.normal(0, 1, 50), rng.normal(2.0, 1, 30)])
    chart = individuals_chart(x)
    rules = {v.rule for v in chart.violations}
    assert 2 in rules
    assert all(p >= 50 for v in chart.violations if v.rule == 2 for p in v.points)


def head(run_id, serial, verdict, day, batch="B1", station="st1"):
    return RunHead(run_id, serial, "general-purpose", "eol", batch, station, Verdict(verdict),
                   f"2026-01-{day:02d}T08:00:00+00:00", 1)


def test_first_pass_yield_by_day_batch_and_station():
    runs = [
        head("1", "A", "PASS", 1),
        head("2", "B", "FAIL", 1),
        head("3", "B", "PASS", 2, station="st2"),  # retest passes: final, not first pass
        head("4", "C", "ERROR", 2),  # the rig could not measure: not judged
        head("5", "C", "FAIL", 2, batch="B2"),
        head("6", "D", "PASS", 2, batch="B2", station="st2"),
    ]
    by_day = {r.group: r for r in first_pass_yield(runs, "day")}
    assert (by_day["2026-01-01"].units, by_day["2026-01-01"].first_pass,
            by_day["2026-01-01"].final_pass) == (2, 1, 2)
    assert (by_day["2026-01-02"].units, by_day["2026-01-02"].first_pass,
            by_day["2026-01-02"].unjudged_runs) == (2, 1, 1)
    by_batch = {r.group: r for r in first_pass_yield(runs, "batch")}
    assert by_batch["B1"].first_pass_yield == pytest.approx(0.5)
    assert by_batch["B2"].first_pass_yield == pytest.approx(0.5)
    by_station = {r.group: r for r in first_pass_yield(runs, "station")}
    assert (by_station["st1"].units, by_station["st2"].units) == (3, 1)
    total = total_yield(first_pass_yield(runs, "day"))
    assert (total.units, total.first_pass, total.final_pass) == (4, 2, 3)
    with pytest.raises(ValueError):
        first_pass_yield(runs, "shift")


def test_pareto_sorts_and_accumulates():
    rows = pareto([("low.ripple", 5), ("high.current", 12), ("spin_up.inrush_peak", 3)])
    assert [r.measurement for r in rows] == ["high.current", "low.ripple", "spin_up.inrush_peak"]
    assert [round(r.percent, 1) for r in rows] == [60.0, 25.0, 15.0]
    assert [round(r.cumulative_percent, 1) for r in rows] == [60.0, 85.0, 100.0]

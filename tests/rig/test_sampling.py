"""ANSI/ASQ Z1.4: Table I letters at the lot-size boundaries, Table II-A plans and arrows."""

from __future__ import annotations

import pytest

from rig.sampling import SAMPLE_SIZE_BY_LETTER, code_letter, single_sampling_plan

# (first lot size of the row, last lot size of the row, level II letter, its sample size)
LEVEL_II_ROWS = [
    (2, 8, "A", 2), (9, 15, "B", 3), (16, 25, "C", 5), (26, 50, "D", 8),
    (51, 90, "E", 13), (91, 150, "F", 20), (151, 280, "G", 32), (281, 500, "H", 50),
    (501, 1200, "J", 80), (1201, 3200, "K", 125), (3201, 10_000, "L", 200),
    (10_001, 35_000, "M", 315), (35_001, 150_000, "N", 500), (150_001, 500_000, "P", 800),
    (500_001, 5_000_000, "Q", 1250),
]


@pytest.mark.parametrize(("first", "last", "letter", "size"), LEVEL_II_ROWS)
def test_level_ii_letter_and_sample_size_at_both_ends_of_each_lot_size_row(first, last, letter,
                                                                           size):
    assert code_letter(first) == letter
    assert code_letter(last) == letter
    assert SAMPLE_SIZE_BY_LETTER[letter] == size


@pytest.mark.parametrize(("last", "next_letter"), [(8, "B"), (150, "G"), (500, "J"),
                                                   (3200, "L"), (500_000, "Q")])
def test_one_unit_past_a_row_moves_to_the_next_letter(last, next_letter):
    assert code_letter(last + 1) == next_letter


@pytest.mark.parametrize(("lot", "level", "letter"), [
    (9, "I", "A"), (16, "I", "B"), (151, "I", "E"), (500_001, "I", "N"),
    (2, "III", "B"), (281, "III", "J"), (500_001, "III", "R"),
])
def test_levels_i_and_iii(lot, level, letter):
    assert code_letter(lot, level) == letter


@pytest.mark.parametrize(("lot", "aql", "size", "ac", "re"), [
    (91, 2.5, 20, 1, 2),  # F: a plan in its own cell
    (151, 2.5, 32, 2, 3),
    (281, 2.5, 50, 3, 4),
    (1201, 2.5, 125, 7, 8),
    (1201, 1.0, 125, 3, 4),
    (10_001, 1.0, 315, 7, 8),
    (91, 4.0, 20, 2, 3),
    (26, 2.5, 5, 0, 1),  # D points up to C
    (51, 2.5, 20, 1, 2),  # E points down to F
    (9, 2.5, 5, 0, 1),  # B points down to C
    (151, 1.0, 50, 1, 2),  # G points down to H
    (500_001, 2.5, 500, 21, 22),  # Q points up to N
])
def test_normal_single_sampling_plans_follow_table_ii_a(lot, aql, size, ac, re):
    plan = single_sampling_plan(lot, aql)
    assert (plan.sample_size, plan.accept, plan.reject) == (size, ac, re)
    assert plan.judge(ac) and not plan.judge(re)


def test_a_plan_larger_than_the_lot_means_every_unit_is_tested():
    plan = single_sampling_plan(4, 2.5)  # A points down to C: 5 units, more than the lot
    assert plan.code_letter == "A"
    assert plan.table_sample_size == 5
    assert plan.sample_size == 4
    assert plan.hundred_percent
    assert "100 % inspection" in plan.describe()


def test_unknown_aql_level_and_tiny_lots_are_refused():
    with pytest.raises(ValueError, match="AQL 3"):
        single_sampling_plan(100, 3.0)
    with pytest.raises(ValueError, match="level"):
        code_letter(100, "IV")
    with pytest.raises(ValueError, match="lot sizes start at 2"):
        code_letter(1)

"""The shift tally: first-pass yield counts a serial's first judged attempt."""

from rig.model import Verdict
from rig.shift import ShiftTally


def test_first_pass_yield_counts_each_serial_once_by_its_first_judged_attempt():
    tally = ShiftTally()
    tally.record("GPM-000001", Verdict.PASS)
    tally.record("GPM-000002", Verdict.FAIL)
    tally.record("GPM-000002", Verdict.PASS)  # a retest that passes is not first-pass
    tally.record("GPM-000003", Verdict.ERROR)  # the rig's fault: not the unit's attempt
    tally.record("GPM-000003", Verdict.PASS)
    figures = tally.figures()
    assert figures.runs == 5
    assert figures.units == 3
    assert figures.first_pass == 2
    assert figures.first_pass_yield == 2 / 3
    assert figures.verdicts[Verdict.PASS] == 3


def test_aborted_runs_do_not_use_up_the_first_attempt():
    tally = ShiftTally()
    tally.record("QHM-000010", Verdict.ABORTED)
    assert tally.is_first_attempt("QHM-000010")
    assert tally.figures().first_pass_yield is None
    tally.record("QHM-000010", Verdict.FAIL)
    assert not tally.is_first_attempt("QHM-000010")
    assert tally.figures().first_pass_yield == 0.0


def test_describe_reads_as_a_sentence():
    tally = ShiftTally()
    assert "—" in tally.figures().describe()
    tally.record("GPM-000001", Verdict.PASS)
    tally.record("GPM-000002", Verdict.FAIL)
    text = tally.figures().describe()
    assert "50 %" in text and "1/2 units" in text and "1 FAIL" in text


def test_a_serial_judged_before_the_shift_is_no_first_pass_and_stays_out_of_the_yield():
    tally = ShiftTally()
    tally.record("GPM-000001", Verdict.PASS, judged_before=True)  # failed last shift, passes now
    tally.record("GPM-000002", Verdict.PASS)
    tally.record("GPM-000001", Verdict.PASS)  # judged_before is not needed again
    figures = tally.figures()
    assert not tally.is_first_attempt("GPM-000001")
    assert (figures.units, figures.first_pass, figures.carried_over) == (1, 1, 1)
    assert figures.first_pass_yield == 1.0
    assert "1 retested from before" in figures.describe()


def test_judged_before_does_not_undo_a_first_attempt_made_this_shift():
    tally = ShiftTally()
    tally.record("GPM-000003", Verdict.FAIL)
    tally.record("GPM-000003", Verdict.PASS, judged_before=True)
    figures = tally.figures()
    assert (figures.units, figures.first_pass, figures.carried_over) == (1, 0, 0)

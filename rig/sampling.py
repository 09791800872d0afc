"""Single sampling plans for normal inspection after ANSI/ASQ Z1.4 (ISO 2859-1).

Table I gives a sample size code letter for a lot size and inspection level;
Table II-A gives, for that letter and an AQL, the sample size with its
acceptance (Ac) and rejection (Re) numbers. An arrow in Table II-A sends the
user to the first plan above or below it, and that plan's sample size is used.
When the sample size reaches the lot size every unit is inspected.

Table II-A is regular: along each AQL column the plans follow one ladder that
starts with Ac 0 / Re 1 at a letter that moves one row up for each AQL step up.
The ladder below is that column, written once.
"""

from __future__ import annotations

from dataclasses import dataclass

CODE_LETTERS = "ABCDEFGHJKLMNPQR"  # Z1.4 skips I and O

SAMPLE_SIZE_BY_LETTER = {
    "A": 2, "B": 3, "C": 5, "D": 8, "E": 13, "F": 20, "G": 32, "H": 50,
    "J": 80, "K": 125, "L": 200, "M": 315, "N": 500, "P": 800, "Q": 1250, "R": 2000,
}

# Upper lot size of each row of Table I; the last row is open-ended.
_LOT_SIZE_UPPER = (8, 15, 25, 50, 90, 150, 280, 500, 1200, 3200, 10_000, 35_000,
                   150_000, 500_000, None)

# Table I, general inspection levels: one letter per lot-size row.
_LETTERS_BY_LEVEL = {
    "I": "AABCCDEFGHJKLMN",
    "II": "ABCDEFGHJKLMNPQ",
    "III": "BCDEFGHJKLMNPQR",
}

# AQL (percent nonconforming) -> the letter at which its column reads Ac 0 / Re 1.
_ZERO_ONE_LETTER = {
    0.010: "Q", 0.015: "P", 0.025: "N", 0.040: "M", 0.065: "L", 0.10: "K", 0.15: "J",
    0.25: "H", 0.40: "G", 0.65: "F", 1.0: "E", 1.5: "D", 2.5: "C", 4.0: "B", 6.5: "A",
}
AQL_VALUES = tuple(sorted(_ZERO_ONE_LETTER))

_UP, _DOWN = "up", "down"
# One Table II-A column read downwards from its Ac 0 / Re 1 cell; past the end the
# column points up to the last plan.
_COLUMN_LADDER: tuple[tuple[int, int] | str, ...] = (
    (0, 1), _UP, _DOWN, (1, 2), (2, 3), (3, 4), (5, 6), (7, 8), (10, 11), (14, 15), (21, 22),
)


@dataclass(frozen=True)
class SamplingPlan:
    """A normal single sampling plan for one lot: how many to test and how many may fail."""

    lot_size: int
    inspection_level: str  # general inspection level: I, II or III
    code_letter: str  # from Table I
    aql_percent: float
    sample_size: int  # units to test (the whole lot when the plan's size reaches it)
    accept: int  # Ac: accept the lot with this many nonconforming units or fewer
    reject: int  # Re: reject the lot with this many or more
    table_sample_size: int  # the sample size of the plan Table II-A points to
    plan_code_letter: str  # the letter of that plan (differs from code_letter after an arrow)

    @property
    def hundred_percent(self) -> bool:
        """Return True when every unit of the lot must be tested."""
        return self.sample_size >= self.lot_size

    def judge(self, nonconforming: int) -> bool:
        """Return True when a sample with this many nonconforming units accepts the lot."""
        return nonconforming <= self.accept

    def describe(self) -> str:
        """Return the plan in one line, as printed on a certificate."""
        sample = f"sample size {self.sample_size}"
        if self.hundred_percent:
            sample += " (100 % inspection)"
        return (f"ANSI/ASQ Z1.4 normal single sampling, general inspection level "
                f"{self.inspection_level}, AQL {self.aql_percent:g} %: lot size {self.lot_size}, "
                f"code letter {self.code_letter}, {sample}, Ac {self.accept}, Re {self.reject}")


def code_letter(lot_size: int, level: str = "II") -> str:
    """Return the Z1.4 Table I sample size code letter of a lot at a general inspection level."""
    if lot_size < 2:
        raise ValueError(f"Z1.4 lot sizes start at 2, not {lot_size}")
    if level not in _LETTERS_BY_LEVEL:
        raise ValueError(f"general inspection level must be I, II or III, not {level!r}")
    for row, upper in enumerate(_LOT_SIZE_UPPER):
        if upper is None or lot_size <= upper:
            return _LETTERS_BY_LEVEL[level][row]
    raise AssertionError("unreachable: the last row is open-ended")


def single_sampling_plan(lot_size: int, aql_percent: float, level: str = "II") -> SamplingPlan:
    """Return the normal single sampling plan (Table II-A) for a lot and an AQL."""
    aql = _known_aql(aql_percent)
    letter = code_letter(lot_size, level)
    plan_letter, (accept, reject) = _follow_arrows(letter, aql)
    table_size = SAMPLE_SIZE_BY_LETTER[plan_letter]
    return SamplingPlan(
        lot_size=lot_size, inspection_level=level, code_letter=letter, aql_percent=aql,
        sample_size=min(table_size, lot_size), accept=accept, reject=reject,
        table_sample_size=table_size, plan_code_letter=plan_letter,
    )


def _known_aql(aql_percent: float) -> float:
    for aql in AQL_VALUES:
        if abs(aql - aql_percent) < 1e-9:
            return aql
    listed = ", ".join(f"{aql:g}" for aql in AQL_VALUES)
    raise ValueError(f"AQL {aql_percent:g} % is not a Z1.4 percent-nonconforming AQL ({listed})")


def _cell(letter_index: int, aql: float) -> tuple[int, int] | str:
    """Return one Table II-A cell: an (Ac, Re) pair or an arrow."""
    step = letter_index - CODE_LETTERS.index(_ZERO_ONE_LETTER[aql])
    if step < 0:
        return _DOWN
    if step >= len(_COLUMN_LADDER):
        return _UP
    return _COLUMN_LADDER[step]


def _follow_arrows(letter: str, aql: float) -> tuple[str, tuple[int, int]]:
    """Return the letter whose plan applies, and that plan's (Ac, Re)."""
    index = CODE_LETTERS.index(letter)
    cell = _cell(index, aql)
    direction = 1 if cell == _DOWN else -1  # used only while the cell is an arrow
    while isinstance(cell, str):
        index += direction
        cell = _cell(index, aql)
    return CODE_LETTERS[index], cell

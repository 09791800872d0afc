"""Property: no station file, spec file or SCPI reply ends in a traceback; every refusal names its input.

Derandomized, so the suite gives the same answer on every run; `make bench`
(benchmarks/fuzz.py) runs the same targets with fresh random inputs.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from tests.fuzz.scpi_targets import attempt_scpi, scpi_dialogues
from tests.fuzz.targets import (
    SPEC_TEXTS,
    STATION_TEXT,
    Outcome,
    attempt_spec,
    attempt_station,
    spec_files,
    station_files,
)

FUZZ = settings(max_examples=150, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(station_files())
def test_a_damaged_station_file_is_loaded_or_refused_by_name(text):
    result = attempt_station(text)
    assert result.outcome is not Outcome.TRACEBACK, result.detail


@FUZZ
@given(spec_files())
def test_a_damaged_spec_is_loaded_or_refused_by_name(text):
    result = attempt_spec(text)
    assert result.outcome is not Outcome.TRACEBACK, result.detail


@settings(FUZZ, max_examples=300)
@given(scpi_dialogues())
def test_garbage_replies_are_instrument_errors_naming_the_instrument(dialogue):
    result = attempt_scpi(dialogue)
    assert result.outcome is not Outcome.TRACEBACK, result.detail


def test_the_judge_counts_a_raw_exception_and_a_nameless_refusal_as_tracebacks():
    from tests.fuzz.targets import _judge

    def raw() -> None:
        raise OverflowError("int too large to convert")

    def nameless() -> None:
        raise ValueError("out of range")

    def named() -> None:
        raise ValueError("station.yaml:3: bench.seed: out of range")

    assert _judge(raw, ValueError, "station.yaml:").outcome is Outcome.TRACEBACK
    assert _judge(nameless, ValueError, "station.yaml:").outcome is Outcome.TRACEBACK
    assert _judge(named, ValueError, "station.yaml:").outcome is Outcome.REFUSED


def test_the_values_issue_12_saw_are_refused_by_name():
    # Issue 12, seen 9 and 6, through the fuzz targets themselves.
    port = STATION_TEXT.replace("127.0.0.1::0::SOCKET\n    channel: CH1", "127.0.0.1::99999::SOCKET\n    channel: CH1")
    for text in (port, STATION_TEXT.replace("time_scale: 1.0", "time_scale: 1.0e+308"),
                 STATION_TEXT.replace("time_scale: 1.0", "time_scale: .inf")):
        assert text != STATION_TEXT and attempt_station(text).outcome is Outcome.REFUSED
    gpm = SPEC_TEXTS[0]
    for old, new in (("revision: 1", "revision: 99999999999999999999999"),
                     ("max_temperature_c: 70.0", "max_temperature_c: 10000"),
                     ("over_current_for_s: 1.0", "over_current_for_s: 1.0e+9")):
        assert old in gpm and attempt_spec(gpm.replace(old, new)).outcome is Outcome.REFUSED

"""SCPI parsing, the error queue, and the bench's life cycle."""

from __future__ import annotations

import socket
import threading

import pytest
from sim_socket_helpers import LineClient

from instruments.sim.bench import SimulatedBench
from instruments.sim.counter_53220a import counter_format
from instruments.sim.scpi import (
    ScpiError,
    ScpiInstrument,
    compile_header,
    parse_channels,
    split_args,
)


@pytest.mark.parametrize("header", ["MEAS?", "MEASURE?", "MEAS:VOLT?", "MEASURE:VOLTAGE:DC?", "MEAS:SCAL:VOLT?"])
def test_headers_match_in_short_and_long_forms_with_optional_nodes(header):
    assert compile_header("MEASure[:SCALar][:VOLTage][:DC]?").fullmatch(header)


@pytest.mark.parametrize("header", ["MEA?", "MEASU?", "MEAS:VOLT", "MEAS:CURR?"])
def test_headers_refuse_partial_forms_and_other_nodes(header):
    assert not compile_header("MEASure[:SCALar][:VOLTage][:DC]?").fullmatch(header)


def test_parameters_split_outside_parentheses_and_channel_lists_expand():
    assert split_args("ON,(@101,103)") == ["ON", "(@101,103)"]
    assert split_args("TC, K ,(@101:104)") == ["TC", "K", "(@101:104)"]
    assert parse_channels("(@101:103,104)", range(101, 105)) == [101, 102, 103, 104]
    with pytest.raises(ScpiError):
        parse_channels("(@105)", range(101, 105))


def test_the_error_queue_holds_twenty_and_ends_in_overflow():
    instrument = ScpiInstrument()
    for _ in range(25):
        assert instrument.handle("NONSENSE") is None
    errors = [instrument.handle("SYST:ERR?") for _ in range(21)]
    assert errors[:19] == ['-113,"Undefined header"'] * 19
    assert errors[19:] == ['-350,"Queue overflow"', '+0,"No error"']


def test_counter_numbers_look_like_the_53220a():
    assert counter_format(58.6523) == "+5.86523000000000E+001"
    assert counter_format(0.1) == "+1.00000000000000E-001"


def _free_port_outside_the_ephemeral_range() -> int:
    """Return a free port the kernel never hands out for port 0.

    A port found free by binding port 0 is an ephemeral one: once released, the
    bench's other servers, which bind port 0 before the fixture, may be given it.
    """
    low, _ = (int(n) for n in open("/proc/sys/net/ipv4/ip_local_port_range").read().split())
    for port in range(low - 1, 1024, -1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below the ephemeral range")


def test_the_bench_serves_on_requested_ports_and_leaves_no_thread_behind():
    before = set(threading.enumerate())
    free_port = _free_port_outside_the_ephemeral_range()
    bench = SimulatedBench(ports={"fixture": free_port})
    with bench:
        assert bench.ports["fixture"] == free_port
        LineClient(free_port).query("*IDN?")
    assert set(threading.enumerate()) <= before
    with pytest.raises(ValueError):
        SimulatedBench(ports={"oscilloscope": 5025})
    with pytest.raises(ValueError):
        SimulatedBench(supply_dialect="keithley_2200")

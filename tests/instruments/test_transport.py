"""VisaTransport over real pyvisa-py TCP against a tiny server of the test's own."""

from __future__ import annotations

import socket
import time

import numpy as np
import pytest
from line_server import IDN, LineServer

from instruments.blocks import encode_block
from instruments.errors import ConnectionLost, InstrumentTimeout, ProtocolError
from instruments.transport import Transport, VisaTransport

TIMEOUT_S = 0.3


@pytest.fixture
def server():
    with LineServer() as running:
        yield running


@pytest.fixture
def transport(server):
    visa = VisaTransport(server.resource, timeout_s=TIMEOUT_S, instrument="test")
    visa.open()
    yield visa
    visa.close()


def idn_line() -> str:
    return IDN.decode().strip()


def test_query_and_write(transport, server):
    assert isinstance(transport, Transport)
    transport.write("SET 1")
    assert transport.query("*IDN?") == idn_line()
    assert server.received == ["SET 1", "*IDN?"]


def test_timeout_raises_then_the_next_command_works(transport):
    started = time.monotonic()
    with pytest.raises(InstrumentTimeout, match="SILENT"):
        transport.query("SILENT?")
    assert time.monotonic() - started < TIMEOUT_S + 1.0
    assert transport.query("*IDN?") == idn_line()


def test_a_late_reply_is_discarded_not_taken_for_the_next_answer(transport):
    with pytest.raises(InstrumentTimeout):
        transport.query("LATE? 0.5")
    time.sleep(0.4)
    assert transport.query("*IDN?") == idn_line()


def test_a_reply_held_past_the_timeout_is_never_read_as_the_next_answer(transport, server):
    transport.sync_with("*IDN?", idn_line())
    with pytest.raises(InstrumentTimeout):
        transport.query("HOLD?")  # its reply leaves only after the next command arrives
    assert transport.query("ECHO? fresh") == "fresh"
    assert server.received[-3:] == ["HOLD?", "*IDN?", "ECHO? fresh"]  # resynchronised first


def test_a_garbled_reply_puts_the_session_in_doubt_until_resynchronised(transport, server):
    transport.sync_with("*IDN?", idn_line())
    with pytest.raises(ProtocolError):
        transport.query("GARBLED?")
    assert transport.query("ECHO? next") == "next"
    assert transport.query("ECHO? again") == "again"
    assert server.received[-4:] == ["GARBLED?", "*IDN?", "ECHO? next", "ECHO? again"]


def test_an_explicit_resync_reads_past_a_held_reply(transport, server):
    transport.sync_with("*IDN?", idn_line())
    transport.write("HOLD?")  # as if its reply had been given up on
    transport.resync()
    assert transport.query("ECHO? mine") == "mine"


def test_a_probe_answered_late_makes_the_next_command_use_a_new_connection(transport, server):
    # HOLD?'s answer is sent only when the next command arrives: as a probe it is always late.
    transport.sync_with("HOLD?", "held reply")
    with pytest.raises(InstrumentTimeout):
        transport.query("SILENT?")
    with pytest.raises(InstrumentTimeout, match="resynchronising"):
        transport.query("ECHO? a")
    # On the same socket the late probe answer would now pass for the next probe's.
    assert transport.query("ECHO? b") == "b"
    assert server.connections == 2


def test_a_timed_out_probe_query_is_not_resynchronised_by_itself(transport, server):
    transport.sync_with("HOLD?", "held reply")
    with pytest.raises(InstrumentTimeout):
        transport.query("HOLD?")
    assert transport.query("ECHO? c") == "c"
    assert server.connections == 2


def test_longer_timeout_for_one_query(transport):
    assert transport.query("LATE? 0.5", timeout_s=2.0) == "late reply"
    with pytest.raises(InstrumentTimeout):
        transport.query("SILENT?")  # the usual timeout is back


def test_hang_up_during_a_query_raises_connection_lost_then_reconnects(transport, server):
    with pytest.raises(ConnectionLost):
        transport.query("HANGUP?")
    assert transport.query("*IDN?") == idn_line()
    assert server.connections == 2


def test_hang_up_while_idle_is_repaired_before_the_next_command(transport, server):
    assert transport.query("LAST?") == "bye"
    time.sleep(0.05)
    assert transport.query("*IDN?") == idn_line()
    assert server.connections == 2


def test_hang_up_after_a_setting_is_not_hidden_by_the_reconnect(transport, server):
    transport.write("SET HANGUP")
    time.sleep(0.05)
    with pytest.raises(ConnectionLost, match="may not have been applied"):
        transport.query("*IDN?")
    assert transport.query("*IDN?") == idn_line()
    assert server.connections == 2


def test_connection_lost_when_the_instrument_stays_down(transport, server):
    with pytest.raises(ConnectionLost):
        transport.query("HANGUP?")
    server.stop()
    with pytest.raises(ConnectionLost):
        transport.query("*IDN?")
    with pytest.raises(ConnectionLost):
        transport.write("SET 2")


def test_explicit_reconnect_opens_a_new_connection(transport, server):
    transport.reconnect()
    assert transport.query("*IDN?") == idn_line()
    assert server.connections == 2


def test_garbled_reply_raises_protocol_error_then_the_next_command_works(transport):
    with pytest.raises(ProtocolError, match="garbled"):
        transport.query("GARBLED?")
    assert transport.query("*IDN?") == idn_line()


def test_block_full_of_newlines_arrives_whole(transport, server):
    payload = b"\n" * 100_001
    server.block = encode_block(payload)
    assert transport.query_block("BLOCK?") == payload
    assert transport.query("*IDN?") == idn_line()


def test_large_random_block_arrives_whole(transport, server):
    payload = np.random.default_rng(7).integers(0, 256, 4_000_000, dtype=np.uint8).tobytes()
    server.block = encode_block(payload)
    assert transport.query_block("BLOCK?") == payload


@pytest.mark.parametrize("reply", [b"+1.0\n", b"#0\n", b"#2x1abc\n", b"#13abcX"])
def test_malformed_block_raises_protocol_error_then_the_next_command_works(transport, server, reply):
    server.block = reply
    with pytest.raises(ProtocolError):
        transport.query_block("BLOCK?")
    assert transport.query("*IDN?") == idn_line()


def test_truncated_block_times_out(transport, server):
    server.block = b"#3100" + b"x" * 50
    with pytest.raises(InstrumentTimeout):
        transport.query_block("BLOCK?")
    assert transport.query("*IDN?") == idn_line()


def test_opening_a_port_nobody_listens_on_raises_connection_lost():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    visa = VisaTransport(f"TCPIP0::127.0.0.1::{port}::SOCKET", timeout_s=TIMEOUT_S)
    with pytest.raises(ConnectionLost):
        visa.open()
    visa.close()


def test_a_command_before_open_raises_connection_lost(server):
    visa = VisaTransport(server.resource, timeout_s=TIMEOUT_S)
    with pytest.raises(ConnectionLost, match="not open"):
        visa.query("*IDN?")

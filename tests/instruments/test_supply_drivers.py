"""Protocol tests of the supply drivers: expected commands and replies, no sockets."""

from __future__ import annotations

import pytest
from scripted_transport import NO_ERROR, ScriptedTransport

from instruments.errors import (
    InstrumentReportedError,
    InstrumentTimeout,
    ProtocolError,
    SettingOutOfRange,
)
from instruments.rigol_dp832 import RigolDP832
from instruments.roles import Identity, PowerSupply
from instruments.siglent_spd3303x import SiglentSPD3303X

RIGOL_IDN = "RIGOL TECHNOLOGIES,DP832,DP8C123456,00.01.16"
SIGLENT_IDN = "Siglent Technologies,SPD3303X,SPD3XIDQ1R1234,1.01.01.02.05,V3.0"


def rigol(*steps) -> tuple[RigolDP832, ScriptedTransport]:
    transport = ScriptedTransport([("*IDN?", RIGOL_IDN), ("*CLS", None), *steps])
    supply = RigolDP832("supply", transport)
    supply.connect()
    return supply, transport


def siglent(*steps) -> tuple[SiglentSPD3303X, ScriptedTransport]:
    transport = ScriptedTransport([("*IDN?", SIGLENT_IDN), ("*CLS", None),
                                   ("OUTP CH1,OFF", None), NO_ERROR, *steps])
    supply = SiglentSPD3303X("supply", transport)
    supply.connect()
    return supply, transport


def test_constructor_does_no_io_and_connect_returns_the_identity():
    transport = ScriptedTransport([("*IDN?", RIGOL_IDN), ("*CLS", None)])
    supply = RigolDP832("supply", transport)
    assert transport.sent == [] and supply.identity is None
    identity = supply.connect()
    assert identity == Identity("RIGOL TECHNOLOGIES", "DP832", "DP8C123456", "00.01.16")
    assert supply.identity == identity
    assert isinstance(supply, PowerSupply)
    transport.assert_done()


def test_rigol_settings_are_sent_and_checked():
    supply, transport = rigol(
        (":APPL CH1,12.000,3.0000", None), NO_ERROR,
        (":OUTP CH1,ON", None), NO_ERROR,
        (":OUTP? CH1", "ON"),
        (":MEAS:VOLT? CH1", "11.987"),
        (":MEAS:CURR? CH1", "0.5890"),
        (":OUTP:OCP:VAL CH1,3.1500", None), (":OUTP:OCP CH1,ON", None), NO_ERROR,
        (":OUTP:OCP:QUES? CH1", "YES"),
        (":OUTP:OCP:CLEAR CH1", None), NO_ERROR,
        (":OUTP:OCP CH1,OFF", None), NO_ERROR,
        (":OUTP CH1,OFF", None), NO_ERROR,
    )
    supply.set_output(12.0, 3.0)
    supply.enable_output(True)
    assert supply.output_enabled() is True
    assert supply.measure_voltage() == pytest.approx(11.987)
    assert supply.measure_current() == pytest.approx(0.589)
    assert supply.has_over_current_trip
    supply.set_over_current_trip(3.15)
    assert supply.over_current_tripped() is True
    supply.clear_over_current_trip()
    supply.set_over_current_trip(None)
    supply.enable_output(False)
    transport.assert_done()


@pytest.mark.parametrize("volts, amps", [(40.0, 1.0), (-0.1, 1.0), (12.0, 3.3), (float("nan"), 1.0),
                                         ("twelve", 1.0)])
def test_rigol_refuses_settings_out_of_range_and_writes_nothing(volts, amps):
    supply, transport = rigol()
    sent_before = list(transport.sent)
    with pytest.raises(SettingOutOfRange):
        supply.set_output(volts, amps)
    with pytest.raises(SettingOutOfRange):
        supply.set_over_current_trip(5.0)
    assert transport.sent == sent_before


def test_rigol_error_queue_raises_with_code_text_and_command():
    supply, transport = rigol(
        (":APPL CH1,12.000,3.0000", None),
        ("SYST:ERR?", '-222,"Data out of range"'),
        ("SYST:ERR?", '-113,"Undefined header"'),
        NO_ERROR,
        (":MEAS:CURR? CH1", "0.5000"),
    )
    with pytest.raises(InstrumentReportedError) as caught:
        supply.set_output(12.0, 3.0)
    assert caught.value.code == -222
    assert caught.value.text.startswith("Data out of range")
    assert "-113" in caught.value.text
    assert caught.value.command == ":APPL CH1,12.000,3.0000"
    assert supply.measure_current() == pytest.approx(0.5)  # the queue was emptied
    transport.assert_done()


@pytest.mark.parametrize("reply", ["MAYBE", "", "1"])
def test_rigol_unexpected_state_reply_is_a_protocol_error(reply):
    supply, _ = rigol((":OUTP? CH1", reply), ("*IDN?", RIGOL_IDN), (":OUTP? CH1", reply))
    with pytest.raises(ProtocolError):
        supply.output_enabled()


def test_rigol_garbled_number_is_a_protocol_error():
    supply, _ = rigol((":MEAS:CURR? CH1", "0.5#@!"), ("*IDN?", RIGOL_IDN),
                      (":MEAS:CURR? CH1", "0.5#@!"))
    with pytest.raises(ProtocolError):
        supply.measure_current()


def test_wrong_model_at_the_address_is_refused():
    transport = ScriptedTransport([("*IDN?", SIGLENT_IDN)])
    with pytest.raises(ProtocolError, match="expected DP832"):
        RigolDP832("supply", transport).connect()


def test_unknown_channel_is_refused_without_io():
    with pytest.raises(ValueError):
        RigolDP832("supply", ScriptedTransport(), channel="CH4")


def test_siglent_identity_keeps_its_fifth_field():
    supply, transport = siglent()
    assert supply.identity.model == "SPD3303X"
    assert supply.identity.firmware == "1.01.01.02.05,V3.0"
    assert supply.output_enabled() is False  # switched off on connect
    transport.assert_done()


def test_siglent_settings_and_remembered_output_state():
    supply, transport = siglent(
        ("CH1:VOLT 9.500", None), ("CH1:CURR 3.000", None), NO_ERROR,
        ("OUTP CH1,ON", None), NO_ERROR,
        ("MEAS:VOLT? CH1", "9.498"),
        ("MEAS:CURR? CH1", "0.520"),
        ("OUTP CH1,OFF", None), ("SYST:ERR?", InstrumentTimeout("no reply")),
    )
    supply.set_output(9.5, 3.0)
    supply.enable_output(True)
    assert supply.output_enabled() is True
    assert supply.measure_voltage() == pytest.approx(9.498)
    assert supply.measure_current() == pytest.approx(0.52)
    with pytest.raises(InstrumentTimeout):
        supply.enable_output(False)
    assert supply.output_enabled() is True  # unknown after a failed switch: assume it is on
    transport.assert_done()


def test_siglent_has_no_over_current_trip():
    supply, transport = siglent()
    assert supply.has_over_current_trip is False
    supply.set_over_current_trip(None)
    with pytest.raises(NotImplementedError):
        supply.set_over_current_trip(3.0)
    assert supply.over_current_tripped() is False
    supply.clear_over_current_trip()
    transport.assert_done()


def test_siglent_refuses_40_volts_and_writes_nothing():
    supply, transport = siglent()
    sent_before = list(transport.sent)
    with pytest.raises(SettingOutOfRange):
        supply.set_output(40.0, 1.0)
    assert transport.sent == sent_before


def test_a_lost_confirmation_of_a_setting_is_re_checked_by_reading_back_not_re_sent():
    retries = []
    supply, transport = rigol((":APPL CH1,12.000,3.0000", None),
                              ("SYST:ERR?", InstrumentTimeout("no reply")),
                              ("*IDN?", RIGOL_IDN), NO_ERROR,
                              (":APPL? CH1", "CH1,12.000,3.0000"))
    supply.on_retry = retries.append
    supply.set_output(12.0, 3.0)
    assert [r.command for r in retries] == [":APPL CH1,12.000,3.0000"]
    assert transport.sent.count(":APPL CH1,12.000,3.0000") == 1
    transport.assert_done()


def test_a_setting_whose_read_back_differs_after_a_lost_confirmation_is_an_error():
    supply, transport = rigol((":OUTP CH1,OFF", None),
                              ("SYST:ERR?", ProtocolError("garbled")),
                              ("*IDN?", RIGOL_IDN), NO_ERROR,
                              (":OUTP? CH1", "ON"))
    with pytest.raises(ProtocolError, match="not in effect"):
        supply.enable_output(False)
    transport.assert_done()


def test_the_error_queue_is_never_read_twice_for_one_answer():
    # SYST:ERR? removes what it reads: a lost reply may have been an error, so it is not re-asked.
    supply, transport = rigol(("SYST:ERR?", InstrumentTimeout("no reply")))
    with pytest.raises(InstrumentTimeout):
        supply.check_errors()
    transport.assert_done()


def test_siglent_lost_confirmation_is_re_checked_by_its_set_values():
    supply, transport = siglent(("CH1:VOLT 9.500", None), ("CH1:CURR 3.000", None),
                                ("SYST:ERR?", ProtocolError("garbled")),
                                ("*IDN?", SIGLENT_IDN), NO_ERROR,
                                ("CH1:VOLT?", "9.500"), ("CH1:CURR?", "3.000"))
    supply.set_output(9.5, 3.0)
    transport.assert_done()

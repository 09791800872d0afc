"""What the core's results say to the operator, in the operator's language.

The core (Qt-free) answers in plain data: verdicts, dispositions, refusals.
Here those answers become sentences through Qt's translation system, so the
run screen reads the same in every language the station ships.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from rig.model import Measurement, RunSummary, Verdict
from rig.shift import ShiftFigures
from rig.station_session import Action, Disposition, SerialCheck

if TYPE_CHECKING:  # rig.diagnosis imports the analysis (scipy): not before the sign-in shows
    from rig.diagnosis import Diagnosis

MAX_FAILURES_NAMED = 4
CONTEXT = ""  # lupdate files module-level tr() calls under the empty context


def tr(text: str) -> str:
    """Translate one sentence of this module."""
    return QCoreApplication.translate(CONTEXT, text)


def verdict_word(verdict: Verdict) -> str:
    """Return the verdict as the screen shows it."""
    return {Verdict.PASS: tr("PASS"), Verdict.FAIL: tr("FAIL"), Verdict.ERROR: tr("ERROR"),
            Verdict.ABORTED: tr("ABORTED")}[verdict]


def format_limits(m: Measurement) -> str:
    """Return the limits of a measurement as an operator reads them."""
    if m.low is not None and m.high is not None:
        return f"{m.low:g} … {m.high:g} {m.unit}"
    if m.high is not None:
        return f"≤ {m.high:g} {m.unit}"
    if m.low is not None:
        return f"≥ {m.low:g} {m.unit}"
    return "—"


def format_value(value: float, unit: str) -> str:
    """Return a measured value, or a dash where the step measured nothing finite."""
    if value != value:  # NaN: the step had nothing to measure
        return tr("not measured")
    if value in (float("inf"), float("-inf")):  # e.g. a spin-up that never reached 90 % speed
        return tr("not reached")
    return f"{value:.4g} {unit}"


def explain(summary: RunSummary) -> str:
    """Return the reason under the verdict word: what failed, or what the rig could not do."""
    if summary.verdict is Verdict.FAIL:
        failed = summary.failed_measurements
        named = [f"{m.name} = {format_value(m.value, m.unit)} ({format_limits(m)})"
                 for m in failed[:MAX_FAILURES_NAMED]]
        more = len(failed) - MAX_FAILURES_NAMED
        text = tr("Out of spec: ") + ", ".join(named)
        return text + (tr(" and %1 more").replace("%1", str(more)) if more > 0 else "")
    if summary.verdict is Verdict.ERROR:
        return tr("The rig could not measure: ") + (summary.error or tr("unknown fault"))
    if summary.verdict is Verdict.ABORTED:
        return tr("Stopped: ") + (summary.error or tr("aborted"))
    return tr("%1 is within spec").replace("%1", summary.serial)


def probable_cause(summary: RunSummary) -> str:
    """Return "Probable cause: …" for a FAIL the diagnosis could place, else ""."""
    diagnosis = getattr(summary, "diagnosis", None)
    if diagnosis is None or summary.verdict is not Verdict.FAIL:
        return ""
    return tr("Probable cause: %1").replace("%1", diagnosis_line(diagnosis))


def diagnosis_line(diagnosis: Diagnosis) -> str:
    """Return a diagnosis as its banner line in the operator's language: "weak magnet, motor B (92 %)"."""
    from rig.diagnosis import described

    line = described(diagnosis)
    text = cause_name(line.cause)
    if line.motor:
        text = tr("%1, motor %2").replace("%1", text).replace("%2", line.motor)
    text = f"{text} ({line.percent} %)"
    return tr("watch: %1").replace("%1", text) if line.watch else text


def cause_name(cause: str) -> str:
    """Return a diagnosed cause (``rig.diagnosis.CAUSES``) by its name on the screen."""
    from rig.diagnosis import NO_CAUSE

    names = {"weak_magnet": tr("weak magnet"), "bearing_wear": tr("bearing wear"),
             "shorted_turns": tr("shorted turns"), "brush_wear": tr("brush wear"),
             "loose_eccentric": tr("loose eccentric"), "misalignment": tr("misalignment"),
             "blocked_vent": tr("blocked vent"), "dead_motor_b": tr("dead motor B"),
             "seized_rotor": tr("seized rotor"), "intermittent_cord": tr("intermittent cord"),
             "wear_out": tr("wear-out"), NO_CAUSE: tr("no known defect")}
    return names.get(cause, cause.replace("_", " "))


def next_step(disposition: Disposition, serial: str) -> str:
    """Return what the operator does with the unit now."""
    if disposition.action is Action.PACK:
        return tr("%1 passed: label and pack it.").replace("%1", serial)
    if disposition.action is Action.REPAIR:
        return tr("Send %1 to repair.").replace("%1", serial)
    if disposition.action is Action.RETEST:
        left = disposition.retests_left
        if left is None:
            return tr("Reseat %1 on the fixture and retest it.").replace("%1", serial)
        return tr("Reseat %1 on the fixture and retest it (retests left: %2).") \
            .replace("%1", serial).replace("%2", str(left))
    if disposition.message.startswith("The rig could not test"):
        return tr("The rig could not test %1: fix the station, then test it again (not a retest).") \
            .replace("%1", serial)
    return tr("%1 was not judged: test it again when ready.").replace("%1", serial)


def refusal(check: SerialCheck) -> str:
    """Return why a scan was refused, from its code; the core's own words for an unknown code."""
    a = check.args
    templates = {
        "no_serial": lambda: tr("No serial scanned."),
        "not_this_product": lambda: tr("%1 is not a serial of the %2 (expected the form %3). "
                                       "Check the product and scan again."),
        "retests_used": lambda: tr("%1 has failed %2 times: send it to %3, do not test it again."),
        "mixed_product": lambda: tr("Batch %2 holds %3 units; one product per batch: "
                                    "start a new batch for the %4."),
        "certified": lambda: tr("Batch %2 is closed: certificate %3 was issued for it. "
                                "Test %1 into a new batch, e.g. a rework batch."),
        "calibration_due": lambda: tr("%1: calibration was due on %2; have it recalibrated before testing."),
        "station_fault": lambda: tr("Check the station, then press Reconnect: %1."),
        "unknown_product": lambda: tr("Unknown product %1."),
    }
    if check.code not in templates:
        return check.message
    text = templates[check.code]()
    for number, value in enumerate(a, start=1):
        text = text.replace(f"%{number}", value)
    return text


def shift_line(figures: ShiftFigures) -> str:
    """Return the shift's one line: first-pass yield, units, and runs by verdict."""
    fpy = figures.first_pass_yield
    fpy_text = "—" if fpy is None else f"{100.0 * fpy:.0f} %"
    counts = ", ".join(f"{figures.verdicts.get(v, 0)} {verdict_word(v)}" for v in Verdict)
    text = tr("First-pass yield today %1 (%2/%3 units); runs: %4").replace("%1", fpy_text) \
        .replace("%2", str(figures.first_pass)).replace("%3", str(figures.units)).replace("%4", counts)
    if figures.carried_over:
        text += tr("; %1 retested from before").replace("%1", str(figures.carried_over))
    return text


def role_name(role: str) -> str:
    """Return a user role as the screen names it."""
    return {"technician": tr("technician"), "engineer": tr("engineer"),
            "administrator": tr("administrator")}.get(role, role)

"""The printable repair ticket of a FAIL whose cause reseating cannot cure."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from instruments.station_config import SignalChannel
from rig.diagnosis.model import cause_words, describe
from rig.diagnosis.telling import telling_plot
from rig.diagnosis.ticket_chart import plot_drawing
from rig.model import RunSummary
from rig.records.reader import read_record
from rig.specs.diagnosis_section import DesignValue

FITTED_ROWS = (("R_ohm", "winding resistance R (25 degC)", "ohm"), ("Ke_Vs_rad", "motor constant Ke", "V.s/rad"),
               ("I0_A", "no-load current I0", "A"), ("b_Nms_rad", "viscous friction b", "N.m.s/rad"),
               ("J_kgm2", "rotor inertia J (from the spin-up)", "kg.m^2"))


def ticket_path_for(record_path: Path | str) -> Path:
    """Return where a record's repair ticket goes: beside it, ``<serial>_<run id>.repair.pdf``."""
    path = Path(record_path)
    return path.with_name(path.name.removesuffix(".partial").removesuffix(".h5") + ".repair.pdf")


def write_repair_ticket(summary: RunSummary, *, signals: Mapping[str, SignalChannel],
                        model: Mapping[str, DesignValue], current_limit_a: float) -> Path:
    """Write the ticket of a diagnosed FAIL beside its record; return the PDF's path."""
    if summary.diagnosis is None:
        raise ValueError(f"run {summary.run_id} has no diagnosis: a repair ticket needs a cause")
    target = ticket_path_for(summary.record_path)
    pdf = render_ticket(summary, signals=signals, model=model, current_limit_a=current_limit_a)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_bytes(pdf)
    temporary.replace(target)
    return target


def render_ticket(summary: RunSummary, *, signals: Mapping[str, SignalChannel],
                  model: Mapping[str, DesignValue], current_limit_a: float) -> bytes:
    """Return the ticket as PDF bytes: unit, cause, evidence, the telling signal, the fitted model."""
    d = summary.diagnosis
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=f"Repair ticket {summary.serial}")
    story = [Paragraph(f"Repair ticket: {escape(summary.serial)}", styles["Title"]),
             _header_table(summary), Spacer(1, 5 * mm),
             Paragraph(f"Probable cause: <b>{escape(describe(d))}</b>", styles["Heading2"])]
    if d.runner_up:
        story.append(Paragraph(f"If that is not it, check next: {escape(cause_words(d.runner_up))}.",
                               styles["Normal"]))
    story.append(Paragraph("Evidence", styles["Heading3"]))
    story += [Paragraph(f"&bull; {escape(line)}", styles["Normal"]) for line in d.evidence]
    failed = ", ".join(f"{m.name} = {m.value:.4g} {m.unit}" for m in summary.failed_measurements)
    if failed:
        story.append(Paragraph(f"Out of limits: {escape(failed)}", styles["Normal"]))
    plot = telling_plot(summary, read_record(summary.record_path), signals, model, current_limit_a)
    if plot is not None:
        story += [Spacer(1, 4 * mm), plot_drawing(plot)]
    if d.fitted:
        story += [Paragraph("Motor model fitted to this unit", styles["Heading3"]), _fitted_table(d.fitted, model)]
    doc.build(story)
    return buffer.getvalue()


def _grid(rows: list[list[str]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 8.5),
                               ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                               ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.93, 0.93, 0.93))]))
    return table


def _header_table(summary: RunSummary) -> Table:
    rows = [["serial", summary.serial, "product", summary.product],
            ["run", summary.run_id, "finished", summary.finished_at[:19].replace("T", " ")],
            ["station", summary.station, "operator", summary.operator or "-"],
            ["spec", f"{summary.spec_id} r{summary.spec_revision}", "verdict", summary.verdict.value]]
    return _grid(rows, [22 * mm, 62 * mm, 22 * mm, 62 * mm])


def _fitted_table(fitted: Mapping[str, float], model: Mapping[str, DesignValue]) -> Table:
    rows = [["parameter", "fitted", "+/- 1 sigma", "design"]]
    for key, label, unit in FITTED_ROWS:
        if key in fitted:
            sigma = fitted.get(f"{key}_sigma")
            rows.append([label, f"{fitted[key]:.4g} {unit}", f"{sigma:.2g}" if sigma is not None else "-",
                         f"{model[key].nominal:.4g} +/- {100 * model[key].spread:.0f} %"])
    return _grid(rows, [55 * mm, 40 * mm, 28 * mm, 45 * mm])

"""Lay out a certificate of conformance as PDF pages (reportlab platypus)."""

from __future__ import annotations

import io
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from rig.certificates.chart import measurement_chart
from rig.certificates.content import CertificateContent
from rig.certificates.manifest import MANIFEST_NAME

MARGIN = 16 * mm
_INK = colors.Color(0.12, 0.16, 0.22)
_RULE = colors.Color(0.55, 0.6, 0.68)
_SHADE = colors.Color(0.93, 0.94, 0.96)
_MONO = "Courier"


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName="Helvetica", fontSize=8.5,
                          leading=11, textColor=_INK)
    return {
        "title": ParagraphStyle("title", parent=body, fontName="Helvetica-Bold", fontSize=17,
                                leading=21),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=9.5, leading=12),
        "number": ParagraphStyle("number", parent=body, fontName="Helvetica-Bold", fontSize=10.5,
                                 leading=13, alignment=TA_RIGHT),
        "h2": ParagraphStyle("h2", parent=body, fontName="Helvetica-Bold", fontSize=10,
                             leading=13, spaceBefore=7, spaceAfter=3),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5),
        "mono": ParagraphStyle("mono", parent=body, fontName=_MONO, fontSize=7.5, leading=9.5),
        "cell": ParagraphStyle("cell", parent=body, fontSize=7.5, leading=9),
    }


def _grid(rows: list[list], widths: list[float], *, header: int = 0,
          font_size: float = 7.5, mono_columns: tuple[int, ...] = ()) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=header, hAlign="LEFT")
    commands = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", font_size),
        ("TEXTCOLOR", (0, 0), (-1, -1), _INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, -1), (-1, -1), 0.4, _RULE),
    ]
    for column in mono_columns:
        commands.append(("FONT", (column, header), (column, -1), _MONO, font_size - 0.5))
    if header:
        commands += [("FONT", (0, 0), (-1, 0), "Helvetica-Bold", font_size),
                     ("BACKGROUND", (0, 0), (-1, 0), _SHADE),
                     ("LINEBELOW", (0, 0), (-1, 0), 0.6, _RULE)]
    else:
        commands += [("FONT", (0, 0), (0, -1), "Helvetica-Bold", font_size),
                     ("LINEABOVE", (0, 0), (-1, 0), 0.4, _RULE)]
    table.setStyle(TableStyle(commands))
    return table


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:#.4g}"  # '#' keeps trailing zeros: 2.320


def _limit_text(content: CertificateContent, key: str) -> str:
    limits = content.key_limits[key]
    low = "" if limits.low is None else f"{limits.low:g}"
    high = "" if limits.high is None else f"{limits.high:g}"
    return f"{low}..{high}" if low and high else (f">= {low}" if low else f"<= {high}")


class _NumberedCanvas(Canvas):
    """A canvas that writes "page x of y" and the certificate number on every page."""

    certificate_number = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        width, _ = A4
        self.setStrokeColor(_RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN, 12 * mm, width - MARGIN, 12 * mm)
        self.setFont("Helvetica", 7)
        self.setFillColor(_INK)
        self.drawString(MARGIN, 8.5 * mm, f"Certificate of conformance {self.certificate_number}")
        self.drawRightString(width - MARGIN, 8.5 * mm, f"Page {self._pageNumber} of {total}")


def render_pdf(content: CertificateContent) -> bytes:
    """Return the certificate as PDF bytes (without the embedded manifest)."""
    buffer = io.BytesIO()
    manifest = content.manifest
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=18 * mm, title=f"Certificate of conformance {manifest.number}",
        author=content.issuer_name, subject=f"Batch {manifest.batch}",
        creator=content.certifying_software,
    )
    canvas_class = type("CertificateCanvas", (_NumberedCanvas,),
                        {"certificate_number": manifest.number})
    styles = _styles()
    story = _first_page(content, styles, document.width)
    story += [PageBreak()]
    story += _unit_pages(content, styles, document.width)
    document.build(story, canvasmaker=canvas_class)
    return buffer.getvalue()


def _first_page(content: CertificateContent, s: dict, width: float) -> list:
    m, p = content.manifest, content.product
    issued = datetime.fromisoformat(m.issued_at)
    head = Table([[Paragraph("Certificate of Conformance", s["title"]),
                   Paragraph(m.number, s["number"])],
                  [Paragraph(f"{p.maker or 'Maker not recorded'} - practitioner trial units",
                             s["subtitle"]),
                   Paragraph(f"Date of issue {issued:%Y-%m-%d}", s["small"])]],
                 colWidths=[width * 0.68, width * 0.32], hAlign="LEFT")
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                              ("LINEBELOW", (0, -1), (-1, -1), 1.2, _INK)]))
    half = (width - 6) / 2
    facts = _grid([
        ["Maker", p.maker or "-", "Batch", m.batch],
        ["Product", p.name or m.product, "Units in the lot", str(content.lot_size)],
        ["Model", p.model or "-", "Units certified", str(len(content.units))],
        ["Specification", f"{m.spec_id}, revision {m.spec_revision}", "Units excluded",
         str(len(content.excluded))],
    ], [half * 0.3, half * 0.7, half * 0.45, half * 0.55 + 6])
    spec_hash = Paragraph(f"Specification SHA-256: <font face='{_MONO}'>{m.spec_sha256}</font>",
                          s["small"])
    digest = Paragraph(f"Batch digest: <font face='{_MONO}'>{m.digest}</font>", s["small"])
    excluded = (f"; {len(content.excluded)} unit(s) excluded with a recorded reason"
                if content.excluded else "")
    result = Paragraph(f"End-of-line test: all {len(content.units)} certified units PASS on their "
                       f"latest attempt{excluded}. The unit list, the instruments and the "
                       f"record hashes follow on the next page(s).", s["small"])
    story = [head, Spacer(1, 8), facts, Spacer(1, 3), spec_hash, digest, Spacer(1, 2), result]
    story += _sampling_section(content, s, width)
    story += _chart_section(content, s, width)
    story += [Paragraph("Statement of conformance", s["h2"]), Paragraph(content.statement, s["body"])]
    story.append(_signature_block(content, s, width, issued))
    return story


def _sampling_section(content: CertificateContent, s: dict, width: float) -> list:
    story = [Paragraph("Sampled tests: thermal rise and durability", s["h2"])]
    if content.sampling is None:
        return story + [Paragraph("No sampling plan applies to a lot of one unit.", s["body"])]
    plan = content.sampling.plan
    rows = [
        ["Plan", f"ANSI/ASQ Z1.4, normal inspection, single sampling, general inspection level "
                 f"{plan.inspection_level}"],
        ["AQL", f"{plan.aql_percent:g} % nonconforming (chosen for the sampled tests)"],
        ["Lot size / code letter", f"{plan.lot_size} units / {plan.code_letter}"
                                   + _arrow_note(plan)],
        ["Sample size, Ac / Re", f"{plan.sample_size}"
                                 + (" (100 % inspection)" if plan.hundred_percent else "")
                                 + f", accept with {plan.accept} failed, reject with {plan.reject}"],
        ["Result", content.sampling.describe()],
    ]
    return story + [_grid([[a, Paragraph(b, s["cell"])] for a, b in rows], [96, width - 96])]


def _arrow_note(plan) -> str:
    if plan.plan_code_letter == plan.code_letter:
        return ""
    way = "down" if plan.plan_code_letter > plan.code_letter else "up"
    return (f" (Table II-A points {way} to the plan of letter {plan.plan_code_letter}, "
            f"{plan.table_sample_size} units)")


def _chart_section(content: CertificateContent, s: dict, width: float) -> list:
    if not content.key_measurements:
        return []
    key = content.key_measurements[0]
    values = [unit.values.get(key) for unit in content.units]
    chart = measurement_chart(key, content.key_units[key], values, content.key_limits[key],
                              width_pt=width, height_pt=150)
    return [Spacer(1, 6), chart]


def _signature_block(content: CertificateContent, s: dict, width: float,
                     issued: datetime) -> KeepTogether:
    note = Paragraph(content.signature_note, s["small"]) if content.signature_note else ""
    rows = [
        ["Issued by", content.issuer_name, "Signature", note],
        ["Role", content.issuer_role, "Date", f"{issued:%Y-%m-%d %H:%M} UTC"],
    ]
    table = Table(rows, colWidths=[60, width / 2 - 60, 60, width / 2 - 60],
                  rowHeights=[40 if note else 26, 16], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "Helvetica", 8.5),
        ("FONT", (0, 0), (0, -1), "Helvetica-Bold", 8.5),
        ("FONT", (2, 0), (2, -1), "Helvetica-Bold", 8.5),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LINEBELOW", (3, 0), (3, 0), 0.6, _INK),
        ("BOX", (0, 0), (-1, -1), 0.6, _RULE),
    ]))
    return KeepTogether([Spacer(1, 8), table])


def _unit_pages(content: CertificateContent, s: dict, width: float) -> list:
    story = [Paragraph(f"Units certified ({len(content.units)})", s["h2"])]
    story.append(_unit_table(content, width))
    if content.excluded:
        story += [Paragraph(f"Units excluded ({len(content.excluded)})", s["h2"]),
                  _grid([["Serial", "Final verdict", "Reason recorded by the issuer"]]
                        + [[serial, verdict, Paragraph(reason, s["cell"])]
                           for serial, verdict, reason in content.excluded],
                        [70, 60, width - 130], header=1)]
    story += _station_section(content, s, width)
    story += _evidence_section(content, s, width)
    return story


def _unit_table(content: CertificateContent, width: float) -> Table:
    keys = content.key_measurements
    header = ["#", "Serial", "Verdict", "Sampled"]
    header += ["\n".join(k.split(".", 1)) + f"\n({content.key_units[k]})" for k in keys]
    header += ["Record SHA-256 (HDF5 file)"]
    limits = ["", "", "", "limits", *[_limit_text(content, k) for k in keys], ""]
    rows = [header, limits]
    for number, unit in enumerate(content.units, start=1):
        rows.append([str(number), unit.serial, unit.verdict, "yes" if unit.sampled else "",
                     *[_fmt(unit.values.get(k)) for k in keys], unit.record_sha256])
    sha_width = 64 * 0.6 * 6.0 + 8  # Courier is 0.6 em wide
    fixed = [16, 52, 30, 30]
    key_width = (width - sum(fixed) - sha_width) / max(len(keys), 1)
    table = _grid(rows, fixed + [key_width] * len(keys) + [sha_width], header=2,
                  font_size=6.5, mono_columns=(len(rows[0]) - 1,))
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 6),
                               ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                               ("FONT", (0, 1), (-1, 1), "Helvetica-Oblique", 6),
                               ("BACKGROUND", (0, 1), (-1, 1), _SHADE),
                               ("FONT", (-1, 2), (-1, -1), _MONO, 6),
                               ("ALIGN", (4, 0), (-2, -1), "RIGHT"),
                               ("ROWBACKGROUNDS", (0, 2), (-1, -1), [None, _SHADE])]))
    return table


def _station_section(content: CertificateContent, s: dict, width: float) -> list:
    story = [CondPageBreak(60), Paragraph("Station, instruments and software", s["h2"]),
             Paragraph(f"Station(s): {', '.join(content.station_names) or '-'}. "
                       f"Test software version(s): {', '.join(content.software_versions) or '-'}. "
                       f"Certificate issued with {content.certifying_software}.", s["body"]),
             Spacer(1, 3)]
    rows = [["Role", "Make and model", "Serial", "Firmware", "Calibration due"]]
    rows += [[i["role"], Paragraph(f"{i['make']} {i['model']}".strip(), s["cell"]), i["serial"],
              Paragraph(i["firmware"], s["cell"]), i["calibration_due"] or "n/a"]
             for i in content.instruments]
    if len(rows) == 1:
        rows.append(["-", "no instrument identities recorded", "", "", ""])
    story.append(_grid(rows, [58, 138, 70, width - 336, 70], header=1))
    return story


def _evidence_section(content: CertificateContent, s: dict, width: float) -> list:
    m = content.manifest
    text = (
        "Each unit's record file is listed above with its SHA-256. The batch digest is the "
        "SHA-256 of the lines <font face='Courier'>serial record-sha256 spec-sha256</font> of "
        "the certified units, sorted by serial, each ending in a newline. A machine-readable "
        f"manifest ({MANIFEST_NAME}, attached to this PDF) lists every record of the batch, "
        "earlier attempts included. <font face='Courier'>rig cert verify</font> re-reads the "
        "records and names any unit whose data changed, went missing or was added.")
    return [CondPageBreak(80), Paragraph("Tamper evidence", s["h2"]), Paragraph(text, s["body"]),
            Spacer(1, 3),
            Paragraph(f"Batch digest: <font face='{_MONO}'>{m.digest}</font>", s["body"]),
            Paragraph(f"Records in the manifest: {len(m.records)} "
                      f"({len(m.certified)} certified)", s["body"])]

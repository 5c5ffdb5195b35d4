"""The PDF of an intervention report, the paper the school keeps.

A4, one column: who came, when, what was done, the devices touched and what
became of them, parts used, times, the photos (already resized, two a row)
and the sign-off (the signature as drawn, or "nobody available"). Pure:
plain values in, bytes out; the caller chooses the language
(`translation.override`), the labels are translated here.

fpdf2's core font (Helvetica) keeps the file small (no embedded font); it
speaks Latin-1, which covers German and French — other characters get their
plain forms, as on the QR labels.
"""

import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from fpdf import FPDF

from pupitre.equipment.labels import latin1

PAGE_W = 210.0
MARGIN = 15.0
TEXT_W = PAGE_W - 2 * MARGIN
PHOTO_W = (TEXT_W - 6) / 2
PHOTO_MAX_H = 70.0


@dataclass(frozen=True)
class DeviceLine:
    name: str
    serial: str
    outcome: str
    new_serial: str = ""
    note: str = ""


@dataclass(frozen=True)
class ReportSheet:
    ticket_number: str
    school: str
    site: str
    address: str
    technician: str
    visit_day: str
    arrived: str
    left: str
    minutes_on_site: int
    minutes_travel: int
    work_done: str
    parts_used: str
    devices: list[DeviceLine] = field(default_factory=list)
    # JPEG bytes with their size in pixels: (content, width, height).
    photos: list[tuple[bytes, int, int]] = field(default_factory=list)
    signed_by: str = ""
    signature_png: bytes | None = None
    nobody_available: bool = False
    written: str = ""
    outcome: str = ""


def _duration(minutes: int) -> str:
    hours, rest = divmod(max(0, minutes), 60)
    return f"{hours} h {rest:02d}" if hours else _("%(minutes)d min") % {"minutes": rest}


class _Sheet(FPDF):
    footer_text = ""

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.set_text_color(90, 90, 90)
        self.cell(TEXT_W / 2, 5, self.footer_text)
        self.cell(TEXT_W / 2, 5, f"{self.page_no()} / {{nb}}", align="R")
        self.set_text_color(0, 0, 0)


def report_pdf(sheet: ReportSheet) -> bytes:
    pdf = _Sheet(orientation="P", unit="mm", format="A4")
    pdf.alias_nb_pages()
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=18)
    title = _("Intervention report — request %(number)s") % {"number": sheet.ticket_number}
    pdf.set_title(latin1(title))
    pdf.set_creator("Pupitre")
    pdf.footer_text = latin1(sheet.written)
    pdf.add_page()

    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(TEXT_W, 7, latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    def row(label: str, value: str) -> None:
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(45, 6, latin1(label))
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(TEXT_W - 45, 6, latin1(value or "-"), new_x="LMARGIN", new_y="NEXT")

    def heading(text: str) -> None:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(TEXT_W, 7, latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(160, 160, 160)
        pdf.line(MARGIN, pdf.get_y(), PAGE_W - MARGIN, pdf.get_y())
        pdf.ln(1.5)

    def paragraph(text: str) -> None:
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(TEXT_W, 5.5, latin1(text or "-"), new_x="LMARGIN", new_y="NEXT")

    row(_("School"), sheet.school)
    row(_("Site"), sheet.site)
    row(_("Address"), sheet.address)
    row(_("Technician"), sheet.technician)
    row(_("Visit"), sheet.visit_day)
    row(_("Arrived – left"), f"{sheet.arrived} – {sheet.left}")
    row(_("Time on site"), _duration(sheet.minutes_on_site))
    row(_("Travel time"), _duration(sheet.minutes_travel))
    if sheet.outcome:
        row(_("Outcome"), sheet.outcome)

    heading(_("Work done"))
    paragraph(sheet.work_done)

    heading(_("Devices"))
    if not sheet.devices:
        paragraph(_("No device was touched."))
    for device in sheet.devices:
        pdf.set_font("Helvetica", "B", 10)
        pdf.multi_cell(
            TEXT_W,
            5.5,
            latin1("{} — {}".format(device.name, device.serial or "-")),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_font("Helvetica", size=10)
        text = device.outcome
        if device.new_serial:
            text += " — " + _("new serial number: %(serial)s") % {"serial": device.new_serial}
        if device.note:
            text += " — " + device.note
        pdf.multi_cell(TEXT_W, 5.5, latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    heading(_("Parts used"))
    paragraph(sheet.parts_used or _("None."))

    if sheet.photos:
        heading(_("Photos"))
        for index, (content, width, height) in enumerate(sheet.photos):
            w = PHOTO_W
            h = w * height / width if width else PHOTO_MAX_H
            if h > PHOTO_MAX_H:
                w, h = PHOTO_MAX_H * width / height, PHOTO_MAX_H
            column = index % 2
            if column == 0:
                if pdf.get_y() + PHOTO_MAX_H > pdf.h - 20:
                    pdf.add_page()
                top = pdf.get_y()
            x = MARGIN + column * (PHOTO_W + 6)
            pdf.image(io.BytesIO(content), x=x, y=top, w=w, h=h)
            if column == 1 or index == len(sheet.photos) - 1:
                pdf.set_y(top + PHOTO_MAX_H + 3)

    heading(_("Sign-off by the school"))
    if sheet.nobody_available:
        paragraph(_("Nobody from the school was available to sign."))
    else:
        row(_("Name"), sheet.signed_by)
        if sheet.signature_png:
            if pdf.get_y() + 35 > pdf.h - 20:
                pdf.add_page()
            pdf.image(io.BytesIO(sheet.signature_png), x=MARGIN, y=pdf.get_y() + 1, h=30)
            pdf.set_y(pdf.get_y() + 33)
    return bytes(pdf.output())

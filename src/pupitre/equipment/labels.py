"""QR labels: an A4 sheet of 3 × 8 stickers (70 × 37 mm), one per device.

Each QR code holds the device's short, stable address (`<base>/d/<code>`).
The text beside it is left-aligned: justified, the narrow column showed
gaps between the words. The QR code is computed by segno and drawn as vector rectangles by fpdf2
(no raster image: sharp at any printer resolution, and a small file).
"""

import unicodedata
from collections.abc import Callable, Iterable

import segno
from fpdf import FPDF

PAGE_W, PAGE_H = 210.0, 297.0
COLUMNS, ROWS = 3, 8
LABEL_W, LABEL_H = 70.0, 37.0
MARGIN_TOP = (PAGE_H - ROWS * LABEL_H) / 2
QR_SIZE = 31.0
PADDING = 3.0


# What the core font cannot print, written as people write it by hand:
# typographic quotes and dashes, "œ" (Sœurs, Œuvre), the euro sign.
_PLAIN = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "…": "...",
     "œ": "oe", "Œ": "OE", "€": "EUR"}
)  # fmt: skip


def _latin1(text: str) -> str:
    """The PDF's core font speaks Latin-1 only: the characters above get
    their plain forms, other letters lose their accents (ő -> o, č -> c),
    anything else becomes a '?'."""
    return "".join(ch if ord(ch) < 256 else _unaccented(ch) for ch in text.translate(_PLAIN))


# Public name: other printed sheets (the on-site report) use the same rule.
latin1 = _latin1


def _unaccented(ch: str) -> str:
    base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
    return base or "?"


def _draw_qr(pdf: FPDF, data: str, x: float, y: float, size: float) -> None:
    qr = segno.make(data, error="m")
    rows = list(qr.matrix_iter(scale=1, border=2))
    module = size / len(rows)
    for row_index, row in enumerate(rows):
        start = None
        for col, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                # One rectangle per run of dark modules keeps the file small.
                pdf.rect(
                    x + start * module,
                    y + row_index * module,
                    (col - start) * module,
                    module,
                    style="F",
                )
                start = None


def label_sheet(
    *,
    school_name: str,
    devices: Iterable,
    url_for: Callable[[object], str],
    heading: str,
    phone: str,
) -> bytes:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_title(_latin1(school_name))
    pdf.set_fill_color(0, 0, 0)
    devices = list(devices)
    per_page = COLUMNS * ROWS
    for index, device in enumerate(devices):
        if index % per_page == 0:
            pdf.add_page()
        slot = index % per_page
        x = (slot % COLUMNS) * LABEL_W
        y = MARGIN_TOP + (slot // COLUMNS) * LABEL_H
        _draw_qr(pdf, url_for(device), x + 1.5, y + (LABEL_H - QR_SIZE) / 2, QR_SIZE)
        text_x = x + QR_SIZE + PADDING
        width = LABEL_W - QR_SIZE - PADDING - 2
        pdf.set_xy(text_x, y + PADDING)
        pdf.set_font("Helvetica", "B", 7)
        pdf.multi_cell(width, 3.2, _latin1(heading), align="L")
        pdf.set_x(text_x)
        pdf.set_font("Helvetica", "", 6.5)
        pdf.multi_cell(width, 3, _latin1(f"{device.model}"), align="L")
        pdf.set_x(text_x)
        pdf.set_font("Helvetica", "B", 7)
        pdf.multi_cell(width, 3.2, _latin1(f"S/N {device.serial}"), align="L")
        if device.asset_tag:
            pdf.set_x(text_x)
            pdf.multi_cell(width, 3.2, _latin1(device.asset_tag), align="L")
        pdf.set_font("Helvetica", "", 6)
        pdf.set_xy(text_x, y + LABEL_H - 2 * PADDING - 3)
        pdf.multi_cell(width, 2.8, _latin1(f"{school_name[:40]}\n{phone}"), align="L")
    if not devices:
        pdf.add_page()
    return bytes(pdf.output())

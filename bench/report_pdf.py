#!/usr/bin/env python
"""Size and time of an on-site report's PDF, with 0, 1, 3 and 10 photos.

    .venv/bin/python bench/report_pdf.py

Each photo is a 4000 × 3000 phone picture resized as the report form does
(onsite/photos.py: 1,600 px, JPEG without metadata), each one different;
times are the median of 5 runs of `report_pdf` (the PDF only), and of the
photo resizing separately.
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pupitre.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-key-not-a-secret")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402
from PIL import Image  # noqa: E402

from pupitre.onsite.photos import resize_photo  # noqa: E402
from pupitre.onsite.report_pdf import DeviceLine, ReportSheet, report_pdf  # noqa: E402


def phone_photos(count: int) -> tuple[list[tuple[bytes, int, int]], float]:
    base = Image.effect_mandelbrot((4000, 3000), (-2, -1.5, 1, 1.5), 80).convert("RGB")
    photos, seconds = [], []
    for index in range(count):
        image = base.copy()
        image.paste((200, 30, 30), (index * 300, index * 200, index * 300 + 400, index * 200 + 400))
        raw = io.BytesIO()
        image.save(raw, "JPEG", quality=92)
        started = time.perf_counter()
        photo = resize_photo(raw.getvalue())
        seconds.append(time.perf_counter() - started)
        photos.append((photo.content, photo.width, photo.height))
    return photos, statistics.median(seconds)


def signature() -> bytes:
    image = Image.new("L", (900, 300), 255)
    image.paste(0, (60, 150, 800, 158))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def main() -> int:
    photos, resize_s = phone_photos(10)
    print(f"photo resizing (4000x3000 JPEG -> 1600 px): median {resize_s * 1000:.0f} ms")
    with translation.override("fr"):
        for count in (0, 1, 3, 10):
            sheet = ReportSheet(
                ticket_number="2026-000042",
                school="Athénée royal de Namur",
                site="Implantation Saint-Servais",
                address="Rue de l'École 1, 5000 Namur",
                technician="Tom Technicien",
                visit_day="mardi 8 décembre 2026",
                arrived="09:05",
                left="10:20",
                minutes_on_site=75,
                minutes_travel=35,
                work_done="Lampe du projecteur remplacée, câble HDMI testé. " * 5,
                parts_used="1 lampe ELPLP96\n1 câble HDMI 5 m",
                devices=[DeviceLine("Epson EB-725", "SN000123", "Remplacé", "SN999")],
                photos=photos[:count],
                signed_by="Claire Dubois",
                signature_png=signature(),
            )
            report_pdf(sheet)
            runs = []
            for _ in range(5):
                started = time.perf_counter()
                content = report_pdf(sheet)
                runs.append(time.perf_counter() - started)
            print(
                f"{count:>2} photos: {len(content) / 1024:7.0f} KiB, "
                f"median {statistics.median(runs) * 1000:5.1f} ms"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

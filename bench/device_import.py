"""Import of a 50,000-row delivery list, as CSV and as XLSX.

    DATABASE_URL=sqlite:////tmp/bench-import.sqlite3 .venv/bin/python bench/device_import.py

Creates the schools and sites the rows refer to (if missing), writes the two
files, then for each: a dry run (reading + checking against the registry),
the import itself, and a second import of the same file (nothing changes).
Prints the time of each step. Target: every import of 50,000 rows under 60 s.
The database must be migrated (`manage.py migrate`); devices it creates
carry the serial prefix BENCH-, and are deleted first.
"""

import argparse
import io
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pupitre.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from pupitre.accounts.models import Role, User  # noqa: E402
from pupitre.equipment.models import Device  # noqa: E402
from pupitre.equipment.services import device_import_apply, device_import_preview  # noqa: E402
from pupitre.schools.models import School, Site  # noqa: E402

HEADERS = [
    "Numéro de série",
    "Numéro d'inventaire",
    "Fabricant",
    "Modèle",
    "Catégorie",
    "École",
    "Implantation",
    "Provenance",
    "Financement",
    "Référence",
    "Date de livraison",
    "Fin de garantie",
]
MODELS = [
    ("HP", "ProBook 450 G10", "laptop"),
    ("Apple", "iPad (10th generation)", "tablet"),
    ("Promethean", "ActivPanel 9", "interactive_display"),
    ("Epson", "EB-L210SF", "projector"),
]


def ensure_schools(count: int) -> list[tuple[str, str]]:
    existing = list(
        School.objects.filter(official_number__startswith="B").values_list(
            "official_number", flat=True
        )
    )
    new = [
        School(
            official_number=f"B{n:05d}",
            name=f"École bench {n}",
            language="fr",
            school_type="secondary",
        )
        for n in range(len(existing), count)
    ]
    School.objects.bulk_create(new)
    schools = {s.official_number: s for s in School.objects.filter(official_number__startswith="B")}
    Site.objects.bulk_create(
        [
            Site(
                school=s,
                official_number=f"BI{s.official_number[1:]}",
                name=s.name,
                street="Rue 1",
                postal_code="5000",
                city="Namur",
                region="namur",
            )
            for s in schools.values()
            if not s.sites.exists()
        ]
    )
    return [(n, f"BI{n[1:]}") for n in sorted(schools)]


def rows(count: int, schools) -> list[list]:
    rng = random.Random(5)
    out = []
    for n in range(count):
        school, site = schools[n % len(schools)]
        manufacturer, model, category = MODELS[n % len(MODELS)]
        delivered = date(2018, 1, 1) + timedelta(days=rng.randint(0, 3000))
        out.append(
            [
                f"BENCH-{n:07d}",
                f"EN-{n:07d}",
                manufacturer,
                model,
                category,
                school,
                site,
                "market_central",
                "wallonia_programme",
                f"AAP-{delivered.year}-001",
                delivered.strftime("%d/%m/%Y"),
                (delivered + timedelta(days=1095)).strftime("%d.%m.%Y"),
            ]
        )
    return out


def csv_file(data) -> bytes:
    lines = [";".join(HEADERS)] + [";".join(row) for row in data]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def xlsx_file(data) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for row in data:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def timed(label, fn):
    started = time.perf_counter()
    result = fn()
    print(f"  {label:<34} {time.perf_counter() - started:6.1f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--schools", type=int, default=3_350)
    args = parser.parse_args()
    admin, _ = User.objects.get_or_create(
        email="bench-import@pupitre.example",
        defaults={"full_name": "Bench import", "role": Role.ADMINISTRATOR},
    )
    schools = ensure_schools(args.schools)
    data = rows(args.rows, schools)
    print(f"{args.rows} rows, {len(schools)} schools, database {django.db.connection.vendor}")
    for kind, content in (("CSV", csv_file(data)), ("XLSX", xlsx_file(data))):
        Device.objects.filter(serial__startswith="BENCH-").delete()
        name = f"delivery.{kind.lower()}"
        print(f"{kind} ({len(content) / 1e6:.1f} MB)")
        total = time.perf_counter()
        record, plan = timed(
            "dry run (read + check)",
            lambda c=content, n=name: device_import_preview(
                by=admin, upload=SimpleUploadedFile(n, c)
            ),
        )
        assert plan.rejected == 0 and len(plan.create) == args.rows, (
            plan.rejected,
            plan.problems[:3],
        )
        timed(
            "import (read + check + write)",
            lambda r=record: device_import_apply(device_import=r, by=admin, mode="all"),
        )
        print(f"  {'upload to imported, total':<34} {time.perf_counter() - total:6.1f} s")
        record, _ = device_import_preview(by=admin, upload=SimpleUploadedFile(name, content))
        plan = timed(
            "same file again (nothing changes)",
            lambda r=record: device_import_apply(device_import=r, by=admin, mode="all"),
        )
        assert not plan.create and not plan.update
    Device.objects.filter(serial__startswith="BENCH-").delete()


if __name__ == "__main__":
    main()

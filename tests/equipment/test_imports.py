"""Delivery lists: real CSV and XLSX files, every encoding, delimiter and
date format, rejected rows with line, column and reason, all or nothing."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from pupitre.accounts.models import Role
from pupitre.core.errors import DomainError
from pupitre.equipment import services
from pupitre.equipment.models import Device, DeviceImport, ImportStatus
from pupitre.equipment.services import device_import_apply, device_import_preview

from ..factories import make_device, make_school, make_user

HEADERS = {
    "en": [
        "Serial number",
        "Asset tag",
        "Manufacturer",
        "Model",
        "Category",
        "School",
        "Provenance",
        "Funding",
        "Delivery date",
        "Warranty end",
    ],
    "fr": [
        "Numéro de série",
        "Numéro d'inventaire",
        "Fabricant",
        "Modèle",
        "Catégorie",
        "École",
        "Provenance",
        "Financement",
        "Date de livraison",
        "Fin de garantie",
    ],
    "de": [
        "Seriennummer",
        "Inventarnummer",
        "Hersteller",
        "Modell",
        "Kategorie",
        "Schule",
        "Herkunft",
        "Finanzierung",
        "Lieferdatum",
        "Garantieende",
    ],
}


@pytest.fixture
def admin(db):
    return make_user(role=Role.ADMINISTRATOR, language="fr")


@pytest.fixture
def schools(db):
    return make_school(language="fr"), make_school(language="de")


def rows_for(schools, delivered="15/03/2024", warranty="15/03/2027"):
    fr, de = schools
    return [
        [
            "PF4AAA001",
            "EN-1",
            "Lenovo",
            "ThinkPad L14 Gen 4",
            "laptop",
            fr.official_number,
            "market_central",
            "wallonia_programme",
            delivered,
            warranty,
        ],
        [
            "H6WBBB002",
            "",
            "Apple",
            "iPad (10th generation)",
            "Tablette",
            de.official_number,
            "Zentrale Beschaffungsstelle",
            "Eigenmittel",
            delivered,
            "",
        ],
    ]


def csv_bytes(headers, rows, *, delimiter=",", encoding="utf-8", bom=False) -> bytes:
    text = "\r\n".join(delimiter.join(cells) for cells in [headers, *rows]) + "\r\n"
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(headers, rows) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def preview(admin, content, name="livraison.csv"):
    return device_import_preview(by=admin, upload=SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("language", "delimiter", "encoding", "bom"),
    [
        ("en", ",", "utf-8", False),
        ("fr", ";", "utf-8", True),
        ("fr", ";", "cp1252", False),
        ("de", ";", "cp1252", False),
        ("de", ",", "utf-8", True),
    ],
)
def test_csv_in_every_encoding_delimiter_and_header_language_imports(
    admin, schools, language, delimiter, encoding, bom
):
    content = csv_bytes(
        HEADERS[language], rows_for(schools), delimiter=delimiter, encoding=encoding, bom=bom
    )
    record, plan = preview(admin, content)
    assert (plan.rows, len(plan.create), plan.rejected) == (2, 2, 0)
    assert not Device.objects.exists()  # a dry run writes no device
    device_import_apply(device_import=record, by=admin, mode="all")
    laptop = Device.objects.get(serial="PF4AAA001")
    assert (laptop.delivery_date, laptop.warranty_end) == (date(2024, 3, 15), date(2027, 3, 15))
    assert laptop.school == schools[0] and laptop.model.category == "laptop"
    tablet = Device.objects.get(serial="H6WBBB002")
    assert (tablet.provenance, tablet.funding, tablet.model.category) == (
        "market_central",
        "own_funds",
        "tablet",
    )


@pytest.mark.parametrize("written", ["15/03/2024", "15.03.2024", "2024-03-15"])
def test_every_date_format_is_read(admin, schools, written):
    record, plan = preview(admin, csv_bytes(HEADERS["en"], rows_for(schools, written, "")))
    assert plan.rejected == 0
    assert {values["delivery_date"] for values in plan.create} == {date(2024, 3, 15)}


def test_xlsx_with_real_dates_and_text_dates_imports(admin, schools):
    rows = rows_for(schools)
    rows[0][8] = date(2024, 3, 15)  # a date cell
    record, plan = preview(admin, xlsx_bytes(HEADERS["fr"], rows), "livraison.xlsx")
    assert (len(plan.create), plan.rejected) == (2, 0)
    device_import_apply(device_import=record, by=admin, mode="all")
    assert Device.objects.get(serial="PF4AAA001").delivery_date == date(2024, 3, 15)


def bad_rows(schools):
    rows = rows_for(schools)
    rows.append(["X1", "", "Dell", "Latitude", "laptop", "NOPE", "", "", "31/02/2024", ""])
    rows.append(
        [
            "PF4AAA001",
            "",
            "Lenovo",
            "ThinkPad L14 Gen 4",
            "laptop",
            schools[0].official_number,
            "",
            "",
            "",
            "",
        ]
    )
    return rows


@pytest.mark.parametrize(
    ("language", "school_reason", "date_reason", "duplicate"),
    [
        ("de", "Keine Schule hat die Nummer „NOPE“.", "ist kein Datum", "schon in Zeile 2"),
        ("fr", "Aucune école n'a le numéro « NOPE ».", "n'est pas une date", "déjà à la ligne 2"),
    ],
)
def test_rejected_rows_name_line_column_and_reason_in_the_users_language(
    admin, schools, language, school_reason, date_reason, duplicate
):
    content = csv_bytes(HEADERS[language], bad_rows(schools), delimiter=";")
    with translation.override(language):
        _record, plan = preview(admin, content)
    found = {(p.line, p.column): p.message for p in plan.problems}
    assert found[(4, HEADERS[language][5])] == school_reason
    assert date_reason in found[(4, HEADERS[language][8])]
    assert duplicate in found[(5, HEADERS[language][0])]
    assert plan.rejected_lines == [4, 5]
    assert len(plan.create) == 2


def test_one_bad_row_imports_nothing_unless_the_valid_rows_are_chosen(admin, schools):
    content = csv_bytes(HEADERS["en"], bad_rows(schools))
    record, _plan = preview(admin, content)
    device_import_apply(device_import=record, by=admin, mode="all")
    record.refresh_from_db()
    assert record.status == ImportStatus.REFUSED
    assert not Device.objects.exists()

    record, _plan = preview(admin, content)
    device_import_apply(device_import=record, by=admin, mode="valid")
    record.refresh_from_db()
    assert (record.status, record.created, record.rejected) == (ImportStatus.APPLIED, 2, 2)
    assert set(Device.objects.values_list("serial", flat=True)) == {"PF4AAA001", "H6WBBB002"}


def test_reimporting_the_same_file_changes_nothing_and_a_change_updates_by_serial(admin, schools):
    content = csv_bytes(HEADERS["en"], rows_for(schools))
    record, _ = preview(admin, content)
    device_import_apply(device_import=record, by=admin, mode="all")
    before = list(Device.objects.order_by("serial").values())

    record, plan = preview(admin, content)
    assert (len(plan.create), len(plan.update), plan.unchanged) == (0, 0, 2)
    device_import_apply(device_import=record, by=admin, mode="all")
    assert list(Device.objects.order_by("serial").values()) == before

    changed = rows_for(schools, "20/03/2024")
    record, plan = preview(admin, csv_bytes(HEADERS["en"], changed))
    assert [device.serial for device, _ in plan.update] == ["PF4AAA001", "H6WBBB002"]
    device_import_apply(device_import=record, by=admin, mode="all")
    assert Device.objects.get(serial="PF4AAA001").delivery_date == date(2024, 3, 20)
    assert Device.objects.count() == 2


def test_every_import_leaves_a_history_record(admin, schools):
    record, _ = preview(admin, csv_bytes(HEADERS["en"], rows_for(schools)), "mars.csv")
    device_import_apply(device_import=record, by=admin, mode="all")
    record.refresh_from_db()
    assert (record.filename, record.uploaded_by, record.rows, record.created) == (
        "mars.csv",
        admin,
        2,
        2,
    )
    assert record.applied_at is not None
    with pytest.raises(DomainError):  # applying twice is refused
        device_import_apply(device_import=record, by=admin, mode="all")


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"PK\x03\x04not really a workbook", "bad_file"),
        ("Nom;Prénom\nA;B\n".encode(), "missing_columns"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(admin, content, code):
    with pytest.raises(DomainError) as refused:
        preview(admin, content)
    assert refused.value.code == code
    assert not DeviceImport.objects.exists()


def test_only_administrators_import(schools):
    agent = make_user(role=Role.SUPERVISOR)
    with pytest.raises(DomainError):
        preview(agent, csv_bytes(HEADERS["en"], rows_for(schools)))


def test_desk_dry_run_then_import(client, admin, schools):
    client.force_login(admin)
    page = client.get(reverse("desk:devices"))
    assert reverse("desk:imports") in page.content.decode()
    upload = SimpleUploadedFile("l.csv", csv_bytes(HEADERS["fr"], bad_rows(schools), delimiter=";"))
    with translation.override("fr"):
        response = client.post(reverse("desk:imports"), {"file": upload}, HTTP_ACCEPT_LANGUAGE="fr")
    html = response.content.decode()
    assert "Aucune école n&#x27;a le numéro « NOPE »." in html
    record = DeviceImport.objects.get()
    response = client.post(reverse("desk:import_apply", args=[record.pk]), {"mode": "valid"})
    assert response.status_code == 302
    assert Device.objects.count() == 2
    history = client.get(reverse("desk:imports")).content.decode()
    assert "l.csv" in history


def test_agents_cannot_reach_the_import(client, schools):
    client.force_login(make_user(role=Role.AGENT))
    assert client.get(reverse("desk:imports")).status_code == 403


def test_reimporting_keeps_each_devices_label_code_even_after_a_move(admin, schools):
    record, _ = preview(admin, csv_bytes(HEADERS["en"], rows_for(schools)))
    device_import_apply(device_import=record, by=admin, mode="all")
    codes = dict(Device.objects.values_list("serial", "label_code"))

    moved = rows_for(schools)
    moved[0][5] = schools[1].official_number  # the laptop moves to the other school
    record, plan = preview(admin, csv_bytes(HEADERS["en"], moved))
    device_import_apply(device_import=record, by=admin, mode="all")
    assert Device.objects.get(serial="PF4AAA001").school == schools[1]
    assert dict(Device.objects.values_list("serial", "label_code")) == codes


def test_an_imported_device_never_gets_a_code_another_device_has(admin, schools, monkeypatch):
    existing = make_device(schools[0])
    drawn = iter([existing.label_code, existing.label_code, "NEWCODE2", "NEWCODE3"])
    monkeypatch.setattr(services, "new_label_code", lambda: next(drawn))
    record, _ = preview(admin, csv_bytes(HEADERS["en"], rows_for(schools)))
    device_import_apply(device_import=record, by=admin, mode="all")
    codes = dict(Device.objects.values_list("serial", "label_code"))
    assert codes == {
        existing.serial: existing.label_code,
        "PF4AAA001": "NEWCODE2",
        "H6WBBB002": "NEWCODE3",
    }

"""Delivery lists: reading CSV and XLSX files into a plan of changes.

`read_table()` turns a file into rows of text (or dates, from XLSX);
`build_plan()` checks every row against the registry and says what would be
created, updated or left alone, and which rows are rejected (line, column
and reason, in the active language). Applying a plan is a service
(`services.device_import_apply`); nothing here writes.

Accepted files: CSV in UTF-8 (with or without BOM) or Windows-1252,
separated by commas or semicolons; XLSX (first sheet). Headers in German,
French or English; dates as dd/mm/yyyy, dd.mm.yyyy or yyyy-mm-dd.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pupitre.core.errors import DomainError
from pupitre.schools.models import School, Site

from .models import (
    Category,
    Device,
    DeviceModel,
    DeviceStatus,
    Funding,
    Provenance,
    RemoteTool,
)

MAX_ROWS = 200_000


def _norm(text) -> str:
    """Lower case, no accents, words separated by one space."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


# Columns: the field, its name in messages, and the header names accepted.
@dataclass(frozen=True)
class Column:
    name: str
    label: object  # lazy, shown in messages
    aliases: tuple[str, ...]
    required: bool = False


COLUMNS = (
    Column(
        "serial",
        gettext_lazy("serial number"),
        (
            "serial",
            "serial number",
            "serial no",
            "sn",
            "numero de serie",
            "n de serie",
            "no de serie",
            "seriennummer",
            "serien nr",
            "seriennr",
        ),
        required=True,
    ),
    Column(
        "asset_tag",
        gettext_lazy("asset tag"),
        (
            "asset tag",
            "asset",
            "inventory number",
            "numero d inventaire",
            "n d inventaire",
            "inventaire",
            "etiquette",
            "inventarnummer",
            "inventar nr",
            "inventar",
        ),
    ),
    Column(
        "manufacturer",
        gettext_lazy("manufacturer"),
        ("manufacturer", "brand", "make", "fabricant", "marque", "hersteller", "marke"),
        required=True,
    ),
    Column(
        "model",
        gettext_lazy("model name"),
        (
            "model",
            "model name",
            "modele",
            "nom du modele",
            "modell",
            "modellname",
            "modellbezeichnung",
        ),
        required=True,
    ),
    Column(
        "category",
        gettext_lazy("category"),
        (
            "category",
            "type",
            "device type",
            "categorie",
            "type d appareil",
            "kategorie",
            "typ",
            "geratetyp",
        ),
    ),
    Column(
        "school",
        gettext_lazy("school"),
        (
            "school",
            "school number",
            "ecole",
            "numero d ecole",
            "n ecole",
            "etablissement",
            "fase",
            "n fase",
            "numero fase",
            "schule",
            "schulnummer",
        ),
        required=True,
    ),
    Column(
        "site",
        gettext_lazy("site"),
        (
            "site",
            "site number",
            "implantation",
            "numero d implantation",
            "n implantation",
            "standort",
            "standortnummer",
            "niederlassung",
        ),
    ),
    Column(
        "provenance",
        gettext_lazy("provenance"),
        ("provenance", "origin", "source", "origine", "herkunft"),
    ),
    Column(
        "funding",
        gettext_lazy("funding"),
        ("funding", "financement", "finanzierung"),
    ),
    Column(
        "programme_reference",
        gettext_lazy("programme reference"),
        (
            "programme reference",
            "program reference",
            "reference",
            "project call",
            "equipment file",
            "reference programme",
            "reference du programme",
            "appel a projets",
            "dossier d equipement",
            "referenz",
            "programmreferenz",
            "projektaufruf",
            "ausstattungsakte",
        ),
    ),
    Column(
        "delivery_date",
        gettext_lazy("delivery date"),
        (
            "delivery date",
            "delivered",
            "delivery",
            "date de livraison",
            "livraison",
            "livre le",
            "lieferdatum",
            "geliefert am",
            "lieferung",
        ),
    ),
    Column(
        "warranty_end",
        gettext_lazy("warranty end"),
        (
            "warranty end",
            "end of warranty",
            "warranty",
            "warranty until",
            "fin de garantie",
            "garantie",
            "garantie jusqu au",
            "garantieende",
            "garantie bis",
            "ende der garantie",
        ),
    ),
    Column(
        "status",
        gettext_lazy("status"),
        ("status", "statut", "etat", "zustand"),
    ),
    Column(
        "remote_tool",
        gettext_lazy("remote-control tool"),
        (
            "remote tool",
            "remote control tool",
            "remote control",
            "outil de prise en main",
            "prise en main a distance",
            "outil a distance",
            "fernwartung",
            "fernwartungswerkzeug",
            "fernwartungstool",
        ),
    ),
    Column(
        "remote_id",
        gettext_lazy("remote-control identifier"),
        (
            "remote id",
            "remote control id",
            "remote identifier",
            "identifiant de prise en main",
            "identifiant a distance",
            "id prise en main",
            "fernwartungs id",
            "fernwartungskennung",
            "fernwartung id",
        ),
    ),
)
COLUMN_BY_ALIAS = {alias: column for column in COLUMNS for alias in column.aliases}
DEVICE_FIELDS = (
    "asset_tag",
    "provenance",
    "funding",
    "programme_reference",
    "delivery_date",
    "warranty_end",
    "status",
    "remote_tool",
    "remote_id",
)
MAX_LENGTHS = {
    "serial": 100,
    "asset_tag": 100,
    "manufacturer": 100,
    "model": 150,
    "programme_reference": 100,
    "remote_id": 100,
}

EXTRA_VALUES = {
    "provenance": {
        "market central": Provenance.MARKET_CENTRAL,
        "centrale de marches": Provenance.MARKET_CENTRAL,
        "centrale d achat": Provenance.MARKET_CENTRAL,
        "marche central": Provenance.MARKET_CENTRAL,
        "zentrale beschaffungsstelle": Provenance.MARKET_CENTRAL,
    },
    "funding": {
        "wallonia": Funding.WALLONIA_PROGRAMME,
        "wallonie": Funding.WALLONIA_PROGRAMME,
        "programme": Funding.WALLONIA_PROGRAMME,
        "own funds": Funding.OWN_FUNDS,
        "fonds propres": Funding.OWN_FUNDS,
        "eigenmittel": Funding.OWN_FUNDS,
    },
}
CHOICES = {
    "category": Category,
    "provenance": Provenance,
    "funding": Funding,
    "status": DeviceStatus,
    "remote_tool": RemoteTool,
}


def _choice_maps() -> dict[str, dict[str, str]]:
    """Accepted spellings of each choice: its code and its label in every language."""
    maps: dict[str, dict[str, str]] = {}
    for name, choices in CHOICES.items():
        accepted = {_norm(value): value for value in choices.values}
        for language in ("en", "fr", "de"):
            with translation.override(language):
                for value, label in choices.choices:
                    accepted.setdefault(_norm(label), value)
        accepted.update(EXTRA_VALUES.get(name, {}))
        maps[name] = accepted
    return maps


DATE_PATTERNS = (
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
)


def parse_date(value) -> date | None:
    """A date from a cell; None when the text is not one of the accepted forms."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    # Spreadsheets saved as CSV sometimes keep a time: "2024-03-15 00:00:00".
    text = re.sub(r"[ T]00:00(:00)?$", "", text)
    for pattern, order in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                return None
    return None


# Reading files -------------------------------------------------------------


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list]]  # (line number in the file, cells)


def read_table(content: bytes, filename: str = "") -> Table:
    """Rows of a CSV or XLSX file; a file that cannot be read is refused
    with a DomainError saying why."""
    if content[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        return _read_xlsx(content)
    return _read_csv(content)


def _read_csv(content: bytes) -> Table:
    if content.startswith(b"\xef\xbb\xbf"):
        text = content[3:].decode("utf-8", errors="replace")
    else:
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    rows = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if headers is None:
                headers = cells
                continue
            rows.append((reader.line_num, cells))
            if len(rows) > MAX_ROWS:
                raise _too_many_rows()
    except csv.Error as error:
        raise DomainError(
            _("The file could not be read as CSV near line %(line)d.") % {"line": reader.line_num},
            code="bad_file",
            field="file",
        ) from error
    if headers is None:
        raise DomainError(_("The file is empty."), code="empty", field="file")
    return Table(headers, rows)


def _read_xlsx(content: bytes) -> Table:
    # calamine (Rust) reads a 50,000-row sheet in about a second, where a
    # pure-Python reader takes half a minute.
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
        values = sheet.to_python()
    except (CalamineError, IndexError, ValueError, OSError) as error:
        raise DomainError(
            _("The file could not be read as an Excel (XLSX) workbook."),
            code="bad_file",
            field="file",
        ) from error
    first_line = sheet.start[0] + 1 if sheet.start else 1
    headers = None
    rows = []
    for line, cells in enumerate(values, start=first_line):
        if not any(str(cell).strip() for cell in cells):
            continue
        if headers is None:
            headers = [str(cell) for cell in cells]
            continue
        rows.append((line, list(cells)))
        if len(rows) > MAX_ROWS:
            raise _too_many_rows()
    if headers is None:
        raise DomainError(_("The file is empty."), code="empty", field="file")
    return Table(headers, rows)


def _too_many_rows() -> DomainError:
    return DomainError(
        _("The file has more than %(max)d rows; please split it.") % {"max": MAX_ROWS},
        code="too_large",
        field="file",
    )


# The plan -------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    line: int
    column: str  # the header as written in the file
    message: str


@dataclass
class Plan:
    rows: int = 0
    create: list[dict] = field(default_factory=list)  # values of new devices
    update: list[tuple[Device, dict]] = field(default_factory=list)  # device, changes
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    new_models: dict[tuple[str, str], str] = field(default_factory=dict)  # key -> category

    @property
    def rejected_lines(self) -> list[int]:
        return sorted({problem.line for problem in self.problems})

    @property
    def rejected(self) -> int:
        return len(self.rejected_lines)


def map_headers(headers: list[str]) -> dict[str, int]:
    """Column name -> index; refuses unknown duplicates and missing columns."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        column = COLUMN_BY_ALIAS.get(_norm(header))
        if column is not None and column.name not in found:
            found[column.name] = index
    missing = [str(c.label) for c in COLUMNS if c.required and c.name not in found]
    if missing:
        raise DomainError(
            _("Required columns are missing: %(columns)s. The first row must name the columns.")
            % {"columns": ", ".join(missing)},
            code="missing_columns",
            field="file",
        )
    return found


def build_plan(table: Table) -> Plan:
    """What importing `table` would do. Reads the registry, writes nothing."""
    columns = map_headers(table.headers)
    header_of = {name: str(table.headers[index]).strip() for name, index in columns.items()}
    choice_maps = _choice_maps()
    schools = dict(School.objects.values_list("official_number", "id"))
    sites = {
        number: (pk, school)
        for number, pk, school in Site.objects.values_list("official_number", "id", "school_id")
    }
    models = {
        (m, n): pk for pk, m, n in DeviceModel.objects.values_list("id", "manufacturer", "name")
    }
    models_norm = {(_norm(m), _norm(n)): (m, n) for m, n in models}
    plan = Plan(rows=len(table.rows))
    parsed: list[tuple[int, dict]] = []
    seen: dict[str, int] = {}
    for line, cells in table.rows:
        values, problems = _parse_row(
            line, cells, columns, header_of, choice_maps, schools, sites, models_norm, plan
        )
        serial = values.get("serial")
        if serial and not problems:
            key = serial
            if key in seen:
                problems.append(
                    Problem(
                        line,
                        header_of["serial"],
                        _("This serial number is already on line %(line)d.") % {"line": seen[key]},
                    )
                )
            else:
                seen[key] = line
        if problems:
            plan.problems.extend(problems)
        else:
            parsed.append((line, values))
    existing = _existing_devices([values["serial"] for _line, values in parsed])
    for _line, values in parsed:
        device = existing.get(values["serial"])
        model_key = values.pop("model_key")
        if device is None:
            values["model_key"] = model_key
            values.setdefault("status", DeviceStatus.IN_SERVICE)
            plan.create.append(values)
            continue
        changes = {
            name: value
            for name, value in values.items()
            if name != "serial"
            and getattr(device, name if name not in ("school", "site") else name + "_id") != value
        }
        if models.get(model_key) != device.model_id:
            changes["model_key"] = model_key
        if changes:
            plan.update.append((device, changes))
        else:
            plan.unchanged += 1
    return plan


def _parse_row(line, cells, columns, header_of, choice_maps, schools, sites, models_norm, plan):
    """Values of one row (only the filled cells) and its problems."""
    problems = []
    values: dict = {}

    def cell(name):
        index = columns.get(name)
        if index is None or index >= len(cells):
            return ""
        value = cells[index]
        return value if isinstance(value, date | datetime) else str(value).strip()

    def problem(name, message):
        problems.append(Problem(line, header_of.get(name, name), message))

    for column in COLUMNS:
        raw = cell(column.name)
        if raw == "" or raw is None:
            if column.required:
                problem(column.name, _("This value is required."))
            continue
        name = column.name
        if name in ("delivery_date", "warranty_end"):
            parsed = parse_date(raw)
            if parsed is None:
                problem(
                    name,
                    _("“%(value)s” is not a date (use dd/mm/yyyy, dd.mm.yyyy or yyyy-mm-dd).")
                    % {"value": raw},
                )
            else:
                values[name] = parsed
        elif name in CHOICES:
            choice = choice_maps[name].get(_norm(raw))
            if choice is None:
                problem(name, _("“%(value)s” is not a known value.") % {"value": raw})
            else:
                values[name] = choice
        else:
            text = str(raw)
            if isinstance(raw, float) and raw.is_integer():  # numbers from XLSX
                text = str(int(raw))
            limit = MAX_LENGTHS.get(name)
            if limit and len(text) > limit:
                problem(
                    name,
                    _("This value is too long (at most %(max)d characters).") % {"max": limit},
                )
            else:
                values[name] = text
    school_number = values.pop("school", None)
    if school_number is not None:
        school_id = schools.get(school_number)
        if school_id is None:
            problem("school", _("No school has the number “%(value)s”.") % {"value": school_number})
        else:
            values["school"] = school_id
    site_number = values.pop("site", None)
    if site_number is not None and "school" in values:
        site = sites.get(site_number)
        if site is None or site[1] != values["school"]:
            problem(
                "site",
                _("The school has no site with the number “%(value)s”.") % {"value": site_number},
            )
        else:
            values["site"] = site[0]
    manufacturer, model = values.pop("manufacturer", None), values.pop("model", None)
    category = values.pop("category", None)
    if manufacturer and model:
        key = models_norm.get((_norm(manufacturer), _norm(model)))
        if key is None:
            key = (manufacturer, model)
            if category is None and key not in plan.new_models:
                problem("category", _("The category is required for a model not yet known."))
            elif not problems:
                plan.new_models.setdefault(key, category or Category.OTHER)
                models_norm[(_norm(manufacturer), _norm(model))] = key
        values["model_key"] = key
    if values.get("delivery_date") and values.get("warranty_end"):
        if values["warranty_end"] < values["delivery_date"]:
            problem("warranty_end", _("The warranty ends before the delivery date."))
    if values.get("remote_id") and "remote_tool" not in values:
        problem("remote_tool", _("Please name the remote-control tool of this identifier."))
    return values, problems


def _existing_devices(serials: list[str]) -> dict[str, Device]:
    """Devices of the registry with these serial numbers, by serial."""
    found: dict[str, Device] = {}
    for start in range(0, len(serials), 2000):
        chunk = serials[start : start + 2000]
        for device in Device.objects.filter(serial__in=chunk).only(
            "id", "serial", "model_id", "school_id", "site_id", *DEVICE_FIELDS
        ):
            found[device.serial] = device
    return found

"""Values read from a request (query string, form, path), checked at the edge.

Anything typed in an address bar reaches the views: "abc", "²", an id past
what the database can store, page 10**20, the year 9999. Views read ids,
lists of ids, page numbers and dates through these functions and never call
`int()` or `date.fromisoformat()` on request data themselves:

- an id that cannot exist (not a plain number, zero, beyond a bigint) is
  `None`, which the view treats as "no such row" (404 or a form error), so
  it never reaches the database, where SQLite and PostgreSQL would raise;
- a page number that makes no sense is the first page; one past any list is
  capped, so the SQL offset stays a small number;
- a date outside DATE_MIN..DATE_MAX is refused: a period of the years 1 or
  9999 overflows once turned into aware datetimes or widened by a day.

Forms use the same bounds (`pupitre.web.forms`).
"""

from datetime import date

# Ids are BigAutoField: SQLite and PostgreSQL store at most 2**63 - 1.
ID_MAX = 2**63 - 1
# Far beyond the last page of any list, small enough for an SQL OFFSET.
PAGE_MAX = 100_000
# Dates a person can mean here, well inside what datetime and the databases
# hold after any time zone shift.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)


def parse_id(value) -> int | None:
    """The id written in `value`, or None if no row can have it."""
    text = str(value).strip() if value is not None else ""
    # str.isdigit() is also true for "²" and other digits int() refuses.
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 1 <= number <= ID_MAX else None


def parse_ids(values, *, limit: int | None = None) -> list[int]:
    """The valid ids among `values` (e.g. `request.GET.getlist("devices")`),
    in order, at most `limit` of them; the others are dropped."""
    ids = [number for number in map(parse_id, values) if number is not None]
    return ids if limit is None else ids[:limit]


def parse_page(value) -> int:
    """A page number from the query string: 1 when it is not one."""
    text = str(value).strip() if value is not None else ""
    if not (text.isascii() and text.isdigit()):
        return 1
    return min(max(1, int(text)), PAGE_MAX)


def parse_int(value, *, minimum: int, maximum: int) -> int | None:
    """A whole number within minimum..maximum (a year, a count), or None."""
    text = str(value).strip() if value is not None else ""
    if text.startswith("-"):
        sign, text = -1, text[1:]
    else:
        sign = 1
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    number = sign * int(text)
    return number if minimum <= number <= maximum else None


def parse_date(value) -> date | None:
    """An ISO date (YYYY-MM-DD) within DATE_MIN..DATE_MAX, or None."""
    try:
        day = date.fromisoformat(str(value).strip())
    except (TypeError, ValueError):
        return None
    return day if DATE_MIN <= day <= DATE_MAX else None

"""Every screen answers bad input with a 4xx or a form, never a 5xx.

The walk reads Django's URL resolver, so a screen added later is walked too:
each pattern is requested with hostile values in its path converters, then
(where the screen is reached) with hostile values in the query-string and
form parameters its view reads, found in the view's module (`.get("name")`,
`.getlist("name")` and the fields of the forms it names). Every role and an
anonymous visitor, GET and POST. Each request runs in a savepoint that is
rolled back, so a POST that changes something does not change the next walk,
and a database error (PostgreSQL aborts the transaction) stays visible as
the request's own failure.
"""

import inspect
import re
from urllib.parse import quote

import pytest
from django import forms
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern, RegexPattern

from pupitre.accounts.models import Role

from .factories import make_article, make_device, make_ticket, make_user

HUGE = "99999999999999999999"
# Beyond SQLite's and PostgreSQL's bigint by one.
BIGINT_PLUS_ONE = str(2**63)
BAD_IDS = [HUGE, BIGINT_PLUS_ONE, "-1", "abc", "1,2", "", "²"]
BAD_PAGES = ["0", "-5", str(10**20), "x"]
BAD_DATES = ["0001-01-01", "9999-12-31", "2026-02-30", "yesterday"]
# An `int` converter only lets digits through; the other converters take text.
BAD_PATH_VALUES = {
    "int": [HUGE, BIGINT_PLUS_ONE, "0"],
    "other": [HUGE, "-1", "abc", "2026-02-30", "x" * 300],
}

DATE_NAMES = {"start", "end", "day", "date", "until", "since", "requested_end"}
PARAM_PATTERN = re.compile(r"""\.(?:get|getlist)\(\s*["']([A-Za-z_][\w-]*)["']""")
# Parameters that only steer where a page goes next; a redirect is its answer.
IGNORED_PARAMS = {"next", "csrfmiddlewaretoken"}


def walk(patterns, prefix=""):
    """(route with <name> placeholders, converter names by parameter, view)
    of every URL pattern under `patterns`."""
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, LocalePrefixPattern):
            piece, converters = pattern.language_prefix, {}
        elif isinstance(pattern, RegexPattern):
            piece = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", pattern._regex)
            piece = piece.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
            converters = {name: "str" for name in re.findall(r"<(\w+)>", piece)}
        else:
            piece = re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", str(pattern))
            converters = {
                name: type(converter).__name__.removesuffix("Converter").lower()
                for name, converter in pattern.converters.items()
            }
        if isinstance(entry, URLResolver):
            for route, inner, view in walk(entry.url_patterns, prefix + piece):
                yield route, {**converters, **inner}, view
        elif isinstance(entry, URLPattern):
            yield prefix + piece, converters, entry.callback


def fill(route: str, values: dict) -> str:
    return "/" + re.sub(r"<(\w+)>", lambda m: quote(str(values[m[1]]), safe=""), route)


def view_source(view) -> tuple[object, str]:
    """The view's module and the source of the view and of the functions of
    its module that it calls ("" for views outside the project)."""
    target = getattr(view, "view_class", None) or inspect.unwrap(view)
    module = inspect.getmodule(target)
    if module is None or not module.__name__.startswith("pupitre"):
        return module, ""
    source = inspect.getsource(target)
    called = {
        inspect.getsource(value)
        for name, value in vars(module).items()
        if inspect.isfunction(value)
        and value.__module__ == module.__name__
        and re.search(rf"\b{name}\(", source)
    }
    return module, "\n".join([source, *called])


def view_parameters(view) -> dict[str, list[str]]:
    """The request parameters the view reads, with their bad values: names
    read with `.get("name")` / `.getlist("name")` in the view and in the
    functions of its module that it calls, and the fields of the forms it
    names."""
    module, source = view_source(view)
    if not source:
        return {}
    names = set(PARAM_PATTERN.findall(source))
    dates = set()
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, forms.BaseForm)
            and re.search(rf"\b{value.__name__}\b", source)
        ):
            for name, field in value.base_fields.items():
                names.add(name)
                if isinstance(field, forms.DateField):
                    dates.add(name)
    result = {}
    for name in sorted(names - IGNORED_PARAMS):
        if name == "page":
            result[name] = BAD_PAGES
        elif name in DATE_NAMES or name in dates:
            result[name] = BAD_DATES
        else:
            result[name] = BAD_IDS
    return result


def variants(parameters: dict, valid: dict):
    """One bad parameter at a time, the others valid; then every date at
    once, each bad value, and the widest period."""
    for name, bad_values in parameters.items():
        for bad in bad_values:
            yield {**valid, name: bad}
    dates = [name for name, values in parameters.items() if values is BAD_DATES]
    if len(dates) > 1:
        for bad in BAD_DATES:
            yield {**valid, **dict.fromkeys(dates, bad)}
        yield {**valid, **{n: "9999-12-31" if "end" in n else "0001-01-01" for n in dates}}


@pytest.fixture
def world(school, teacher, ict_contact, teams):
    author = make_user(role=Role.AGENT, language="fr", name="Auteur")
    device = make_device(school)
    ticket = make_ticket(teacher, devices=[device])
    article = make_article(author, title="Imprimante bloquée")
    return {
        "path": {
            "number": ticket.number,
            "device_id": device.pk,
            "slug": article.slug,
            "code": "standard",
            "school_id": school.pk,
        },
        "params": {
            "school": school.pk,
            "device": device.pk,
            "devices": device.pk,
            "article": article.pk,
            "ticket": ticket.number,
        },
    }


def _users(school, teacher, ict_contact):
    return {
        "school member": teacher,
        "ICT contact": ict_contact,
        "agent": make_user(role=Role.AGENT),
        "technician": make_user(role=Role.TECHNICIAN),
        "supervisor": make_user(role=Role.SUPERVISOR),
        "administrator": make_user(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True),
        "anonymous": None,
    }


ROLES = [
    "school member",
    "ICT contact",
    "agent",
    "technician",
    "supervisor",
    "administrator",
    "anonymous",
]


def _request(client, method, url, data):
    """The status of one request, in a savepoint rolled back afterwards."""
    with transaction.atomic():
        try:
            if method == "GET":
                response = client.get(url, data)
            else:
                response = client.post(url, data)
            return response.status_code, response
        finally:
            transaction.set_rollback(True)


def _not_reached(status, response) -> bool:
    """The view itself did not run: refused, or sent to sign in."""
    if status in (403, 405):
        return True
    if status in (301, 302):
        target = response.url
        return target.startswith(reverse("login")) or "/second-factor/" in target
    return False


@pytest.mark.parametrize("role", ROLES)
def test_no_screen_answers_hostile_input_with_a_server_error(
    client, role, world, school, teacher, ict_contact
):
    user = _users(school, teacher, ict_contact)[role]
    if user is not None:
        client.force_login(user)
    failures = []

    def check(method, url, data=None):
        try:
            status, response = _request(client, method, url, data or {})
        except Exception as error:  # noqa: BLE001 - reported with the request
            failures.append(f"{method} {url} {data or ''}: {type(error).__name__}: {error}")
            return None, None
        if status >= 500:
            failures.append(f"{method} {url} {data or ''}: {status}")
        if user is not None and "_auth_user_id" not in client.session:
            client.force_login(user)  # the walk went through "Sign out"
        return status, response

    for route, converters, view in walk(get_resolver().url_patterns):
        # The admin site sends everyone but administrators to its sign-in.
        if route.startswith("admin/") and role != "administrator":
            continue
        known = world["path"]
        # Django's own screens (the admin) are tested by Django: two values.
        ours = bool(view_source(view)[1])
        for name, converter in converters.items():
            bad_values = BAD_PATH_VALUES["int" if converter == "int" else "other"]
            for bad in bad_values if ours else [HUGE, "abc"]:
                values = {other: known.get(other, "1") for other in converters}
                values[name] = bad
                for method in ("GET", "POST"):
                    check(method, fill(route, values))
        if any(name not in known for name in converters):
            continue
        url = fill(route, known)
        parameters = view_parameters(view)
        # A view that never reads the form answers a POST like a GET.
        reads_post = "POST" in view_source(view)[1]
        for method in ("GET", "POST"):
            status, response = check(method, url)
            if status is None or _not_reached(status, response):
                continue
            if method == "POST" and not reads_post:
                continue
            valid = {n: world["params"][n] for n in parameters if n in world["params"]}
            for data in variants(parameters, valid):
                check(method, url, data)
    assert not failures, "\n".join(failures)


def test_the_walk_finds_the_screens_of_every_part_and_the_parameters_they_read():
    routes = {route: view for route, _converters, view in walk(get_resolver().url_patterns)}
    assert {"portal/new/coverage/", "desk/kb/report/", "fr/kb/articles/<slug>/"} <= set(routes)
    assert any(route.startswith("admin/") for route in routes)
    coverage = view_parameters(routes["portal/new/coverage/"])
    assert coverage["devices"] is BAD_IDS and coverage["school"] is BAD_IDS
    report = view_parameters(routes["desk/kb/report/"])
    assert report["start"] is BAD_DATES and report["end"] is BAD_DATES
    assert view_parameters(routes["portal/"])["page"] is BAD_PAGES

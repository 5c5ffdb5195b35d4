#!/usr/bin/env python
"""The Odoo panel's look-up time against the Odoo stand-in (real socket).

    .venv/bin/python bench/odoo_panel.py                  # SQLite in /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pupitre_odoobench \\
        .venv/bin/python bench/odoo_panel.py

Starts the stand-in (`pupitre.demo.odoo_standin`) seeded with the
demonstration's accounts (plus --accounts more), migrates the database,
makes a management-tools request and an agent, then measures --rounds
times each:

- "client": the look-up itself, `tools.queries.odoo_find_accounts` (the
  XML-RPC calls: authenticate, search_read, the companies' and groups'
  names);
- "panel page": the desk's panel page with `?q=` through Django's test
  client, signed in as the agent (the same look-up, plus the page's SQL
  and rendering).

Each for an archived account found by its login, an active one by its
email and an unknown login. Prints p50/p95/max in milliseconds and the
page's SQL query count. A real Odoo adds its own time and the network's.
"""

import argparse
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
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/pupitre-odoo-bench.sqlite3")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Static files by their plain names: no collected manifest is needed here.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

import django_otp  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection as db  # noqa: E402
from django.http import HttpRequest  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from pupitre.accounts.models import Role, User  # noqa: E402
from pupitre.demo.odoo_standin import DEMO_API_KEY, DEMO_LOGIN, OdooStandin, seed_demo  # noqa: E402
from pupitre.hours.services import default_calendars_create  # noqa: E402
from pupitre.schools.models import Membership, MembershipRole, School  # noqa: E402
from pupitre.tools.models import OdooConnection  # noqa: E402
from pupitre.tools.queries import odoo_find_accounts  # noqa: E402
from pupitre.tools.services import odoo_access_request_create, odoo_connection_save  # noqa: E402

AGENT = "odoo.bench.agent@bench.pupitre.be"
CONTACT = "odoo.bench.ict@bench.pupitre.be"
CASES = {
    "archived, by login": "m.lambert@ecole-athenee-namur.be",
    "active, by email": "j.schmitz@rs-eupen.be",
    "unknown": "nobody@nowhere.example",
}


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return (
        f"p50 {statistics.median(ordered) * 1000:6.1f}  p95 {p95 * 1000:6.1f}  "
        f"max {ordered[-1] * 1000:6.1f} ms"
    )


def setup(standin: OdooStandin):
    call_command("migrate", verbosity=0)
    default_calendars_create(years=range(2025, 2031), by=None)
    OdooConnection.objects.all().update(is_active=False)
    connection = odoo_connection_save(
        connection=OdooConnection(
            url=standin.url, database=standin.database, login=DEMO_LOGIN, timeout=5
        ),
        api_key=DEMO_API_KEY,
        by=None,
    )
    school, _ = School.objects.get_or_create(
        official_number="99901",
        defaults={"name": "École du banc d'essai", "language": "fr"},
    )
    agent = User.objects.filter(email=AGENT).first() or User.objects.create_user(
        email=AGENT, full_name="Bench Agent", role=Role.AGENT, language="fr"
    )
    contact = User.objects.filter(email=CONTACT).first() or User.objects.create_user(
        email=CONTACT, full_name="Bench ICT", role=Role.SCHOOL, language="fr"
    )
    Membership.objects.get_or_create(
        user=contact, school=school, defaults={"role": MembershipRole.ICT_CONTACT}
    )
    ticket = odoo_access_request_create(
        school=school, account=CASES["archived, by login"], by=contact
    )
    return connection, agent, ticket


def signed_in(agent: User) -> Client:
    client = Client()
    client.force_login(agent)
    device = TOTPDevice.objects.filter(user=agent, confirmed=True).first() or (
        TOTPDevice.objects.create(user=agent, name="Bench", confirmed=True)
    )
    request = HttpRequest()
    request.session = client.session
    request.user = agent
    django_otp.login(request, device)
    request.session.save()
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--accounts", type=int, default=0, help="extra Odoo accounts")
    args = parser.parse_args()

    with seed_demo(OdooStandin()) as standin:
        for number in range(args.accounts):
            standin.add_user(
                f"user{number:05d}@school{number % 300:03d}.be",
                f"Person {number:05d}",
                email=f"user{number:05d}@school{number % 300:03d}.be",
                active=number % 7 != 0,
            )
        connection, agent, ticket = setup(standin)
        client = signed_in(agent)
        url = reverse("desk:ticket_odoo", args=[ticket.number])
        print(
            f"Odoo stand-in with {len(standin.users)} accounts; database "
            f"{db.vendor}; {args.rounds} rounds each."
        )
        for case, text in CASES.items():
            odoo_find_accounts(connection, text, language="fr")  # warm
            samples = []
            for _ in range(args.rounds):
                started = time.perf_counter()
                odoo_find_accounts(connection, text, language="fr")
                samples.append(time.perf_counter() - started)
            print(f"client      {case:20} {percentiles(samples)}")
        # For comparison: the request's own page (with the panel's box, no
        # call to Odoo) through the same client, on the same machine.
        page = reverse("desk:ticket", args=[ticket.number])
        client.get(page)
        samples = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            assert client.get(page).status_code == 200
            samples.append(time.perf_counter() - started)
        print(f"request page (no Odoo call)      {percentiles(samples)}")
        for case, text in CASES.items():
            response = client.get(url, {"q": text})
            assert response.status_code == 200, (url, response.status_code)
            samples = []
            for _ in range(args.rounds):
                started = time.perf_counter()
                response = client.get(url, {"q": text})
                samples.append(time.perf_counter() - started)
                assert response.status_code == 200
            with CaptureQueriesContext(db) as queries:
                client.get(url, {"q": text})
            print(f"panel page  {case:20} {percentiles(samples)}  ({len(queries)} SQL queries)")


if __name__ == "__main__":
    main()

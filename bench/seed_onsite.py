#!/usr/bin/env python
"""Add N on-site interventions to the bench tickets (run bench/seed.py first).

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/seed_onsite.py 5000

Creates, if absent, 20 bench technicians (one of them the bench login
`bench.technician@bench.pupitre.be`, password "bench", regions Namur and
Liège), then N interventions on random bench tickets with one or two of the
school's devices each: most finished in the past year (done, a few no
access or cancelled), some proposed and waiting, some confirmed in the weeks
ahead. The bench technician gets 6 confirmed visits TODAY (the day the
script runs: bench/pages.py's `today` scenario reads /desk/today/) with a
conversation on each ticket, and a few in the coming week.
"""

import argparse
import os
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pupitre.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-key-not-a-secret")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from pupitre.accounts.models import Role, User  # noqa: E402
from pupitre.equipment.models import Device  # noqa: E402
from pupitre.onsite.models import (  # noqa: E402
    Intervention,
    InterventionStatus,
    TechnicianProfile,
)
from pupitre.schools.models import Region, Site  # noqa: E402
from pupitre.tickets.models import Ticket  # noqa: E402

DOMAIN = "bench.pupitre.be"
TECHNICIAN_EMAIL = f"bench.technician@{DOMAIN}"
PASSWORD = "bench"
WORK = [
    "Remplacer la lampe du projecteur de la salle 12.",
    "Écran interactif: calibrer le stylet et mettre à jour le pilote.",
    "Borne Wi-Fi du bâtiment B hors service: diagnostic sur place.",
    "Beamer im Raum 3 zeigt kein Bild: Kabel und Netzteil prüfen.",
    "Laptopwagen: 4 Geräte laden nicht, Ladeleiste prüfen.",
]


def technicians() -> list[User]:
    users = []
    password = make_password(PASSWORD)
    regions = [value for value, _label in Region.choices]
    for index in range(20):
        email = TECHNICIAN_EMAIL if index == 0 else f"bench.technician{index}@{DOMAIN}"
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "full_name": f"Technicien {index}",
                "role": Role.TECHNICIAN,
                "language": "fr",
                "password": password,
            },
        )
        if created:
            TechnicianProfile.objects.create(
                user=user,
                regions=["namur", "liege"] if index == 0 else [regions[index % len(regions)]],
                weekdays=[0, 1, 2, 3, 4],
            )
        users.append(user)
    return users


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of interventions to add")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    started = time.perf_counter()
    staff = technicians()
    me = staff[0]
    ticket_rows = list(
        Ticket.objects.filter(school__official_number__startswith="BN-").values_list(
            "id", "school_id"
        )
    )
    if not ticket_rows:
        sys.exit("No bench ticket: run bench/seed.py first.")
    sites: dict[int, list[int]] = {}
    for site_id, school_id in Site.objects.values_list("id", "school_id"):
        sites.setdefault(school_id, []).append(site_id)
    devices: dict[int, list[int]] = {}
    for device_id, school_id in Device.objects.values_list("id", "school_id"):
        devices.setdefault(school_id, []).append(device_id)
    now = timezone.now()
    today = timezone.localdate()
    morning = timezone.make_aware(datetime.combine(today, datetime.min.time())) + timedelta(hours=8)

    def plan(index: int):
        """(technician, status, start) of the index-th intervention."""
        if index < 6:  # the bench technician's day
            return me, InterventionStatus.CONFIRMED, morning + timedelta(minutes=90 * index)
        if index < 12:  # and their week ahead
            day = timedelta(days=1 + index - 6)
            return me, InterventionStatus.CONFIRMED, morning + day
        roll = rng.random()
        if roll < 0.08:
            return None, InterventionStatus.PROPOSED, None
        technician = rng.choice(staff)
        if roll < 0.15:
            return (
                technician,
                InterventionStatus.CONFIRMED,
                now + timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 6)),
            )
        past = now - timedelta(days=rng.randint(1, 365), hours=rng.randint(0, 8))
        status = rng.choices(
            [InterventionStatus.DONE, InterventionStatus.NO_ACCESS, InterventionStatus.CANCELLED],
            [85, 8, 7],
        )[0]
        return technician, status, past

    rows, links = [], []
    for index in range(args.n):
        ticket_id, school_id = rng.choice(ticket_rows)
        if school_id not in sites:
            continue
        technician, status, start = plan(index)
        minutes = rng.choice([60, 90, 120])
        rows.append(
            Intervention(
                ticket_id=ticket_id,
                site_id=rng.choice(sites[school_id]),
                work=rng.choice(WORK),
                duration_minutes=minutes,
                technician=technician,
                status=status,
                decided_at=(start or now) - timedelta(days=rng.randint(2, 20)),
                starts_at=start,
                ends_at=start + timedelta(minutes=minutes) if start else None,
                confirmed_at=start - timedelta(days=1) if start else None,
                finished_at=start + timedelta(minutes=minutes)
                if status == InterventionStatus.DONE
                else None,
                updated_at=now,
            )
        )
    school_of = dict(ticket_rows)
    with transaction.atomic():
        created = Intervention.objects.bulk_create(rows, batch_size=1000)
        through = Intervention.devices.through
        for intervention in created:
            school_devices = devices.get(school_of[intervention.ticket_id], [])
            for device_id in rng.sample(school_devices, min(len(school_devices), 2)):
                links.append(through(intervention_id=intervention.pk, device_id=device_id))
        through.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)
    print(
        f"Added {len(created):,} interventions and {len(links):,} device links "
        f"in {time.perf_counter() - started:.1f} s; totals: "
        f"{Intervention.objects.count():,} interventions, {Ticket.objects.count():,} tickets."
    )
    print(f"Technician login for bench/pages.py: {TECHNICIAN_EMAIL} (password {PASSWORD!r})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

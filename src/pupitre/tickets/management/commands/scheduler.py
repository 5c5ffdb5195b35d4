"""Enqueue the periodic tasks (django-tasks has no scheduler of its own).

Runs next to `manage.py db_worker` (see `make run`): every 60 seconds it
enqueues `sla_check` and `mail_poll` (the IMAP mailboxes), and every hour
the coverage notices to schools (`equipment.tasks.coverage_notices`,
idempotent) and SQLite's planner statistics (`database`); the worker runs
them.
`--once` enqueues one round of every task and exits (tests, cron).
"""

import time

from django.core.management.base import BaseCommand

from pupitre.database import refresh_planner_statistics
from pupitre.equipment.tasks import coverage_notices
from pupitre.mail.tasks import mail_poll
from pupitre.tickets.tasks import sla_check

# (task, seconds between two enqueues); a round enqueues every task that is due.
PERIODIC_TASKS = (
    (sla_check, 0),
    (mail_poll, 0),
    (coverage_notices, 3600),
    (refresh_planner_statistics, 3600),
)


class Command(BaseCommand):
    help = "Enqueue the periodic tasks (SLA check, mail poll, coverage notices, statistics)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="seconds between rounds")
        parser.add_argument("--once", action="store_true", help="enqueue one round and exit")

    def handle(self, *args, interval, once, **options):
        last: dict = {}
        while True:
            now = time.monotonic()
            for periodic, every in PERIODIC_TASKS:
                if periodic not in last or now - last[periodic] >= every:
                    periodic.enqueue()
                    last[periodic] = now
            if once:
                return
            time.sleep(interval)

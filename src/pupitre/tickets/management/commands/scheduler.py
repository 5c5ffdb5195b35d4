"""Enqueue the periodic tasks (django-tasks has no scheduler of its own).

Runs next to `manage.py db_worker` (see `make run`): every 60 seconds it
enqueues `sla_check` and `mail_poll`; the worker runs them. `--once` enqueues one round and
exits (tests, cron).
"""

import time

from django.core.management.base import BaseCommand

from pupitre.mail.tasks import mail_poll
from pupitre.tickets.tasks import sla_check

PERIODIC_TASKS = (sla_check, mail_poll)


class Command(BaseCommand):
    help = "Enqueue the periodic tasks (SLA check, mail poll) every --interval seconds."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="seconds between rounds")
        parser.add_argument("--once", action="store_true", help="enqueue one round and exit")

    def handle(self, *args, interval, once, **options):
        while True:
            for periodic in PERIODIC_TASKS:
                periodic.enqueue()
            if once:
                return
            time.sleep(interval)

"""Enqueue the periodic tasks (django-tasks has no scheduler of its own).

Runs next to `manage.py db_worker` (see `make run`). The tasks and how often
each is due are `settings.PERIODIC_TASKS`, named by dotted path, so that
this command knows no app: every 60 seconds the SLA check and the mail poll,
every hour the coverage notices to schools and SQLite's planner statistics;
the worker runs them.
`--once` enqueues one round of every task and exits (tests, cron).
SIGTERM or SIGINT stops it at once, even in the middle of its wait.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from pupitre.core.stopping import stop_on_signals


def periodic_tasks() -> list[tuple[object, int]]:
    """(task, seconds between two enqueues), from the settings."""
    return [(import_string(path), every) for path, every in settings.PERIODIC_TASKS]


class Command(BaseCommand):
    help = "Enqueue the periodic tasks (SLA check, mail poll, coverage notices, statistics)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="seconds between rounds")
        parser.add_argument("--once", action="store_true", help="enqueue one round and exit")

    def handle(self, *args, interval, once, **options):
        tasks = periodic_tasks()
        if once:
            for periodic, _every in tasks:
                periodic.enqueue()
            return
        stop = stop_on_signals()
        self.stdout.write("Scheduler running (SIGTERM or Ctrl-C stops it).")
        self.stdout.flush()
        last: dict = {}
        while not stop.is_set():
            now = time.monotonic()
            for periodic, every in tasks:
                if periodic not in last or now - last[periodic] >= every:
                    periodic.enqueue()
                    last[periodic] = now
            stop.wait(interval)

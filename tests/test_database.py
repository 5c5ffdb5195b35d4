"""Upkeep of the database: SQLite's planner statistics."""

import pytest
from django.core.management import call_command
from django.db import connection

from pupitre.core.database import refresh_planner_statistics

from .factories import make_ticket


def ticket_statistics() -> set[str]:
    """The indexes of the ticket table that SQLite's planner has figures for."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchall():
            return set()
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'tickets_ticket'")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_the_scheduler_gives_sqlites_planner_its_statistics(teacher, settings):
    """What the planner does with them shows on a large database only: on
    100,000 tickets the school's list uses the school's index (bench/README)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    if connection.vendor != "sqlite":
        assert refresh_planner_statistics.call() is False  # autovacuum's work there
        return
    for n in range(5):
        make_ticket(teacher, subject=f"Panne {n}")
    assert "ticket_school_idx" not in ticket_statistics()
    call_command("scheduler", "--once")  # the tasks run as they are enqueued
    assert {"ticket_school_idx", "ticket_requester_idx", "ticket_queue_idx"} <= ticket_statistics()

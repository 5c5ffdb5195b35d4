"""Ticket numbers stay unique when many requests arrive at once (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from pupitre.tickets.models import Ticket

from ..factories import make_member, make_school, make_ticket

CREATORS = 8
TICKETS_EACH = 15


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_creations_get_unique_consecutive_numbers():
    school = make_school()
    teachers = [make_member(school) for _ in range(CREATORS)]
    start = threading.Barrier(CREATORS)
    failures = []

    def create_many(teacher):
        try:
            start.wait()
            for i in range(TICKETS_EACH):
                make_ticket(teacher, subject=f"Demande {i}")
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create_many, args=(t,)) for t in teachers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    numbers = sorted(Ticket.objects.values_list("number", flat=True))
    total = CREATORS * TICKETS_EACH
    assert len(numbers) == len(set(numbers)) == total
    year = numbers[0][:4]
    assert numbers == [f"{year}-{n:06d}" for n in range(1, total + 1)]

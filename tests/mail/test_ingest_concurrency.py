"""Two workers on the same mail at once make one ticket (PostgreSQL).

A worker claims a mail before it processes it, so another leaves it alone;
but when the claim has run out while its worker still works (a very slow
worker), a second may take the mail. Both have then read it as waiting and
parsed it before either writes; the second to write its ticket finds the
mail done and its work is rolled back.
"""

import threading

import pytest
from django.db import connection

from pupitre.mail import services
from pupitre.mail.models import InboundMail, State
from pupitre.tickets.models import Message, Ticket

from .conftest import make_mail


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_processing_one_mail_make_one_ticket(teacher, monkeypatch, settings):
    settings.MAIL_CLAIM_SECONDS = 0  # each claim runs out at once
    services.inbound_store(raw=make_mail())
    mail_id = InboundMail.objects.get().pk
    both_have_parsed = threading.Barrier(2, timeout=20)
    process = services._process

    first_is_here = threading.Event()

    def process_when_both_are_here(*args, **kwargs):
        first_is_here.set()
        both_have_parsed.wait()
        return process(*args, **kwargs)

    monkeypatch.setattr(services, "_process", process_when_both_are_here)
    results, failures = [], []

    def work():
        try:
            results.append(services.inbound_process(inbound_id=mail_id))
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=work) for _ in range(2)]
    workers[0].start()
    # The second takes the mail once the first's claim (committed) has run out.
    assert first_is_here.wait(timeout=20)
    workers[1].start()
    for worker in workers:
        worker.join()

    assert failures == []
    winner = [mail for mail in results if mail is not None]
    assert len(results) == 2 and len(winner) == 1
    mail = InboundMail.objects.get()
    assert mail.state == State.PROCESSED and mail.attempts == 2
    ticket = Ticket.objects.get()
    assert mail.ticket == ticket == winner[0].ticket
    assert Message.objects.filter(email_message_id=mail.message_id).count() == 1

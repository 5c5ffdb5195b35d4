# ruff: noqa: F811 (the tools_ticket fixture, imported from panel_fixtures)
"""The Odoo panel's actions (tools.services), against the Odoo stand-in
over a real socket: what Odoo did, what the ticket's history and the school
were told, and that nothing is done twice."""

import pytest
from django.utils import translation

from pupitre.tickets.models import EventField, MessageKind
from pupitre.tickets.queries import timeline_for
from pupitre.tools import services
from pupitre.tools.models import OdooAction, OdooActionKind, OdooActionOutcome
from pupitre.tools.odoo import (
    OdooArchivedAccount,
    OdooMissingRights,
    OdooNotSupported,
    OdooTimeout,
    OdooUnreachable,
    OdooWrongCredentials,
)
from pupitre.tools.services import odoo_connection_save
from pupitre.web.presenters import timeline_entries

from ..factories import make_member, make_ticket
from .panel_fixtures import ARCHIVED, NO_EMAIL, tools_ticket, user_id  # noqa: F401 (fixture)


def _run(kind, ticket, odoo_user_id, by, key="k-1", **kwargs):
    return services.odoo_action_run(
        ticket=ticket, kind=kind, odoo_user_id=odoo_user_id, key=key, by=by, **kwargs
    )


def _events(ticket):
    return list(ticket.messages.filter(kind=MessageKind.EVENT, field=EventField.TOOL))


def _replies_from(ticket, user):
    return list(ticket.messages.filter(kind=MessageKind.REPLY, author=user))


def test_reactivating_an_archived_account_records_it_and_tells_the_school_in_french(
    odoo_connection, odoo_standin, tools_ticket, agent_de, ict_contact
):
    target = user_id(odoo_standin, ARCHIVED)
    action = _run(OdooActionKind.REACTIVATE, tools_ticket, target, agent_de)

    assert odoo_standin.users[target].active is True
    assert action.outcome == OdooActionOutcome.DONE
    assert (action.state_before, action.state_after) == ("archived", "active")
    (event,) = _events(tools_ticket)
    assert event.author == agent_de
    assert (event.old_value, event.new_value) == ("archived", "active")
    with translation.override("fr"):
        text = timeline_entries([_timeline_row(tools_ticket, agent_de, event.pk)])[0].text
    assert text == (
        "Odoo : Réactiver le compte, compte m.lambert@ecole-athenee-namur.be (archivé → actif)."
    )
    # The German agent's reply is written in the school's language.
    (reply,) = _replies_from(tools_ticket, agent_de)
    assert reply.body == (
        "Votre accès à Odoo a été rouvert (identifiant m.lambert@ecole-athenee-namur.be)."
    )
    # The school sees the reply, not the event.
    seen = [row.pk for row in timeline_for(ict_contact, tools_ticket)]
    assert reply.pk in seen and event.pk not in seen


def _timeline_row(ticket, user, pk):
    return next(row for row in timeline_for(user, ticket) if row.pk == pk)


def test_a_german_school_gets_the_reset_email_reply_in_german(
    odoo_connection, odoo_standin, agent_fr, german_school
):
    contact = make_member(german_school, ict_contact=True, name="Anna Weber")
    ticket = make_ticket(contact, school=german_school, category="remote_tools", subject="Odoo")
    target = user_id(odoo_standin, "j.schmitz@rs-eupen.be")
    action = _run(OdooActionKind.PASSWORD_RESET, ticket, target, agent_fr)

    assert len(odoo_standin.mails) == 1
    assert (action.outcome, action.state_after) == (OdooActionOutcome.DONE, "reset_sent")
    (reply,) = _replies_from(ticket, agent_fr)
    assert reply.body.startswith(
        "Odoo hat eine E-Mail an die Adresse des Kontos j.schmitz@rs-eupen.be"
    )


def test_the_same_request_sent_twice_is_carried_out_once(
    odoo_connection, odoo_standin, tools_ticket, agent_fr
):
    target = user_id(odoo_standin, "j.schmitz@rs-eupen.be")
    first = _run(OdooActionKind.PASSWORD_RESET, tools_ticket, target, agent_fr, key="same")
    again = _run(OdooActionKind.PASSWORD_RESET, tools_ticket, target, agent_fr, key="same")

    assert len(odoo_standin.mails) == 1
    assert again.pk == first.pk and again.repeated is True and first.repeated is False
    assert len(_events(tools_ticket)) == 1
    assert len(_replies_from(tools_ticket, agent_fr)) == 1


def test_reactivating_an_active_account_is_harmless_and_says_so(
    odoo_connection, odoo_standin, tools_ticket, agent_fr
):
    target = user_id(odoo_standin, ARCHIVED)
    _run(OdooActionKind.REACTIVATE, tools_ticket, target, agent_fr, key="one")
    writes = len(odoo_standin.writes)
    again = _run(OdooActionKind.REACTIVATE, tools_ticket, target, agent_fr, key="two")

    assert again.outcome == OdooActionOutcome.ALREADY_DONE
    assert len(odoo_standin.writes) == writes  # nothing asked of Odoo to change
    assert len(_replies_from(tools_ticket, agent_fr)) == 1  # no second reply
    last = _events(tools_ticket)[-1]
    with translation.override("de"):
        text = timeline_entries([_timeline_row(tools_ticket, agent_fr, last.pk)])[0].text
    assert "bereits aktiv, nichts geändert" in text


def test_a_reset_for_an_archived_account_is_refused_recorded_and_can_be_retried(
    odoo_connection, odoo_standin, tools_ticket, agent_fr
):
    target = user_id(odoo_standin, ARCHIVED)
    with pytest.raises(OdooArchivedAccount):
        _run(
            OdooActionKind.PASSWORD_RESET,
            tools_ticket,
            target,
            agent_fr,
            key="reset",
            login=ARCHIVED,
        )
    assert odoo_standin.mails == []
    action = OdooAction.objects.get(idempotency_key="reset")
    assert action.outcome == OdooActionOutcome.FAILED
    assert _replies_from(tools_ticket, agent_fr) == []
    (event,) = _events(tools_ticket)
    with translation.override("fr"):
        text = timeline_entries([_timeline_row(tools_ticket, agent_fr, event.pk)])[0].text
    assert text.startswith(
        "Odoo : Envoyer l’e-mail de réinitialisation du mot de passe, compte "
        "m.lambert@ecole-athenee-namur.be, échec :"
    )

    _run(OdooActionKind.REACTIVATE, tools_ticket, target, agent_fr, key="reactivate")
    retried = _run(OdooActionKind.PASSWORD_RESET, tools_ticket, target, agent_fr, key="reset")
    assert retried.outcome == OdooActionOutcome.DONE
    assert len(odoo_standin.mails) == 1


def test_unlock_says_the_odoo_version_does_not_offer_it(
    odoo_connection, odoo_standin, tools_ticket, agent_fr
):
    target = user_id(odoo_standin, NO_EMAIL)
    with pytest.raises(OdooNotSupported) as refused:
        _run(OdooActionKind.UNLOCK, tools_ticket, target, agent_fr)
    with translation.override("fr"):
        assert "17.0" in str(refused.value.message)
    action = OdooAction.objects.get()
    assert action.outcome == OdooActionOutcome.FAILED
    assert action.error_code == "odoo_not_supported"


def test_a_slow_odoo_times_out_and_the_retry_does_not_double(
    odoo_connection, odoo_standin, tools_ticket, agent_fr
):
    target = user_id(odoo_standin, ARCHIVED)
    odoo_connection.timeout = 1
    odoo_connection_save(connection=odoo_connection, by=None)
    odoo_standin.delay = 1.5
    with pytest.raises(OdooTimeout):
        _run(OdooActionKind.REACTIVATE, tools_ticket, target, agent_fr, key="slow", login=ARCHIVED)
    assert OdooAction.objects.get().outcome == OdooActionOutcome.FAILED
    odoo_standin.delay = 0
    action = _run(OdooActionKind.REACTIVATE, tools_ticket, target, agent_fr, key="slow")
    assert action.outcome in (OdooActionOutcome.DONE, OdooActionOutcome.ALREADY_DONE)
    assert odoo_standin.users[target].active is True
    assert OdooAction.objects.count() == 1


def test_a_dropped_connection_is_shown_and_the_retry_does_it_once(
    odoo_connection, odoo_standin, tools_ticket, agent_fr
):
    target = user_id(odoo_standin, ARCHIVED)
    odoo_standin.drop_next("before")
    with pytest.raises(OdooUnreachable):
        _run(OdooActionKind.REACTIVATE, tools_ticket, target, agent_fr, key="drop")
    assert odoo_standin.users[target].active is False
    action = _run(OdooActionKind.REACTIVATE, tools_ticket, target, agent_fr, key="drop")
    assert action.outcome == OdooActionOutcome.DONE
    assert len(odoo_standin.writes) == 1
    assert len(_replies_from(tools_ticket, agent_fr)) == 1


def test_wrong_credentials_change_nothing(odoo_connection, odoo_standin, tools_ticket, agent_fr):
    technical = next(u for u in odoo_standin.users.values() if u.login == odoo_connection.login)
    technical.api_keys = ["a-key-revoked-and-replaced"]
    target = user_id(odoo_standin, ARCHIVED)
    with pytest.raises(OdooWrongCredentials):
        _run(OdooActionKind.REACTIVATE, tools_ticket, target, agent_fr)
    assert odoo_standin.users[target].active is False
    assert _replies_from(tools_ticket, agent_fr) == []


def test_missing_rights_keep_odoos_fault_text_for_the_administrator(
    odoo_connection, odoo_standin, tools_ticket, agent_fr
):
    technical = next(
        user for user in odoo_standin.users.values() if user.login == odoo_connection.login
    )
    technical.groups_id = [
        g for g in technical.groups_id if g != odoo_standin.group_id("Access Rights")
    ]
    target = user_id(odoo_standin, ARCHIVED)
    with pytest.raises(OdooMissingRights):
        _run(OdooActionKind.REACTIVATE, tools_ticket, target, agent_fr)
    action = OdooAction.objects.get()
    assert "You are not allowed to modify 'User' (res.users) records" in action.fault_text
    (event,) = _events(tools_ticket)
    assert "You are not allowed to modify" in event.body


def test_a_request_under_way_is_not_started_a_second_time(
    odoo_connection, odoo_standin, tools_ticket, agent_fr
):
    from django.utils import timezone

    target = user_id(odoo_standin, ARCHIVED)
    OdooAction.objects.create(
        idempotency_key="busy",
        ticket=tools_ticket,
        kind=OdooActionKind.REACTIVATE,
        odoo_user_id=target,
        by=agent_fr,
        started_at=timezone.now(),
    )
    with pytest.raises(services.DomainError) as refused:
        _run(OdooActionKind.REACTIVATE, tools_ticket, target, agent_fr, key="busy")
    assert refused.value.code == "under_way"
    assert odoo_standin.writes == []


def test_only_staff_may_act(odoo_connection, odoo_standin, tools_ticket, ict_contact):
    with pytest.raises(services.DomainError):
        _run(OdooActionKind.REACTIVATE, tools_ticket, user_id(odoo_standin, ARCHIVED), ict_contact)
    assert not OdooAction.objects.exists()


def test_an_odoo_16_reset_is_recorded_as_sent_but_unconfirmed(
    odoo_connection, tools_ticket, agent_fr
):
    from pupitre.demo.odoo_standin import OdooStandin, seed_demo

    with seed_demo(OdooStandin(legacy_reset=True, version="16.0")) as legacy:
        odoo_connection.url = legacy.url
        odoo_connection_save(connection=odoo_connection, by=None)
        target = user_id(legacy, "j.schmitz@rs-eupen.be")
        action = _run(OdooActionKind.PASSWORD_RESET, tools_ticket, target, agent_fr)
        assert len(legacy.mails) == 1
    assert action.outcome == OdooActionOutcome.DONE and action.verify is True
    (event,) = _events(tools_ticket)
    with translation.override("fr"):
        text = timeline_entries([_timeline_row(tools_ticket, agent_fr, event.pk)])[0].text
    assert text.endswith("demandez à la personne s’il est arrivé.")


def test_nothing_is_asked_of_odoo_for_a_closed_request(
    odoo_connection, odoo_standin, tools_ticket, agent_fr
):
    from pupitre.tickets.services import ticket_set_status

    ticket_set_status(ticket=tools_ticket, status="closed", by=agent_fr)
    tools_ticket.refresh_from_db()
    with pytest.raises(services.DomainError) as refused:
        _run(OdooActionKind.REACTIVATE, tools_ticket, user_id(odoo_standin, ARCHIVED), agent_fr)
    assert refused.value.code == "closed"
    assert odoo_standin.writes == [] and not OdooAction.objects.exists()

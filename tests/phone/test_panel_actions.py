"""From the panel: a phone ticket pre-filled with the call, a call attached
to an open request; the callbacks list: take, call back, close."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pupitre.accounts.models import Role
from pupitre.core.errors import DomainError
from pupitre.phone import services
from pupitre.phone.models import Callback, CallbackReason, CallbackState, CallState, Outcome
from pupitre.tickets.models import Channel, EventField, Message, Ticket

from ..factories import make_member, make_team, make_ticket, make_user
from ..page import form_errors, notices, texts
from .panel_data import make_call, make_line


@pytest.fixture
def line_fr(agent_fr):
    team = make_team("fr")
    team.members.add(agent_fr)
    return make_line(team, name="Ligne FR")


def ticket_fields(**fields):
    data = {
        "category": "remote_hardware",
        "priority": 20,
        "subject": "Le tableau ne s'allume plus",
        "description": "Appel : le tableau de la classe 3 reste noir.",
    }
    data.update(fields)
    return data


def test_the_phone_form_opens_on_the_calls_school_with_the_caller_chosen(
    client, agent_fr, line_fr, school, teacher, other_teacher
):
    call = make_call(line_fr, school=school, person=teacher)
    client.force_login(agent_fr)
    html = client.get(reverse("desk:phone"), {"call": call.pk, "school": school.pk}).content
    html = html.decode()
    assert f'<input type="hidden" name="call" value="{call.pk}">' in html
    assert f'<option value="{teacher.pk}" selected>Claire Dubois</option>' in html, html
    assert "La demande sera liée à l’appel de +3281223344 sur la ligne Ligne FR" in html


def test_an_unknown_caller_is_prefilled_as_someone_new_with_their_number(
    client, agent_fr, line_fr, school
):
    call = make_call(line_fr, number="+3287654321")
    client.force_login(agent_fr)
    # The panel's school search, with the call carried along.
    found = client.get(reverse("desk:phone"), {"call": call.pk, "school_q": school.name})
    html = found.content.decode()
    assert 'value="+3287654321"' in html and 'value="new" selected' in html


def test_a_ticket_opened_from_the_call_has_the_call_and_its_history(
    client, agent_fr, line_fr, school, teacher
):
    now = timezone.now()
    call = make_call(
        line_fr,
        school=school,
        person=teacher,
        state=CallState.ENDED,
        outcome=Outcome.ANSWERED,
        agent=agent_fr,
        answered_at=now - timedelta(minutes=4),
        ended_at=now,
        duration_seconds=245,
    )
    client.force_login(agent_fr)
    response = client.post(
        reverse("desk:phone"),
        {"school": school.pk, "call": call.pk, "requester": teacher.pk, **ticket_fields()},
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(ticket.number + "/")
    assert ticket.channel == Channel.PHONE and ticket.requester == teacher
    call.refresh_from_db()
    assert call.ticket == ticket
    event = Message.objects.get(ticket=ticket, field=EventField.CALL)
    assert event.new_value.startswith("in|answered|+3281223344|")
    page = client.get(reverse("desk:ticket", args=[ticket.number])).content.decode()
    assert "Appel entrant de +3281223344 : répondu, 4:05." in page
    # Opening the form again for this call leads to its request.
    again = client.get(reverse("desk:phone"), {"call": call.pk})
    assert again.status_code == 302 and again["Location"].endswith(ticket.number + "/")


def test_a_refused_ticket_leaves_the_call_unattached(client, agent_fr, line_fr, school, teacher):
    call = make_call(line_fr, school=school, person=teacher)
    client.force_login(agent_fr)
    response = client.post(
        reverse("desk:phone"),
        {
            "school": school.pk,
            "call": call.pk,
            "requester": teacher.pk,
            **ticket_fields(subject="x" * 201),
        },
    )
    assert response.status_code == 200 and form_errors(response)
    call.refresh_from_db()
    assert call.ticket is None and not Ticket.objects.exists()


def test_a_call_is_attached_to_an_open_request_of_its_school(
    client, agent_fr, line_fr, school, teacher, other_school_teacher
):
    ticket = make_ticket(teacher)
    elsewhere = make_ticket(other_school_teacher)
    call = make_call(
        line_fr, school=school, person=teacher, state=CallState.ENDED, ended_at=timezone.now()
    )
    client.force_login(agent_fr)
    url = reverse("desk:call_attach", args=[call.pk])
    refused = client.post(url, {"ticket": elsewhere.number, "next": "/desk/"}, follow=True)
    assert notices(refused) == [
        "Cette demande n’est pas une demande ouverte de l’école de l’appelant."
    ]
    response = client.post(url, {"ticket": ticket.number, "next": "/desk/"})
    assert response["Location"].endswith(ticket.number + "/")
    call.refresh_from_db()
    assert call.ticket == ticket
    # Twice is harmless: one history entry.
    client.post(url, {"ticket": ticket.number})
    assert Message.objects.filter(ticket=ticket, field=EventField.CALL).count() == 1


def test_an_unsafe_next_address_is_not_followed(client, agent_fr, line_fr, school, teacher):
    call = make_call(line_fr, school=school, person=teacher)
    client.force_login(agent_fr)
    response = client.post(
        reverse("desk:call_attach", args=[call.pk]),
        {"ticket": "2026-999999", "next": "//evil.example/"},
    )
    assert response["Location"] == reverse("desk:queue")


def test_attaching_an_unknown_call_is_a_404(client, agent_fr):
    client.force_login(agent_fr)
    assert client.post(reverse("desk:call_attach", args=[999999])).status_code == 404


# Callbacks -----------------------------------------------------------------


def make_callback(line, *, due_in=timedelta(hours=2), school=None, **fields):
    call = make_call(
        line,
        school=school,
        state=CallState.ENDED,
        outcome=Outcome.MISSED,
        ended_at=timezone.now(),
    )
    return Callback.objects.create(
        call=call,
        number=call.party_number,
        school=school,
        reason=CallbackReason.MISSED,
        team=line.team,
        created_at=timezone.now(),
        due_at=timezone.now() + due_in,
        **fields,
    )


def test_the_callbacks_list_highlights_the_overdue_ones(client, agent_fr, line_fr, school):
    late = make_callback(line_fr, school=school, due_in=timedelta(minutes=-5))
    make_callback(line_fr, school=school)
    client.force_login(agent_fr)
    html = client.get(reverse("desk:callbacks")).content.decode()
    assert f'class="callback-overdue" data-callback="{late.pk}"' in html
    assert html.count("callback-overdue") == 1
    assert texts(html, "span", class_="sla-breached") == ["En retard"]


def test_take_call_back_without_answer_then_reached(client, agent_fr, line_fr, school, teacher):
    ticket = make_ticket(teacher)
    callback = make_callback(line_fr, school=school)
    callback.call.ticket = ticket
    callback.call.save(update_fields=["ticket"])
    client.force_login(agent_fr)

    def act(action, **data):
        url = reverse("desk:callback_action", args=[callback.pk, action])
        return client.post(url, data, follow=True)

    assert notices(act("take")) == ["Rappel pris en charge."]
    callback.refresh_from_db()
    assert (callback.state, callback.taken_by) == (CallbackState.TAKEN, agent_fr)
    assert notices(act("called", reached="no", note="Messagerie")) == [
        "Tentative notée ; le rappel reste à faire."
    ]
    callback.refresh_from_db()
    assert callback.state == CallbackState.TAKEN
    assert callback.note.endswith("rappelé par Agent Français, pas de réponse. Messagerie")
    act("called", reached="yes")
    callback.refresh_from_db()
    assert (callback.state, callback.done_by) == (CallbackState.DONE, agent_fr)
    # Both attempts stay in the callback's note.
    assert "pas de réponse. Messagerie" in callback.note
    assert callback.note.endswith("rappelé par Agent Français, joint.")
    done = client.get(reverse("desk:callbacks"), {"state": "done"}).content.decode()
    assert f'data-callback="{callback.pk}"' in done
    # A done callback cannot be called back again.
    assert notices(act("called", reached="yes")) == ["Ce rappel est déjà fait."]


def test_close_without_calling_twice_is_harmless(agent_fr, line_fr, school):
    callback = make_callback(line_fr, school=school)
    services.callback_call_back(callback=callback, by=agent_fr, reached=False)
    services.callback_close(callback=callback, by=agent_fr, note="A rappelé lui-même")
    services.callback_close(callback=callback, by=agent_fr)
    callback.refresh_from_db()
    assert callback.state == CallbackState.DONE
    assert "pas de réponse" in callback.note and "A rappelé lui-même" in callback.note


def test_a_school_user_cannot_take_a_callback(line_fr, school, teacher):
    callback = make_callback(line_fr, school=school)
    with pytest.raises(DomainError):
        services.callback_take(callback=callback, by=teacher)


def test_the_callbacks_list_filters_by_team_and_mine(client, agent_fr, agent_de, line_fr, school):
    team_de = make_team("de")
    line_de = make_line(team_de, language="de")
    fr = make_callback(line_fr, school=school)
    de = make_callback(line_de, school=school)
    services.callback_take(callback=de, by=agent_fr)
    client.force_login(agent_fr)
    by_team = client.get(reverse("desk:callbacks"), {"team": team_de.pk}).content.decode()
    assert f'data-callback="{de.pk}"' in by_team and f'data-callback="{fr.pk}"' not in by_team
    mine = client.get(reverse("desk:callbacks"), {"state": "mine"}).content.decode()
    assert f'data-callback="{de.pk}"' in mine and f'data-callback="{fr.pk}"' not in mine


def test_the_callbacks_list_queries_do_not_grow(client, agent_fr, line_fr, school):
    from ..querycount import count_queries

    def grow_to(n):
        for _ in range(n):
            callback = make_callback(line_fr, school=school, person=make_member(school))
            services.callback_take(callback=callback, by=agent_fr)
        return count_queries(client, reverse("desk:callbacks"))

    client.force_login(agent_fr)
    small, large = grow_to(2), grow_to(30)
    assert small == large and large <= 8


@pytest.mark.parametrize("role", ["teacher", "ict_contact", "technician"])
def test_the_phone_screens_are_for_the_desk_only(client, line_fr, school, teacher, role, request):
    user = (
        make_user(role=Role.TECHNICIAN) if role == "technician" else request.getfixturevalue(role)
    )
    callback = make_callback(line_fr, school=school)
    call = make_call(line_fr, school=school, person=teacher)
    client.force_login(user)
    for method, url in [
        ("get", reverse("desk:phone_live")),
        ("get", reverse("desk:callbacks")),
        ("post", reverse("desk:call_attach", args=[call.pk])),
        ("post", reverse("desk:callback_action", args=[callback.pk, "take"])),
        ("get", reverse("desk:phone") + f"?call={call.pk}"),
    ]:
        assert getattr(client, method)(url).status_code == 403, url
    callback.refresh_from_db()
    assert callback.state == CallbackState.OPEN


def test_an_unknown_callback_action_is_a_404(client, agent_fr, line_fr, school):
    callback = make_callback(line_fr, school=school)
    client.force_login(agent_fr)
    url = reverse("desk:callback_action", args=[callback.pk, "delete"])
    assert client.post(url).status_code == 404
    assert client.post(reverse("desk:callback_action", args=[999999, "take"])).status_code == 404

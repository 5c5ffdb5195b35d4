import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from pupitre.core.errors import DomainError
from pupitre.schools.models import MembershipRole
from pupitre.schools.queries import check_school_member
from pupitre.tickets import services
from pupitre.tickets.models import (
    Channel,
    EventField,
    Message,
    MessageKind,
    Priority,
    Status,
    Team,
    Ticket,
    TicketSequence,
)

from ..factories import make_device, make_ticket


def events(ticket, field):
    return list(
        ticket.messages.filter(kind=MessageKind.EVENT, field=field).values_list(
            "old_value", "new_value", "author_id"
        )
    )


def test_create_numbers_tickets_per_year_and_routes_to_the_language_team(teacher, teams):
    first = make_ticket(teacher)
    second = make_ticket(teacher)
    year = timezone.localtime().year
    assert first.number == f"{year}-000001"
    assert second.number == f"{year}-000002"
    assert first.team == teams["fr"]
    assert first.status == Status.NEW
    assert first.language == "fr"
    assert TicketSequence.objects.get(year=year).last_number == 2


def test_numbering_restarts_with_the_year_in_brussels_time(teacher, time_machine):
    # 31 December 23:30 UTC is already 1 January in Brussels.
    time_machine.move_to("2026-12-31T23:30:00+00:00", tick=False)
    ticket = make_ticket(teacher)
    assert ticket.number == "2027-000001"


def test_create_stores_description_as_first_message_with_attachments(teacher):
    upload = SimpleUploadedFile("photo écran.png", b"\x89PNG....", content_type="image/png")
    ticket = make_ticket(teacher, attachments=[upload])
    first = ticket.messages.get(kind=MessageKind.REPLY)
    assert first.author == teacher
    assert "rien ne se passe" in first.body
    attachment = first.attachments.get()
    assert attachment.filename == "photo écran.png"
    assert attachment.size == 8
    assert events(ticket, EventField.CREATED) == [("", Channel.PORTAL, teacher.pk)]


def test_create_refuses_a_device_of_another_school(teacher, other_school):
    foreign = make_device(other_school)
    with translation.override("fr"), pytest.raises(DomainError) as refused:
        make_ticket(teacher, devices=[foreign])
    assert refused.value.field == "devices"
    assert refused.value.message == f"L’appareil {foreign.serial} n’appartient pas à cette école."
    assert not Message.objects.exists()


def test_create_refuses_a_requester_who_is_not_a_member(teacher, other_school):
    with pytest.raises(DomainError) as refused:
        make_ticket(teacher, school=other_school)
    assert refused.value.code == "not_member"


def test_memberships_the_caller_just_read_are_trusted_and_still_refuse(
    teacher, school, other_school, django_assert_num_queries
):
    """A mail batch reads its senders' memberships once (`member_of`): no
    query of its own, and a school outside them is still refused."""
    teacher.member_of = {school.pk: MembershipRole.MEMBER}
    with django_assert_num_queries(0):
        check_school_member(teacher, school)
    with pytest.raises(DomainError) as refused:
        check_school_member(teacher, other_school)
    assert refused.value.code == "not_member"


def test_create_refuses_an_attachment_over_the_limit(teacher, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    upload = SimpleUploadedFile("big.pdf", b"x" * 11, content_type="application/pdf")
    with translation.override("fr"), pytest.raises(DomainError) as refused:
        make_ticket(teacher, attachments=[upload])
    assert refused.value.code == "file_too_large"
    assert (
        refused.value.message
        == "Le fichier big.pdf est trop volumineux (10\u00a0octets au maximum)."
    )
    assert not Message.objects.exists()


def test_only_staff_may_open_a_request_for_someone_else(teacher, other_teacher, agent_fr):
    with pytest.raises(DomainError):
        make_ticket(teacher, created_by=other_teacher)
    ticket = make_ticket(teacher, created_by=agent_fr, channel=Channel.PHONE)
    assert ticket.created_by == agent_fr
    assert ticket.requester == teacher


def test_first_staff_reply_is_the_first_response_and_opens_the_ticket(teacher, agent_fr):
    ticket = make_ticket(teacher)
    services.ticket_reply(ticket=ticket, author=agent_fr, body="Bonjour, pouvez-vous redémarrer ?")
    ticket.refresh_from_db()
    assert ticket.first_response_at is not None
    assert ticket.status == Status.OPEN
    assert events(ticket, EventField.STATUS) == [(Status.NEW, Status.OPEN, agent_fr.pk)]


def test_school_reply_brings_a_waiting_ticket_back(teacher, agent_fr):
    ticket = make_ticket(teacher)
    services.ticket_set_status(ticket=ticket, status=Status.WAITING_FOR_SCHOOL, by=agent_fr)
    services.ticket_reply(ticket=ticket, author=teacher, body="C'est fait, toujours pareil.")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert events(ticket, EventField.STATUS)[-1] == (
        Status.WAITING_FOR_SCHOOL,
        Status.OPEN,
        teacher.pk,
    )


def test_status_and_assignment_changes_write_history(teacher, agent_fr, agent_de):
    ticket = make_ticket(teacher)
    services.ticket_assign(ticket=ticket, assignee=agent_fr, by=agent_fr)
    services.ticket_assign(ticket=ticket, assignee=agent_de, by=agent_fr)
    services.ticket_set_status(ticket=ticket, status=Status.RESOLVED, by=agent_de)
    services.ticket_set_priority(ticket=ticket, priority=Priority.URGENT, by=agent_de)
    assert events(ticket, EventField.ASSIGNEE) == [
        ("", str(agent_fr), agent_fr.pk),
        (str(agent_fr), str(agent_de), agent_fr.pk),
    ]
    assert events(ticket, EventField.STATUS) == [
        (Status.NEW, Status.OPEN, agent_fr.pk),
        (Status.OPEN, Status.RESOLVED, agent_de.pk),
    ]
    assert events(ticket, EventField.PRIORITY) == [
        (str(Priority.NORMAL.value), str(Priority.URGENT.value), agent_de.pk)
    ]
    ticket.refresh_from_db()
    assert ticket.resolved_at is not None


def test_a_change_to_the_same_value_writes_nothing(teacher, agent_fr):
    ticket = make_ticket(teacher)
    before = Message.objects.count()
    services.ticket_set_status(ticket=ticket, status=Status.NEW, by=agent_fr)
    services.ticket_assign(ticket=ticket, assignee=None, by=agent_fr)
    services.ticket_set_priority(ticket=ticket, priority=Priority.NORMAL, by=agent_fr)
    assert Message.objects.count() == before


def test_school_may_only_resolve_or_reopen(teacher, agent_fr):
    ticket = make_ticket(teacher)
    with pytest.raises(DomainError):
        services.ticket_set_status(ticket=ticket, status=Status.CLOSED, by=teacher)
    services.ticket_set_status(ticket=ticket, status=Status.RESOLVED, by=teacher)
    services.ticket_set_status(ticket=ticket, status=Status.OPEN, by=teacher)
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.resolved_at is None


def test_nobody_replies_to_a_closed_ticket(teacher, agent_fr):
    ticket = make_ticket(teacher)
    services.ticket_set_status(ticket=ticket, status=Status.CLOSED, by=agent_fr)
    with pytest.raises(DomainError) as refused:
        services.ticket_reply(ticket=ticket, author=teacher, body="Encore moi")
    assert refused.value.code == "closed"


def test_notes_and_assignment_are_for_staff_only(teacher, other_teacher):
    ticket = make_ticket(teacher)
    with pytest.raises(DomainError):
        services.ticket_add_note(ticket=ticket, author=teacher, body="note")
    with pytest.raises(DomainError):
        services.ticket_assign(ticket=ticket, assignee=teacher, by=teacher)


def test_cannot_assign_to_a_school_user(teacher, agent_fr):
    ticket = make_ticket(teacher)
    with pytest.raises(DomainError) as refused:
        services.ticket_assign(ticket=ticket, assignee=teacher, by=agent_fr)
    assert refused.value.field == "assignee"


def test_german_school_gets_german_ticket(german_teacher, teams):
    ticket = make_ticket(german_teacher, subject="Beamer zeigt kein Bild")
    assert ticket.language == "de"
    assert ticket.team == teams["de"]


def test_blank_subject_is_refused_with_the_field(teacher):
    with translation.override("fr"), pytest.raises(DomainError) as refused:
        make_ticket(teacher, subject="   ")
    assert refused.value.field == "subject"
    assert refused.value.message == "Veuillez indiquer l’objet de la demande."
    assert not Ticket.objects.exists()


def changes_of(ticket):
    return sorted(
        ticket.messages.filter(kind=MessageKind.EVENT)
        .exclude(field=EventField.CREATED)
        .values_list("field", "old_value", "new_value", "author_id")
    )


def test_update_writes_one_event_per_changed_field_in_one_change(
    teacher, agent_fr, agent_de, teams
):
    ticket = make_ticket(teacher)
    updated = services.ticket_update(
        ticket=ticket,
        by=agent_fr,
        assignee=agent_de,
        status=Status.WAITING_FOR_SCHOOL,
        priority=Priority.HIGH,
        team=teams["de"],
    )
    assert (updated.assignee, updated.status, updated.priority, updated.team) == (
        agent_de,
        Status.WAITING_FOR_SCHOOL,
        Priority.HIGH,
        teams["de"],
    )
    # The explicit status wins over "assigning a new ticket opens it": one status event.
    assert changes_of(ticket) == [
        (EventField.ASSIGNEE, "", str(agent_de), agent_fr.pk),
        (EventField.PRIORITY, str(Priority.NORMAL), str(Priority.HIGH), agent_fr.pk),
        (EventField.STATUS, Status.NEW, Status.WAITING_FOR_SCHOOL, agent_fr.pk),
        (EventField.TEAM, str(teams["fr"].pk), str(teams["de"].pk), agent_fr.pk),
    ]


def test_update_of_unchanged_fields_writes_nothing(teacher, agent_fr, teams):
    ticket = make_ticket(teacher)
    before = Ticket.objects.get(pk=ticket.pk).updated_at
    services.ticket_update(
        ticket=ticket,
        by=agent_fr,
        assignee=None,
        status=Status.NEW,
        priority=Priority.NORMAL,
        team=teams["fr"],
    )
    assert changes_of(ticket) == []
    assert Ticket.objects.get(pk=ticket.pk).updated_at == before


def test_update_assigning_a_new_ticket_opens_it(teacher, agent_fr):
    ticket = make_ticket(teacher)
    services.ticket_update(ticket=ticket, by=agent_fr, assignee=agent_fr, priority=Priority.LOW)
    assert changes_of(ticket) == [
        (EventField.ASSIGNEE, "", str(agent_fr), agent_fr.pk),
        (EventField.PRIORITY, str(Priority.NORMAL), str(Priority.LOW), agent_fr.pk),
        (EventField.STATUS, Status.NEW, Status.OPEN, agent_fr.pk),
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "deleted", "priority": Priority.HIGH}, "status"),
        ({"priority": 42, "status": Status.OPEN}, "priority"),
        ({"assignee": "teacher", "status": Status.OPEN}, "assignee"),
    ],
)
def test_a_refused_change_refuses_the_whole_update(teacher, agent_fr, teams, changes, field):
    ticket = make_ticket(teacher)
    if changes.get("assignee") == "teacher":
        changes["assignee"] = teacher
    with pytest.raises(DomainError) as refused:
        services.ticket_update(ticket=ticket, by=agent_fr, team=teams["de"], **changes)
    assert refused.value.field == field
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority, ticket.team, ticket.assignee) == (
        Status.NEW,
        Priority.NORMAL,
        teams["fr"],
        None,
    )
    assert changes_of(ticket) == []


def test_a_school_refused_status_leaves_nothing_half_written(teacher, agent_fr):
    ticket = make_ticket(teacher)
    services.ticket_update(ticket=ticket, by=agent_fr, assignee=agent_fr)
    with pytest.raises(DomainError) as refused:
        services.ticket_update(ticket=ticket, by=teacher, status=Status.CLOSED)
    assert (refused.value.code, refused.value.field) == ("not_allowed", "status")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


@pytest.mark.parametrize("field", ["assignee", "priority", "team"])
def test_a_school_may_not_set_staff_fields_even_with_an_allowed_status(
    teacher, agent_fr, teams, field
):
    ticket = make_ticket(teacher)
    value = {"assignee": agent_fr, "priority": Priority.URGENT, "team": teams["de"]}[field]
    with pytest.raises(DomainError) as refused:
        services.ticket_update(ticket=ticket, by=teacher, status=Status.RESOLVED, **{field: value})
    assert (refused.value.code, refused.value.field) == ("not_allowed", field)
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW
    assert changes_of(ticket) == []


@pytest.mark.parametrize("gone", ["assignee", "team"])
@pytest.mark.parametrize("given_as", ["id", "row"])
def test_an_assignee_deactivated_or_a_team_deleted_since_it_was_offered_is_refused(
    teacher, agent_fr, agent_de, teams, gone, given_as
):
    """A form offered the person or the team; before it was sent, the person
    left or the team was deleted: the whole change is refused, by its field,
    whoever calls the service."""
    ticket = make_ticket(teacher)
    team = Team.objects.create(name="Équipe temporaire", language="fr")
    chosen = {"assignee": agent_de, "team": team}
    if gone == "assignee":
        agent_de.is_active = False
        agent_de.save(update_fields=["is_active"])
        chosen["assignee"].is_active = True  # the row as the caller read it earlier
    else:
        Team.objects.filter(pk=team.pk).delete()
    value = chosen[gone] if given_as == "row" else chosen[gone].pk
    changes = {"priority": Priority.HIGH, gone: value}
    with translation.override("fr"), pytest.raises(DomainError) as refused:
        services.ticket_update(ticket=ticket, by=agent_fr, **changes)
    assert (refused.value.code, refused.value.field) == ("invalid_choice", gone)
    with translation.override("fr"):
        assert str(refused.value.message) == (
            f"Sélectionnez un choix valide. {chosen[gone].pk} n’en fait pas partie."
        )
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.assignee, ticket.team) == (Priority.NORMAL, None, teams["fr"])
    assert changes_of(ticket) == []


def test_assignee_and_team_may_be_given_by_id(teacher, agent_fr, agent_de, teams):
    ticket = make_ticket(teacher)
    services.ticket_update(ticket=ticket, by=agent_fr, assignee=agent_de.pk, team=teams["de"].pk)
    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.team) == (agent_de, teams["de"])
    assert changes_of(ticket)[0] == (EventField.ASSIGNEE, "", str(agent_de), agent_fr.pk)

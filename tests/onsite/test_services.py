"""Planning, confirming and the status steps of an intervention, with the
ticket's history and the mails to the school."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import translation

from pupitre.core.errors import DomainError
from pupitre.hours.models import ClosedDay, ClosedDayKind, ServiceCalendar
from pupitre.onsite import queries, services
from pupitre.onsite.models import (
    InterventionHandover,
    InterventionStatus,
    SchoolHoliday,
    SiteNoVisit,
    TechnicianAbsence,
)
from pupitre.tickets.models import EventField, MessageKind
from pupitre.tickets.queries import timeline_for
from pupitre.web.presenters import describe_event

from ..factories import make_device, make_school
from . import FRIDAY, NOW, THURSDAY, at, make_technician, onsite_ticket, plan

pytestmark = pytest.mark.time_machine(NOW, tick=False)


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def french():
    # Refusals and the history are read in the active language: French here.
    with translation.override("fr"):
        yield


@pytest.fixture
def technician(db):
    return make_technician(name="Tom Technicien")


def intervention_events(ticket):
    return list(
        ticket.messages.filter(kind=MessageKind.EVENT, field=EventField.INTERVENTION).order_by("id")
    )


def test_plan_proposes_slots_and_mails_the_school_a_signed_link(
    teacher, agent_fr, technician, django_capture_on_commit_callbacks
):
    ticket = onsite_ticket(teacher)
    device = make_device(ticket.school)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        intervention = plan(
            ticket, agent_fr, technician, at(THURSDAY, 9), at(FRIDAY, 10), devices=[device]
        )
    assert intervention.status == InterventionStatus.PROPOSED
    assert [s.starts_at for s in queries.slots_of(intervention)] == [
        at(THURSDAY, 9),
        at(FRIDAY, 10),
    ]
    assert list(intervention.devices.all()) == [device]
    # Normal priority: 10 business days from Monday 30 November.
    assert intervention.visit_due_on.isoformat() == "2026-12-14"
    [event] = intervention_events(ticket)
    assert event.new_value == InterventionStatus.PROPOSED
    [email] = mail.outbox
    assert email.to == [teacher.email]
    assert email.subject == f"[{ticket.number}] Intervention sur place : veuillez choisir un moment"
    token = queries.confirmation_token(intervention)
    html = email.alternatives[0][0]
    for part in (email.body, html):
        assert f"/portal/visits/{token}/" in part
        assert "jeudi 3 décembre 2026, 09:00 à 10:00" in part


def test_a_conflict_refuses_the_plan_with_its_reason_and_writes_nothing(
    teacher, agent_fr, technician
):
    ticket = onsite_ticket(teacher)
    saturday = at(THURSDAY, 9) + timedelta(days=2)
    with pytest.raises(DomainError) as refused:
        plan(ticket, agent_fr, technician, at(THURSDAY, 9), saturday)
    assert refused.value.code == "site_closed_day"
    assert str(refused.value.message).startswith(
        "Le moment 2 est refusé : L’implantation est fermée"
    )
    assert ticket.interventions.count() == 0
    assert intervention_events(ticket) == []


def test_technician_busy_elsewhere_is_refused_with_the_other_request(teacher, agent_fr, technician):
    first = onsite_ticket(teacher)
    booked = plan(first, agent_fr, technician, at(THURSDAY, 9))
    services.intervention_confirm(
        intervention=booked, slot=queries.slots_of(booked)[0], name="Mme Dupont", by=None
    )
    second = onsite_ticket(teacher)
    with pytest.raises(DomainError) as refused:
        plan(second, agent_fr, technician, at(THURSDAY, 9, 30))
    assert refused.value.code == "technician_busy"
    assert first.number in str(refused.value.message)


def test_absence_holidays_no_visit_days_and_public_holidays_are_refused(
    teacher, agent_fr, technician
):
    ticket = onsite_ticket(teacher)
    site = ticket.school.sites.first()
    TechnicianAbsence.objects.create(
        technician=technician, starts_at=at(THURSDAY, 0), ends_at=at(FRIDAY, 0), reason="formation"
    )
    with pytest.raises(DomainError) as refused:
        plan(ticket, agent_fr, technician, at(THURSDAY, 10))
    assert refused.value.code == "technician_absent"
    SiteNoVisit.objects.create(site=site, starts_on=FRIDAY, ends_on=FRIDAY, reason="examens")
    with pytest.raises(DomainError) as refused:
        plan(ticket, agent_fr, technician, at(FRIDAY, 10))
    assert "examens" in str(refused.value.message)
    winter = FRIDAY + timedelta(days=21)  # Friday 25 December
    SchoolHoliday.objects.create(
        language="fr",
        starts_on=winter - timedelta(days=4),
        ends_on=winter + timedelta(days=10),
        name_de="Winterferien",
        name_fr="vacances d'hiver",
    )
    monday = FRIDAY + timedelta(days=17)
    with pytest.raises(DomainError) as refused:
        plan(ticket, agent_fr, technician, at(monday, 10))
    assert "vacances d'hiver" in str(refused.value.message)
    calendar = ServiceCalendar.objects.get(code=ServiceCalendar.STANDARD)
    monday_after = FRIDAY + timedelta(days=3)
    ClosedDay.objects.create(
        calendar=calendar,
        date=monday_after,
        name_de="Test",
        name_fr="Jour de test",
        kind=ClosedDayKind.SERVICE_CLOSURE,
    )
    with pytest.raises(DomainError) as refused:
        plan(ticket, agent_fr, technician, at(monday_after, 10))
    assert "Jour de test" in str(refused.value.message)


def test_travel_from_another_site_must_fit(teacher, agent_fr, technician, german_teacher):
    namur_ticket = onsite_ticket(teacher)
    namur = namur_ticket.school.sites.first()
    namur.latitude, namur.longitude = 50.4669, 4.8675
    namur.save()
    eupen_ticket = onsite_ticket(german_teacher)
    eupen = eupen_ticket.school.sites.first()
    eupen.latitude, eupen.longitude = 50.6285, 6.0342
    eupen.save()
    booked = plan(namur_ticket, agent_fr, technician, at(THURSDAY, 9))
    services.intervention_confirm(
        intervention=booked, slot=queries.slots_of(booked)[0], name="Mme Dupont", by=None
    )
    with pytest.raises(DomainError) as refused:
        plan(eupen_ticket, agent_fr, technician, at(THURSDAY, 11))
    assert refused.value.code == "technician_travel"
    # 10:00 + 135 minutes of travel.
    assert plan(eupen_ticket, agent_fr, technician, at(THURSDAY, 12, 15)).pk


def test_only_planners_plan_and_only_sites_and_devices_of_the_school(
    teacher, agent_fr, technician, other_school
):
    ticket = onsite_ticket(teacher)
    with pytest.raises(DomainError) as refused:
        plan(ticket, teacher, technician)
    assert refused.value.code == "not_allowed"
    with pytest.raises(DomainError) as refused:
        plan(ticket, agent_fr, technician, site=other_school.sites.first())
    assert refused.value.field == "site"
    with pytest.raises(DomainError) as refused:
        plan(ticket, agent_fr, technician, devices=[make_device(other_school)])
    assert refused.value.field == "devices"
    with pytest.raises(DomainError) as refused:
        plan(ticket, agent_fr, agent_fr)
    assert refused.value.field == "technician"
    with pytest.raises(DomainError) as refused:
        plan(ticket, agent_fr, technician, minutes=0)
    assert refused.value.field == "duration_minutes"


def test_confirming_by_the_link_records_who_and_is_harmless_twice(
    teacher, agent_fr, technician, django_capture_on_commit_callbacks
):
    ticket = onsite_ticket(teacher)
    intervention = plan(ticket, agent_fr, technician, at(THURSDAY, 9), at(FRIDAY, 10))
    slot = queries.slots_of(intervention)[1]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = services.intervention_confirm(
            intervention=intervention, slot=slot, name="Mme Dupont", by=None
        )
    assert confirmed.status == InterventionStatus.CONFIRMED
    assert (confirmed.starts_at, confirmed.ends_at) == (at(FRIDAY, 10), at(FRIDAY, 11))
    assert confirmed.confirmed_by_name == "Mme Dupont"
    assert [s.chosen for s in queries.slots_of(confirmed)] == [False, True]
    again = services.intervention_confirm(intervention=confirmed, slot=slot, name="X", by=None)
    assert again.revision == confirmed.revision
    [email] = mail.outbox
    assert "confirmée" in email.subject
    assert "vendredi 4 décembre 2026, 10:00 à 11:00" in email.body
    events = intervention_events(ticket)
    assert [e.new_value for e in events] == ["proposed", "confirmed"]
    # The school reads the history too, in its language.
    school_events = [
        entry for entry in timeline_for(teacher, ticket) if entry.field == EventField.INTERVENTION
    ]
    assert len(school_events) == 2
    assert describe_event(school_events[1]) == (
        "L’intervention sur place a été confirmée pour le vendredi 4 décembre 2026, 10:00."
    )


def test_confirming_without_a_name_or_another_slot_is_refused(teacher, agent_fr, technician):
    intervention = plan(onsite_ticket(teacher), agent_fr, technician)
    other = plan(onsite_ticket(teacher), agent_fr, technician, at(FRIDAY, 9))
    slot = queries.slots_of(intervention)[0]
    with pytest.raises(DomainError) as refused:
        services.intervention_confirm(intervention=intervention, slot=slot, name=" ", by=None)
    assert refused.value.field == "name"
    with pytest.raises(DomainError) as refused:
        services.intervention_confirm(
            intervention=intervention, slot=queries.slots_of(other)[0], name="A", by=None
        )
    assert refused.value.field == "slot"


def test_a_slot_taken_meanwhile_cannot_be_confirmed(teacher, agent_fr, technician):
    first = plan(onsite_ticket(teacher), agent_fr, technician, at(THURSDAY, 9))
    second = plan(onsite_ticket(teacher), agent_fr, technician, at(THURSDAY, 9, 30))
    services.intervention_confirm(
        intervention=first, slot=queries.slots_of(first)[0], name="A", by=None
    )
    with pytest.raises(DomainError) as refused:
        services.intervention_confirm(
            intervention=second, slot=queries.slots_of(second)[0], name="B", by=None
        )
    assert refused.value.code == "conflict"
    second.refresh_from_db()
    assert second.status == InterventionStatus.PROPOSED


def test_the_link_stops_working_after_new_times_or_after_the_slot(
    teacher, agent_fr, technician, time_machine
):
    intervention = plan(onsite_ticket(teacher), agent_fr, technician, at(THURSDAY, 9))
    token = queries.confirmation_token(intervention)
    assert queries.intervention_from_token(token, now=NOW) == intervention
    assert queries.intervention_from_token(token + "x", now=NOW) is None
    assert queries.intervention_from_token(token, now=at(THURSDAY, 9)) is None
    moved = services.intervention_propose_slots(
        intervention=intervention, slots=[at(FRIDAY, 9)], by=agent_fr
    )
    assert queries.intervention_from_token(token, now=NOW) is None
    assert queries.intervention_from_token(queries.confirmation_token(moved), now=NOW) == moved


def test_school_asks_for_another_time(teacher, agent_fr, technician):
    intervention = plan(onsite_ticket(teacher), agent_fr, technician)
    services.intervention_ask_other_time(
        intervention=intervention, text="Le mardi matin", name="M. Martin", by=None
    )
    intervention.refresh_from_db()
    assert intervention.school_request == "Le mardi matin"
    event = intervention_events(intervention.ticket)[-1]
    assert event.new_value == "other_time"
    assert "Le mardi matin (M. Martin)" in describe_event(event)
    with pytest.raises(DomainError):
        services.intervention_ask_other_time(
            intervention=intervention, text="", name="M. Martin", by=None
        )


def test_status_steps_by_the_technician_with_history(teacher, agent_fr, technician):
    intervention = plan(onsite_ticket(teacher), agent_fr, technician)
    with pytest.raises(DomainError):
        services.intervention_set_status(
            intervention=intervention, status=InterventionStatus.ON_SITE, by=technician
        )
    services.intervention_confirm(
        intervention=intervention, slot=queries.slots_of(intervention)[0], name="A", by=None
    )
    for status in ("on_the_way", "on_site", "done"):
        intervention = services.intervention_set_status(
            intervention=intervention, status=status, by=technician
        )
    assert intervention.status == InterventionStatus.DONE
    assert intervention.on_the_way_at and intervention.on_site_at and intervention.finished_at
    assert [e.new_value for e in intervention_events(intervention.ticket)] == [
        "proposed",
        "confirmed",
        "on_the_way",
        "on_site",
        "done",
    ]
    # Done again is harmless; anything else is refused.
    services.intervention_set_status(intervention=intervention, status="done", by=technician)
    with pytest.raises(DomainError):
        services.intervention_set_status(intervention=intervention, status="cancelled", by=agent_fr)


def test_another_technician_or_a_school_cannot_step(teacher, agent_fr, technician):
    intervention = plan(onsite_ticket(teacher), agent_fr, technician)
    services.intervention_confirm(
        intervention=intervention, slot=queries.slots_of(intervention)[0], name="A", by=None
    )
    for someone in (make_technician(), teacher):
        with pytest.raises(DomainError) as refused:
            services.intervention_set_status(
                intervention=intervention, status="on_the_way", by=someone
            )
        assert refused.value.code == "not_allowed"
    with pytest.raises(DomainError):
        services.intervention_set_status(
            intervention=intervention, status="cancelled", by=technician
        )


def test_cancelling_a_confirmed_visit_mails_the_school(
    teacher, agent_fr, technician, django_capture_on_commit_callbacks
):
    intervention = plan(onsite_ticket(teacher), agent_fr, technician)
    services.intervention_confirm(
        intervention=intervention, slot=queries.slots_of(intervention)[0], name="A", by=None
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.intervention_set_status(
            intervention=intervention, status="cancelled", by=agent_fr, reason="Pièce manquante"
        )
    [email] = mail.outbox
    assert "annulée" in email.subject
    event = intervention_events(intervention.ticket)[-1]
    assert describe_event(event).endswith("Pièce manquante")


def test_reminder_goes_the_school_day_before_once_in_the_schools_language(
    german_teacher, agent_de, technician, django_capture_on_commit_callbacks
):
    ticket = onsite_ticket(german_teacher)
    monday = THURSDAY + timedelta(days=4)
    intervention = plan(ticket, agent_de, technician, at(monday, 9))
    services.intervention_confirm(
        intervention=intervention, slot=queries.slots_of(intervention)[0], name="A", by=None
    )
    mail.outbox.clear()
    # Thursday: Monday is not the next school day yet.
    assert services.interventions_send_reminders(now=at(THURSDAY, 16)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.interventions_send_reminders(now=at(FRIDAY, 16)) == 1
        assert services.interventions_send_reminders(now=at(FRIDAY, 17)) == 0
    [email] = mail.outbox
    assert email.subject == (
        f"[{ticket.number}] Erinnerung: Einsatz vor Ort am Montag, 7. Dezember 2026, 09:00 Uhr "
        "bis 10:00 Uhr"
    )


def test_visible_to_staff_the_technician_and_the_school_only(
    teacher, agent_fr, technician, other_school_teacher
):
    intervention = plan(onsite_ticket(teacher), agent_fr, technician)
    assert queries.intervention_for_user(agent_fr, intervention.pk) == intervention
    assert queries.intervention_for_user(technician, intervention.pk) == intervention
    assert queries.intervention_for_user(teacher, intervention.pk) == intervention
    assert queries.intervention_for_user(make_technician(), intervention.pk) is None
    assert queries.intervention_for_user(other_school_teacher, intervention.pk) is None


def test_schools_of_each_language_follow_their_communitys_holidays(db):
    german = make_school(language="de")
    SchoolHoliday.objects.create(
        language="fr",
        starts_on=THURSDAY,
        ends_on=FRIDAY,
        name_de="Test",
        name_fr="Test",
    )
    site_time = queries.site_time(german.sites.first(), first=THURSDAY, last=FRIDAY)
    assert THURSDAY not in site_time.closed_days


def test_a_visit_planned_for_a_team_is_given_to_a_free_technician(teacher, agent_fr, technician):
    from ..factories import make_team

    busy = plan(onsite_ticket(teacher), agent_fr, technician, at(THURSDAY, 9))
    services.intervention_confirm(
        intervention=busy, slot=queries.slots_of(busy)[0], name="A", by=None
    )
    for_team = plan(onsite_ticket(teacher), agent_fr, None, at(THURSDAY, 9), team=make_team())
    services.intervention_confirm(
        intervention=for_team, slot=queries.slots_of(for_team)[0], name="B", by=None
    )
    with pytest.raises(DomainError) as refused:
        services.intervention_assign(intervention=for_team, technician=technician, by=agent_fr)
    assert refused.value.code == "technician_busy"
    other = make_technician()
    assigned = services.intervention_assign(intervention=for_team, technician=other, by=agent_fr)
    assert assigned.technician == other
    assert queries.intervention_for_user(other, for_team.pk) == for_team


def test_handing_a_visit_over_records_who_had_it_and_when(teacher, agent_fr, technician):
    from ..factories import make_team

    visit = plan(onsite_ticket(teacher), agent_fr, technician, at(THURSDAY, 9))
    services.intervention_confirm(
        intervention=visit, slot=queries.slots_of(visit)[0], name="A", by=None
    )
    colleague = make_technician()
    services.intervention_assign(intervention=visit, technician=colleague, by=agent_fr)
    handover = InterventionHandover.objects.get(intervention=visit)
    assert (handover.former_technician, handover.technician, handover.by) == (
        technician,
        colleague,
        agent_fr,
    )
    assert handover.handed_over_at == NOW
    assert (handover.starts_at, handover.ends_at) == (at(THURSDAY, 9), at(THURSDAY, 10))
    # The same technician again changes nothing; no technician before, no handover.
    services.intervention_assign(intervention=visit, technician=colleague, by=agent_fr)
    assert InterventionHandover.objects.filter(intervention=visit).count() == 1
    for_team = plan(onsite_ticket(teacher), agent_fr, None, at(FRIDAY, 9), team=make_team())
    services.intervention_assign(intervention=for_team, technician=technician, by=agent_fr)
    assert not InterventionHandover.objects.filter(intervention=for_team).exists()


def test_a_refused_handover_records_nothing(teacher, agent_fr, technician):
    visit = plan(onsite_ticket(teacher), agent_fr, technician, at(THURSDAY, 9))
    with pytest.raises(DomainError):
        services.intervention_assign(intervention=visit, technician=teacher, by=agent_fr)
    busy = make_technician()
    TechnicianAbsence.objects.create(
        technician=busy, starts_at=at(THURSDAY, 0), ends_at=at(FRIDAY, 0), reason="Formation"
    )
    services.intervention_confirm(
        intervention=visit, slot=queries.slots_of(visit)[0], name="A", by=None
    )
    with pytest.raises(DomainError) as refused:
        services.intervention_assign(intervention=visit, technician=busy, by=agent_fr)
    assert "Formation" in str(refused.value.message)
    with pytest.raises(DomainError):
        services.intervention_assign(intervention=visit, technician=busy, by=technician)
    assert not InterventionHandover.objects.exists()
    visit.refresh_from_db()
    assert visit.technician == technician

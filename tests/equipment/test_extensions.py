"""Extensions asked by a school or an agent, decided by a supervisor; emails
in the requester's language; notices before a phase ends, once each."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from pupitre.core.errors import DomainError
from pupitre.equipment import coverage as cov
from pupitre.equipment.models import (
    CoverageExtension,
    CoverageNotice,
    Device,
    ExtensionEventKind,
    ExtensionStatus,
)
from pupitre.equipment.queries import (
    coverage_of,
    coverages_of,
    current_policy,
    phase_filter,
    ticket_phases,
    upcoming_changes,
    upcoming_devices,
)
from pupitre.equipment.services import (
    coverage_notices_send,
    coverage_policy_update,
    extension_approve,
    extension_refuse,
    extension_request,
)

from ..factories import make_device, make_member, make_school, make_ticket

TODAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        timezone.datetime(2026, 12, 1, 10, tzinfo=timezone.get_current_timezone()), tick=False
    ):
        yield


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def ended_device(school, **fields):
    """Walloon-funded, delivered nine years ago: its assistance is over."""
    return make_device(school, delivery_date=date(2017, 9, 1), **fields)


def test_ict_contact_asks_a_supervisor_approves_and_the_device_is_covered_again(
    ict_contact, school, supervisor, django_capture_on_commit_callbacks
):
    device = ended_device(school)
    assert coverage_of(device).phase == "not_covered"
    request = extension_request(
        by=ict_contact,
        school=school,
        devices=[device],
        reason="Encore utilisé en classe",
        requested_end=date(2027, 12, 31),
    )
    assert request.status == ExtensionStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        extension_approve(request=request, by=supervisor, end=date(2027, 6, 30), note="OK")
    result = coverage_of(device)
    assert (result.phase, result.start, result.end) == ("extension", TODAY, date(2027, 6, 30))
    request.refresh_from_db()
    assert (request.status, request.approved_end, request.decided_by) == (
        "approved",
        date(2027, 6, 30),
        supervisor,
    )
    kinds = list(request.events.values_list("kind", flat=True))
    assert kinds == [ExtensionEventKind.REQUESTED, ExtensionEventKind.APPROVED]
    email = mail.outbox[-1]
    assert email.to == [ict_contact.email]
    # The requester's language: French.
    assert email.subject == "Prolongation accordée pour Athénée royal de Namur"
    assert "30 juin 2027" in email.body
    assert "30 juin 2027" in email.alternatives[0][0]


def test_refusal_needs_a_reason_and_tells_a_german_requester_in_german(
    german_school, supervisor, django_capture_on_commit_callbacks
):
    contact = make_member(german_school, ict_contact=True, email="it@schule.be")
    device = ended_device(german_school)
    request = extension_request(
        by=contact,
        school=german_school,
        devices=[device],
        reason="Noch im Einsatz",
        requested_end=date(2027, 12, 31),
    )
    with pytest.raises(DomainError):
        extension_refuse(request=request, by=supervisor, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        extension_refuse(request=request, by=supervisor, reason="Gerät wird ersetzt")
    assert coverage_of(device).phase == "not_covered"
    email = mail.outbox[-1]
    assert "abgelehnt" in email.subject
    assert "Gerät wird ersetzt" in email.body and "Gerät wird ersetzt" in email.alternatives[0][0]
    with pytest.raises(DomainError):  # decided once only
        extension_approve(request=request, by=supervisor)


def test_an_extension_asked_during_assistance_starts_after_it(agent_fr, school, supervisor):
    device = make_device(school, delivery_date=date(2019, 3, 1))  # assistance until 2027-02-28
    request = extension_request(
        by=agent_fr,
        school=school,
        devices=[device],
        reason="Parc conservé",
        requested_end=date(2028, 2, 29),
    )
    extension_approve(request=request, by=supervisor)
    extension = device.extensions.get()
    assert (extension.start, extension.end) == (date(2027, 3, 1), date(2028, 2, 29))
    assert coverage_of(device).next_phase == "extension"


def test_who_may_ask_and_who_may_decide(teacher, ict_contact, school, agent_fr, other_school):
    device = ended_device(school)
    values = {
        "school": school,
        "devices": [device],
        "reason": "x",
        "requested_end": date(2027, 6, 1),
    }
    with pytest.raises(DomainError):
        extension_request(by=teacher, **values)
    foreign = ended_device(other_school)
    with pytest.raises(DomainError):
        extension_request(by=ict_contact, **{**values, "devices": [foreign]})
    with pytest.raises(DomainError):
        extension_request(by=ict_contact, **{**values, "requested_end": TODAY})
    other = make_device(school, delivery_date=date(2017, 1, 1), provenance="other")
    with pytest.raises(DomainError):
        extension_request(by=ict_contact, **{**values, "devices": [other]})
    request = extension_request(by=ict_contact, **values)
    with pytest.raises(DomainError):
        extension_approve(request=request, by=agent_fr)


def test_policy_refuses_less_than_five_years_and_only_supervisors_change_it(supervisor, agent_fr):
    with pytest.raises(DomainError) as refused:
        coverage_policy_update(by=supervisor, transfer_years=3, assistance_years=4, notice_days=60)
    assert refused.value.field == "assistance_years"
    with pytest.raises(DomainError):
        coverage_policy_update(by=agent_fr, transfer_years=3, assistance_years=6, notice_days=60)
    coverage_policy_update(by=supervisor, transfer_years=3, assistance_years=6, notice_days=30)
    assert current_policy() == cov.Policy(3, 6)


def test_database_filter_agrees_with_coverage_on_every_kind_of_device(school, supervisor, agent_fr):
    deliveries = [
        TODAY - timedelta(days=n) for n in (0, 1, 400, 1095, 1096, 1097, 2921, 2922, 2923, 3500)
    ]
    deliveries += [date(2024, 2, 29), date(2018, 2, 28), date(2018, 3, 1), TODAY + timedelta(1)]
    devices = []
    for delivered in deliveries:
        for funding in ("wallonia_programme", "own_funds"):
            devices.append(make_device(school, delivery_date=delivered, funding=funding))
    devices.append(make_device(school, delivery_date=date(2020, 1, 1), provenance="other"))
    devices.append(make_device(school, delivery_date=date(2024, 1, 1), status="retired"))
    devices.append(make_device(school, delivery_date=None))
    extended = ended_device(school)
    devices.append(extended)
    request = extension_request(
        by=agent_fr, school=school, devices=[extended], reason="r", requested_end=date(2027, 1, 1)
    )
    extension_approve(request=request, by=supervisor)
    expected = coverages_of(Device.objects.all())
    for phase in cov.PHASES:
        in_db = set(
            Device.objects.filter(
                phase_filter(phase, policy=current_policy(), on_date=TODAY)
            ).values_list("pk", flat=True)
        )
        assert in_db == {pk for pk, result in expected.items() if result.phase == phase}, phase


def test_ticket_badge_is_the_least_covered_device(teacher, school):
    covered = make_device(school, delivery_date=date(2025, 1, 1))
    ended = ended_device(school)
    both = make_ticket(teacher, devices=[covered, ended])
    one = make_ticket(teacher, devices=[covered])
    none = make_ticket(teacher)
    assert ticket_phases([both.pk, one.pk, none.pk]) == {
        both.pk: "not_covered",
        one.pk: "programme",
    }


def test_upcoming_changes_lists_transfers_and_ends_within_90_days(school):
    transfer = make_device(school, delivery_date=date(2024, 1, 15))  # transfer 2027-01-15
    end = make_device(school, delivery_date=date(2019, 2, 10), funding="own_funds")  # 2027-02-10
    make_device(school, delivery_date=date(2024, 6, 1))  # transfer in 2027-06: too far
    rows = upcoming_changes()
    assert [(row.device, row.change_on) for row in rows] == [
        (transfer, date(2027, 1, 15)),
        (end, date(2027, 2, 10)),
    ]


def test_ict_contacts_are_told_once_in_the_schools_language(german_school):
    contact = make_member(german_school, ict_contact=True, language="fr", email="it@schule.be")
    device = make_device(german_school, delivery_date=date(2024, 1, 15))  # transfer in 45 days
    make_device(german_school, delivery_date=date(2024, 6, 1))  # not within 60 days
    assert coverage_notices_send() == 1
    email = mail.outbox[-1]
    assert email.to == [contact.email]
    assert "ändert sich bald" in email.subject  # the school's language, not the contact's
    assert device.serial in email.body and device.serial in email.alternatives[0][0]
    assert CoverageNotice.objects.get().phase == "programme"
    assert coverage_notices_send() == 0  # idempotent
    assert len(mail.outbox) == 1


def test_notices_go_to_each_schools_contacts_with_queries_that_do_not_grow(
    german_school, school, django_assert_max_num_queries
):
    """Three schools: two with contacts (one has two), one without, told
    later. The contacts are read in one query for all schools."""
    silent = make_school(language="fr", name="École sans référent")
    de = make_member(german_school, ict_contact=True, email="it@schule.be")
    fr = [make_member(school, ict_contact=True, email=f"ict{n}@ecole.be") for n in (1, 2)]
    make_member(school, email="prof@ecole.be")  # a teacher is not told
    for target in (german_school, school, school, silent):
        make_device(target, delivery_date=date(2024, 1, 15))
    # Before: policy, notices already sent, upcoming devices, contacts; then
    # per school told: a savepoint pair, the notice rows, and the mail.
    with django_assert_max_num_queries(12):
        assert coverage_notices_send() == 3
    # One mail to each contact; none to the teacher or to the school without one.
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(
        [de.email, *(u.email for u in fr)]
    )


def test_the_scheduler_enqueues_the_coverage_notices(settings, german_school):
    make_member(german_school, ict_contact=True, email="it@schule.be")
    make_device(german_school, delivery_date=date(2024, 1, 15))
    call_command("scheduler", "--once")
    assert CoverageNotice.objects.count() == 1


def test_supervisor_decides_from_the_desk(client, supervisor, ict_contact, school):
    device = ended_device(school)
    request = extension_request(
        by=ict_contact,
        school=school,
        devices=[device],
        reason="Toujours en classe",
        requested_end=date(2027, 12, 31),
    )
    client.force_login(supervisor)
    listing = client.get(reverse("desk:extensions")).content.decode()
    assert school.name in listing
    url = reverse("desk:extension_decide", args=[request.pk])
    refused = client.post(url, {"decision": "refuse", "note": ""})
    assert refused.status_code == 400
    response = client.post(url, {"decision": "approve", "end": "2027-09-30", "note": ""})
    assert response.status_code == 302
    assert coverage_of(device).end == date(2027, 9, 30)


def test_agents_see_requests_but_cannot_decide(client, agent_fr, ict_contact, school):
    request = extension_request(
        by=ict_contact,
        school=school,
        devices=[ended_device(school)],
        reason="r",
        requested_end=date(2027, 12, 31),
    )
    client.force_login(agent_fr)
    assert client.get(reverse("desk:extension", args=[request.pk])).status_code == 200
    url = reverse("desk:extension_decide", args=[request.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 403


def test_upcoming_devices_are_exactly_those_whose_coverage_ends_within_the_window(
    school, other_school, supervisor, agent_fr
):
    """Deliveries on every day around the window's edges (29 February
    included, for both fundings), and extensions that follow each other,
    leave a gap or end outside the window: the database's choice and
    order agree with coverage() asked device by device."""
    deliveries = [date(2024, 1, 15) + timedelta(days=n) for n in range(-60, 40, 3)]
    deliveries += [TODAY - timedelta(days=n) for n in (1095, 1096, 1097, 2921, 2922, 2923)]
    deliveries += [date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1), date(2018, 3, 1)]
    deliveries += [date(2019, 2, 28), date(2019, 3, 1), date(2018, 12, 2), date(2019, 3, 2)]
    for n, delivered in enumerate(deliveries):
        for funding in ("wallonia_programme", "own_funds"):
            make_device(school if n % 2 else other_school, delivery_date=delivered, funding=funding)
    make_device(school, delivery_date=date(2024, 1, 20), provenance="other")
    make_device(school, delivery_date=date(2024, 1, 20), status="retired")
    request = extension_request(
        by=agent_fr,
        school=school,
        devices=[ended_device(school)],
        reason="r",
        requested_end=date(2027, 1, 10),
    )
    extension_approve(request=request, by=supervisor)  # ends within the window
    day = date
    for periods in (
        [(day(2026, 11, 1), day(2026, 12, 31)), (day(2027, 1, 1), day(2027, 1, 31))],  # a run
        [(day(2026, 11, 1), day(2027, 1, 10)), (day(2027, 1, 5), day(2027, 6, 30))],  # overlap
        [(day(2026, 11, 1), day(2027, 1, 10)), (day(2027, 2, 1), day(2027, 6, 30))],  # a gap
        [(day(2026, 11, 1), day(2027, 6, 30))],  # past the window
        [(day(2026, 11, 1), day(2026, 11, 30)), (day(2026, 12, 2), day(2027, 1, 1))],  # over
    ):
        device = ended_device(school)
        for start, end in periods:
            CoverageExtension.objects.create(device=device, request=request, start=start, end=end)
    expected = [
        (device.pk, result.end)
        for device in Device.objects.select_related("school").order_by("school__name", "serial")
        for result in [coverage_of(device)]
        if result.is_covered and result.ends_within(TODAY, 90)
    ]
    expected.sort(key=lambda item: item[1])  # stable: school and serial stay in order
    found = [(device.pk, device.phase_end) for device in upcoming_devices()]
    assert found == expected
    assert len(found) > 30

"""Supervisors and administrators read the settings' history in the desk,
filtered by kind, author and period, a page at a time, in their language."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from pupitre.accounts.models import Role
from pupitre.audit.models import ObjectKind
from pupitre.audit.services import audit_record

from ..factories import make_member, make_user
from ..querycount import count_queries

BRUSSELS = ZoneInfo("Europe/Brussels")
pytestmark = pytest.mark.django_db
URL = "/desk/settings/history/"
WHEN = "23/03/2026 10:00"


def record(by, kind, field, old, new, *, label="Objet", when=None):
    with time_machine.travel(when or datetime(2026, 3, 23, 10, tzinfo=BRUSSELS), tick=False):
        audit_record(by=by, kind=kind, object_id=1, label=label, old={field: old}, new={field: new})


def test_the_history_is_reachable_from_the_settings_page(client, supervisor):
    assert reverse("desk:settings_history") == URL
    client.force_login(supervisor)
    assert f'href="{URL}"' in client.get(reverse("desk:calendars")).content.decode()


def test_school_users_agents_and_technicians_cannot_see_the_history(
    client, teacher, ict_contact, agent_fr
):
    technician = make_user(role=Role.TECHNICIAN)
    for user in (teacher, ict_contact, agent_fr, technician):
        client.force_login(user)
        assert client.get(URL).status_code == 403


def test_supervisors_and_administrators_see_who_changed_what(client, supervisor, school):
    administrator = make_user(role=Role.ADMINISTRATOR, name="Admin Istrateur")
    record(supervisor, ObjectKind.SLA_POLICY, "first_response_minutes", "60", "45", label="Urgente")
    record(administrator, ObjectKind.USER, "role", "agent", "supervisor", label="paul@x.be")
    record(None, ObjectKind.MAILBOX, "is_active", "yes", "no", label="support@x.be")
    for user in (supervisor, administrator):
        client.force_login(user)
        response = client.get(URL)
        assert response.status_code == 200
        assert [list(row.values())[1:] for row in response.context["rows"]] == [
            [WHEN, "Système", "Boîte aux lettres", "support@x.be", "actif", "oui", "non"],
            [
                WHEN,
                "Admin Istrateur",
                "Compte utilisateur",
                "paul@x.be",
                "rôle",
                "Agent",
                "Superviseur",
            ],
            [
                WHEN,
                "Superviseur",
                "Objectifs de SLA",
                "Urgente",
                "première réponse (minutes de service)",
                "60",
                "45",
            ],
        ]


def test_the_history_speaks_german_with_labels_of_the_choices(client, school):
    supervisor = make_user(role=Role.SUPERVISOR, language="de", name="Chefin")
    teacher = make_member(school)
    record(supervisor, ObjectKind.MEMBERSHIP, "role", "member", "ict_contact", label=teacher.email)
    record(supervisor, ObjectKind.CALENDAR, "hours_2", "08:00–18:00", "08:00–12:00")
    client.force_login(supervisor)
    response = client.get(URL)
    html, rows = response.content.decode(), response.context["rows"]
    assert (rows[0]["field"], rows[0]["new"]) == ("Öffnungszeiten am Mittwoch", "08:00–12:00")
    assert (rows[1]["kind"], rows[1]["old"], rows[1]["new"]) == (
        "Zugehörigkeit zu einer Schule",
        "Lehrkraft oder Personal",
        "IKT-Ansprechpartner",
    )
    assert "Änderungsverlauf der Einstellungen" in html


def test_the_history_filters_by_kind_author_and_period(client, supervisor, agent_fr):
    other = make_user(role=Role.ADMINISTRATOR, name="Autre Admin")
    day = datetime(2026, 3, 10, 23, 30, tzinfo=BRUSSELS)
    record(supervisor, ObjectKind.SLA_POLICY, "resolution_minutes", "1", "2", when=day)
    record(other, ObjectKind.SLA_POLICY, "resolution_minutes", "2", "3", when=day)
    record(other, ObjectKind.MAILBOX, "port", "993", "1993", when=day + timedelta(days=5))
    client.force_login(supervisor)

    def shown(**params):
        return [(row["by"], row["new"]) for row in client.get(URL, params).context["rows"]]

    assert shown(kind="sla_policy") == [("Autre Admin", "3"), ("Superviseur", "2")]
    assert shown(by=other.pk) == [("Autre Admin", "1993"), ("Autre Admin", "3")]
    assert shown(kind="sla_policy", by=supervisor.pk) == [("Superviseur", "2")]
    # Days in Brussels time, both ends included.
    assert shown(since="2026-03-10", until="2026-03-10") == [
        ("Autre Admin", "3"),
        ("Superviseur", "2"),
    ]
    assert shown(since="2026-03-11") == [("Autre Admin", "1993")]
    assert shown(until="2026-03-09") == []
    response = client.get(URL, {"since": "2026-03-12", "until": "2026-03-11"})
    assert response.status_code == 400
    assert "La fin de la période précède son début." in response.content.decode()
    options = client.get(URL).context["form"].fields["by"].choices
    assert [label for _pk, label in options] == ["Tout le monde", "Autre Admin", "Superviseur"]


def test_the_history_is_paged_newest_first(client, supervisor):
    for minute in range(55):
        record(
            supervisor,
            ObjectKind.COVERAGE_POLICY,
            "notice_days",
            str(minute),
            str(minute + 1),
            when=datetime(2026, 3, 23, 10, minute, tzinfo=BRUSSELS),
        )
    client.force_login(supervisor)
    first = client.get(URL, {"kind": "coverage_policy"})
    assert [row["new"] for row in first.context["rows"]][:2] == ["55", "54"]
    assert len(first.context["rows"]) == 50
    assert "kind=coverage_policy&amp;page=2" in first.content.decode()
    second = client.get(URL, {"kind": "coverage_policy", "page": 2})
    assert [row["new"] for row in second.context["rows"]] == ["5", "4", "3", "2", "1"]


def test_the_history_page_reads_the_same_number_of_queries_for_any_size(client, supervisor):
    authors = [make_user(role=Role.SUPERVISOR) for _ in range(3)]

    def add(count):
        for n in range(count):
            kind = list(ObjectKind)[n % len(ObjectKind)]
            record(authors[n % 3], kind, "name", str(n), str(n + 1))

    client.force_login(supervisor)
    add(3)
    small = count_queries(client, URL)
    add(60)
    assert count_queries(client, URL) == small
    mailbox_author = authors[list(ObjectKind).index(ObjectKind.MAILBOX) % 3]  # one who has rows
    assert count_queries(client, URL, {"kind": "mailbox", "by": mailbox_author.pk}) == small

"""Every change of a setting writes one history row per changed field, with
who, old and new, in the transaction of the change: from the desk, the
admin site, the services. Unchanged saves and refused changes write none."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from pupitre.accounts.models import Role
from pupitre.accounts.services import user_set_access
from pupitre.audit.models import AuditRecord
from pupitre.audit.services import SECRET
from pupitre.core.errors import DomainError
from pupitre.equipment.models import CoveragePolicy, ExtensionRequest, ExtensionStatus
from pupitre.equipment.services import extension_request
from pupitre.hours.models import ClosedPeriod, ServiceCalendar
from pupitre.mail.models import Mailbox
from pupitre.schools.models import Membership, MembershipRole
from pupitre.schools.services import membership_set_role
from pupitre.tickets.models import Priority, SlaPolicy, Team

from ..factories import make_device, make_member, make_user
from .admin_forms import unchanged_post

BRUSSELS = ZoneInfo("Europe/Brussels")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime(2026, 3, 23, 10, tzinfo=BRUSSELS), tick=False),
]
WEEK = {f"day_{day}": "08:00–18:00" for day in range(5)} | {"day_5": "", "day_6": ""}


@pytest.fixture
def administrator(db):
    return make_user(
        role=Role.ADMINISTRATOR, name="Admin Istrateur", is_staff=True, is_superuser=True
    )


def rows(**filters):
    return list(
        AuditRecord.objects.filter(**filters)
        .order_by("id")
        .values_list("by__full_name", "object_kind", "field", "old_value", "new_value")
    )


# The desk's screens ---------------------------------------------------------


def test_opening_hours_changed_in_the_desk_are_recorded_per_weekday(client, supervisor):
    client.force_login(supervisor)
    url = reverse("desk:calendar_hours", args=["standard"])
    response = client.post(url, WEEK | {"day_2": "08:00–12:00, 13:00–18:00"})
    assert response.status_code == 302
    assert rows() == [
        ("Superviseur", "calendar", "hours_2", "08:00–18:00", "08:00–12:00, 13:00–18:00")
    ]
    record = AuditRecord.objects.get()
    calendar = ServiceCalendar.objects.get(code="standard")
    assert (record.object_id, record.object_label) == (str(calendar.pk), calendar.name_in("fr"))


def test_saving_the_same_hours_again_records_nothing(client, supervisor):
    client.force_login(supervisor)
    assert client.post(reverse("desk:calendar_hours", args=["standard"]), WEEK).status_code == 302
    assert rows() == []


def test_refused_hours_record_nothing(client, supervisor):
    client.force_login(supervisor)
    never_open = {f"day_{day}": "" for day in range(7)}
    response = client.post(reverse("desk:calendar_hours", args=["standard"]), never_open)
    assert response.status_code == 400
    assert rows() == []


def test_a_closed_day_added_renamed_and_removed_in_the_desk_is_recorded(client, supervisor):
    client.force_login(supervisor)
    add = reverse("desk:calendar_day_add", args=["standard"])
    day = {"day": "2026-06-08", "name_de": "Umzug", "name_fr": "Déménagement"}
    client.post(add, day)
    assert rows() == [
        ("Superviseur", "closed_day", "name_de", "", "Umzug"),
        ("Superviseur", "closed_day", "name_fr", "", "Déménagement"),
        ("Superviseur", "closed_day", "kind", "", "service_closure"),
    ]
    AuditRecord.objects.all().delete()
    client.post(add, day | {"name_fr": "Déménagement du service"})
    client.post(add, day | {"name_fr": "Déménagement du service"})  # the same again
    assert rows() == [
        ("Superviseur", "closed_day", "name_fr", "Déménagement", "Déménagement du service")
    ]
    AuditRecord.objects.all().delete()
    client.post(reverse("desk:calendar_day_remove", args=["standard"]), {"day": "2026-06-08"})
    assert [(field, old, new) for _by, _kind, field, old, new in rows()] == [
        ("name_de", "Umzug", ""),
        ("name_fr", "Déménagement du service", ""),
        ("kind", "service_closure", ""),
    ]
    assert set(AuditRecord.objects.values_list("object_label", flat=True)) == {
        "Standard (8:00–18:00) — 2026-06-08"
    }


def test_generated_holidays_are_recorded_as_added_by_the_supervisor(client, supervisor):
    client.force_login(supervisor)
    client.post(reverse("desk:calendar_generate", args=["standard"]), {"year": "2040"})
    labels = set(AuditRecord.objects.values_list("object_label", flat=True))
    assert "Standard (8:00–18:00) — 2040-12-25" in labels
    assert set(AuditRecord.objects.values_list("by", flat=True)) == {supervisor.pk}
    client.post(reverse("desk:calendar_generate", args=["standard"]), {"year": "2040"})
    assert len(labels) * 3 == AuditRecord.objects.count()  # nothing new the second time


def test_sla_targets_changed_in_the_desk_record_the_changed_field_only(client, supervisor):
    policy = SlaPolicy.objects.get(priority=Priority.URGENT, category="")
    client.force_login(supervisor)
    data = {
        "policy": policy.pk,
        "first_response_minutes": 45,
        "resolution_minutes": policy.resolution_minutes,
    }
    assert client.post(reverse("desk:sla"), data).status_code == 302
    assert rows() == [
        (
            "Superviseur",
            "sla_policy",
            "first_response_minutes",
            str(policy.first_response_minutes),
            "45",
        )
    ]
    assert AuditRecord.objects.get().object_label == "Urgente"
    assert client.post(reverse("desk:sla"), data).status_code == 302
    assert client.post(reverse("desk:sla"), data | {"resolution_minutes": 0}).status_code == 400
    assert len(rows()) == 1


def test_coverage_rules_changed_in_the_desk_are_recorded(client, supervisor):
    client.force_login(supervisor)
    refused = {"transfer_years": 3, "assistance_years": 4, "notice_days": 60}
    assert client.post(reverse("desk:coverage_policy"), refused).status_code == 400
    assert rows() == []
    data = {"transfer_years": 3, "assistance_years": 6, "notice_days": 60}
    assert client.post(reverse("desk:coverage_policy"), data).status_code == 302
    assert rows() == [("Superviseur", "coverage_policy", "assistance_years", "5", "6")]
    client.post(reverse("desk:coverage_policy"), data)
    assert len(rows()) == 1


def test_a_mailbox_is_recorded_and_its_password_never_is(client, administrator, supervisor):
    client.force_login(administrator)
    data = {
        "name": "Support DE", "address": "hilfe@pupitre.example", "host": "imap.example",
        "port": 993, "security": "tls", "username": "hilfe", "folder": "INBOX",
        "language": "de", "team": "", "is_active": "on", "new_password": "s3cret-app-pass",
    }  # fmt: skip
    assert client.post(reverse("desk:mailbox_new"), data).status_code == 302
    created = dict((field, new) for _by, _kind, field, _old, new in rows())
    assert created["address"] == "hilfe@pupitre.example"
    assert created["password"] == SECRET and created["is_active"] == "yes"
    assert not AuditRecord.objects.filter(new_value__contains="s3cret").exists()
    box = Mailbox.objects.get()
    AuditRecord.objects.all().delete()
    client.post(reverse("desk:mailbox", args=[box.pk]), data | {"new_password": ""})
    assert rows() == []
    client.post(reverse("desk:mailbox", args=[box.pk]), data | {"port": 1993, "new_password": ""})
    assert rows() == [("Admin Istrateur", "mailbox", "port", "993", "1993")]
    client.force_login(supervisor)
    client.post(reverse("desk:mailbox", args=[box.pk]), data | {"port": 9})
    assert len(rows()) == 1


def test_a_person_added_to_a_school_by_phone_is_recorded(client, agent_fr, school):
    client.force_login(agent_fr)
    from pupitre.schools.services import member_add

    person = member_add(
        school=school, full_name="Nina Dupont", email="nina@test.pupitre.be", by=agent_fr
    )
    membership = Membership.objects.get(user=person)
    assert rows() == [("Agent Français", "membership", "role", "", "member")]
    assert AuditRecord.objects.get().object_id == str(membership.pk)
    member_add(school=school, full_name="Nina Dupont", email="nina@test.pupitre.be", by=agent_fr)
    assert len(rows()) == 1


# The services, refused -------------------------------------------------------


def test_refused_role_and_membership_changes_record_nothing(supervisor, agent_fr, school):
    teacher = make_member(school)
    with pytest.raises(DomainError):
        user_set_access(user=teacher, by=supervisor, role=Role.AGENT)
    with pytest.raises(DomainError):
        membership_set_role(
            membership=teacher.memberships.get(), role=MembershipRole.ICT_CONTACT, by=agent_fr
        )
    assert rows() == []
    membership_set_role(
        membership=teacher.memberships.get(), role=MembershipRole.ICT_CONTACT, by=None
    )
    assert rows() == [(None, "membership", "role", "member", "ict_contact")]


# The admin site ---------------------------------------------------------------


def test_a_role_changed_in_the_admin_goes_through_the_service(client, administrator):
    agent = make_user(role=Role.AGENT, name="Paul Agent")
    url = reverse("admin:accounts_user_change", args=[agent.pk])
    client.force_login(administrator)
    data = unchanged_post(client.get(url))
    assert client.post(url, data | {"full_name": "Paul Agent-Martin"}).status_code == 302
    assert rows() == []
    assert client.post(url, data | {"role": Role.SUPERVISOR}).status_code == 302
    agent.refresh_from_db()
    assert agent.role == Role.SUPERVISOR
    assert rows() == [("Admin Istrateur", "user", "role", "agent", "supervisor")]
    assert AuditRecord.objects.get().object_label == agent.email


def test_a_user_created_in_the_admin_has_their_role_recorded(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "nouvelle@test.pupitre.be",
            "full_name": "Nouvelle Agente",
            "role": Role.AGENT,
            "language": "fr",
            "password1": "A-long-pass-phrase-42",
            "password2": "A-long-pass-phrase-42",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert ("Admin Istrateur", "user", "role", "", "agent") in rows()


def test_memberships_changed_in_the_admin_go_through_the_services(
    client, administrator, school, ict_contact
):
    teacher = make_member(school, name="Léa Prof")
    newcomer = make_user(name="Tom Nouveau")
    url = reverse("admin:schools_school_change", args=[school.pk])
    client.force_login(administrator)
    response = client.get(url)
    data = unchanged_post(response)
    prefix = next(
        inline.formset.prefix
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Membership
    )
    assert client.post(url, data).status_code == 302
    assert rows() == []
    index = next(
        i
        for i, form in enumerate(
            f
            for inline in response.context["inline_admin_formsets"]
            for f in inline.formset.forms
            if isinstance(f.instance, Membership)
        )
        if form.instance.user_id == teacher.pk
    )
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    changed = data | {
        f"{prefix}-{index}-role": MembershipRole.ICT_CONTACT,
        f"{prefix}-TOTAL_FORMS": str(total + 1),
        f"{prefix}-{total}-user": newcomer.pk,
        f"{prefix}-{total}-role": MembershipRole.MEMBER,
        f"{prefix}-{total}-school": school.pk,
    }
    assert client.post(url, changed).status_code == 302
    assert sorted(rows()) == [
        ("Admin Istrateur", "membership", "role", "", "member"),
        ("Admin Istrateur", "membership", "role", "member", "ict_contact"),
    ]
    assert Membership.objects.get(user=teacher).role == MembershipRole.ICT_CONTACT


def test_a_staff_account_cannot_be_made_a_school_member_in_the_admin(
    client, administrator, school, agent_fr
):
    url = reverse("admin:schools_school_change", args=[school.pk])
    client.force_login(administrator)
    response = client.get(url)
    data = unchanged_post(response)
    prefix = "memberships"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    response = client.post(
        url,
        data
        | {
            f"{prefix}-TOTAL_FORMS": str(total + 1),
            f"{prefix}-{total}-user": agent_fr.pk,
            f"{prefix}-{total}-role": MembershipRole.MEMBER,
        },
    )
    assert response.status_code == 200
    assert "Seuls les utilisateurs scolaires peuvent être membres d’une école." in (
        response.content.decode()
    )
    assert rows() == [] and not Membership.objects.filter(user=agent_fr).exists()


def test_a_calendar_and_its_closed_periods_changed_in_the_admin_are_recorded(client, administrator):
    calendar = ServiceCalendar.objects.get(code="standard")
    url = reverse("admin:hours_servicecalendar_change", args=[calendar.pk])
    client.force_login(administrator)
    response = client.get(url)
    data = unchanged_post(response)
    assert client.post(url, data).status_code == 302
    assert rows() == []
    prefix = "closed_periods"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    added = data | {
        "name_fr": "Standard",
        f"{prefix}-TOTAL_FORMS": str(total + 1),
        f"{prefix}-{total}-starts_at_0": "2026-04-01",
        f"{prefix}-{total}-starts_at_1": "12:00",
        f"{prefix}-{total}-ends_at_0": "2026-04-01",
        f"{prefix}-{total}-ends_at_1": "18:00",
        f"{prefix}-{total}-reason": "Panne électrique",
    }
    assert client.post(url, added).status_code == 302
    assert rows() == [
        ("Admin Istrateur", "calendar", "name_fr", "Standard (8 h – 18 h)", "Standard"),
        ("Admin Istrateur", "closed_period", "starts_at", "", "2026-04-01 12:00"),
        ("Admin Istrateur", "closed_period", "ends_at", "", "2026-04-01 18:00"),
        ("Admin Istrateur", "closed_period", "reason", "", "Panne électrique"),
    ]
    assert ClosedPeriod.objects.get().reason == "Panne électrique"
    assert ServiceCalendar.objects.get(pk=calendar.pk).revision > calendar.revision


def test_a_calendar_needs_a_name_in_each_language_in_the_admin(client, administrator):
    calendar = ServiceCalendar.objects.get(code="standard")
    url = reverse("admin:hours_servicecalendar_change", args=[calendar.pk])
    client.force_login(administrator)
    data = unchanged_post(client.get(url)) | {"name_de": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name_de"] == ["Ce champ est obligatoire."]
    assert rows() == []


def test_a_team_renamed_in_the_admin_is_recorded_in_each_language(client, administrator):
    team = Team.objects.create(
        name="Support FR",
        language="fr",
        name_de="Support Französisch",
        name_fr="Support francophone",
        name_en="French-language support",
    )
    url = reverse("admin:tickets_team_change", args=[team.pk])
    client.force_login(administrator)
    data = unchanged_post(client.get(url))
    assert client.post(url, data).status_code == 302
    assert rows() == []
    assert client.post(url, data | {"name_de": "Französischer Support"}).status_code == 302
    assert rows() == [
        (
            "Admin Istrateur",
            "team",
            "name_de",
            "Support Französisch",
            "Französischer Support",
        )
    ]
    assert Team.objects.get(pk=team.pk).name_in("de") == "Französischer Support"


def test_team_members_changed_in_the_admin_are_recorded_before_and_after(
    client, administrator, agent_fr, agent_de
):
    team = Team.objects.create(
        name="Support FR",
        language="fr",
        name_de="Support Französisch",
        name_fr="Support francophone",
        name_en="French-language support",
    )
    team.members.set([agent_fr])
    url = reverse("admin:tickets_team_change", args=[team.pk])
    client.force_login(administrator)
    data = unchanged_post(client.get(url))
    assert client.post(url, data).status_code == 302
    assert rows() == []

    assert client.post(url, data | {"members": [agent_fr.pk, agent_de.pk]}).status_code == 302
    both = ", ".join(sorted([agent_fr.email, agent_de.email]))
    assert rows() == [("Admin Istrateur", "team", "members", agent_fr.email, both)]
    assert client.post(url, data | {"members": [agent_de.pk]}).status_code == 302
    assert rows()[1:] == [("Admin Istrateur", "team", "members", both, agent_de.email)]
    assert list(Team.objects.get(pk=team.pk).members.all()) == [agent_de]
    record = AuditRecord.objects.order_by("id").last()
    assert (record.object_id, record.object_label) == (str(team.pk), "Support francophone")


def test_a_team_added_in_the_admin_has_its_names_and_members_recorded(
    client, administrator, agent_de
):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:tickets_team_add"),
        {
            "name": "Support DE",
            "name_de": "Deutschsprachiger Support",
            "name_fr": "Support germanophone",
            "name_en": "German-language support",
            "language": "de",
            "members": [agent_de.pk],
        },
    )
    assert response.status_code == 302
    recorded = {field: (old, new) for _by, _kind, field, old, new in rows(object_kind="team")}
    assert recorded["name_de"] == ("", "Deutschsprachiger Support")
    assert recorded["members"] == ("", agent_de.email)


def test_team_members_are_changed_by_supervisors_and_administrators_only(agent_fr, supervisor):
    from pupitre.tickets.services import team_members_set

    team = Team.objects.create(
        name="Support FR", name_de="Support FR", name_fr="Support FR", name_en="Support FR"
    )
    with pytest.raises(DomainError) as refused:
        team_members_set(team=team, members=[agent_fr], by=agent_fr)
    assert refused.value.code == "not_allowed"
    assert rows() == [] and not team.members.exists()
    team_members_set(team=team, members=[agent_fr], by=supervisor)
    assert rows() == [("Superviseur", "team", "members", "", agent_fr.email)]


def test_a_schools_service_calendar_changed_in_the_admin_is_recorded(
    client, administrator, supervisor, school
):
    extended = ServiceCalendar.objects.get(code="extended")
    url = reverse("admin:schools_school_change", args=[school.pk])
    client.force_login(administrator)
    data = unchanged_post(client.get(url))
    assert client.post(url, data).status_code == 302
    assert rows() == []

    assert client.post(url, data | {"calendar": extended.pk}).status_code == 302
    assert rows() == [("Admin Istrateur", "school", "calendar", "", extended.name_in("fr"))]
    school.refresh_from_db()
    assert school.calendar == extended
    # Back to the calendar of its type.
    assert client.post(url, data | {"calendar": ""}).status_code == 302
    assert rows()[1:] == [("Admin Istrateur", "school", "calendar", extended.name_in("fr"), "")]
    record = AuditRecord.objects.order_by("id").first()
    assert (record.object_id, record.object_label) == (str(school.pk), school.name)

    # Where the other changes of the settings are read.
    client.force_login(supervisor)
    shown = client.get(reverse("desk:settings_history"), {"kind": "school"}).context["rows"]
    assert [(row["kind"], row["label"], row["field"], row["old"], row["new"]) for row in shown] == [
        ("École", school.name, "calendrier de service", extended.name_in("fr"), ""),
        ("École", school.name, "calendrier de service", "", extended.name_in("fr")),
    ]


def test_a_schools_type_changed_in_the_admin_is_recorded(client, administrator, school):
    url = reverse("admin:schools_school_change", args=[school.pk])
    client.force_login(administrator)
    data = unchanged_post(client.get(url))
    assert client.post(url, data | {"school_type": "adult_education"}).status_code == 302
    assert rows() == [("Admin Istrateur", "school", "school_type", "secondary", "adult_education")]


def test_a_schools_details_are_changed_by_supervisors_and_administrators_only(agent_fr, school):
    from pupitre.schools.services import school_save

    school.calendar = ServiceCalendar.objects.get(code="extended")
    with pytest.raises(DomainError) as refused:
        school_save(school=school, by=agent_fr)
    assert refused.value.code == "not_allowed"
    assert rows() == []
    school.refresh_from_db()
    assert school.calendar is None


@pytest.mark.parametrize(
    "model_url",
    ["admin:tickets_slapolicy_change", "admin:equipment_coveragepolicy_change"],
)
def test_targets_and_coverage_rules_are_read_only_in_the_admin(client, administrator, model_url):
    obj = SlaPolicy.objects.first() if "sla" in model_url else CoveragePolicy.objects.first()
    client.force_login(administrator)
    url = reverse(model_url, args=[obj.pk])
    assert client.get(url).status_code == 200  # shown
    assert client.post(url, {"first_response_minutes": 1, "transfer_years": 9}).status_code == 403
    assert rows() == []


def test_the_admin_cannot_approve_an_extension_request(client, administrator, school):
    contact = make_member(school, ict_contact=True)
    device = make_device(school, delivery_date=date(2017, 9, 1))
    request = extension_request(
        by=contact,
        school=school,
        devices=[device],
        reason="Encore utilisé",
        requested_end=date(2027, 12, 31),
    )
    url = reverse("admin:equipment_extensionrequest_change", args=[request.pk])
    client.force_login(administrator)
    response = client.post(url, {"status": ExtensionStatus.APPROVED, "approved_end": "2027-12-31"})
    assert response.status_code == 403
    request = ExtensionRequest.objects.get(pk=request.pk)
    assert request.status == ExtensionStatus.PENDING and not device.extensions.exists()


def test_closed_days_are_read_only_in_the_admin(client, administrator):
    calendar = ServiceCalendar.objects.get(code="standard")
    day = calendar.closed_days.first()
    client.force_login(administrator)
    url = reverse("admin:hours_closedday_change", args=[day.pk])
    assert client.post(url, {"name_fr": "Autre"}).status_code == 403
    assert client.post(reverse("admin:hours_closedday_delete", args=[day.pk])).status_code == 403


def test_a_schools_sites_and_phone_numbers_changed_in_the_admin_are_recorded(
    client, administrator, supervisor, school
):
    site = school.sites.first()
    url = reverse("admin:schools_school_change", args=[school.pk])
    client.force_login(administrator)
    data = unchanged_post(client.get(url))
    assert client.post(url, data).status_code == 302
    assert rows() == []

    total = int(data["phone_numbers-TOTAL_FORMS"])
    added = data | {
        "phone_numbers-TOTAL_FORMS": str(total + 1),
        f"phone_numbers-{total}-number": "081 30 62 40",
        f"phone_numbers-{total}-label": "Accueil",
        f"phone_numbers-{total}-site": site.pk,
        f"phone_numbers-{total}-school": school.pk,
        "sites-0-name": "Implantation du Centre",
    }
    assert client.post(url, added).status_code == 302
    assert rows() == [
        (
            "Admin Istrateur",
            "school",
            "sites",
            f"{site.official_number} {site.name}",
            f"{site.official_number} Implantation du Centre",
        ),
        (
            "Admin Istrateur",
            "school",
            "phone_numbers",
            "",
            "081 30 62 40 — Accueil — Implantation du Centre",
        ),
    ]

    client.force_login(supervisor)
    shown = client.get(reverse("desk:settings_history"), {"kind": "school"}).context["rows"]
    assert {row["field"] for row in shown} == {"implantations", "numéros de téléphone"}

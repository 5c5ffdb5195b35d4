"""Supervisors' settings of on-site planning: technicians' profiles, their
calendar addresses, school holidays. Audited, refused to everyone else."""

from datetime import date, time
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from pupitre.accounts.models import Role
from pupitre.audit.models import AuditRecord, ObjectKind
from pupitre.core.errors import DomainError
from pupitre.onsite import queries, services
from pupitre.onsite.models import CalendarFeed, SchoolHoliday, TechnicianProfile

from ..factories import make_user
from ..querycount import count_queries
from . import NOW, make_technician

pytestmark = pytest.mark.time_machine(NOW, tick=False)

PROFILE = {
    "regions": ["namur", "eupen"],
    "base_latitude": "50.466900",
    "base_longitude": "4.867500",
    "weekdays": ["0", "1", "3"],
    "day_starts": "08:00",
    "day_ends": "16:30",
}
HOLIDAY = {
    "language": "fr",
    "starts_on": "2026-12-21",
    "ends_on": "2027-01-01",
    "name_fr": "Vacances d'hiver",
    "name_de": "Weihnachtsferien",
}


@pytest.fixture
def administrator(db):
    return make_user(role=Role.ADMINISTRATOR, language="fr", name="Administratrice")


def _urls(technician):
    return [
        reverse("desk:onsite_technicians"),
        reverse("desk:technician_profile", args=[technician.pk]),
        reverse("desk:school_holidays"),
    ]


def test_only_supervisors_and_administrators_reach_the_screens(
    client, agent_fr, teacher, supervisor, administrator
):
    technician = make_technician(name="Tom Technicien")
    services.calendar_feed_create(technician=technician, by=technician)
    for user in (agent_fr, teacher, technician):
        client.force_login(user)
        for url in _urls(technician):
            assert client.get(url).status_code == 403, (user.role, url)
        assert client.post(_urls(technician)[1], PROFILE).status_code == 403
        assert client.post(_urls(technician)[2], HOLIDAY).status_code == 403
        revoke = reverse("desk:technician_feed_revoke", args=[technician.pk])
        assert client.post(revoke).status_code == 403
    assert not TechnicianProfile.objects.exists()
    assert not SchoolHoliday.objects.exists()
    assert queries.active_feed(technician) is not None
    assert not AuditRecord.objects.exists()
    for user in (supervisor, administrator):
        client.force_login(user)
        for url in _urls(technician):
            assert client.get(url).status_code == 200, (user.role, url)
    client.logout()
    assert client.get(_urls(technician)[0]).status_code == 302


def test_services_refuse_agents(agent_fr):
    technician = make_technician()
    with pytest.raises(DomainError):
        services.technician_profile_set(
            technician=technician,
            regions=["namur"],
            base_latitude=None,
            base_longitude=None,
            day_starts=time(8),
            day_ends=time(16),
            weekdays=[0],
            by=agent_fr,
        )
    with pytest.raises(DomainError):
        services.school_holiday_add(
            language="fr",
            starts_on=date(2026, 12, 21),
            ends_on=date(2026, 12, 22),
            name_de="Ferien",
            name_fr="Vacances",
            by=agent_fr,
        )
    assert not TechnicianProfile.objects.exists() and not SchoolHoliday.objects.exists()


def test_profile_is_saved_audited_and_used_by_the_planning(client, supervisor):
    technician = make_technician(name="Tom Technicien")
    client.force_login(supervisor)
    url = reverse("desk:technician_profile", args=[technician.pk])
    saved = client.post(url, PROFILE)
    assert saved.status_code == 302
    profile = TechnicianProfile.objects.get(user=technician)
    assert profile.regions == ["namur", "eupen"]
    assert (profile.base_latitude, profile.base_longitude) == (
        Decimal("50.466900"),
        Decimal("4.867500"),
    )
    assert profile.weekdays == [0, 1, 3]
    assert (profile.day_starts, profile.day_ends) == (time(8), time(16, 30))
    assert queries.technician_regions(technician) == ["namur", "eupen"]
    records = AuditRecord.objects.filter(object_kind=ObjectKind.TECHNICIAN_PROFILE)
    assert {record.field for record in records} == {
        "regions",
        "base",
        "weekdays",
        "day_starts",
        "day_ends",
    }
    assert records.get(field="day_ends").new_value == "16:30"
    assert all(record.by == supervisor for record in records)
    # A second save writes only what changed.
    changed = client.post(url, {**PROFILE, "day_ends": "17:00"})
    assert changed.status_code == 302
    [last] = AuditRecord.objects.filter(
        object_kind=ObjectKind.TECHNICIAN_PROFILE, old_value="16:30"
    )
    assert (last.field, last.new_value) == ("day_ends", "17:00")
    page = client.get(reverse("desk:onsite_technicians")).content.decode()
    assert "Tom Technicien" in page and "Namur" in page and "50.466900" in page


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"day_ends": "07:00"}, "day_ends"),
        ({"weekdays": []}, "weekdays"),
        ({"regions": ["atlantis"]}, "regions"),
        ({"base_latitude": "123"}, "base_latitude"),
        ({"base_longitude": ""}, "base_longitude"),
        ({"day_starts": "25:99"}, "day_starts"),
    ],
)
def test_bad_profile_is_refused_and_nothing_written(client, supervisor, change, field):
    technician = make_technician()
    supervisor.language = "de"
    supervisor.save()
    client.force_login(supervisor)
    url = reverse("desk:technician_profile", args=[technician.pk])
    refused = client.post(url, {**PROFILE, **change})
    assert refused.status_code == 400
    assert refused.context["form"].errors
    assert not TechnicianProfile.objects.exists()
    assert not AuditRecord.objects.exists()


def test_profile_errors_are_translated(client, supervisor):
    technician = make_technician()
    with translation.override("de"):
        with pytest.raises(DomainError) as refused:
            services.technician_profile_set(
                technician=technician,
                regions=[],
                base_latitude=Decimal("50.1"),
                base_longitude=None,
                day_starts=time(8),
                day_ends=time(16),
                weekdays=[0],
                by=supervisor,
            )
        assert str(refused.value.message) == (
            "Geben Sie Breiten- und Längengrad des Standorts an, oder keinen von beiden."
        )
    with translation.override("fr"):
        with pytest.raises(DomainError) as refused:
            services.technician_profile_set(
                technician=technician,
                regions=[],
                base_latitude=None,
                base_longitude=None,
                day_starts=time(16),
                day_ends=time(8),
                weekdays=[0],
                by=supervisor,
            )
        assert str(refused.value.message) == "La journée de travail doit finir après son début."
    assert not TechnicianProfile.objects.exists()


def test_profile_of_a_non_technician_is_not_found(client, supervisor, agent_fr):
    client.force_login(supervisor)
    url = reverse("desk:technician_profile", args=[agent_fr.pk])
    assert client.get(url).status_code == 404
    assert client.get("/desk/technicians/abc/profile/").status_code in (404,)


def test_supervisor_revokes_a_calendar_address(client, supervisor):
    technician = make_technician(name="Tom Technicien")
    services.calendar_feed_create(technician=technician, by=technician)
    client.force_login(supervisor)
    page = client.get(reverse("desk:onsite_technicians")).content.decode()
    revoke = reverse("desk:technician_feed_revoke", args=[technician.pk])
    assert revoke in page
    assert client.get(revoke).status_code == 405
    assert client.post(revoke).status_code == 302
    assert queries.active_feed(technician) is None
    assert CalendarFeed.objects.filter(revoked_at__isnull=False).count() == 1
    [record] = AuditRecord.objects.filter(object_kind=ObjectKind.TECHNICIAN_PROFILE)
    assert (record.field, record.old_value, record.new_value) == (
        "calendar_feed",
        "active",
        "revoked",
    )
    # Nothing more to revoke: no second audit row.
    assert client.post(revoke).status_code == 302
    assert AuditRecord.objects.count() == 1
    assert revoke not in client.get(reverse("desk:onsite_technicians")).content.decode()


def test_school_holidays_added_listed_removed_with_audit(client, administrator):
    client.force_login(administrator)
    url = reverse("desk:school_holidays")
    assert client.post(url, HOLIDAY).status_code == 302
    holiday = SchoolHoliday.objects.get()
    assert (holiday.language, holiday.starts_on, holiday.ends_on) == (
        "fr",
        date(2026, 12, 21),
        date(2027, 1, 1),
    )
    page = client.get(url).content.decode()
    assert "Vacances d&#x27;hiver" in page and "Weihnachtsferien" in page
    added = AuditRecord.objects.filter(object_kind=ObjectKind.SCHOOL_HOLIDAY)
    assert added.filter(field="name_de", new_value="Weihnachtsferien").exists()
    # The German-speaking Community's own holidays on the same days are fine.
    assert client.post(url, {**HOLIDAY, "language": "de"}).status_code == 302
    assert client.post(url, {"remove": str(holiday.pk)}).status_code == 302
    assert list(SchoolHoliday.objects.values_list("language", flat=True)) == ["de"]
    assert added.filter(field="name_de", old_value="Weihnachtsferien").count() == 1
    assert client.post(url, {"remove": "abc"}).status_code == 302


@pytest.mark.parametrize(
    "change",
    [
        {"ends_on": "2026-12-20"},
        {"language": "nl"},
        {"name_de": "  "},
        {"starts_on": "9999-01-01"},
        {"starts_on": "not a date"},
        {"name_fr": "x" * 101},
    ],
)
def test_bad_holidays_are_refused_and_nothing_written(client, supervisor, change):
    client.force_login(supervisor)
    refused = client.post(reverse("desk:school_holidays"), {**HOLIDAY, **change})
    assert refused.status_code == 400
    assert refused.context["form"].errors
    assert not SchoolHoliday.objects.exists()
    assert not AuditRecord.objects.exists()


def test_overlapping_holidays_of_one_community_are_refused(client, supervisor):
    client.force_login(supervisor)
    url = reverse("desk:school_holidays")
    assert client.post(url, HOLIDAY).status_code == 302
    with translation.override("fr"):
        refused = client.post(url, {**HOLIDAY, "starts_on": "2026-12-30", "ends_on": "2027-01-08"})
    assert refused.status_code == 400
    assert SchoolHoliday.objects.count() == 1
    assert AuditRecord.objects.filter(object_kind=ObjectKind.SCHOOL_HOLIDAY).count() == 5


def test_lists_take_the_same_queries_at_two_sizes(client, supervisor):
    client.force_login(supervisor)

    def grow(first, count):
        for n in range(first, first + count):
            technician = make_technician(name=f"Technicien {n}")
            services.technician_profile_set(
                technician=technician,
                regions=["namur"],
                base_latitude=Decimal("50.4"),
                base_longitude=Decimal("4.8"),
                day_starts=time(8),
                day_ends=time(16),
                weekdays=[0, 1],
                by=supervisor,
            )
            services.calendar_feed_create(technician=technician, by=technician)
            services.school_holiday_add(
                language="fr" if n % 2 else "de",
                starts_on=date(2027, 1 + n % 12, 1 + n // 12 * 3),
                ends_on=date(2027, 1 + n % 12, 2 + n // 12 * 3),
                name_de=f"Ferien {n}",
                name_fr=f"Vacances {n}",
                by=supervisor,
            )

    grow(0, 2)
    pages = [reverse("desk:onsite_technicians"), reverse("desk:school_holidays")]
    small = [count_queries(client, url) for url in pages]
    grow(2, 20)
    large = [count_queries(client, url) for url in pages]
    assert "Technicien 21" in client.get(pages[0]).content.decode()
    assert "Vacances 21" in client.get(pages[1]).content.decode()
    assert small == large


def test_refusal_on_the_page_is_in_the_reader_language(client, supervisor):
    technician = make_technician()
    supervisor.language = "de"
    supervisor.save()
    client.force_login(supervisor)
    url = reverse("desk:technician_profile", args=[technician.pk])
    page = client.post(url, {**PROFILE, "day_ends": "07:00"})
    assert page.status_code == 400
    assert "Der Arbeitstag muss nach seinem Beginn enden." in page.content.decode()
    form = client.get(url).content.decode()
    assert "<legend" in form and "Provinzen und Kantone" in form and 'type="time"' in form

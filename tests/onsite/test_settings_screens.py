"""A site's own hours and no-visit days, technicians' absences: desk
screens, audited like every setting, and taken into account by planning."""

import pytest
from django.urls import reverse

from pupitre.audit.models import AuditRecord, ObjectKind
from pupitre.core.errors import DomainError
from pupitre.onsite.models import SiteHours, SiteNoVisit, TechnicianAbsence

from . import NOW, THURSDAY, at, make_technician, onsite_ticket, plan

pytestmark = pytest.mark.time_machine(NOW, tick=False)


def test_site_hours_replace_the_school_week_and_are_audited(client, agent_fr, teacher):
    ticket = onsite_ticket(teacher)
    site = ticket.school.sites.first()
    client.force_login(agent_fr)
    url = reverse("desk:site_visits", args=[site.pk])
    assert client.get(url).status_code == 200
    half = client.post(reverse("desk:site_hours", args=[site.pk]), {"opens_3": "13:00"})
    assert half.status_code == 400
    saved = client.post(
        reverse("desk:site_hours", args=[site.pk]), {"opens_3": "13:00", "closes_3": "17:00"}
    )
    assert saved.status_code == 302
    assert list(SiteHours.objects.filter(site=site).values_list("weekday", flat=True)) == [3]
    [record] = AuditRecord.objects.filter(object_kind=ObjectKind.SITE_HOURS)
    assert record.new_value == "13:00–17:00"
    # Thursday morning is now closed; the afternoon is open.
    technician = make_technician()
    with pytest.raises(DomainError):
        plan(ticket, agent_fr, technician, at(THURSDAY, 9))
    assert plan(ticket, agent_fr, technician, at(THURSDAY, 14)).pk


def test_no_visit_days_added_and_removed_with_audit(client, agent_fr, teacher):
    ticket = onsite_ticket(teacher)
    site = ticket.school.sites.first()
    client.force_login(agent_fr)
    url = reverse("desk:site_no_visit", args=[site.pk])
    refused = client.post(url, {"starts_on": "2026-12-04", "ends_on": "2026-12-03"})
    assert refused.status_code == 400
    assert client.post(url, {"starts_on": "9999-01-01", "ends_on": "9999-01-02"}).status_code == 400
    added = client.post(
        url, {"starts_on": "2026-12-03", "ends_on": "2026-12-04", "reason": "Examens"}
    )
    assert added.status_code == 302
    row = SiteNoVisit.objects.get()
    with pytest.raises(DomainError):
        plan(ticket, agent_fr, make_technician(), at(THURSDAY, 9))
    assert client.post(url, {"remove": str(row.pk)}).status_code == 302
    assert not SiteNoVisit.objects.exists()
    kinds = AuditRecord.objects.filter(object_kind=ObjectKind.SITE_NO_VISIT)
    assert kinds.filter(new_value="Examens").exists()
    assert kinds.filter(old_value="Examens").exists()


def test_technician_absence_screen(client, supervisor, teacher, agent_fr):
    technician = make_technician(name="Tom Technicien")
    client.force_login(supervisor)
    url = reverse("desk:technician_absences")
    added = client.post(
        url,
        {
            "technician": technician.pk,
            "starts_on": "2026-12-03",
            "ends_on": "2026-12-03",
            "reason": "Formation",
        },
    )
    assert added.status_code == 302
    absence = TechnicianAbsence.objects.get()
    assert (absence.starts_at, absence.ends_at) == (at(THURSDAY, 0), at(THURSDAY.replace(day=4), 0))
    page = client.get(url).content.decode()
    assert "Tom Technicien" in page and "Formation" in page
    with pytest.raises(DomainError) as refused:
        plan(onsite_ticket(teacher), agent_fr, technician, at(THURSDAY, 9))
    assert "Formation" in str(refused.value.message)
    assert client.post(url, {"technician": "abc"}).status_code == 400
    assert client.post(url, {"remove": str(absence.pk)}).status_code == 302
    assert not TechnicianAbsence.objects.exists()
    assert AuditRecord.objects.filter(object_kind=ObjectKind.TECHNICIAN_ABSENCE).count() == 3 * 2

"""Interventions for the technician's tests, written as the planning side
leaves them (confirmed, with a time)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from pupitre.accounts.models import Role
from pupitre.onsite.models import Intervention, InterventionStatus, TechnicianProfile

from ..factories import make_device, make_member, make_ticket, make_user

BRUSSELS = ZoneInfo("Europe/Brussels")


def make_technician(*, language="fr", name="Tom Technicien", regions=("namur",), **fields):
    user = make_user(role=Role.TECHNICIAN, language=language, name=name, **fields)
    TechnicianProfile.objects.create(user=user, regions=list(regions), weekdays=[0, 1, 2, 3, 4])
    return user


def at(day, hour, minute=0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BRUSSELS)


def make_intervention(
    school,
    *,
    technician=None,
    starts_at=None,
    status=InterventionStatus.CONFIRMED,
    devices=None,
    requester=None,
    minutes=90,
    work="Remplacer l'écran du projecteur de la salle 12.",
    site=None,
) -> Intervention:
    requester = requester or make_member(school, phone="+32 81 22 33 44")
    ticket = make_ticket(requester, school=school, category="onsite")
    now = timezone.now()
    intervention = Intervention.objects.create(
        ticket=ticket,
        site=site or school.sites.first(),
        work=work,
        duration_minutes=minutes,
        technician=technician,
        status=status,
        decided_at=now - timedelta(days=3),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes) if starts_at else None,
        confirmed_at=now - timedelta(days=1) if starts_at else None,
        updated_at=now,
    )
    if devices is None:
        devices = [make_device(school)]
    intervention.devices.set(devices)
    return intervention

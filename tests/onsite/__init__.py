"""Tests of on-site interventions (pupitre.onsite), and the data they share."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pupitre.accounts.models import Role
from pupitre.onsite import services
from pupitre.tickets.models import ServiceCategory

from ..factories import make_ticket, make_user

BRUSSELS = ZoneInfo("Europe/Brussels")
# Monday 30 November 2026, 08:00 in Brussels.
NOW = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
THURSDAY = date(2026, 12, 3)
FRIDAY = date(2026, 12, 4)
NAMUR = (50.4669, 4.8675)
EUPEN = (50.6285, 6.0342)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BRUSSELS)


def make_technician(**fields):
    return make_user(role=Role.TECHNICIAN, **fields)


def onsite_ticket(requester, **fields):
    fields.setdefault("category", ServiceCategory.ONSITE)
    return make_ticket(requester, subject="Le tableau interactif ne s'allume plus", **fields)


def plan(ticket, by, technician, *slots, minutes=60, site=None, **fields):
    site = site or ticket.school.sites.first()
    return services.intervention_plan(
        ticket=ticket,
        site=site,
        work=fields.pop("work", "Remplacer l'alimentation du tableau."),
        duration_minutes=minutes,
        technician=technician,
        slots=list(slots) or [at(THURSDAY, 9)],
        by=by,
        **fields,
    )


HOUR = timedelta(hours=1)

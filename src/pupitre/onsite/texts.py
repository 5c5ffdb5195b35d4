"""Sentences about interventions, in the active language (no database)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import InterventionStatus

BRUSSELS = ZoneInfo("Europe/Brussels")
# The `new_value` of the history event written when the school asks for another time.
OTHER_TIME = "other_time"


def when_text(moment: datetime) -> str:
    """A slot's start as people read it: 'Thursday 10 December 2026, 09:00'."""
    local = moment.astimezone(BRUSSELS)
    day = _("%(weekday)s %(date)s") % {
        "weekday": date_format(local.date(), "l"),
        "date": date_format(local.date(), "DATE_FORMAT"),
    }
    return _("%(day)s, %(time)s") % {"day": day, "time": local.strftime("%H:%M")}


def slot_text(starts_at: datetime, ends_at: datetime) -> str:
    local_end = ends_at.astimezone(BRUSSELS)
    return _("%(start)s to %(end)s") % {
        "start": when_text(starts_at),
        "end": local_end.strftime("%H:%M"),
    }


def describe_intervention_event(old: str, new: str, body: str) -> str:
    """One sentence for an intervention event of a ticket's history."""
    if new == OTHER_TIME:
        return _("The school asked for another time for the on-site visit: %(text)s") % {
            "text": body
        }
    if new == InterventionStatus.PROPOSED:
        if old:
            return _("New times were proposed to the school for the on-site visit.")
        return _("An on-site visit was planned; times were proposed to the school.")
    if new == InterventionStatus.CONFIRMED:
        try:
            when = when_text(datetime.fromisoformat(body))
        except ValueError:
            return _("The on-site visit was confirmed.")
        return _("The on-site visit was confirmed for %(when)s.") % {"when": when}
    if new == InterventionStatus.ON_THE_WAY:
        return _("The technician is on the way.")
    if new == InterventionStatus.ON_SITE:
        return _("The technician has arrived on site.")
    if new == InterventionStatus.DONE:
        return _("The on-site intervention is done.")
    if new == InterventionStatus.NO_ACCESS:
        if body:
            return _("The technician could not get into the site: %(reason)s") % {"reason": body}
        return _("The technician could not get into the site.")
    if new == InterventionStatus.CANCELLED:
        if body:
            return _("The on-site visit was cancelled: %(reason)s") % {"reason": body}
        return _("The on-site visit was cancelled.")
    return ""

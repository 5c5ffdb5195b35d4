"""Sentences about opening hours and due times, in the active language."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .engine import Calendar
from .models import Weekday


def moment_text(moment: datetime, tz=None) -> str:
    """'Monday 6 April 2026 at 10:00' in the active language."""
    local = timezone.localtime(moment, tz)
    return _("%(weekday)s %(date)s at %(time)s") % {
        "weekday": date_format(local, "l"),
        "date": date_format(local, "DATE_FORMAT"),
        "time": local.strftime("%H:%M"),
    }


def relative_moment_text(moment: datetime, now: datetime, tz=None, *, past: bool = False) -> str:
    """'today at 16:00', 'tomorrow at 10:00', 'Tuesday at 10:00' (in the
    coming week), 'yesterday at 09:12', else 'on Monday 6 April 2026 at
    10:00', in the active language. `past` words a moment that has happened
    ('given on …'), where a bare weekday would be ambiguous; else it follows
    'by' ('expected by …')."""
    local = timezone.localtime(moment, tz)
    today = timezone.localtime(now, tz).date()
    # Formatted only as needed: a list words a page of these.
    values = {"time": local.strftime("%H:%M")}
    days = (local.date() - today).days
    if days == 0:
        return _("today at %(time)s") % values
    if days == 1:
        return _("tomorrow at %(time)s") % values
    if days == -1:
        return _("yesterday at %(time)s") % values
    if 1 < days < 7 and not past:
        values["weekday"] = WEEKDAYS[local.weekday()]
        return _("%(weekday)s at %(time)s") % values
    return dated_moment_text(moment, tz, past=past)


def dated_moment_text(moment: datetime, tz=None, *, past: bool = False) -> str:
    """'on Monday 6 April 2026 at 10:00' after 'given', or 'Monday 6 April
    2026 at 10:00' after 'by' (the languages differ in what they put there)."""
    local = timezone.localtime(moment, tz)
    values = {
        "time": local.strftime("%H:%M"),
        "weekday": date_format(local, "l"),
        "date": date_format(local, "DATE_FORMAT"),
    }
    if past:
        return pgettext("happened on a date", "on %(weekday)s %(date)s at %(time)s") % values
    return pgettext("due by a date", "%(weekday)s %(date)s at %(time)s") % values


def opening_notice(calendar: Calendar, now: datetime) -> tuple[bool, str]:
    """(open?, 'Open now until 18:00.' or 'Closed — we open again …')."""
    tz = calendar.tz
    if calendar.is_open(now):
        closing = calendar.next_closing(now)
        if closing is None:
            return True, _("Open now.")
        return True, _("Open now until %(time)s.") % {
            "time": timezone.localtime(closing, tz).strftime("%H:%M")
        }
    opening = timezone.localtime(calendar.next_opening(now), tz)
    today = timezone.localtime(now, tz).date()
    values = {
        "time": opening.strftime("%H:%M"),
        "weekday": date_format(opening, "l"),
        "date": date_format(opening, "DATE_FORMAT"),
    }
    if opening.date() == today:
        return False, _("Closed — we open again today at %(time)s.") % values
    if opening.date() == today + timedelta(days=1):
        return False, _("Closed — we open again tomorrow at %(time)s.") % values
    if opening.date() < today + timedelta(days=7):
        return False, _("Closed — we open again on %(weekday)s at %(time)s.") % values
    return False, _("Closed — we open again on %(weekday)s %(date)s at %(time)s.") % values


def weekly_hours(intervals: list[tuple[int, time, time]]) -> list[str]:
    """Lines like 'Monday to Friday: 08:00–18:00' from (weekday, opens, closes)."""
    by_day: dict[int, list[str]] = {}
    for weekday, opens, closes in sorted(intervals):
        closing = "24:00" if closes == time(0) else closes.strftime("%H:%M")
        by_day.setdefault(weekday, []).append(f"{opens:%H:%M}–{closing}")
    lines = []
    groups: list[tuple[int, int, str]] = []
    for weekday in sorted(by_day):
        hours = ", ".join(by_day[weekday])
        if groups and groups[-1][1] == weekday - 1 and groups[-1][2] == hours:
            groups[-1] = (groups[-1][0], weekday, hours)
        else:
            groups.append((weekday, weekday, hours))
    for first, last, hours in groups:
        if first == last:
            days = str(Weekday(first).label)
        else:
            days = _("%(first)s to %(last)s") % {
                "first": Weekday(first).label,
                "last": Weekday(last).label,
            }
        lines.append(_("%(days)s: %(hours)s") % {"days": days, "hours": hours})
    return lines

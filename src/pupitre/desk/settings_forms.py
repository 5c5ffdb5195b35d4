"""Forms of the supervisors' settings: service calendars and SLA targets."""

import re
from datetime import time

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pupitre.hours.models import Weekday
from pupitre.web.forms import BoundedDateField

# A year of business hours is about 130,000 minutes; more is a typing error
# (and beyond the database's integer range, an error of the database).
MINUTES_MAX = 1_000_000
_INTERVAL = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")


def parse_intervals(text: str) -> list[tuple[time, time]]:
    """'08:00–12:00, 13:00–18:00' → [(08:00, 12:00), (13:00, 18:00)]; 24:00 is midnight."""
    intervals = []
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        match = _INTERVAL.match(part)
        if not match:
            raise ValidationError(
                _("Write the hours as 08:00–18:00, several separated by commas."),
                code="invalid",
            )
        h1, m1, h2, m2 = (int(value) for value in match.groups())
        if h2 == 24 and m2 == 0:
            h2 = 0
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
            raise ValidationError(_("%(value)s is not a time of day."), params={"value": part})
        intervals.append((time(h1, m1), time(h2, m2)))
    return intervals


def format_intervals(intervals) -> str:
    parts = []
    for opens, closes in intervals:
        closing = "24:00" if closes == time(0) else f"{closes:%H:%M}"
        parts.append(f"{opens:%H:%M}–{closing}")
    return ", ".join(parts)


class WeeklyHoursForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for weekday in Weekday:
            self.fields[f"day_{weekday.value}"] = forms.CharField(
                label=weekday.label,
                required=False,
                help_text=_("For example 08:00–18:00; empty: closed."),
            )

    def clean(self):
        data = super().clean()
        hours = {}
        for weekday in Weekday:
            name = f"day_{weekday.value}"
            if name in data:
                try:
                    hours[weekday.value] = parse_intervals(data[name])
                except ValidationError as error:
                    self.add_error(name, error)
        data["hours"] = hours
        return data


class ClosedDayForm(forms.Form):
    day = BoundedDateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    name_de = forms.CharField(label=_("Name in German"), max_length=100)
    name_fr = forms.CharField(label=_("Name in French"), max_length=100)


class SlaPolicyForm(forms.Form):
    first_response_minutes = forms.IntegerField(
        label=_("First response (business minutes)"), min_value=1, max_value=MINUTES_MAX
    )
    resolution_minutes = forms.IntegerField(
        label=_("Resolution (business minutes)"), min_value=1, max_value=MINUTES_MAX
    )


class SettingsHistoryFilter(forms.Form):
    """Filters of the settings' history; every one optional."""

    kind = forms.ChoiceField(label=_("Kind of setting"), required=False)
    by = forms.TypedChoiceField(label=_("Changed by"), required=False, coerce=int, empty_value=None)
    since = BoundedDateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = BoundedDateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, kinds, authors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All")), *kinds]
        self.fields["by"].choices = [("", _("Anyone")), *((u.pk, str(u)) for u in authors)]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            raise ValidationError(_("The end of the period comes before its start."), code="order")
        return data

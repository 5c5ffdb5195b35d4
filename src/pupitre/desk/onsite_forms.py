"""Forms of the desk's on-site planning: plan a visit, propose new times, cancel."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pupitre.accounts.models import Language
from pupitre.core.request_input import parse_id
from pupitre.hours.models import Weekday
from pupitre.onsite.planning import MAX_SLOTS
from pupitre.onsite.services import MAX_DURATION_MINUTES, WORK_MAX_LENGTH
from pupitre.schools.models import Region
from pupitre.web.forms import BoundedDateField

SLOT_FIELDS = [f"slot_{n}" for n in range(1, MAX_SLOTS + 1)]
# Times a person can mean: Python handles the year 9999, period arithmetic does not.
YEAR_MIN, YEAR_MAX = 1900, 2199


class SlotField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def validate(self, value):
        super().validate(value)
        if value and not YEAR_MIN <= value.year <= YEAR_MAX:
            raise ValidationError(_("Enter a time between 1900 and 2199."), code="out_of_range")


class SlotsMixin:
    def slots(self) -> list[datetime]:
        return [self.cleaned_data[name] for name in SLOT_FIELDS if self.cleaned_data.get(name)]

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in SLOT_FIELDS) and not self.errors:
            raise ValidationError(_("Propose one, two or three times to the school."))
        return cleaned


class PlanInterventionForm(SlotsMixin, forms.Form):
    site = forms.TypedChoiceField(label=_("Site"), coerce=parse_id, empty_value=None)
    devices = forms.TypedMultipleChoiceField(
        label=_("Devices concerned"),
        coerce=parse_id,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    work = forms.CharField(
        label=_("What is to be done"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=WORK_MAX_LENGTH,
    )
    duration_minutes = forms.IntegerField(
        label=_("Expected duration (minutes)"),
        min_value=1,
        max_value=MAX_DURATION_MINUTES,
        initial=60,
    )
    technician = forms.TypedChoiceField(
        label=_("Technician"), coerce=parse_id, empty_value=None, required=False
    )
    team = forms.TypedChoiceField(
        label=_("or a team that will assign one"), coerce=parse_id, empty_value=None, required=False
    )
    slot_1 = SlotField(label=_("Time 1"), required=False)
    slot_2 = SlotField(label=_("Time 2"), required=False)
    slot_3 = SlotField(label=_("Time 3"), required=False)

    def __init__(self, *args, sites, devices, technicians, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [(site.pk, site.name) for site in sites]
        self.fields["devices"].choices = devices
        self.fields["technician"].choices = [("", "—")] + [
            (user.pk, user.get_full_name() or user.email) for user in technicians
        ]
        self.fields["team"].choices = [("", "—"), *teams]


class NewTimesForm(SlotsMixin, forms.Form):
    slot_1 = SlotField(label=_("Time 1"), required=False)
    slot_2 = SlotField(label=_("Time 2"), required=False)
    slot_3 = SlotField(label=_("Time 3"), required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason (the school reads it)"), max_length=1000)


class SiteHoursForm(forms.Form):
    """One opening interval per weekday; a weekday left empty is closed. All
    empty: the site follows the default school week."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for weekday, label in Weekday.choices:
            self.fields[f"opens_{weekday}"] = forms.TimeField(
                label=_("%(day)s opens") % {"day": label},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
            self.fields[f"closes_{weekday}"] = forms.TimeField(
                label=_("%(day)s closes") % {"day": label},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )

    def rows(self):
        return [
            (label, self[f"opens_{weekday}"], self[f"closes_{weekday}"])
            for weekday, label in Weekday.choices
        ]

    def clean(self):
        cleaned = super().clean()
        for weekday, label in Weekday.choices:
            opens, closes = cleaned.get(f"opens_{weekday}"), cleaned.get(f"closes_{weekday}")
            if (opens is None) != (closes is None):
                raise ValidationError(
                    _("Give both the opening and the closing time on %(day)s, or neither.")
                    % {"day": label}
                )
        return cleaned

    def week(self):
        return {
            weekday: [
                (self.cleaned_data[f"opens_{weekday}"], self.cleaned_data[f"closes_{weekday}"])
            ]
            for weekday, _label in Weekday.choices
            if self.cleaned_data.get(f"opens_{weekday}") is not None
        }


class NoVisitForm(forms.Form):
    starts_on = BoundedDateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = BoundedDateField(
        label=_("To (included)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class AbsenceForm(forms.Form):
    technician = forms.TypedChoiceField(label=_("Technician"), coerce=parse_id, empty_value=None)
    starts_on = BoundedDateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = BoundedDateField(
        label=_("To (included)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, technicians, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].choices = [
            (user.pk, user.get_full_name() or user.email) for user in technicians
        ]


class AssignForm(forms.Form):
    technician = forms.TypedChoiceField(label=_("Technician"), coerce=parse_id, empty_value=None)

    def __init__(self, *args, technicians, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].choices = [
            (user.pk, user.get_full_name() or user.email) for user in technicians
        ]


class TechnicianProfileForm(forms.Form):
    """Where a technician works from, when, and in which regions."""

    regions = forms.MultipleChoiceField(
        label=_("Provinces and cantons"),
        choices=Region.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    base_latitude = forms.DecimalField(
        label=_("Base latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        max_digits=9,
        decimal_places=6,
        help_text=_("Decimal degrees, for example 50.466900 (Namur)."),
    )
    base_longitude = forms.DecimalField(
        label=_("Base longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        max_digits=9,
        decimal_places=6,
        help_text=_("Decimal degrees, for example 4.867500 (Namur)."),
    )
    day_starts = forms.TimeField(
        label=_("Working day starts"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    day_ends = forms.TimeField(
        label=_("Working day ends"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Working days"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one working day.")},
    )

    @classmethod
    def initial_of(cls, profile) -> dict:
        if profile is None:
            return {"day_starts": "07:30", "day_ends": "17:00", "weekdays": [0, 1, 2, 3, 4]}
        return {
            "regions": list(profile.regions or []),
            "base_latitude": profile.base_latitude,
            "base_longitude": profile.base_longitude,
            "day_starts": profile.day_starts,
            "day_ends": profile.day_ends,
            "weekdays": list(profile.weekdays or []),
        }


class SchoolHolidayForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Community"),
        choices=[
            (Language.FRENCH, _("French-speaking Community")),
            (Language.GERMAN, _("German-speaking Community")),
        ],
    )
    starts_on = BoundedDateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = BoundedDateField(
        label=_("To (included)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    name_fr = forms.CharField(label=_("Name in French"), max_length=100)
    name_de = forms.CharField(label=_("Name in German"), max_length=100)

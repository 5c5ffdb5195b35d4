"""Forms of the phone screens: the call log's filters, a line's settings,
a blocked number."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pupitre.accounts.models import Language
from pupitre.phone.models import Direction, Outcome
from pupitre.web.forms import BoundedDateField


class CallLogFilter(forms.Form):
    line = forms.TypedChoiceField(label=_("Line"), required=False, coerce=int, empty_value=None)
    direction = forms.ChoiceField(label=_("Direction"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    day = BoundedDateField(
        label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    school = forms.TypedChoiceField(label=_("School"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, lines, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [("", _("All")), *((line.pk, line.name) for line in lines)]
        self.fields["direction"].choices = [("", _("All")), *Direction.choices]
        self.fields["outcome"].choices = [("", _("All")), *Outcome.choices]
        self.fields["school"].choices = [("", _("All")), *((s.pk, s.name) for s in schools)]


class FiguresFilter(forms.Form):
    day = BoundedDateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))


class PhoneLineForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    number = forms.CharField(
        label=_("Number"), max_length=40, help_text=_("In international form, e.g. +3287123456.")
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[
            (Language.GERMAN, Language.GERMAN.label),
            (Language.FRENCH, Language.FRENCH.label),
        ],
    )
    team = forms.TypedChoiceField(label=_("Team"), coerce=int)
    calendar = forms.TypedChoiceField(
        label=_("Service hours"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Used for callers whose school is not known; empty: the standard hours."),
    )
    default_region = forms.RegexField(
        label=_("Default country"),
        regex=r"^[A-Za-z]{2}$",
        initial="BE",
        max_length=2,
        help_text=_("Two-letter country code used for numbers written without one, e.g. BE."),
        error_messages={"invalid": _("Give a two-letter country code, e.g. BE.")},
    )
    outbound_caller_id = forms.CharField(
        label=_("Outbound caller ID"),
        max_length=20,
        required=False,
        help_text=_("Number shown to the person called on outbound calls; empty: the PBX decides."),
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, teams, calendars, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [(team_id, name) for team_id, name in teams]
        self.fields["calendar"].choices = [
            ("", _("Standard hours")),
            *((c.pk, c.localized_name) for c in calendars),
        ]


class OutboundRoutesForm(forms.Form):
    routes = forms.CharField(
        label=_("Outbound routes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One route a line: a destination (* stands for one or more digits) and the "
            "number to show, e.g. “41* +41715880339000”. The first that matches is used."
        ),
    )

    def clean_routes(self):
        rows = []
        for text in self.cleaned_data["routes"].splitlines():
            if text.strip():
                pattern, _space, caller_id = text.strip().partition(" ")
                rows.append((pattern, caller_id))
        return rows


class BlockedNumberForm(forms.Form):
    number = forms.CharField(label=_("Number to block"), max_length=40)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pupitre.accounts.models import Language
from pupitre.equipment import coverage as cov
from pupitre.equipment.models import Device
from pupitre.tickets.models import Priority, ServiceCategory, Status
from pupitre.tickets.services import SUBJECT_MAX_LENGTH
from pupitre.web.forms import IdsChoiceField, RefusedWhenLongField, attachments_field


def _with_any(choices, label):
    return [("", label), *choices]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Number or subject"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("active", _("Open work (new, open, waiting)")),
            ("all", pgettext_lazy("statuses", "All")),
            *Status.choices,
        ],
    )
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=_with_any(Language.choices, pgettext_lazy("languages", "All")),
    )
    school = forms.CharField(label=_("School (number or name)"), required=False)
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_with_any(Priority.choices, pgettext_lazy("priorities", "All")),
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    coverage = forms.ChoiceField(
        label=_("Coverage"),
        required=False,
        choices=[
            ("", pgettext_lazy("coverage", "Any")),
            *cov.PHASE_LABELS.items(),
            ("none", _("No device")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("", _("Most urgent first")), ("due", _("Next due first"))],
    )

    def __init__(self, *args, teams, agents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = _with_any(teams, pgettext_lazy("teams", "All"))
        self.fields["assignee"].choices = [
            ("", pgettext_lazy("assignees", "Anyone")),
            ("me", _("Me")),
            ("none", _("Nobody")),
            *[(str(pk), name) for pk, name in agents],
        ]


class StaffMessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}))
    attachments = attachments_field()


class TicketUpdateForm(forms.Form):
    """The ticket page's side form: assignee, status, priority and team in
    one submit. Each field carries the value the page showed (a hidden
    `initial-` input): only the fields the agent changed are applied, so a
    page opened earlier does not undo a colleague's change of another field."""

    assignee = forms.TypedChoiceField(
        label=_("Assignee"), required=False, coerce=int, empty_value=None, show_hidden_initial=True
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, show_hidden_initial=True)
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, show_hidden_initial=True
    )
    team = forms.TypedChoiceField(
        label=_("Team"), required=False, coerce=int, empty_value=None, show_hidden_initial=True
    )

    def __init__(self, *args, agents, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Nobody (team)")), *agents]
        self.fields["team"].choices = [("", _("No team")), *teams]


class SchoolSearchForm(forms.Form):
    school_q = forms.CharField(
        label=_("School (official number or name)"),
        max_length=100,
        error_messages={"required": _("Type a school's name or number.")},
    )


NEW_CALLER = "new"


class PhoneCallForm(forms.Form):
    requester = forms.ChoiceField(label=_("Caller"))
    # A caller the school's list does not have yet.
    new_caller_name = forms.CharField(label=_("New caller's name"), max_length=150, required=False)
    new_caller_email = forms.EmailField(label=_("New caller's email"), required=False)
    new_caller_phone = forms.CharField(label=_("New caller's phone"), max_length=40, required=False)
    category = forms.ChoiceField(
        label=_("Service category"), choices=ServiceCategory.choices, widget=forms.RadioSelect
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.NORMAL
    )
    devices = IdsChoiceField(
        label=_("Devices"),
        queryset=Device.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subject = RefusedWhenLongField(label=_("Subject"), max_length=SUBJECT_MAX_LENGTH)
    description = forms.CharField(
        label=_("What the caller said"), widget=forms.Textarea(attrs={"rows": 6})
    )
    attachments = attachments_field()

    def __init__(self, *args, contacts, devices, **kwargs):
        super().__init__(*args, **kwargs)
        self.contacts = {str(person.pk): person for person in contacts}
        self.fields["requester"].choices = [
            *((pk, person.full_name) for pk, person in self.contacts.items()),
            (NEW_CALLER, _("Someone new: enter their name and email below")),
        ]
        self.fields["devices"].queryset = devices

    def clean(self):
        data = super().clean()
        if data.get("requester") == NEW_CALLER:
            for name, message in (
                ("new_caller_name", _("Please give the caller's name.")),
                ("new_caller_email", _("Please give the caller's email address.")),
            ):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data

    @property
    def caller(self):
        """The chosen member of the school, or None for a new caller."""
        return self.contacts.get(self.cleaned_data["requester"])


class OdooLookupForm(forms.Form):
    q = forms.CharField(
        label=_("Odoo login or email"),
        max_length=254,
        error_messages={"required": _("Type the login or email address of the account.")},
    )


class OdooActionForm(forms.Form):
    # Made when the confirmation was shown: the same form sent twice is one
    # action (tools.services.odoo_action_run).
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # The account's login as the confirmation showed it: names it in the
    # history if Odoo cannot be asked.
    login = forms.CharField(widget=forms.HiddenInput, max_length=254, required=False)
    reply = forms.BooleanField(
        label=_("Tell the school in a public reply (in its language)"), required=False
    )

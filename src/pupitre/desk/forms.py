from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pupitre.accounts.models import Language
from pupitre.equipment.models import PHASE_CHOICES, Device
from pupitre.forms_common import attachments_field
from pupitre.tickets.models import Priority, ServiceCategory, Status


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
            *PHASE_CHOICES,
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
        self.fields["team"].choices = _with_any(
            [(team.pk, team.name) for team in teams], pgettext_lazy("teams", "All")
        )
        self.fields["assignee"].choices = [
            ("", pgettext_lazy("assignees", "Anyone")),
            ("me", _("Me")),
            ("none", _("Nobody")),
            *[(str(agent.pk), agent.full_name) for agent in agents],
        ]


class StaffMessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}))
    attachments = attachments_field()


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(
        label=_("Assignee"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, agents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Nobody (team)"))] + [
            (agent.pk, agent.full_name) for agent in agents
        ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)


class PriorityForm(forms.Form):
    priority = forms.TypedChoiceField(label=_("Priority"), choices=Priority.choices, coerce=int)


class TeamForm(forms.Form):
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("No team"))] + [(t.pk, t.name) for t in teams]


class SchoolSearchForm(forms.Form):
    school_q = forms.CharField(
        label=_("School (official number or name)"), required=False, max_length=100
    )


class PhoneCallForm(forms.Form):
    requester = forms.ModelChoiceField(label=_("Caller"), queryset=None, empty_label=None)
    category = forms.ChoiceField(
        label=_("Service category"), choices=ServiceCategory.choices, widget=forms.RadioSelect
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.NORMAL
    )
    devices = forms.ModelMultipleChoiceField(
        label=_("Devices"),
        queryset=Device.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("What the caller said"), widget=forms.Textarea(attrs={"rows": 6})
    )
    attachments = attachments_field()

    def __init__(self, *args, contacts, devices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requester"].queryset = contacts
        self.fields["devices"].queryset = devices

from django import forms
from django.utils.translation import gettext_lazy as _

from pupitre.equipment.models import Device
from pupitre.tickets.models import ServiceCategory
from pupitre.tickets.services import SUBJECT_MAX_LENGTH
from pupitre.web.forms import IdsChoiceField, RefusedWhenLongField, attachments_field


class DeviceChoiceField(IdsChoiceField):
    def label_from_instance(self, device):
        return str(device)


class NewRequestForm(forms.Form):
    # The user's schools are read once by the view; a choice among them
    # (rather than a ModelChoiceField) needs no further query to validate.
    school = forms.TypedChoiceField(label=_("School"), coerce=int)
    category = forms.ChoiceField(
        label=_("What do you need?"), choices=ServiceCategory.choices, widget=forms.RadioSelect
    )
    devices = DeviceChoiceField(
        label=_("Which devices?"),
        queryset=Device.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose the devices concerned, if any."),
    )
    subject = RefusedWhenLongField(label=_("Subject"), max_length=SUBJECT_MAX_LENGTH)
    description = forms.CharField(
        label=_("Describe the problem"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happens, since when, and what you already tried."),
    )
    attachments = attachments_field()

    def __init__(self, *args, schools, devices, **kwargs):
        super().__init__(*args, **kwargs)
        self.schools = {school.pk: school for school in schools}
        self.fields["school"].choices = [(school.pk, school.name) for school in schools]
        self.fields["devices"].queryset = devices

    def clean_school(self):
        return self.schools[self.cleaned_data["school"]]


class OdooAccessRequestForm(forms.Form):
    """An ICT contact asks to reopen a colleague's Odoo access."""

    school = forms.TypedChoiceField(label=_("School"), coerce=int)
    account = RefusedWhenLongField(
        label=_("Your colleague's Odoo login or email address"),
        max_length=254,
        help_text=_("As they type it to sign in to Odoo, for example j.dupont@ecole.be."),
    )
    note = forms.CharField(
        label=_("Anything we should know? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.schools = {school.pk: school for school in schools}
        self.fields["school"].choices = [(school.pk, school.name) for school in schools]

    def clean_school(self):
        return self.schools[self.cleaned_data["school"]]

"""Forms of the school's side of an on-site visit: choose a time, or ask for another."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pupitre.core.request_input import parse_id


class ConfirmSlotForm(forms.Form):
    slot = forms.TypedChoiceField(
        label=_("Time of the visit"),
        widget=forms.RadioSelect,
        coerce=parse_id,
        empty_value=None,
    )
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)

    def __init__(self, *args, slots=(), name_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(slot.pk, label) for slot, label in slots]
        self.fields["name"].required = name_required


class OtherTimeForm(forms.Form):
    text = forms.CharField(
        label=_("Which days and times would suit you?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)

    def __init__(self, *args, name_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = name_required

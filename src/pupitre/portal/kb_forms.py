from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pupitre.equipment.queries import device_models_among
from pupitre.kb.models import Kind


class ModelChoice(forms.ModelChoiceField):
    def label_from_instance(self, model):
        return str(model)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the help articles"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", pgettext_lazy("kinds", "All")), *Kind.choices],
    )
    model = ModelChoice(
        label=_("Device model"),
        required=False,
        queryset=None,
        empty_label=pgettext_lazy("device models", "All"),
    )

    def __init__(self, *args, device_models, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].queryset = device_models_among([m.pk for m in device_models])


class FeedbackForm(forms.Form):
    helpful = forms.ChoiceField(
        label=_("Was this article helpful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was missing or unclear? Please do not write personal data here."),
    )

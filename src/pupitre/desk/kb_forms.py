from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pupitre.accounts.models import Language
from pupitre.equipment.queries import device_models
from pupitre.kb.models import ArticleStatus, Kind, Visibility
from pupitre.tickets.models import ServiceCategory
from pupitre.web.forms import BoundedDateField, IdsChoiceField, MultipleFileField


def _with_any(choices, label):
    return [("", label), *choices]


class DeviceModelChoices(IdsChoiceField):
    def label_from_instance(self, model):
        return str(model)


class ArticleForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        required=False,
        help_text=_("One or two sentences shown in lists and suggestions."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, widget=forms.RadioSelect)
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
        help_text=_("The same for every language of the article."),
    )
    categories = forms.MultipleChoiceField(
        label=_("Service categories"),
        choices=ServiceCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    device_models = DeviceModelChoices(
        label=_("Device models"),
        queryset=device_models(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    body = forms.CharField(
        label=_("Text (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_(
            "## Heading, **bold**, - list, 1. numbered steps, [link](https://…), "
            "![description](file address). HTML is not interpreted."
        ),
    )
    files = MultipleFileField(
        label=_("Images and PDF documents"),
        help_text=_("PNG, JPEG, GIF or PDF. After saving, each file's address is listed below."),
    )

    def __init__(self, *args, creating: bool, translation: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["language"]
        if translation:
            # A translation takes these from the article it translates.
            for name in ("kind", "visibility", "categories", "device_models"):
                del self.fields[name]


class DeskArticleFilterForm(forms.Form):
    q = forms.CharField(label=_("Title"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=_with_any(Kind.choices, pgettext_lazy("kinds", "All")),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_with_any(ArticleStatus.choices, pgettext_lazy("statuses", "All")),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        required=False,
        choices=_with_any(Visibility.choices, pgettext_lazy("visibilities", "All")),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=_with_any(Language.choices, pgettext_lazy("languages", "All")),
    )


class PeriodForm(forms.Form):
    start = BoundedDateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = BoundedDateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(
                _("The start of the period must be before its end."), code="period"
            )
        return data

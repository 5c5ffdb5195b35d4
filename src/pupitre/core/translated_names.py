"""Names that people read, kept in each language of the service: a calendar,
a team. Shown in the reader's language (`localized_name`), never two
languages at once."""

from django import forms
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGES = ("de", "fr", "en")


class TranslatedName(models.Model):
    name_de = models.CharField(_("name in German"), max_length=100, blank=True)
    name_fr = models.CharField(_("name in French"), max_length=100, blank=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def name_in(self, language: str | None) -> str:
        return name_in(self.names(), language) or self.name

    def names(self) -> dict[str, str]:
        return {language: getattr(self, f"name_{language}") for language in LANGUAGES}

    @property
    def localized_name(self) -> str:
        return self.name_in(get_language())


def name_in(names: dict[str, str], language: str | None) -> str:
    """The name in `language` (the active one's first two letters), else
    in French, German, English: the first one given."""
    language = (language or "")[:2]
    for candidate in (language, "fr", "de", "en"):
        if names.get(candidate):
            return names[candidate]
    return ""


class TranslatedNameAdminForm(forms.ModelForm):
    """The admin's form of a model with translated names: each required."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for language in LANGUAGES:
            self.fields[f"name_{language}"].required = True

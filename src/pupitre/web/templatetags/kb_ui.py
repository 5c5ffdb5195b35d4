"""Labels of the knowledge base's choices, for the templates."""

from django import template
from django.utils import translation

from pupitre.accounts.models import Language
from pupitre.kb.models import ArticleStatus, Kind, Visibility
from pupitre.web.presenters import label_of

register = template.Library()


@register.filter
def kind_label(value):
    return label_of(Kind, value)


@register.filter
def article_status_label(value):
    return label_of(ArticleStatus, value)


@register.filter
def visibility_label(value):
    return label_of(Visibility, value)


@register.filter
def language_name(code):
    """A language's name as it reads inside a sentence of the current
    language ("auf Französisch", "en allemand": French writes it in lower case)."""
    name = str(label_of(Language, code))
    return name.lower() if translation.get_language() == "fr" else name

"""Labels of the knowledge base's choices, for the templates."""

from django import template

from pupitre.kb.models import ArticleStatus, Kind, Visibility
from pupitre.presenters import label_of

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

"""Labels shared by the portal and the desk screens."""

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import get_language

from pupitre.tickets.models import Priority, Status
from pupitre.web.fragments import filter_fields_html, language_switcher_html
from pupitre.web.presenters import label_of

register = template.Library()


@register.filter
def status_label(value):
    return label_of(Status, value)


@register.filter
def priority_label(value):
    return label_of(Priority, int(value)) if str(value).isdigit() else value


@register.simple_tag(takes_context=True)
def language_switcher(context):
    """The language buttons of every page's header (see
    pupitre/web/fragments.py: built in Python, as every page renders it)."""
    request = context["request"]
    return language_switcher_html(
        action=reverse("switch_language"),
        csrf_token=get_token(request),
        next_url=request.get_full_path(),
        current=get_language(),
    )


@register.filter
def filter_fields(fields):
    """A filter bar's fields (desk.presenters.plain_fields) as HTML."""
    return filter_fields_html(fields)

"""Labels shared by the portal and the desk screens."""

from django import template

from pupitre.presenters import label_of
from pupitre.tickets.models import Priority, Status

register = template.Library()


@register.filter
def status_label(value):
    return label_of(Status, value)


@register.filter
def priority_label(value):
    return label_of(Priority, int(value)) if str(value).isdigit() else value

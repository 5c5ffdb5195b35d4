"""Labels shared by the portal and the desk screens."""

from django import template
from django.utils.translation import gettext as _

from pupitre.tickets.models import Channel, EventField, Priority, SlaState, Status

register = template.Library()


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value


@register.filter
def status_label(value):
    return _label(Status, value)


@register.filter
def priority_label(value):
    return _label(Priority, int(value)) if str(value).isdigit() else value


@register.simple_tag
def event_text(message):
    """One sentence describing a history event, in the active language."""
    old, new = message.old_value, message.new_value
    if message.field == EventField.CREATED:
        return _("Request opened (%(channel)s).") % {"channel": _label(Channel, new)}
    if message.field == EventField.STATUS:
        return _("Status changed from “%(old)s” to “%(new)s”.") % {
            "old": status_label(old),
            "new": status_label(new),
        }
    if message.field == EventField.PRIORITY:
        return _("Priority changed from “%(old)s” to “%(new)s”.") % {
            "old": priority_label(old),
            "new": priority_label(new),
        }
    if message.field == EventField.ASSIGNEE:
        if not new:
            return _("Unassigned from %(old)s.") % {"old": old}
        return _("Assigned to %(new)s.") % {"new": new}
    if message.field == EventField.SLA:
        first = message.body == "first_response"
        if new == SlaState.BREACHED:
            if first:
                return _("The first response target was missed.")
            return _("The resolution target was missed.")
        if first:
            return _("The first response is due soon.")
        return _("The resolution is due soon.")
    if message.field == EventField.TEAM:
        return _("Team changed from “%(old)s” to “%(new)s”.") % {
            "old": old or "—",
            "new": new or "—",
        }
    return ""

"""The consent sentence: what the person at the school is shown (portal) or
read (phone) before an agent takes control of a computer, in their
language. The same function writes the page and the record, so what is
stored is exactly what was shown."""

from django.utils import translation
from django.utils.translation import gettext as _


def consent_sentence(
    *, language: str, agent: str, device: str, tool: str, ticket_number: str = ""
) -> str:
    with translation.override(language):
        if ticket_number:
            return _(
                "I agree that %(agent)s of the helpdesk takes remote control of the "
                "computer %(device)s with %(tool)s for request %(number)s. I can watch "
                "what is done and stop the session at any time. The session is recorded: "
                "who, when and for how long."
            ) % {"agent": agent, "device": device, "tool": tool, "number": ticket_number}
        return _(
            "I agree that %(agent)s of the helpdesk takes remote control of the "
            "computer %(device)s with %(tool)s. I can watch what is done and stop the "
            "session at any time. The session is recorded: who, when and for how long."
        ) % {"agent": agent, "device": device, "tool": tool}


def duration_text(seconds: int | None) -> str:
    """ "1 h 05 min", "12 min", "40 s", in the active language's words."""
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return _("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    if minutes:
        return _("%(minutes)d min %(seconds)02d s") % {"minutes": minutes, "seconds": secs}
    return _("%(seconds)d s") % {"seconds": secs}

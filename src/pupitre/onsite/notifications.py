"""Emails to a school about an on-site visit, in the school's language:
the proposed times with a signed link to confirm one, the confirmation, the
reminder the school day before, a cancellation.

They thread with the request's conversation (`core.outbox`): a school that
answers the mail answers the request.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pupitre.core.outbox import AboutTicket, send_about_ticket

from . import queries
from .models import Intervention, InterventionReport, InterventionStatus
from .texts import slot_text

PROPOSED = "proposed"
CONFIRMED = "confirmed"
REMINDER = "reminder"
CANCELLED = "cancelled"
KINDS = (PROPOSED, CONFIRMED, REMINDER, CANCELLED)
# The status an intervention must still have for its mail to be worth sending.
_STILL = {
    PROPOSED: InterventionStatus.PROPOSED,
    CONFIRMED: InterventionStatus.CONFIRMED,
    REMINDER: InterventionStatus.CONFIRMED,
    CANCELLED: InterventionStatus.CANCELLED,
}


def recipients(intervention: Intervention) -> list[str]:
    """The requester and the school's own address, once each."""
    ticket = intervention.ticket
    found = [ticket.requester.email, ticket.school.email]
    return list(dict.fromkeys(address for address in found if address))


def send_intervention_mail(kind: str, intervention_id: int, entry_id: int, *, on_refused) -> bool:
    """Send one mail about an intervention; False when it is no longer due
    (the intervention changed since) or nobody is left to send it to."""
    if kind not in KINDS:
        return False
    intervention = (
        Intervention.objects.select_related("ticket__school", "ticket__requester", "site")
        .prefetch_related("slots")
        .filter(pk=intervention_id)
        .first()
    )
    if intervention is None or intervention.status != _STILL[kind]:
        return False
    if kind == PROPOSED and not any(
        slot.starts_at > timezone.now() for slot in intervention.slots.all()
    ):
        return False
    to = recipients(intervention)
    if not to:
        return False
    ticket, school = intervention.ticket, intervention.ticket.school
    with translation.override(school.language):
        context = {
            "kind": kind,
            "intervention": intervention,
            "ticket": ticket,
            "school": school,
            "site": intervention.site,
            "slots": [slot_text(s.starts_at, s.ends_at) for s in intervention.slots.all()],
            "when": slot_text(intervention.starts_at, intervention.ends_at)
            if intervention.starts_at
            else "",
            "portal_url": settings.PUPITRE_BASE_URL
            + reverse("portal:detail", args=[ticket.number]),
            "confirm_url": settings.PUPITRE_BASE_URL
            + reverse("portal:onsite_confirm", args=[queries.confirmation_token(intervention)])
            if kind in (PROPOSED, CONFIRMED, REMINDER)
            else "",
        }
        subject = {
            PROPOSED: _("[%(number)s] On-site visit: please choose a time"),
            CONFIRMED: _("[%(number)s] On-site visit confirmed"),
            REMINDER: _("[%(number)s] Reminder: on-site visit on %(when)s"),
            CANCELLED: _("[%(number)s] On-site visit cancelled"),
        }[kind] % {"number": ticket.number, "when": context["when"]}
        text = render_to_string("email/onsite.txt", context)
        html = render_to_string("email/onsite.html", context)
    email = EmailMultiAlternatives(subject=subject, body=text, to=to)
    email.attach_alternative(html, "text/html")
    about = AboutTicket(ticket=ticket, entry_id=entry_id, kind=f"onsite_{kind}", automatic=True)
    return send_about_ticket(email, about=about, on_refused=on_refused)


# --- the report of a visit, with its PDF ----------------------------------------

REPORT = "onsite_report"


def send_report(report_id: int, *, on_refused) -> bool:
    report = (
        InterventionReport.objects.select_related(
            "intervention__ticket__school",
            "intervention__ticket__requester",
            "intervention__site",
            "written_by",
            "pdf__message",
        )
        .filter(pk=report_id)
        .first()
    )
    if report is None or report.pdf is None:
        return False
    ticket = report.intervention.ticket
    school = ticket.school
    recipients = []
    for address in (ticket.requester.email, school.email):
        if address and address.lower() not in {a.lower() for a in recipients}:
            recipients.append(address)
    if not recipients:
        return False
    with translation.override(school.language):
        context = {
            "ticket": ticket,
            "report": report,
            "school": school,
            "site": report.intervention.site,
            "url": settings.PUPITRE_BASE_URL + reverse("portal:detail", args=[ticket.number]),
        }
        subject = _("[%(number)s] Report of the on-site intervention at %(site)s") % {
            "number": ticket.number,
            "site": report.intervention.site.name,
        }
        text = render_to_string("email/onsite_report.txt", context)
        html = render_to_string("email/onsite_report.html", context)
    email = EmailMultiAlternatives(subject=subject, body=text, to=recipients)
    email.attach_alternative(html, "text/html")
    with report.pdf.file.open("rb") as handle:
        email.attach(report.pdf.filename, handle.read(), "application/pdf")
    about = AboutTicket(ticket=ticket, entry_id=report.pdf.message_id, kind=REPORT, automatic=True)
    return send_about_ticket(email, about=about, on_refused=on_refused)

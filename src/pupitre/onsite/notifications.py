"""The mail of an intervention report: the PDF, to the school, in its
language (to the request's author and to the school's own address)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from pupitre.core.outbox import AboutTicket, send_about_ticket

from .models import InterventionReport

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

"""Emails about coverage: decisions on extension requests, and notices
before devices leave a phase. Multipart (text and HTML), in the reader's
language: the requester's own (else the school's) for decisions, the
school's for notices."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from pupitre.accounts.models import STAFF_ROLES

from .coverage import phase_label
from .models import ExtensionRequest, ExtensionStatus


def send_extension_decision(request_id: int) -> bool:
    request = (
        ExtensionRequest.objects.select_related("requested_by", "school", "decided_by")
        .filter(pk=request_id)
        .exclude(status=ExtensionStatus.PENDING)
        .first()
    )
    if request is None or not request.requested_by.email:
        return False
    user = request.requested_by
    language = user.language or request.school.language
    view = "desk:extension" if user.role in STAFF_ROLES else "portal:extension"
    with translation.override(language):
        context = {
            "request": request,
            "user": user,
            "approved": request.status == ExtensionStatus.APPROVED,
            "devices": list(request.devices.select_related("model")),
            "url": settings.PUPITRE_BASE_URL + reverse(view, args=[request.pk]),
            "language": language,
        }
        if context["approved"]:
            subject = _("Extension approved for %(school)s")
        else:
            subject = _("Extension refused for %(school)s")
        subject = subject % {"school": request.school.name}
        _send(subject, "extension_decision", context, user.email)
    return True


def send_phase_notice(school, contacts, rows, on_date) -> None:
    """One email per ICT contact listing the devices whose phase ends soon."""
    with translation.override(school.language):
        items = [
            {
                "device": row.device,
                "phase": phase_label(row.coverage.phase),
                "end": row.coverage.end,
                "next": phase_label(row.coverage.next_phase or "not_covered"),
            }
            for row in rows
        ]
        context = {
            "school": school,
            "items": items,
            "url": settings.PUPITRE_BASE_URL + reverse("portal:devices") + "?ends=soon",
            "language": school.language,
        }
        subject = _("%(school)s: %(count)d devices change coverage soon") % {
            "school": school.name,
            "count": len(items),
        }
        for contact in contacts:
            _send(subject, "phase_notice", {**context, "user": contact}, contact.email)


def _send(subject, template, context, to) -> None:
    text = render_to_string(f"email/{template}.txt", context)
    html = render_to_string(f"email/{template}.html", context)
    email = EmailMultiAlternatives(
        subject=subject, body=text, to=[to], headers={"Auto-Submitted": "auto-generated"}
    )
    email.attach_alternative(html, "text/html")
    email.send()

"""Desk screens of remote sessions: consent and start from a ticket (or
from a device, without a ticket), end and summary, and a device's access
log with its export for a data-protection request."""

import csv

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pupitre.accounts.models import Language
from pupitre.core.errors import DomainError
from pupitre.core.filenames import filename_from_text
from pupitre.core.request_input import parse_id
from pupitre.equipment.queries import devices_of_school, get_device_for_user
from pupitre.remote import services
from pupitre.remote.consent import consent_sentence, duration_text
from pupitre.remote.models import MANUAL_TOOLS, SessionStatus, SessionTool
from pupitre.remote.queries import (
    access_log,
    session_of_device,
    session_of_ticket,
    sessions_of_device,
    sessions_of_ticket,
    tools_by_device,
)
from pupitre.tickets.queries import get_ticket_for_user
from pupitre.web.access import desk_user_required, supervisor_required
from pupitre.web.forms import add_domain_error
from pupitre.web.pagination import bounded_page

PHONE_YES, PHONE_NO, PORTAL = "phone_yes", "phone_no", "portal"


class ConsentForm(forms.Form):
    how = forms.ChoiceField(
        label=gettext_lazy("Consent"),
        widget=forms.RadioSelect,
        choices=[
            (PHONE_YES, gettext_lazy("The caller agreed by phone")),
            (PHONE_NO, gettext_lazy("The caller refused by phone")),
            (PORTAL, gettext_lazy("Ask on the portal (the school answers on its request)")),
        ],
    )
    caller_name = forms.CharField(
        label=gettext_lazy("Name of the person who answered"), required=False, max_length=150
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language the sentence was read in"),
        choices=[
            (Language.GERMAN, Language.GERMAN.label),
            (Language.FRENCH, Language.FRENCH.label),
        ],
    )

    def __init__(self, *args, with_portal: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_portal:
            self.fields["how"].choices = self.fields["how"].choices[:2]


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=gettext_lazy("What was done"), widget=forms.Textarea(attrs={"rows": 3})
    )


def _targets(devices):
    """(device, tool, label) for every tool of every device."""
    tools = tools_by_device(devices)
    return [(device, tool, label) for device in devices for tool, label in tools[device.pk]]


def _chosen(targets, request):
    wanted = (parse_id(request.GET.get("device") or request.POST.get("device")), None)
    tool = request.GET.get("tool") or request.POST.get("tool")
    for device, device_tool, label in targets:
        if device.pk == wanted[0] and device_tool == tool:
            return device, device_tool, label
    return None


def _remote_page(
    request, *, ticket, device, targets, sessions, form=None, status=200, on_ticket=()
):
    chosen = _chosen(targets, request)
    sentences = []
    if chosen is not None:
        for code, name in (
            (Language.GERMAN, Language.GERMAN.label),
            (Language.FRENCH, Language.FRENCH.label),
        ):
            sentences.append(
                (
                    name,
                    code,
                    consent_sentence(
                        language=code,
                        agent=request.user.full_name,
                        device=str(chosen[0]),
                        tool=chosen[2],
                        ticket_number=ticket.number if ticket else "",
                    ),
                )
            )
        form = form or ConsentForm(
            with_portal=ticket is not None,
            initial={
                "language": ticket.language if ticket and ticket.language != "en" else "fr",
                "how": PHONE_YES,
            },
        )
    return render(
        request,
        "desk/remote.html",
        {
            "ticket": ticket,
            "device": device,
            "targets": targets,
            "ticket_device_ids": {d.pk for d in on_ticket},
            "chosen": chosen,
            "sentences": sentences,
            "form": form,
            "rows": [_session_row(s, request.user) for s in sessions],
            "summary_form": SummaryForm(),
        },
        status=status,
    )


def _session_row(session, user):
    return {
        "session": session,
        "duration": duration_text(session.duration_seconds),
        "may_start": session.status == SessionStatus.CONSENTED and session.agent_id == user.pk,
        "may_reopen": session.status == SessionStatus.OPENED
        and session.agent_id == user.pk
        and session.opened_at is not None
        and timezone.now() - session.opened_at < services.LINK_VALIDITY,
        "may_end": session.status == SessionStatus.ACTIVE and session.tool in MANUAL_TOOLS,
        "may_cancel": session.status in (SessionStatus.AWAITING_CONSENT, SessionStatus.CONSENTED),
        "may_summarise": session.status
        in (SessionStatus.OPENED, SessionStatus.ACTIVE, SessionStatus.ENDED),
        "link": session.device.remote_url
        if session.status == SessionStatus.ACTIVE
        and session.tool in MANUAL_TOOLS
        and session.device
        else "",
    }


@desk_user_required
def ticket_remote(request, number):
    ticket = get_ticket_for_user(request.user, number)
    on_ticket = list(ticket.devices.select_related("model", "site"))
    others = [d for d in devices_of_school(ticket.school_id) if d not in on_ticket]
    targets = _targets(on_ticket + others)
    return _consent_or_page(
        request,
        ticket=ticket,
        device=None,
        on_ticket=on_ticket,
        targets=targets,
        sessions=lambda: sessions_of_ticket(ticket),
        back=lambda: redirect("desk:remote", number=ticket.number),
    )


@desk_user_required
def device_remote(request, device_id):
    """A session on a device without a request (flagged in the access log)."""
    device = get_device_for_user(request.user, device_id)
    return _consent_or_page(
        request,
        ticket=None,
        device=device,
        targets=_targets([device]),
        sessions=lambda: sessions_of_device(device),
        back=lambda: redirect("desk:device_remote", device_id=device.pk),
    )


def _consent_or_page(request, *, ticket, device, targets, sessions, back, on_ticket=()):
    if request.method != "POST":
        return _remote_page(
            request,
            ticket=ticket,
            device=device,
            targets=targets,
            sessions=sessions(),
            on_ticket=on_ticket,
        )
    chosen = _chosen(targets, request)
    form = ConsentForm(request.POST, with_portal=ticket is not None)
    if chosen is None:
        messages.error(request, _("Please choose a device and a tool."))
        return back()
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["how"] == PORTAL:
                services.session_request_consent(
                    ticket=ticket, device=chosen[0], tool=chosen[1], by=request.user
                )
                done = _("Consent asked: the school sees the request on the portal.")
            else:
                agree = data["how"] == PHONE_YES
                services.session_record_phone_consent(
                    ticket=ticket,
                    device=chosen[0],
                    tool=chosen[1],
                    by=request.user,
                    caller_name=data["caller_name"],
                    language=data["language"],
                    agree=agree,
                )
                done = (
                    _("Consent recorded. You can start the session.")
                    if agree
                    else _("The refusal is recorded. The session cannot start.")
                )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, done)
            return back()
    return _remote_page(
        request,
        ticket=ticket,
        device=device,
        targets=targets,
        sessions=sessions(),
        form=form,
        status=400,
        on_ticket=on_ticket,
    )


def _session_from(request, number, device_id, session_id):
    if number is not None:
        ticket = get_ticket_for_user(request.user, number)
        session = session_of_ticket(ticket, session_id)
        back = redirect("desk:remote", number=ticket.number)
    else:
        device = get_device_for_user(request.user, device_id)
        session = session_of_device(device, session_id)
        back = redirect("desk:device_remote", device_id=device.pk)
    if session is None:
        raise Http404
    return session, back


@require_POST
@desk_user_required
def session_action(request, session_id, number=None, device_id=None):
    """Start, end, withdraw or summarise one session."""
    session, back = _session_from(request, number, device_id, session_id)
    action = request.POST.get("action")
    try:
        if action == "start":
            session, link = services.session_start(session=session, by=request.user)
            if session.tool == SessionTool.MESHCENTRAL:
                return redirect(link)
            messages.success(
                request,
                _("Session started. Open it with %(tool)s; note its end here.")
                % {"tool": session.get_tool_display()},
            )
        elif action == "end":
            services.session_end(session=session, by=request.user)
            messages.success(request, _("The end of the session is recorded."))
        elif action == "cancel":
            services.session_cancel(session=session, by=request.user)
            messages.success(request, _("The session was withdrawn."))
        elif action == "summary":
            services.session_summary_save(
                session=session, by=request.user, summary=request.POST.get("summary", "")
            )
            messages.success(request, _("Summary saved."))
        else:
            messages.error(request, _("This action is not available."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return back


@desk_user_required
def device_access_log(request, device_id):
    device = get_device_for_user(request.user, device_id)
    page = bounded_page(access_log(device), request.GET.get("page"), 50)
    return render(
        request,
        "desk/access_log.html",
        {
            "device": device,
            "page": page,
            "rows": [_log_row(s) for s in page.object_list],
        },
    )


def _log_row(session):
    return {
        "session": session,
        "agent": session.agent.full_name if session.agent else session.remote_user,
        "duration": duration_text(session.duration_seconds),
        "consent": _consent_text(session),
    }


def _consent_text(session) -> str:
    if not session.consent_channel:
        return _("None recorded (session started outside Pupitre)")
    if session.status == SessionStatus.AWAITING_CONSENT:
        return _("Asked on the portal, no answer yet")
    values = {"name": session.consent_by_name, "how": session.get_consent_channel_display()}
    if session.status == SessionStatus.REFUSED:
        return _("Refused by %(name)s (%(how)s)") % values
    return _("Given by %(name)s (%(how)s)") % values


@supervisor_required
def device_access_log_csv(request, device_id):
    """Every session on the device, for a data-protection request."""
    device = get_device_for_user(request.user, device_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = filename_from_text(f"access-log-{device.serial}", ".csv")
    response["Content-Disposition"] = content_disposition_header(True, name)
    response.write("\ufeff")  # spreadsheets read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Device"),
            _("Serial number"),
            _("Tool"),
            _("Agent"),
            _("Remote-control account"),
            _("Request"),
            _("Status"),
            _("Requested"),
            _("Started"),
            _("Ended"),
            _("Duration (seconds)"),
            _("Consent asked"),
            _("Consent given by"),
            _("Consent answered"),
            _("Consent language"),
            _("Consent sentence"),
            _("Summary"),
        ]
    )
    zone = timezone.get_current_timezone()

    def when(moment):
        return moment.astimezone(zone).isoformat(timespec="seconds") if moment else ""

    for session in access_log(device).iterator(chunk_size=500):
        writer.writerow(
            _csv_safe(value)
            for value in [
                str(device.model),
                device.serial,
                session.get_tool_display(),
                session.agent.full_name if session.agent else "",
                session.remote_user,
                session.ticket.number if session.ticket else _("no request"),
                session.get_status_display(),
                when(session.requested_at),
                when(session.started_at),
                when(session.ended_at),
                "" if session.duration_seconds is None else session.duration_seconds,
                session.get_consent_channel_display() if session.consent_channel else "",
                session.consent_by_name,
                when(session.consent_at),
                session.consent_language,
                session.consent_sentence,
                session.summary,
            ]
        )
    return response


def _csv_safe(value):
    """A cell a spreadsheet will not run as a formula."""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text

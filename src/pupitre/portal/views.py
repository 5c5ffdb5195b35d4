"""Screens for schools: their requests, a new request, the conversation."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pupitre.core.errors import DomainError
from pupitre.core.request_input import parse_id
from pupitre.equipment.queries import devices_of_school
from pupitre.remote import services as remote_services
from pupitre.remote.consent import consent_sentence
from pupitre.remote.queries import consent_request, consent_requests
from pupitre.schools.queries import chosen_school, ict_school_ids, schools_of
from pupitre.tickets import services
from pupitre.tickets.models import ACTIVE_STATUSES, Channel, Status
from pupitre.tickets.queries import get_ticket_for_user, portal_requests, timeline_for
from pupitre.tickets.texts import expectation_text
from pupitre.tools.services import odoo_access_request_create
from pupitre.web.access import school_user_required, shows_mail_images
from pupitre.web.forms import MessageForm, add_domain_error, uploaded_files
from pupitre.web.presenters import timeline_entries, timeline_html

from .devices import label_device, not_covered_note, notice_context
from .forms import NewRequestForm, OdooAccessRequestForm
from .onsite_views import school_visits


@school_user_required
def request_list(request):
    user = request.user
    show = request.GET.get("show", "active")
    tickets = portal_requests(user)
    if show == "active":
        tickets = tickets.filter(in_queue=1)
    elif show == "done":
        tickets = tickets.filter(in_queue=0)
    page = Paginator(tickets, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(ticket, expectation_text(ticket, now)) for ticket in page.object_list]
    schools = list(schools_of(user))
    return render(
        request,
        "portal/request_list.html",
        {
            "page": page,
            "rows": rows,
            "show": show,
            "sees_whole_school": bool(ict_school_ids(user)),
            "several_schools": len(schools) > 1,
        },
    )


@school_user_required
def request_new(request):
    user = request.user
    schools = list(schools_of(user))
    device_id = request.GET.get("device", "")
    # A QR label names a device: its school is the one the form opens for.
    labelled = label_device(user, device_id) if request.method == "GET" else None
    picked = request.POST.get("school") or request.GET.get("school")
    school = chosen_school(schools, labelled.school_id if labelled else picked)
    if school is None:
        return render(request, "portal/no_school.html", status=403)
    devices = devices_of_school(school.pk)
    initial = {"school": school.pk}
    if labelled is not None:
        initial["devices"] = [labelled.pk]
    elif parse_id(device_id) is not None and request.method == "GET":
        messages.info(request, _("This device is not among your school's devices."))
    if request.method == "POST":
        form = NewRequestForm(request.POST, request.FILES, schools=schools, devices=devices)
        if form.is_valid():
            data = form.cleaned_data
            try:
                ticket = services.ticket_create(
                    school=data["school"],
                    requester=user,
                    created_by=user,
                    channel=Channel.PORTAL,
                    category=data["category"],
                    subject=data["subject"],
                    description=data["description"],
                    devices=list(data["devices"]),
                    language=data["school"].language,
                    attachments=uploaded_files(request),
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _received_message(ticket))
                note = not_covered_note(data["devices"])
                if note:
                    messages.info(request, note)
                return redirect("portal:detail", number=ticket.number)
    else:
        form = NewRequestForm(initial=initial, schools=schools, devices=devices)
    template = "portal/new_request.html"
    if request.htmx and request.method == "GET":
        template = "portal/_devices_field.html"
    context = {
        "form": form,
        "school": school,
        "schools": schools,
        "is_ict_contact": bool(ict_school_ids(user)),
    }
    context.update(notice_context(request, form.data if form.is_bound else _initial_data(initial)))
    return render(request, template, context)


@school_user_required
def odoo_access_new(request):
    """An ICT contact asks to reopen a colleague's Odoo access: a request of
    the management-tools category, the account named for the desk's panel."""
    user = request.user
    ict_ids = ict_school_ids(user)
    schools = [school for school in schools_of(user) if school.pk in ict_ids]
    if not schools:
        return render(request, "portal/odoo_access_not_ict.html", status=403)
    if request.method == "POST":
        form = OdooAccessRequestForm(request.POST, schools=schools)
        if form.is_valid():
            data = form.cleaned_data
            try:
                ticket = odoo_access_request_create(
                    school=data["school"], account=data["account"], note=data["note"], by=user
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _received_message(ticket))
                return redirect("portal:detail", number=ticket.number)
    else:
        form = OdooAccessRequestForm(initial={"school": schools[0].pk}, schools=schools)
    return render(request, "portal/odoo_access_new.html", {"form": form, "schools": schools})


@shows_mail_images
@school_user_required
def request_detail(request, number, reply_form=None, status=200):
    ticket = get_ticket_for_user(request.user, number)
    return render(
        request,
        "portal/request_detail.html",
        {
            "ticket": ticket,
            "expectation": expectation_text(ticket),
            "devices": list(ticket.devices.select_related("model")),
            "timeline_html": timeline_html(
                timeline_entries(timeline_for(request.user, ticket)), show_authors=False
            ),
            "visits": school_visits(ticket),
            "form": reply_form or MessageForm(),
            "can_reply": ticket.status != Status.CLOSED,
            "can_resolve": ticket.status in ACTIVE_STATUSES,
            "can_reopen": ticket.status == Status.RESOLVED,
            "consents": [
                (session, _sentence_for(session, ticket)) for session in consent_requests(ticket)
            ],
        },
        status=status,
    )


def _sentence_for(session, ticket) -> str:
    """The consent sentence in the reader's language: the very text the
    service records when they answer (same function, same language)."""
    return consent_sentence(
        language=translation.get_language(),
        agent=session.agent.full_name if session.agent else "",
        device=str(session.device) if session.device else session.computer_name,
        tool=session.get_tool_display(),
        ticket_number=ticket.number,
    )


@require_POST
@school_user_required
def request_consent(request, number, session_id):
    """The school's answer to a remote session request on its request."""
    ticket = get_ticket_for_user(request.user, number)
    session = consent_request(ticket, parse_id(session_id))
    answer = request.POST.get("answer")
    if session is None or answer not in ("agree", "refuse"):
        messages.error(request, _("This action is not available."))
        return redirect("portal:detail", number=ticket.number)
    try:
        remote_services.session_consent_answer(
            session=session,
            by=request.user,
            agree=answer == "agree",
            language=translation.get_language(),
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        if answer == "agree":
            messages.success(
                request,
                _("Thank you. The helpdesk may now connect; you will be asked on the computer."),
            )
        else:
            messages.success(request, _("Your refusal is recorded. Nobody will connect."))
    return redirect("portal:detail", number=ticket.number)


@require_POST
@school_user_required
def request_reply(request, number):
    ticket = get_ticket_for_user(request.user, number)
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.ticket_reply(
                ticket=ticket,
                author=request.user,
                body=form.cleaned_data["body"],
                attachments=uploaded_files(request),
                channel=Channel.PORTAL,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your message has been sent."))
            return redirect("portal:detail", number=ticket.number)
    return request_detail(request, number, reply_form=form, status=400)


@require_POST
@school_user_required
def request_status(request, number):
    ticket = get_ticket_for_user(request.user, number)
    action = request.POST.get("action")
    target = {"resolve": Status.RESOLVED, "reopen": Status.OPEN}.get(action)
    if target is None:
        messages.error(request, _("This action is not available."))
        return redirect("portal:detail", number=ticket.number)
    try:
        services.ticket_set_status(ticket=ticket, status=target, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        done = {
            Status.RESOLVED: _("Thank you. Your request is marked as solved."),
            Status.OPEN: _("Your request is open again."),
        }
        messages.success(request, done[target])
    return redirect("portal:detail", number=ticket.number)


def _received_message(ticket) -> str:
    """The confirmation, with what the school can expect (as the request
    page and the list word it)."""
    received = _("Your request %(number)s has been received. We will answer you here.") % {
        "number": ticket.number
    }
    expectation = expectation_text(ticket)
    return " ".join(part for part in (received, expectation) if part)


def _initial_data(initial):
    data = QueryDict(mutable=True)
    data["school"] = str(initial["school"])
    data.setlist("devices", [str(pk) for pk in initial.get("devices", [])])
    return data

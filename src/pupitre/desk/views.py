"""Screens for agents: the queue, a ticket, logging a phone call."""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pupitre.accounts.queries import staff_names
from pupitre.core.errors import DomainError
from pupitre.core.request_input import parse_id
from pupitre.equipment.queries import device_coverages, devices_of_school, ticket_phases
from pupitre.phone import services as phone_services
from pupitre.phone.queries import call_by_id
from pupitre.schools.queries import find_schools, school_by_id
from pupitre.tickets import services, sla
from pupitre.tickets.models import MessageKind
from pupitre.tickets.queries import (
    QueueFilter,
    desk_queue,
    get_ticket_for_user,
    queue_row_values,
    team_names,
    timeline_for,
)
from pupitre.tools.queries import (
    odoo_actions_of,
    odoo_connection,
    requested_account,
    shows_odoo_panel,
)
from pupitre.web.access import desk_user_required, shows_mail_images
from pupitre.web.device_screens import coverage_view
from pupitre.web.forms import add_domain_error, uploaded_files
from pupitre.web.pagination import bounded_page
from pupitre.web.presenters import timeline_entries, timeline_html

from .forms import (
    NEW_CALLER,
    PhoneCallForm,
    QueueFilterForm,
    SchoolSearchForm,
    StaffMessageForm,
    TicketUpdateForm,
)
from .mail_forms import MoveToSchoolForm
from .odoo_presenters import action_rows
from .onsite import intervention_rows
from .presenters import plain_fields, queue_rows, queue_rows_html, sla_rows


@desk_user_required
def queue(request):
    form = QueueFilterForm(request.GET or None, teams=team_names(), agents=staff_names())
    filters = QueueFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = QueueFilter(
            status=data["status"] or "active",
            team=data["team"],
            language=data["language"],
            school=data["school"],
            priority=data["priority"],
            assignee=data["assignee"],
            text=data["q"],
            sort=data["sort"],
            coverage=data["coverage"],
        )
    tickets = desk_queue(request.user, filters)
    page = bounded_page(tickets, request.GET.get("page"), settings.PAGE_SIZE, read=queue_row_values)
    query = request.GET.copy()
    query.pop("page", None)
    by_due = query.copy()
    by_due["sort"] = "due"
    return render(
        request,
        "desk/queue.html",
        {
            "filters": plain_fields(form),
            "page": page,
            "rows_html": queue_rows_html(
                queue_rows(
                    page.object_list, coverage=ticket_phases(t["id"] for t in page.object_list)
                )
            ),
            "query": query.urlencode(),
            "sorted_by_due": filters.sort == "due",
            "sort_by_due_query": by_due.urlencode(),
        },
    )


@shows_mail_images
@desk_user_required
def ticket_detail(request, number, forms=None, status=200):
    ticket = get_ticket_for_user(request.user, number)
    forms = forms or {}
    timeline = timeline_for(request.user, ticket)
    devices = list(ticket.devices.select_related("model", "site"))
    coverages = device_coverages(d.pk for d in devices)
    context = {
        "ticket": ticket,
        "devices": devices,
        "device_coverage": [(d, coverage_view(coverages[d.pk])) for d in devices],
        "timeline_html": timeline_html(timeline_entries(timeline), show_authors=True),
        "sla_rows": sla_rows(
            sla.progress(ticket, timezone.now(), events=sla.status_events_in(timeline))
        ),
        "interventions": intervention_rows(ticket),
        "message_form": forms.get("message") or StaffMessageForm(),
        # The side form's plain selects, rendered without widget templates.
        "update_errors": forms["update"].non_field_errors() if "update" in forms else (),
        "update_fields": plain_fields(
            forms.get("update")
            or TicketUpdateForm(
                initial={
                    "assignee": ticket.assignee_id,
                    "status": ticket.status,
                    "priority": ticket.priority,
                    "team": ticket.team_id,
                },
                agents=staff_names(),
                teams=team_names(),
            )
        ),
        "odoo_box": _odoo_box(ticket),
    }
    return render(request, "desk/ticket.html", context, status=status)


def _odoo_box(ticket):
    """The Odoo panel's entry on a management-tools ticket, when a
    connection is configured: the account the school named, what was done."""
    if not shows_odoo_panel(ticket):
        return None
    connection = odoo_connection()
    if connection is None:
        return None
    return {
        "connection": connection,
        "account": requested_account(ticket),
        "actions": action_rows(odoo_actions_of(ticket)),
    }


@require_POST
@desk_user_required
def ticket_message(request, number):
    ticket = get_ticket_for_user(request.user, number)
    form = StaffMessageForm(request.POST, request.FILES)
    is_note = request.POST.get("kind") == MessageKind.NOTE
    if form.is_valid():
        write = services.ticket_add_note if is_note else services.ticket_reply
        try:
            write(
                ticket=ticket,
                author=request.user,
                body=form.cleaned_data["body"],
                attachments=uploaded_files(request),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if is_note:
                messages.success(request, _("Internal note added."))
            else:
                messages.success(request, _("Reply sent to the school."))
            return redirect("desk:ticket", number=ticket.number)
    return ticket_detail(request, number, forms={"message": form}, status=400)


@require_POST
@desk_user_required
def ticket_update(request, number):
    """The side form: the fields the agent changed, in one change."""
    ticket = get_ticket_for_user(request.user, number)
    form = TicketUpdateForm(request.POST, agents=staff_names(), teams=team_names())
    to_me = request.POST.get("to") == "me"
    if form.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in form.changed_data}
        if to_me:
            changes["assignee"] = request.user
        try:
            # Assignee and team by id: the service refuses a person
            # deactivated or a team deleted since the page was shown.
            services.ticket_update(ticket=ticket, by=request.user, **changes)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if changes:
                messages.success(request, _("Changes saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("desk:ticket", number=ticket.number)
    return ticket_detail(request, number, forms={"update": form}, status=400)


@desk_user_required
def ticket_move(request, number):
    """Move a ticket to another school: find the school, then confirm."""
    ticket = get_ticket_for_user(request.user, number)
    text = request.GET.get("school_q", "").strip()
    if request.method == "POST":
        chosen = _school_from(request.POST.get("school"))
        schools = [chosen] if chosen else []
    else:
        schools = [s for s in find_schools(text) if s.pk != ticket.school_id] if text else []
    form = MoveToSchoolForm(request.POST or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        try:
            services.ticket_move_to_school(
                ticket=ticket,
                school=schools[0],
                by=request.user,
                add_requester=form.cleaned_data["add_requester"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Request moved to %(school)s.") % {"school": schools[0].name}
            )
            return redirect("desk:ticket", number=ticket.number)
    return render(
        request,
        "desk/ticket_move.html",
        {
            "ticket": ticket,
            "search": SchoolSearchForm(request.GET or None),
            "searched": bool(text),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@desk_user_required
def phone_call(request):
    """Log a phone call as a new ticket on behalf of a school contact.

    First find the school (by official number or name), then fill in the
    call: the caller is one of the school's members.
    """
    search = SchoolSearchForm(request.GET or None)
    school = _school_from(request.POST.get("school") or request.GET.get("school"))
    # Opened from the incoming-call panel: the call, pre-filled, attached to
    # the new request.
    call = call_by_id(parse_id(request.POST.get("call") or request.GET.get("call")))
    if call is not None and call.ticket is not None:
        messages.info(
            request,
            _("This call already belongs to request %(number)s.") % {"number": call.ticket.number},
        )
        return redirect("desk:ticket", number=call.ticket.number)
    if school is None and call is not None and not ({"school_q", "other"} & set(request.GET)):
        school = call.school
    matches = []
    if school is None:
        # Bound as soon as it was sent: an empty search says what to type.
        text = search.cleaned_data["school_q"] if search.is_valid() else ""
        if text:
            matches = find_schools(text)
            if len(matches) == 1:
                school = matches[0]
        if school is None:
            return render(
                request,
                "desk/phone_call.html",
                {"search": search, "matches": matches, "searched": bool(text), "call": call},
            )
    contacts = school.members.filter(is_active=True).order_by("full_name")
    devices = devices_of_school(school.pk)
    if request.method == "POST":
        form = PhoneCallForm(request.POST, request.FILES, contacts=contacts, devices=devices)
        if form.is_valid():
            data = form.cleaned_data
            new_caller = None
            if form.caller is None:
                new_caller = {
                    "full_name": data["new_caller_name"],
                    "email": data["new_caller_email"],
                    "phone": data["new_caller_phone"],
                }
            log = services.ticket_log_phone_call
            if call is not None:
                log = partial(phone_services.call_log_ticket, call=call)
            try:
                ticket = log(
                    school=school,
                    caller=form.caller,
                    new_caller=new_caller,
                    by=request.user,
                    category=data["category"],
                    priority=data["priority"],
                    subject=data["subject"],
                    description=data["description"],
                    devices=list(data["devices"]),
                    attachments=uploaded_files(request),
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("Phone call logged as request %(number)s.") % {"number": ticket.number},
                )
                return redirect("desk:ticket", number=ticket.number)
    else:
        form = PhoneCallForm(contacts=contacts, devices=devices)
        form.initial.update(_call_initial(call, form.contacts))
    return render(
        request,
        "desk/phone_call.html",
        {"search": search, "school": school, "form": form, "call": call},
    )


def _call_initial(call, contacts) -> dict:
    """What the form knows from the call: the caller when they are one of
    the school's members, else their number for someone new."""
    if call is None:
        return {}
    if str(call.person_id) in contacts:
        return {"requester": str(call.person_id)}
    initial = {"requester": NEW_CALLER, "new_caller_phone": call.party_number}
    if call.person is not None:
        initial.update(new_caller_name=call.person.full_name, new_caller_email=call.person.email)
    return initial


def _school_from(school_id):
    return school_by_id(parse_id(school_id))

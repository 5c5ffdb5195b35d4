"""Screens for agents: the queue, a ticket, logging a phone call."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pupitre.accounts.queries import active_staff, staff_names
from pupitre.core.errors import DomainError
from pupitre.core.request_input import parse_id
from pupitre.equipment.queries import device_coverages, devices_of_school, ticket_phases
from pupitre.schools.models import School
from pupitre.schools.queries import find_schools
from pupitre.tickets import services, sla
from pupitre.tickets.models import MessageKind, Team
from pupitre.tickets.queries import (
    QueueFilter,
    desk_queue,
    get_ticket_for_user,
    queue_row_values,
    team_names,
    timeline_for,
)
from pupitre.web.access import desk_user_required, shows_mail_images
from pupitre.web.device_screens import coverage_view
from pupitre.web.forms import add_domain_error, uploaded_files
from pupitre.web.pagination import bounded_page
from pupitre.web.presenters import timeline_entries, timeline_html

from .forms import (
    AssignForm,
    PhoneCallForm,
    PriorityForm,
    QueueFilterForm,
    SchoolSearchForm,
    StaffMessageForm,
    StatusForm,
    TeamForm,
)
from .mail_forms import MoveToSchoolForm
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
        "message_form": forms.get("message") or StaffMessageForm(),
        # The side forms are plain selects, rendered without widget templates.
        "assign_field": plain_fields(
            AssignForm(initial={"assignee": ticket.assignee_id}, agents=staff_names())
        )[0],
        "status_field": plain_fields(StatusForm(initial={"status": ticket.status}))[0],
        "priority_field": plain_fields(PriorityForm(initial={"priority": ticket.priority}))[0],
        "team_field": plain_fields(TeamForm(initial={"team": ticket.team_id}, teams=team_names()))[
            0
        ],
    }
    return render(request, "desk/ticket.html", context, status=status)


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
def ticket_assign(request, number):
    ticket = get_ticket_for_user(request.user, number)
    if request.POST.get("to") == "me":
        assignee = request.user
    else:
        form = AssignForm(request.POST, agents=staff_names())
        if not form.is_valid():
            return _refused(request, ticket, _("Please choose a person from the list."))
        agent_id = form.cleaned_data["assignee"]
        assignee = active_staff().get(pk=agent_id) if agent_id else None
    return _apply(
        request,
        ticket,
        lambda: services.ticket_assign(ticket=ticket, assignee=assignee, by=request.user),
        _("Assignment saved."),
    )


@require_POST
@desk_user_required
def ticket_status(request, number):
    ticket = get_ticket_for_user(request.user, number)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _refused(request, ticket, _("Please choose a status from the list."))
    return _apply(
        request,
        ticket,
        lambda: services.ticket_set_status(
            ticket=ticket, status=form.cleaned_data["status"], by=request.user
        ),
        _("Status saved."),
    )


@require_POST
@desk_user_required
def ticket_priority(request, number):
    ticket = get_ticket_for_user(request.user, number)
    form = PriorityForm(request.POST)
    if not form.is_valid():
        return _refused(request, ticket, _("Please choose a priority from the list."))
    return _apply(
        request,
        ticket,
        lambda: services.ticket_set_priority(
            ticket=ticket, priority=form.cleaned_data["priority"], by=request.user
        ),
        _("Priority saved."),
    )


@require_POST
@desk_user_required
def ticket_team(request, number):
    ticket = get_ticket_for_user(request.user, number)
    form = TeamForm(request.POST, teams=team_names())
    if not form.is_valid():
        return _refused(request, ticket, _("Please choose a team from the list."))
    team_id = form.cleaned_data["team"]
    team = Team.objects.get(pk=team_id) if team_id else None
    return _apply(
        request,
        ticket,
        lambda: services.ticket_set_team(ticket=ticket, team=team, by=request.user),
        _("Team saved."),
    )


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
                {"search": search, "matches": matches, "searched": bool(text)},
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
            try:
                ticket = services.ticket_log_phone_call(
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
    return render(
        request,
        "desk/phone_call.html",
        {"search": search, "school": school, "form": form},
    )


def _school_from(school_id):
    school_id = parse_id(school_id)
    if school_id is None:
        return None
    return School.objects.filter(pk=school_id).first()


def _apply(request, ticket, change, success_message):
    try:
        change()
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, success_message)
    return redirect("desk:ticket", number=ticket.number)


def _refused(request, ticket, message):
    messages.error(request, message)
    return redirect("desk:ticket", number=ticket.number)

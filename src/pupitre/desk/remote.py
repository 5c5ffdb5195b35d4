"""Desk screens of remote maintenance: a school's computers enrolled in
MeshCentral, their match to the registry (link or correct it), a sync on
demand, and the computers of every school not matched to a device, with
the sessions held on them."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pupitre.core.errors import DomainError
from pupitre.core.request_input import parse_id
from pupitre.equipment.queries import devices_of_school, devices_of_schools
from pupitre.remote import queries as remote_queries
from pupitre.remote import services as remote_services
from pupitre.remote.consent import duration_text
from pupitre.schools.queries import school_by_id
from pupitre.web.access import desk_user_required
from pupitre.web.pagination import bounded_page

UNMATCHED_PER_PAGE = 20
SESSIONS_PER_COMPUTER = 10


def _configured():
    if remote_queries.meshcentral_server() is None:
        raise Http404


def _school(school_id):
    school = school_by_id(parse_id(school_id))
    if school is None:
        raise Http404
    return school


@desk_user_required
def computers(request, school_id):
    _configured()
    school = _school(school_id)
    return render(
        request,
        "desk/remote_computers.html",
        {
            "school": school,
            "computers": remote_queries.computers_of_school(school.pk),
            "devices": list(devices_of_school(school.pk)),
            "group": remote_queries.school_group(school.pk),
            "unmatched_computers": remote_queries.unmatched_computer_count(),
        },
    )


@require_POST
@desk_user_required
def computers_sync(request, school_id):
    _configured()
    school = _school(school_id)
    try:
        counts = remote_services.computers_sync(by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Synchronised: %(seen)s computers, %(created)s new, %(matched)s matched.")
            % {"seen": counts["seen"], "created": counts["created"], "matched": counts["matched"]},
        )
    return redirect("desk:remote_computers", school_id=school.pk)


@desk_user_required
def unmatched(request):
    """The computers linked to no registry device, whatever their school:
    the sessions held on them are in no device's access log until an agent
    links them."""
    _configured()
    schools = remote_queries.unmatched_computer_schools()
    school_id = parse_id(request.GET.get("school"))
    if school_id not in {pk for pk, _name in schools}:
        school_id = None
    page = bounded_page(
        remote_queries.unmatched_computers(school_id),
        request.GET.get("page"),
        UNMATCHED_PER_PAGE,
    )
    computers = page.object_list
    sessions = remote_queries.sessions_of_computers(computers, per_computer=SESSIONS_PER_COMPUTER)
    devices = devices_of_schools({computer.school_id for computer in computers})
    return render(
        request,
        "desk/remote_unmatched.html",
        {
            "page": page,
            "query": urlencode({"school": school_id}) if school_id else "",
            "schools": schools,
            "school_id": school_id,
            "back": request.get_full_path(),
            "rows": [
                {
                    "computer": computer,
                    "devices": devices[computer.school_id],
                    "sessions": [_session_row(s) for s in sessions[computer.node_id]],
                    "more": computer.session_count - len(sessions[computer.node_id]),
                }
                for computer in computers
            ],
        },
    )


def _session_row(session) -> dict:
    return {
        "session": session,
        "who": session.agent.full_name if session.agent else session.remote_user,
        "duration": duration_text(session.duration_seconds),
    }


def _back_to_unmatched(request) -> str | None:
    """The page of unmatched computers the form was sent from, if it was."""
    back = request.POST.get("back", "")
    if back.startswith(reverse("desk:remote_unmatched")) and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return None


@require_POST
@desk_user_required
def computer_link(request, computer_id):
    _configured()
    computer = remote_queries.get_computer(parse_id(computer_id))
    if computer is None:
        raise Http404
    back = _back_to_unmatched(request) or reverse(
        "desk:remote_computers", kwargs={"school_id": computer.school_id}
    )
    device = None
    device_id = parse_id(request.POST.get("device"))
    if device_id is not None:
        device = next((d for d in devices_of_school(computer.school_id) if d.pk == device_id), None)
        if device is None:
            messages.error(request, _("Choose a device of this school."))
            return redirect(back)
    try:
        remote_services.computer_link(computer=computer, device=device, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The computer's device was saved."))
    return redirect(back)

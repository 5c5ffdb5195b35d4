"""The ICT contact's remote-maintenance page: the install link of the
school's agent (limited validity, renewable), short instructions, and the
school's enrolled computers."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pupitre.core.errors import DomainError
from pupitre.remote import queries as remote_queries
from pupitre.remote import services as remote_services
from pupitre.web.access import school_user_required

from .devices import _ict_schools


@school_user_required
def remote(request):
    school, schools = _ict_schools(request, request.POST.get("school") or request.GET.get("school"))
    configured = remote_queries.meshcentral_server() is not None
    if request.method == "POST" and configured:
        try:
            remote_services.install_link_get(
                school=school, by=request.user, renew=request.POST.get("action") == "renew"
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your install link is ready."))
        return redirect(f"{request.path}?school={school.pk}")
    group = remote_queries.school_group(school.pk) if configured else None
    link_valid = bool(
        group
        and group.invite_url
        and group.invite_expires_at
        and group.invite_expires_at > timezone.now()
    )
    return render(
        request,
        "portal/remote.html",
        {
            "school": school,
            "schools": schools,
            "configured": configured,
            "group": group,
            "link_valid": link_valid,
            "computers": remote_queries.computers_of_school(school.pk) if configured else [],
        },
    )

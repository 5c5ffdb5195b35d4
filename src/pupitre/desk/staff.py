"""Administrators' screens about staff accounts: the state of each second
factor, and its reset when someone lost their phone."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pupitre.accounts import services
from pupitre.accounts.queries import get_staff_account, staff_second_factors
from pupitre.core.errors import DomainError
from pupitre.web.access import administrator_required


@administrator_required
def second_factors(request):
    page = Paginator(staff_second_factors(), 50).get_page(request.GET.get("page"))
    return render(request, "desk/second_factors.html", {"page": page, "query": ""})


@administrator_required
def second_factor_reset(request, user_id):
    account = get_staff_account(user_id)
    if request.method == "POST":
        try:
            services.second_factor_reset(user=account, by=request.user)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                _(
                    "The second factor of %(name)s was reset. They add a new "
                    "authenticator app at their next sign-in."
                )
                % {"name": account.full_name},
            )
        return redirect("desk:second_factors")
    return render(request, "desk/second_factor_reset.html", {"account": account})

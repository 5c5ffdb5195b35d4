"""The desk's Odoo connection screens (administrators): configure the
connection and test it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pupitre.core.errors import DomainError
from pupitre.tools import queries, services
from pupitre.tools.models import OdooConnection
from pupitre.tools.odoo import OdooConnectionReport
from pupitre.web.access import administrator_required
from pupitre.web.forms import add_domain_error

from .odoo_settings_forms import OdooConnectionForm


@administrator_required
def odoo_connections(request):
    return render(
        request, "desk/odoo_connections.html", {"connections": queries.odoo_connections()}
    )


@administrator_required
def odoo_connection_edit(request, pk=None):
    connection = queries.get_odoo_connection(pk) if pk else OdooConnection()
    form = OdooConnectionForm(request.POST or None, instance=connection)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.odoo_connection_save(
                    connection=form.save(commit=False),
                    api_key=form.cleaned_data["api_key"],
                    by=request.user,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Odoo connection saved."))
                return redirect("desk:odoo_connections")
        status = 400
    return render(
        request,
        "desk/odoo_connection_form.html",
        {"form": form, "connection": connection},
        status=status,
    )


@administrator_required
@require_POST
def odoo_connection_test(request, pk):
    connection = queries.get_odoo_connection(pk)
    result = services.odoo_connection_test(connection=connection, by=request.user)
    if isinstance(result, OdooConnectionReport):
        messages.success(request, _report_text(result))
    else:
        messages.error(request, str(result.message))
    return redirect("desk:odoo_connections")


def _report_text(report: OdooConnectionReport) -> str:
    text = _("Connected to Odoo %(version)s as “%(name)s”.") % {
        "version": report.version.server_version,
        "name": report.technical_name,
    }
    if report.can_change_users:
        text += " " + _("The technical account may reactivate accounts.")
    else:
        text += " " + _(
            "The technical account may only read accounts: give it the "
            "“Administration / Access Rights” group to reactivate them and send reset emails."
        )
    if report.reset_email_available is False:
        text += " " + _("Odoo's module auth_signup is not installed: no reset emails.")
    return text

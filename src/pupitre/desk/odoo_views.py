"""The Odoo panel: look up a school user's Odoo account from a ticket (or
a school), and reactivate it, have Odoo send its password-reset email, or
unlock it, each after a confirmation saying what will happen."""

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pupitre.core.errors import DomainError
from pupitre.core.request_input import parse_id
from pupitre.schools.queries import school_by_id
from pupitre.tickets.queries import get_ticket_for_user
from pupitre.tools import services
from pupitre.tools.models import OdooActionKind, OdooActionOutcome
from pupitre.tools.queries import (
    odoo_actions_of,
    odoo_connection,
    odoo_find_accounts,
    odoo_get_account,
    requested_account,
    shows_odoo_panel,
)
from pupitre.web.access import desk_user_required
from pupitre.web.presenters import unconfirmed_reset_text

from .forms import OdooActionForm, OdooLookupForm
from .odoo_presenters import account_view, action_rows

# Odoo's ids are XML-RPC integers (32 bits): a larger one is no account.
ODOO_ID_MAX = 2**31 - 1


def _odoo_id(value) -> int | None:
    number = parse_id(value)
    return number if number is not None and number <= ODOO_ID_MAX else None


# The URL's word for each action.
ACTIONS = {
    "reactivate": OdooActionKind.REACTIVATE,
    "reset": OdooActionKind.PASSWORD_RESET,
    "unlock": OdooActionKind.UNLOCK,
}


def _panel_ticket(request, number):
    """The ticket and the connection, or 404: no panel without a
    connection, nor on a ticket of another service."""
    ticket = get_ticket_for_user(request.user, number)
    connection = odoo_connection()
    if connection is None or not shows_odoo_panel(ticket):
        raise Http404
    return ticket, connection


@desk_user_required
def ticket_odoo(request, number):
    """Look up the account (login or email, archived included) and show
    it with its actions; several matches: the agent picks one."""
    ticket, connection = _panel_ticket(request, number)
    context = _lookup(request, connection, default=requested_account(ticket))
    context.update({"ticket": ticket, "actions": action_rows(odoo_actions_of(ticket))})
    return render(request, "desk/odoo_panel.html", context, status=context.pop("status"))


@desk_user_required
def school_odoo(request, school_id):
    """The same look-up from a school: what its users' accounts look like
    in Odoo. Actions are taken from a request, where they are recorded."""
    school = school_by_id(parse_id(school_id))
    connection = odoo_connection()
    if school is None or connection is None:
        raise Http404
    context = _lookup(request, connection, default="")
    context["school"] = school
    return render(request, "desk/odoo_panel.html", context, status=context.pop("status"))


def _lookup(request, connection, *, default: str) -> dict:
    language = request.LANGUAGE_CODE
    form = OdooLookupForm(request.GET if "q" in request.GET else None, initial={"q": default})
    text = default
    if form.is_bound:
        text = form.cleaned_data["q"] if form.is_valid() else ""
    chosen_id = _odoo_id(request.GET.get("account"))
    accounts, error, status = [], None, 200
    try:
        if chosen_id is not None:
            accounts = [odoo_get_account(connection, chosen_id, language=language)]
        elif text:
            accounts = odoo_find_accounts(connection, text, language=language)
    except DomainError as failure:
        error, status = failure.message, 404 if failure.code == "odoo_missing_record" else 502
    return {
        "connection": connection,
        "form": form,
        "searched": bool(text) or chosen_id is not None,
        "text": text,
        "accounts": [account_view(account) for account in accounts],
        "several": len(accounts) > 1,
        "error": error,
        "status": status,
    }


@desk_user_required
def ticket_odoo_confirm(request, number, account_id, action):
    """What the action will do, on which account; the agent confirms."""
    ticket, connection = _panel_ticket(request, number)
    kind = ACTIONS.get(action)
    if kind is None or _odoo_id(account_id) is None:
        raise Http404
    try:
        account = account_view(
            odoo_get_account(connection, account_id, language=request.LANGUAGE_CODE)
        )
    except DomainError as failure:
        messages.error(request, str(failure.message))
        return redirect("desk:ticket_odoo", number=ticket.number)
    form = OdooActionForm(initial={"key": uuid.uuid4().hex, "reply": True, "login": account.login})
    return render(
        request,
        "desk/odoo_confirm.html",
        {
            "ticket": ticket,
            "connection": connection,
            "account": account,
            "kind": kind,
            "action": action,
            "what": _what_will_happen(kind, account),
            "already": _already(kind, account),
            "form": form,
        },
    )


@require_POST
@desk_user_required
def ticket_odoo_action(request, number, account_id, action):
    ticket, _connection = _panel_ticket(request, number)
    kind = ACTIONS.get(action)
    if kind is None or _odoo_id(account_id) is None:
        raise Http404
    form = OdooActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This form has expired. Please reload the page and try again."))
        return redirect("desk:ticket_odoo", number=ticket.number)
    try:
        done = services.odoo_action_run(
            ticket=ticket,
            kind=kind,
            odoo_user_id=account_id,
            key=form.cleaned_data["key"],
            by=request.user,
            reply=form.cleaned_data["reply"],
            login=form.cleaned_data["login"],
        )
    except DomainError as failure:
        messages.error(request, str(failure.message))
        return redirect(_panel_url(ticket, account_id))
    messages.success(request, _outcome_text(done))
    return redirect("desk:ticket", number=ticket.number)


def _panel_url(ticket, account_id):
    return f"{reverse('desk:ticket_odoo', args=[ticket.number])}?account={account_id}"


def _what_will_happen(kind, account) -> str:
    if kind == OdooActionKind.REACTIVATE:
        return _(
            "The Odoo account %(login)s will be active again: its user can sign in with "
            "their password."
        ) % {"login": account.login}
    if kind == OdooActionKind.PASSWORD_RESET:
        return _(
            "Odoo will send its own email to %(email)s with a link to choose a new password."
        ) % {"email": account.email or "—"}
    return _(
        "Odoo will lift the block set after too many failed sign-ins on the account %(login)s."
    ) % {"login": account.login}


def _already(kind, account) -> str:
    if kind == OdooActionKind.REACTIVATE and account.active:
        return _("This account is already active: confirming changes nothing.")
    if kind == OdooActionKind.PASSWORD_RESET and not account.active:
        return _("This account is archived: reactivate it first, or Odoo will refuse.")
    return ""


def _outcome_text(action) -> str:
    if action.repeated:
        return _("This action had already been carried out; it was not repeated.")
    if action.outcome == OdooActionOutcome.ALREADY_DONE:
        return _("The account %(login)s was already active; nothing was changed.") % {
            "login": action.odoo_login
        }
    done = {
        OdooActionKind.REACTIVATE: _("The Odoo account %(login)s is active again."),
        OdooActionKind.PASSWORD_RESET: _(
            "Odoo has sent the password-reset email for the account %(login)s."
        ),
        OdooActionKind.UNLOCK: _("The Odoo account %(login)s is unlocked."),
    }[action.kind] % {"login": action.odoo_login}
    parts = [done]
    if getattr(action, "verify", False):
        parts.append(unconfirmed_reset_text())
    if action.reply_id:
        parts.append(_("The school was told in a reply."))
    return " ".join(parts)

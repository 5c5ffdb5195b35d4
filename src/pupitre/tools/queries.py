"""Reads of the tools app."""

from django.shortcuts import get_object_or_404

from pupitre.core.config_cache import cached
from pupitre.tickets.models import ServiceCategory, Ticket

from .models import OdooAccessRequest, OdooAction, OdooConnection
from .odoo import OdooAccount, OdooClient

ODOO_CONNECTION = "odoo_connection"
PANEL_CATEGORIES = (ServiceCategory.REMOTE_TOOLS,)
ACTIONS_SHOWN = 10


def odoo_connection() -> OdooConnection | None:
    """The active Odoo connection, or None (the Odoo panel is then hidden).
    Read on every ticket page: cached (see pupitre/core/config_cache.py)."""
    return cached(ODOO_CONNECTION, _active_connection)[0]


def _active_connection() -> tuple[OdooConnection | None]:
    # A tuple, so that "no connection" is cached too.
    return (OdooConnection.objects.filter(is_active=True).select_related("checked_by").first(),)


def odoo_connections() -> list[OdooConnection]:
    return list(OdooConnection.objects.select_related("checked_by").order_by("-is_active", "id"))


def get_odoo_connection(pk: int) -> OdooConnection:
    return get_object_or_404(OdooConnection.objects.select_related("checked_by"), pk=pk)


def shows_odoo_panel(ticket: Ticket) -> bool:
    return ticket.category in PANEL_CATEGORIES


def requested_account(ticket: Ticket) -> str:
    """The login or email the school named when it asked to reopen an Odoo
    access (the portal's form), or ""."""
    return (
        OdooAccessRequest.objects.filter(ticket=ticket).values_list("account", flat=True).first()
        or ""
    )


def odoo_actions_of(ticket: Ticket, limit: int = ACTIONS_SHOWN) -> list[OdooAction]:
    """The latest actions asked of Odoo for the ticket, newest first."""
    return list(
        OdooAction.objects.filter(ticket=ticket)
        .select_related("by")
        .order_by("-started_at", "-id")[:limit]
    )


def odoo_find_accounts(
    connection: OdooConnection, text: str, *, language: str
) -> list[OdooAccount]:
    """Odoo accounts whose login or email is `text`, archived ones included
    (asked of Odoo, with the connection's timeout); companies and groups
    named in `language`."""
    return OdooClient(connection).find_accounts(text, language=language)


def odoo_get_account(
    connection: OdooConnection, odoo_user_id: int, *, language: str
) -> OdooAccount:
    return OdooClient(connection).get_account(odoo_user_id, language=language)

"""Reads of the management tools: the Odoo connection, the accounts the
desk's panel looks up, what was asked of Odoo for a ticket."""

from pupitre.tickets.models import ServiceCategory, Ticket

from .models import OdooAccessRequest, OdooAction, OdooConnection
from .odoo import OdooAccount, OdooClient

PANEL_CATEGORIES = (ServiceCategory.REMOTE_TOOLS,)
ACTIONS_SHOWN = 10


def odoo_connection() -> OdooConnection | None:
    """The active Odoo connection, or None: the Odoo panel is hidden."""
    return OdooConnection.objects.filter(is_active=True).first()


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

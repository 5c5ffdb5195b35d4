"""Reads of the tools app."""

from django.shortcuts import get_object_or_404

from pupitre.core.config_cache import cached

from .models import OdooConnection

ODOO_CONNECTION = "odoo_connection"


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

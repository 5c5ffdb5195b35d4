from pupitre.config_cache import cached

from .models import STAFF_ROLES, User

STAFF_NAMES = "staff_names"


def active_staff():
    """Programme staff a ticket can be assigned to, by name."""
    return User.objects.filter(is_active=True, role__in=STAFF_ROLES).order_by("full_name")


def staff_names() -> list[tuple[int, str]]:
    """(id, name) of the active programme staff, by name: the choices of the
    assignee selects (cached, see pupitre/config_cache.py)."""
    return cached(STAFF_NAMES, lambda: list(active_staff().values_list("pk", "full_name")))

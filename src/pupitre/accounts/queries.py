from .models import STAFF_ROLES, User


def active_staff():
    """Programme staff a ticket can be assigned to, by name."""
    return User.objects.filter(is_active=True, role__in=STAFF_ROLES).order_by("full_name")


def staff_names() -> list[tuple[int, str]]:
    """(id, name) of the active programme staff, by name: the choices of the
    assignee selects."""
    return list(active_staff().values_list("pk", "full_name"))

from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pupitre.core.config_cache import cached

from .models import STAFF_ROLES, SecondFactorEvent, SecondFactorEventKind, User

STAFF_NAMES = "staff_names"


def active_staff():
    """Programme staff a ticket can be assigned to, by name."""
    return User.objects.filter(is_active=True, role__in=STAFF_ROLES).order_by("full_name")


def staff_names() -> list[tuple[int, str]]:
    """(id, name) of the active programme staff, by name: the choices of the
    assignee selects (cached, see pupitre/core/config_cache.py)."""
    return cached(STAFF_NAMES, lambda: list(active_staff().values_list("pk", "full_name")))


# Second factor ----------------------------------------------------------------


def authenticator_of(user) -> TOTPDevice | None:
    """The confirmed authenticator app (TOTP device) of a user, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def pending_authenticator_of(user) -> TOTPDevice | None:
    """An authenticator being added: shown as a QR code, not yet confirmed."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_history(user, limit: int = 10) -> list[SecondFactorEvent]:
    return list(user.second_factor_events.select_related("by")[:limit])


def staff_second_factors():
    """Staff accounts with the state of their second factor, by name: the
    administrators' list (one query whatever the number of accounts)."""
    devices = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True).order_by("-id")
    resets = SecondFactorEvent.objects.filter(
        user=OuterRef("pk"), kind=SecondFactorEventKind.RESET
    ).order_by("-created_at", "-id")
    return (
        User.objects.filter(is_active=True, role__in=STAFF_ROLES)
        .annotate(
            authenticator_since=Subquery(devices.values("created_at")[:1]),
            authenticator_used=Subquery(devices.values("last_used_at")[:1]),
            backup_codes=Count(
                "staticdevice__token_set", filter=Q(staticdevice__confirmed=True), distinct=True
            ),
            last_reset_at=Subquery(resets.values("created_at")[:1]),
            last_reset_by=Subquery(resets.values("by__full_name")[:1]),
        )
        .order_by("full_name", "pk")
    )


def get_staff_account(user_id: int) -> User:
    return get_object_or_404(User, pk=user_id, role__in=STAFF_ROLES)


def has_passed_second_factor(user) -> bool:
    """This session was verified by a device of the user (django-otp's
    `OTPMiddleware` tells which), and the user has an authenticator app: a
    session verified by a backup code after a reset still has to add one."""
    device = getattr(user, "otp_device", None)
    if device is None:
        return False
    if isinstance(device, TOTPDevice):
        return device.confirmed
    # A backup code: asked on every page, hence the shared cache (forgotten
    # with every change to a device, accounts/apps.py).
    return cached(has_authenticator_cache_name(user.pk), lambda: authenticator_of(user) is not None)


def has_authenticator_cache_name(user_id: int) -> str:
    return f"has_authenticator:{user_id}"


def otp_device_cache_name(persistent_id: str) -> str:
    """The shared cache's name for the device that verified staff sessions."""
    return f"otp_device:{persistent_id}"


def active_users_with_email(email: str):
    """Active accounts of an email address, whatever its case."""
    return User.objects.filter(email__iexact=email.strip(), is_active=True)

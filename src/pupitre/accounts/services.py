"""Changes to accounts: a user's own preferences, their role and access (on
record in the settings' history), and every change to a staff account's
second factor.

The devices are django-otp's: a `TOTPDevice` (the authenticator app) and a
`StaticDevice` holding the single-use backup codes. Verification goes through
the devices' own `verify_token`, which throttles wrong guesses (exponential
back-off, `OTP_TOTP_THROTTLE_FACTOR` / `OTP_STATIC_THROTTLE_FACTOR`).
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pupitre.audit.models import ObjectKind
from pupitre.audit.services import audit_record, snapshot
from pupitre.core.errors import DomainError
from pupitre.core.validation import check_choice

from . import second_factor as rules
from .models import Language, Role, SecondFactorEventKind, User
from .models import SecondFactorEvent as Event


def user_set_replies_by_email(*, user: User, replies_by_email: bool) -> User:
    """Whether the helpdesk's answers to the user's requests made on the
    portal (or by phone) are also sent by email; answers to a request made
    by email always are."""
    if user.replies_by_email != replies_by_email:
        user.replies_by_email = replies_by_email
        user.save(update_fields=["replies_by_email"])
    return user


ACCESS_FIELDS = ("role", "is_active", "is_staff", "is_superuser")


def may_change_access(user: User | None) -> bool:
    """Administrators (and the system, `None`) give roles and admin access."""
    return user is None or user.role == Role.ADMINISTRATOR or user.is_superuser


def user_set_access(
    *,
    user: User,
    by: User | None,
    role: str,
    is_active: bool = True,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Set a user's role and admin-site flags. `user` may be new (not saved
    yet): it is saved with them. One history row per changed field."""
    if not may_change_access(by):
        raise DomainError(_("Only administrators can change roles and access."), code="not_allowed")
    if role not in Role.values:
        raise DomainError(_("Please choose a role."), code="invalid", field="role")
    with transaction.atomic():
        before = None
        if user.pk is not None:
            stored = User.objects.select_for_update().get(pk=user.pk)
            before = snapshot(stored, ACCESS_FIELDS)
        user.role, user.is_active = role, is_active
        user.is_staff, user.is_superuser = is_staff, is_superuser
        if before is None:
            user.save()
        else:
            user.save(update_fields=ACCESS_FIELDS)
        audit_record(
            by=by,
            kind=ObjectKind.USER,
            object_id=user.pk,
            label=user.email,
            old=before,
            new=snapshot(user, ACCESS_FIELDS),
        )
    return user


def user_set_language(*, user: User, language: str) -> User:
    """The language the user reads Pupitre and their emails in."""
    check_choice(language, Language, "language")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"


def second_factor_enrol(*, user: User) -> TOTPDevice:
    """The authenticator being added for `user`: a new key, kept unconfirmed
    until a code from the app proves it was scanned. The same pending key is
    shown again when the page is reloaded."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one pending key at a time
        pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
        if pending is None:
            pending = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
        return pending


def second_factor_confirm(
    *, user: User, code: str, may_replace: bool = False
) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending authenticator with a code from the app. It replaces
    the previous one only with `may_replace` (the session has just typed a
    code of the current one), and ten new backup codes replace the old ones;
    they are returned in clear once, to be shown to the person."""
    code = rules.normalize_code(code)
    if rules.code_kind(code) != "totp":
        raise _malformed(totp_only=True)
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-id")
            .first()
        )
        if device is None:
            raise DomainError(
                _("Nothing to confirm: start again from the Second factor page."),
                code="nothing_pending",
            )
        replaced = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        if replaced and not may_replace:
            raise DomainError(
                _("To replace your authenticator, first type a code from the current one."),
                code="replace_not_allowed",
            )
        refusal = _check(device, code)
        if refusal is None:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_backup_codes(user)
            kind = SecondFactorEventKind.REPLACED if replaced else SecondFactorEventKind.ENROLLED
            Event.objects.create(user=user, kind=kind, by=user)
    # Outside the transaction: a wrong guess must stay counted by the throttle.
    if refusal is not None:
        raise refusal
    return device, codes


def second_factor_verify(*, user: User, code: str) -> Device:
    """Check a code from the authenticator app or a backup code (used up)."""
    code = rules.normalize_code(code)
    kind = rules.code_kind(code)
    if kind is None:
        raise _malformed(totp_only=False)
    model = TOTPDevice if kind == "totp" else StaticDevice
    with transaction.atomic():
        device = (
            model.objects.select_for_update().filter(user=user, confirmed=True).order_by("-id")
        ).first()
        if device is None:
            raise DomainError(
                _("You have no backup codes: use the code from your authenticator app.")
                if kind == "backup"
                else _("Your account has no authenticator app yet."),
                code="no_device",
                field="code",
            )
        refusal = _check(device, code)
    if refusal is not None:
        raise refusal
    return device


def backup_codes_regenerate(*, user: User) -> list[str]:
    """Ten new backup codes; the previous ones stop working."""
    with transaction.atomic():
        codes = _new_backup_codes(user)
        Event.objects.create(user=user, kind=SecondFactorEventKind.BACKUP_CODES, by=user)
    return codes


def second_factor_reset(*, user: User, by: User) -> None:
    """An administrator removes a person's authenticator and backup codes (a
    lost phone): the person adds a new authenticator at their next sign-in."""
    if by.role != Role.ADMINISTRATOR:
        raise DomainError(_("Only administrators can reset a second factor."), code="not_allowed")
    if by.pk == user.pk:
        raise DomainError(
            _("Replace your own authenticator from your Second factor page."), code="own_account"
        )
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        Event.objects.create(user=user, kind=SecondFactorEventKind.RESET, by=by)


# Helpers ------------------------------------------------------------------------


def _new_backup_codes(user: User) -> list[str]:
    # The same device with new tokens: a session verified by a backup code
    # stays verified.
    device = StaticDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=BACKUP_CODES_NAME, confirmed=True)
    device.token_set.all().delete()
    codes = rules.new_backup_codes()
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _check(device: Device, code: str) -> DomainError | None:
    """None if `device` accepts `code`; the refusal to show otherwise. The
    device is locked by the caller; a wrong code counts for the throttle."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return _throttled(details)
    if device.verify_token(code):
        return None
    return DomainError(
        _("This code is not right. Check the code and try again."),
        code="wrong_code",
        field="code",
    )


def _throttled(details: dict | None) -> DomainError:
    locked_until = (details or {}).get("locked_until") or timezone.now() + timedelta(seconds=1)
    seconds = max(1, int((locked_until - timezone.now()).total_seconds() + 0.999))
    return DomainError(
        ngettext_lazy(
            "Too many wrong codes. Please wait %(seconds)d second before you try again.",
            "Too many wrong codes. Please wait %(seconds)d seconds before you try again.",
            "seconds",
        )
        % {"seconds": seconds},
        code="throttled",
        field="code",
    )


def _malformed(*, totp_only: bool) -> DomainError:
    return DomainError(
        _("Type the 6 digits shown by your authenticator app.")
        if totp_only
        else _(
            "Type the 6 digits shown by your authenticator app, or one of your "
            "12-digit backup codes."
        ),
        code="malformed",
        field="code",
    )

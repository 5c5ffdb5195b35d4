"""The second-factor screens of programme staff: add an authenticator app,
check a code at sign-in, see the backup codes once, the "Second factor" page.

`SecondFactorMiddleware` sends a signed-in staff member here until a code
has been checked; only `verify` and `setup` are open before that.
"""

from datetime import datetime, timedelta

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from pupitre.accounts import services
from pupitre.accounts.models import Role
from pupitre.accounts.queries import (
    authenticator_of,
    backup_codes_left,
    has_passed_second_factor,
    second_factor_history,
)
from pupitre.accounts.second_factor import grouped, key_base32, needs_second_factor
from pupitre.core.errors import DomainError
from pupitre.web.access import staff_required
from pupitre.web.forms import add_domain_error

from .account_forms import SecondFactorCodeForm
from .middleware import second_factor_exempt
from .throttle import lift_account_lockout, password_reset_allowed

# Session keys: the backup codes to show once, and until when this session may
# replace its authenticator (after typing a current code).
CODES_KEY = "pupitre_backup_codes"
REPLACE_UNTIL_KEY = "pupitre_replace_authenticator_until"
REPLACE_WINDOW = timedelta(minutes=10)


@second_factor_exempt
@never_cache
@login_required
def verify(request):
    """The code asked after the password."""
    user = request.user
    next_url = _next_url(request)
    if not needs_second_factor(user) or has_passed_second_factor(user):
        return redirect(next_url)
    if authenticator_of(user) is None:
        return redirect(_with_next(reverse("second_factor:setup"), next_url))
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.second_factor_verify(user=user, code=form.cleaned_data["code"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            _verified_with(request, device)
            if isinstance(device, StaticDevice):
                _say_backup_codes_left(request, user)
            return redirect(next_url)
    return render(
        request,
        "accounts/second_factor_verify.html",
        {"form": form, "next": next_url},
        status=400 if form.errors else 200,
    )


@second_factor_exempt
@never_cache
@staff_required
def setup(request):
    """Add an authenticator app: QR code, the key written out, a code to confirm.

    Open to an account without one (first sign-in, or after a reset by an
    administrator), and to a verified session that has just typed a current
    code to replace its authenticator."""
    user = request.user
    next_url = _next_url(request)
    replacing = authenticator_of(user) is not None
    if replacing and not _may_replace(request):
        if has_passed_second_factor(user):
            return redirect("second_factor:manage")
        return redirect(_with_next(reverse("second_factor:verify"), next_url))
    device = services.second_factor_enrol(user=user)
    form = SecondFactorCodeForm(request.POST or None, app_only=True)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.second_factor_confirm(
                user=user, code=form.cleaned_data["code"], may_replace=replacing
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            _verified_with(request, device)
            request.session.pop(REPLACE_UNTIL_KEY, None)
            request.session[CODES_KEY] = codes
            return redirect(_with_next(reverse("second_factor:backup_codes"), next_url))
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "replacing": replacing,
            "qr_svg": qr.svg_inline(scale=5, dark="#1b1f24", omitsize=False),
            "key": grouped(key_base32(device.key)),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@staff_required
def backup_codes(request):
    """The new backup codes, shown once (they are in the session until then)."""
    codes = request.session.pop(CODES_KEY, None)
    return render(
        request,
        "accounts/second_factor_backup_codes.html",
        {
            "codes": [grouped(code) for code in codes or []],
            "next": _next_url(request, default=reverse("home")),
        },
    )


@never_cache
@staff_required
def manage(request, replace_form=None):
    """The "Second factor" page: the authenticator, the backup codes, history."""
    user = request.user
    return render(
        request,
        "accounts/second_factor.html",
        {
            "authenticator": authenticator_of(user),
            "backup_codes_left": backup_codes_left(user),
            "history": second_factor_history(user),
            "replace_form": replace_form or SecondFactorCodeForm(autofocus=False),
            "is_administrator": user.role == Role.ADMINISTRATOR,
        },
        status=400 if replace_form is not None else 200,
    )


@require_POST
@staff_required
def backup_codes_new(request):
    request.session[CODES_KEY] = services.backup_codes_regenerate(user=request.user)
    return redirect(
        _with_next(reverse("second_factor:backup_codes"), reverse("second_factor:manage"))
    )


@require_POST
@staff_required
def replace(request):
    """A current code first, then the new authenticator's QR code."""
    form = SecondFactorCodeForm(request.POST, autofocus=False)
    if form.is_valid():
        try:
            services.second_factor_verify(user=request.user, code=form.cleaned_data["code"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            until = timezone.now() + REPLACE_WINDOW
            request.session[REPLACE_UNTIL_KEY] = until.isoformat()
            return redirect(
                _with_next(reverse("second_factor:setup"), reverse("second_factor:manage"))
            )
    return manage(request, replace_form=form)


# Helpers ------------------------------------------------------------------------


def _verified_with(request, device) -> None:
    # A new session key when the session gains rights (as at sign-in).
    request.session.cycle_key()
    django_otp.login(request, device)


def _may_replace(request) -> bool:
    until = request.session.get(REPLACE_UNTIL_KEY)
    return bool(
        until
        and has_passed_second_factor(request.user)
        and datetime.fromisoformat(until) > timezone.now()
    )


def _say_backup_codes_left(request, user) -> None:
    left = backup_codes_left(user)
    messages.warning(
        request,
        ngettext(
            "You signed in with a backup code; it cannot be used again. "
            "%(count)d backup code left.",
            "You signed in with a backup code; it cannot be used again. "
            "%(count)d backup codes left.",
            left,
        )
        % {"count": left},
    )


def _next_url(request, default: str | None = None) -> str:
    candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default or reverse("home")


def _with_next(url: str, next_url: str) -> str:
    return url + "?" + urlencode({REDIRECT_FIELD_NAME: next_url})


class PasswordResetView(auth_views.PasswordResetView):
    """ "Forgot your password?", with no mail past the hourly limit for one
    address or from one client (web/throttle.py)."""

    def form_valid(self, form):
        if not password_reset_allowed(self.request, form.cleaned_data["email"]):
            form.add_error(
                None,
                gettext(
                    "Too many requests for a new password. Please wait an hour before asking "
                    "again, or call the helpdesk."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password through the emailed link proves the person
    owns the address: the failed sign-ins counted against the account
    (web/throttle.py) are forgotten, so its pause is lifted at once."""

    def form_valid(self, form):
        response = super().form_valid(form)
        lift_account_lockout(form.user)
        return response

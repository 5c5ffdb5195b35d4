"""Throttling of password guesses and password-reset requests.

Sign-in (the app's page and the admin's) is throttled by django-axes: its
authentication backend refuses every attempt, even with the right password,
once an account or a client address has failed `LOGIN_FAILURE_LIMIT` times
within `LOGIN_COOLOFF_MINUTES`; the refusal is the page of `locked_out`.
The "Forgot your password?" form sends no mail past
`PASSWORD_RESET_LIMIT` requests an hour for one address or from one client
(a counter in the shared cache). See docs/configuration.md.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext


def client_ip(request) -> str:
    """The client's address: the connection's peer, or, behind
    `TRUSTED_PROXY_COUNT` reverse proxies, the address the outermost of them
    saw (appended to X-Forwarded-For). Entries to its left were written by
    the client and prove nothing."""
    count = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        # Not through every proxy: the peer is the best we know.
        return remote
    return forwarded[-count]


def account_name(request, credentials) -> str:
    """The account an attempt was for: emails differ in case only when typed."""
    name = (credentials or {}).get("username") or request.POST.get("username", "")
    return name.strip().lower()


def cooloff_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def locked_out(request, credentials, *args, **kwargs):
    """The page answered instead of signing in while the throttle holds."""
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": cooloff_minutes(), "message": locked_out_message()},
        status=429,
    )


def locked_out_message() -> str:
    return gettext(
        "Too many failed sign-in attempts for this account or from this connection. "
        "Signing in is paused for %(minutes)s minutes, even with the right password."
    ) % {"minutes": cooloff_minutes()}


def password_reset_allowed(request, email: str) -> bool:
    """Count one request for a new password; False past the hourly limit for
    the address asked for or for the client asking."""
    limit = settings.PASSWORD_RESET_LIMIT
    allowed = True
    for key in (
        "reset-throttle:email:" + hashlib.sha256(email.strip().lower().encode()).hexdigest(),
        "reset-throttle:ip:" + client_ip(request),
    ):
        cache.add(key, 0, timeout=3600)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=3600)
            count = 1
        allowed = allowed and count <= limit
    return allowed


def lift_account_lockout(user) -> None:
    """Forget the failed sign-ins counted against this account (as typed: its
    email in lower case, see `account_name`)."""
    from axes.utils import reset

    reset(username=user.email.strip().lower())

"""Second factor of the demo's staff accounts.

Every demo staff account has an authenticator (a TOTP device) with the same
published key, so a person trying the demo adds it once to an authenticator
app and signs in as any staff login. A key that is published protects
nothing: it exists only in the demo data, never in a real account.
"""

from base64 import b32decode

from django_otp.plugins.otp_totp.models import TOTPDevice

from pupitre.accounts.models import STAFF_ROLES, SecondFactorEvent, SecondFactorEventKind, User
from pupitre.accounts.second_factor import grouped
from pupitre.accounts.services import AUTHENTICATOR_NAME

from . import data

DEMO_KEY = "PUPITREDEMOPUPITREDEMOPUPITREDEM"  # base32, as typed into an app
DEMO_KEY_HEX = b32decode(DEMO_KEY).hex()


def give_authenticators() -> int:
    """An authenticator with the demo key for each demo staff account that
    has none; returns how many were added."""
    users = list(
        User.objects.filter(role__in=STAFF_ROLES, email__endswith="@" + data.DEMO_DOMAIN)
        .exclude(totpdevice__confirmed=True)
        .order_by("pk")
    )
    TOTPDevice.objects.bulk_create(
        TOTPDevice(user=user, name=AUTHENTICATOR_NAME, key=DEMO_KEY_HEX, confirmed=True)
        for user in users
    )
    SecondFactorEvent.objects.bulk_create(
        SecondFactorEvent(user=user, kind=SecondFactorEventKind.ENROLLED, by=user) for user in users
    )
    return len(users)


def how_to_sign_in(example_email: str) -> list[str]:
    """What the demo command prints under the logins (developer output)."""
    return [
        "Staff logins then ask for a code (second factor). Either add this demo key to an",
        f"authenticator app (time-based, 6 digits, 30 s): {grouped(DEMO_KEY)}",
        "or print the current code of an account in a terminal:",
        f"  .venv/bin/python manage.py second_factor_code {example_email}",
    ]

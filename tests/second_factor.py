"""Staff sign-ins in tests pass the second factor for real: a confirmed TOTP
device of the person, verified through django-otp (test client) or with a
code computed from its key and typed in the browser."""

import base64
import hashlib
import hmac
import struct
import time

import django_otp
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from pupitre.accounts.second_factor import due_code


def authenticator_for(user) -> TOTPDevice:
    """The person's confirmed authenticator, added (a random key) if missing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name="Test phone", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """What the person's app shows now, as the server will accept it (a code
    already used in this half-minute is not: then the next one, or wait)."""
    while True:
        device.refresh_from_db()
        try:
            return due_code(device)[0]
        except ValueError:
            time.sleep(1)


def pass_second_factor(client, user) -> None:
    """Mark the client's session as verified by the user's device, with
    django-otp's own `login` (what the verification page calls)."""
    request = HttpRequest()
    request.session = client.session
    request.user = user
    django_otp.login(request, authenticator_for(user))
    request.session.save()


def app_code(base32_key: str, at: float | None = None) -> str:
    """The code an authenticator app shows for a key typed as written on the
    page (RFC 6238: HMAC-SHA1, 30 s, 6 digits), computed independently of
    django-otp."""
    compact = base32_key.replace(" ", "")
    key = base64.b32decode(compact + "=" * (-len(compact) % 8))
    counter = int(time.time() if at is None else at) // 30
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"

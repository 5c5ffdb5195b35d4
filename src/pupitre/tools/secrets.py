"""The Odoo API key at rest: encrypted with a key derived from SECRET_KEY
(Fernet: AES-128-CBC with an HMAC-SHA256, from the `cryptography` package),
or read from the environment. No database code here."""

import base64
import hashlib
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from pupitre.core.errors import DomainError

# Keeps this key apart from every other use of SECRET_KEY.
_PURPOSE = b"pupitre.tools.odoo-api-key\x00"


def _fernet(secret: str) -> Fernet:
    digest = hashlib.sha256(_PURPOSE + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _keys() -> MultiFernet:
    # The current SECRET_KEY encrypts; the fallbacks still decrypt, so that a
    # rotated secret key does not lose the stored API key at once.
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(secret) for secret in secrets])


def encrypt(api_key: str) -> str:
    return _keys().encrypt(api_key.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _keys().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        raise DomainError(
            _(
                "The stored API key of Odoo cannot be read (the secret key of Pupitre changed). "
                "Please enter the API key again."
            ),
            code="odoo_key_unreadable",
        ) from None


def from_environment(name: str) -> str:
    """The value of `<name>_FILE` (a file's content) or else of `<name>`."""
    file_name = os.environ.get(name + "_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError:
            raise DomainError(
                _("The file named by %(name)s_FILE cannot be read.") % {"name": name},
                code="odoo_key_missing",
            ) from None
    value = os.environ.get(name, "").strip()
    if not value:
        raise DomainError(
            _("The environment variable %(name)s holding the API key of Odoo is not set.")
            % {"name": name},
            code="odoo_key_missing",
        )
    return value

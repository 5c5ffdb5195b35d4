"""System checks of the production settings (`manage.py check --deploy`)."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register


def _is_local(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


@register(deploy=True)
def public_base_url(app_configs, **kwargs):
    """PUPITRE_BASE_URL is printed on QR labels that stay on devices for years
    and written in every mail: production needs the public address, not the
    development server's default."""
    url = urlsplit(settings.PUPITRE_BASE_URL)
    host = (url.hostname or "").lower()
    if url.scheme == "https" and host and not _is_local(host):
        return []
    return [
        Error(
            "PUPITRE_BASE_URL must be the public https address of the site "
            f"(now {settings.PUPITRE_BASE_URL!r}).",
            hint="Set PUPITRE_BASE_URL, e.g. PUPITRE_BASE_URL=https://pupitre.example",
            id="pupitre.E001",
        )
    ]

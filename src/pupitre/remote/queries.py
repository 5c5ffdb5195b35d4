"""Reads of remote maintenance: the configured server, the schools' groups
and the computers MeshCentral knows."""

from django.conf import settings

from pupitre.core.config_cache import cached

from .models import MeshCentralServer, RemoteComputer, SchoolDeviceGroup

# Name of the cached configuration row (core.config_cache): read by every
# device page and ticket page, changed a few times a year.
MESHCENTRAL_SERVER = "meshcentral_server"


def _read_server() -> MeshCentralServer | None:
    return MeshCentralServer.objects.filter(active=True).order_by("pk").first()


def meshcentral_server() -> MeshCentralServer | None:
    """The configured MeshCentral server, or None: the feature is hidden
    while there is no active server row or no secret to sign in with."""
    if not (settings.MESHCENTRAL_PASSWORD or settings.MESHCENTRAL_LOGIN_TOKEN_KEY):
        return None
    return cached(MESHCENTRAL_SERVER, _read_server)


def school_group(school_id) -> SchoolDeviceGroup | None:
    return SchoolDeviceGroup.objects.filter(school_id=school_id).first()


def computers_of_school(school_id) -> list[RemoteComputer]:
    return list(
        RemoteComputer.objects.filter(school_id=school_id, gone=False)
        .select_related("device", "device__model")
        .order_by("name", "pk")
    )


def computer_of_device(device_id) -> RemoteComputer | None:
    """The computer MeshCentral knows for a registry device (the one seen
    last when several were linked to it)."""
    return (
        RemoteComputer.objects.filter(device_id=device_id, gone=False)
        .order_by("-online", "-last_seen", "-pk")
        .first()
    )


def get_computer(computer_id) -> RemoteComputer | None:
    return RemoteComputer.objects.select_related("school", "device").filter(pk=computer_id).first()

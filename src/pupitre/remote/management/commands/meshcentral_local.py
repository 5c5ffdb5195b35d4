"""A MeshCentral server on this machine for `make run` (development).

`--prepare` (run first, in the foreground): when Node.js and the package of
`make meshcentral` are present, writes the server's configuration and
secrets under var/meshcentral/run/ (the password and the login-token key in
their own files, which `make run` passes as MESHCENTRAL_PASSWORD_FILE and
MESHCENTRAL_LOGIN_TOKEN_KEY_FILE), creates its administrator and points
Pupitre's MeshCentral configuration at it. Without Node.js or the package it
says so and does nothing: remote maintenance then shows as not configured.
Without `--prepare`: runs the server until SIGTERM or Ctrl-C.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from pupitre.core.stopping import stop_on_signals
from pupitre.remote import local
from pupitre.remote.models import MeshCentralServer
from pupitre.remote.services import meshcentral_server_save


def run_folder() -> Path:
    """MESHCENTRAL_LOCAL_DIR, or var/meshcentral/run/ by default."""
    folder = os.environ.get("MESHCENTRAL_LOCAL_DIR")
    return Path(folder) if folder else settings.PROJECT_DIR / "var" / "meshcentral" / "run"


def local_port() -> int:
    return int(os.environ.get("MESHCENTRAL_LOCAL_PORT", "4430"))


class Command(BaseCommand):
    help = "Prepare (--prepare) or run a MeshCentral server on the loopback for development."

    def add_arguments(self, parser):
        parser.add_argument("--prepare", action="store_true")

    def handle(self, *args, prepare, **options):
        reason = local.missing_reason()
        if reason:
            self.stdout.write(
                f"MeshCentral not started: {reason}. Remote maintenance shows as not configured."
            )
            return
        mesh = local.LocalMeshCentral(run_folder(), port=local_port())
        if prepare:
            mesh.prepare()
            values = {
                "name": "MeshCentral (local)",
                "url": mesh.url,
                "username": mesh.admin,
                "verify_tls": False,
                "active": True,
            }
            server = MeshCentralServer.objects.filter(url=mesh.url).first()
            meshcentral_server_save(by=None, server=server, **values)
            self.stdout.write(f"MeshCentral prepared in {mesh.folder}, serving on {mesh.url}")
            return
        stop = stop_on_signals()
        mesh.start()
        self.stdout.write(f"MeshCentral running on {mesh.url} ({mesh.started_in:.1f} s to start).")
        self.stdout.flush()
        try:
            while not stop.wait(1):
                pass
        finally:
            mesh.stop()

"""`make run`'s MeshCentral: prepared once (configuration, secrets in their
own files, administrator, Pupitre's configuration row), started, stopped
with nothing left running."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.core.management import call_command

from pupitre.remote import local
from pupitre.remote.meshcentral import MeshCentralClient
from pupitre.remote.models import MeshCentralServer


def test_prepare_without_meshcentral_says_so_and_does_nothing(db, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("PUPITRE_MESHCENTRAL_DIR", str(tmp_path / "nowhere"))
    monkeypatch.setenv("MESHCENTRAL_LOCAL_DIR", str(tmp_path / "run"))
    call_command("meshcentral_local", "--prepare")
    assert "not configured" in capsys.readouterr().out
    assert not MeshCentralServer.objects.exists()
    assert not (tmp_path / "run").exists()


def test_prepare_then_run_and_stop(db, monkeypatch, tmp_path, settings):
    reason = local.missing_reason()
    if reason:
        if os.environ.get("PUPITRE_REQUIRE_MESHCENTRAL") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    folder = tmp_path / "run"
    port = local.free_port()
    monkeypatch.setenv("MESHCENTRAL_LOCAL_DIR", str(folder))
    monkeypatch.setenv("MESHCENTRAL_LOCAL_PORT", str(port))
    call_command("meshcentral_local", "--prepare")
    server = MeshCentralServer.objects.get()
    assert server.url == f"https://127.0.0.1:{port}/"
    assert (folder / "password").stat().st_mode & 0o077 == 0
    assert len(bytes.fromhex((folder / "login-token-key").read_text())) == 80

    # The long-running command, as `make run` starts it, in its own process.
    command = [sys.executable, "manage.py", "meshcentral_local"]
    process = subprocess.Popen(  # noqa: S603
        command, env={**os.environ, "DEBUG": "1"}, stdout=subprocess.PIPE, text=True
    )
    try:
        line = process.stdout.readline()
        assert "MeshCentral running on" in line, line
        settings.MESHCENTRAL_PASSWORD = (folder / "password").read_text()
        settings.MESHCENTRAL_LOGIN_TOKEN_KEY = (folder / "login-token-key").read_text()
        assert MeshCentralClient(server).server_info()["port"] == port
    finally:
        begun = time.monotonic()
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
        stopped_in = time.monotonic() - begun
    # MeshCentral's processes get SIGKILL 2.5 s after SIGTERM at the latest;
    # the margin is for Python's own exit on a busy machine.
    assert stopped_in < 8
    # Nothing of it still listens.
    with pytest.raises(OSError):
        import socket

        socket.create_connection(("127.0.0.1", port), timeout=1).close()

"""Stored files no row references (a process killed between writing a file
and committing its row) are deleted once old enough; nothing referenced,
nothing recent and nothing outside the file fields' folders is touched."""

import logging
import os
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.module_loading import import_string

from pupitre.core.stored_files import purge_orphan_files
from pupitre.kb.models import ArticleFile
from pupitre.tickets import services
from pupitre.tickets.models import Attachment

from .factories import make_article, make_ticket

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TWO_DAYS = timedelta(days=2)


@pytest.fixture
def store(settings, tmp_path, db):
    """The attachment storage in a folder of its own."""
    root = tmp_path / "store"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    settings.ORPHAN_FILES_MIN_AGE_HOURS = 24
    return root


def put(root, name: str, *, age: timedelta = timedelta(0)) -> str:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PDF)
    age_files(root, name, age=age)
    return name


def age_files(root, *names: str, age: timedelta) -> None:
    when = (timezone.now() - age).timestamp()
    for name in names:
        os.utime(root / name, (when, when))


def test_old_orphans_go_referenced_and_recent_files_stay(store, teacher, agent_fr, caplog):
    ticket = make_ticket(teacher)
    note = services.ticket_add_note(
        ticket=ticket,
        author=agent_fr,
        body="Le devis signé.",
        attachments=[SimpleUploadedFile("devis.pdf", PDF, "application/pdf")],
    )
    article = make_article(agent_fr, files=[SimpleUploadedFile("guide.pdf", PDF)])
    attachment = Attachment.objects.get(message=note).file.name
    kb_file = ArticleFile.objects.get(article=article).file.name
    assert (store / attachment).exists() and (store / kb_file).exists()
    age_files(store, attachment, kb_file, age=TWO_DAYS)
    # Left by a worker killed before its commit, two days ago and just now.
    old_orphan = put(store, "attachments/2026/12/devis_AbC123.pdf", age=TWO_DAYS)
    old_kb_orphan = put(store, "kb/2026/11/photo.png", age=TWO_DAYS)
    fresh_orphan = put(store, "attachments/2026/12/en_cours.pdf", age=timedelta(minutes=5))
    # Not in a folder a file field uploads to: never looked at.
    elsewhere = put(store, "exports/rapport.pdf", age=TWO_DAYS)

    with caplog.at_level(logging.INFO, logger="pupitre.core.stored_files"):
        assert purge_orphan_files() == 2

    assert not (store / old_orphan).exists() and not (store / old_kb_orphan).exists()
    for kept in (attachment, kb_file, fresh_orphan, elsewhere):
        assert (store / kept).exists(), kept
    assert "2 deleted that no row referenced (older than 24 hours), 2 kept" in caplog.text
    # The page still serves the attachment.
    assert Attachment.objects.get(message=note).file.read() == PDF


def test_the_safety_age_is_an_hour_at_least(store, settings):
    settings.ORPHAN_FILES_MIN_AGE_HOURS = 0
    recent = put(store, "attachments/2026/12/ecrit.pdf", age=timedelta(minutes=30))
    older = put(store, "attachments/2026/12/ancien.pdf", age=timedelta(hours=2))
    assert purge_orphan_files() == 1
    assert (store / recent).exists() and not (store / older).exists()


def test_an_empty_storage_is_no_error(store):
    assert purge_orphan_files() == 0


def test_the_purge_is_a_periodic_task_of_the_scheduler(store, settings):
    path = "pupitre.core.stored_files.orphan_files_purge"
    assert path in dict(settings.PERIODIC_TASKS)
    orphan = put(store, "onsite/photos/salle-4.jpg", age=TWO_DAYS)
    assert import_string(path).call() == 1
    assert not (store / orphan).exists()

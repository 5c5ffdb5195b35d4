"""Files in the attachment storage that no row points to are removed.

A file is written with its row, inside the row's transaction (see
`pupitre/mail/attachment_files.py`): when that transaction is rolled back
the files it wrote are deleted, but a process killed between writing a file
and the commit (SIGKILL, a machine lost) leaves the file on disk with no row
pointing to it. `orphan_files_purge`, a daily periodic task, deletes them.

What it may delete, and only that: a file under one of the folders the
models' file fields upload to (`attachments/`, `kb/`, `onsite/photos/` …,
read from the models, so a new file field is covered without being named
here), that no row of any of those fields names, and that was last written
more than `ORPHAN_FILES_MIN_AGE_HOURS` ago (a day by default, an hour at the
least): a file being written now, whose row is not committed yet, is never
touched. Nothing outside those folders is looked at. No code gives a new row
a file that is already stored (every upload gets a name of its own), so a
file found unreferenced and older than that age stays unreferenced.

Only the database and the storage's own API are used (`listdir`,
`get_modified_time`, `delete`): it works the same on an object store.
"""

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.db import models
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

BATCH = 500  # names looked up together


@task()
def orphan_files_purge() -> int:
    """Delete the stored files no row references (idempotent)."""
    return purge_orphan_files()


def purge_orphan_files(*, now: datetime | None = None, storage: Storage | None = None) -> int:
    """Delete the files of `storage` (the attachment storage) under the
    file fields' folders that no row references and that are older than
    the safety age; returns how many were deleted."""
    storage = storage or default_storage
    now = now or timezone.now()
    hours = max(1, int(settings.ORPHAN_FILES_MIN_AGE_HOURS))
    cutoff = now - timedelta(hours=hours)
    fields = file_fields(storage)
    deleted = kept = 0
    batch: list[str] = []
    for folder in upload_folders(fields):
        for name in _files_under(storage, folder):
            if _written_before(storage, name, cutoff):
                batch.append(name)
            if len(batch) >= BATCH:
                deleted, kept = _delete_unreferenced(storage, fields, batch, deleted, kept)
                batch = []
    if batch:
        deleted, kept = _delete_unreferenced(storage, fields, batch, deleted, kept)
    logger.info(
        "Stored files: %d deleted that no row referenced (older than %d hours), %d kept.",
        deleted,
        hours,
        kept,
    )
    return deleted


def file_fields(storage: Storage) -> list[tuple[type[models.Model], models.FileField]]:
    """Every file field of the installed models that stores in `storage`."""
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField) and field.storage is storage
    ]


def upload_folders(fields) -> list[str]:
    """The folders the fields upload to ("attachments/" for
    "attachments/%Y/%m/"), none inside another. A field with a computed
    folder or none names no folder: its files are never swept (they are
    still looked up, so never deleted from another field's folder)."""
    folders = set()
    for _model, field in fields:
        upload_to = field.upload_to
        if not isinstance(upload_to, str):
            continue
        folder = upload_to.split("%", 1)[0]
        folder = folder[: folder.rfind("/") + 1]
        if folder:
            folders.add(folder)
    return sorted(f for f in folders if not any(f != o and f.startswith(o) for o in folders))


def _files_under(storage: Storage, folder: str) -> Iterator[str]:
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield folder + name
    for directory in sorted(directories):
        yield from _files_under(storage, f"{folder}{directory}/")


def _written_before(storage: Storage, name: str, cutoff: datetime) -> bool:
    try:
        return storage.get_modified_time(name) < cutoff
    except FileNotFoundError:  # deleted meanwhile
        return False


def _delete_unreferenced(storage, fields, names: list[str], deleted: int, kept: int):
    referenced: set[str] = set()
    for model, field in fields:
        referenced.update(
            model._base_manager.filter(**{f"{field.attname}__in": names}).values_list(
                field.attname, flat=True
            )
        )
    for name in names:
        if name in referenced:
            kept += 1
            continue
        try:
            storage.delete(name)
        except OSError as error:
            logger.warning("Could not delete the stored file %s: %s", name, error)
        else:
            deleted += 1
    return deleted, kept

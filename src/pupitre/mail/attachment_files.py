"""Attachment files of a mail whose processing is rolled back are removed.

The ticket services write a file when they create its `Attachment` row,
inside the mail's transaction. When that transaction is rolled back (the
mail could not be processed, another worker did it first, or the batch's
transaction did not commit) the rows are gone but the files would stay on
disk, referenced by nothing. Processing runs each mail in `attempt()` of a
`removed_unless_committed()` block: the files written by an attempt that
fails, or by a block whose transaction does not commit, are deleted.

A process killed between writing a file and its commit still leaves that
file behind: writing the files after the commit instead could lose an
attachment that its row promises. The daily upkeep
(`pupitre.core.stored_files`) deletes such files once they are old enough.
"""

import logging
import threading
from contextlib import contextmanager

from django.db.models.signals import post_save
from django.dispatch import receiver

from pupitre.tickets.models import Attachment

logger = logging.getLogger(__name__)
_local = threading.local()


class Files:
    """The files written in one transaction, by attempt."""

    def __init__(self):
        self.kept: list = []  # by attempts that succeeded: wait for the commit

    @contextmanager
    def attempt(self):
        written: list = []
        stack = _stack()
        stack.append(written)
        try:
            yield
        except BaseException:
            _remove(written)
            raise
        else:
            self.kept.extend(written)
        finally:
            stack.remove(written)


@contextmanager
def removed_unless_committed():
    files = Files()
    try:
        yield files
    except BaseException:
        _remove(files.kept)
        raise


def _stack() -> list:
    if not hasattr(_local, "stack"):
        _local.stack = []
    return _local.stack


@receiver(post_save, sender=Attachment, dispatch_uid="mail.attachment_files")
def _written(sender, instance, created, **kwargs):
    stack = _stack()
    if created and stack and instance.file.name:
        stack[-1].append((instance.file.storage, instance.file.name))


def _remove(written: list) -> None:
    for storage, name in written:
        try:
            storage.delete(name)
        except OSError as error:
            logger.warning("Could not remove the attachment file %s: %s", name, error)

"""Django's SQLite backend, with write transactions queued by a lock file.

Every `atomic` block starts with BEGIN IMMEDIATE (settings.py): one writer
at a time, which SQLite enforces with its busy handler. That handler sleeps
1, 2, 5, 10, ... up to 100 ms between its tries: while one web process
waits, the other finishes its transaction and begins its next one, and the
waiting one backs off further. Under a steady flow of writes (the phone
webhook at a busy hour) one process starves for tenths of a second and two
processes write fewer events than one (bench/README.md, "Phone webhook").

Here a process takes an exclusive lock on `<database>-writer.lock` before
BEGIN and lets it go after COMMIT or ROLLBACK: writers of every process
(web, worker, scheduler) line up on the lock file, whose lock is retried
every millisecond at most, and SQLite never has to make one of them wait.
Past the database's `timeout` option it gives up with SQLite's own error.
Reads outside transactions take no lock, as before. An in-memory database
(one process) needs none.
"""

import fcntl
import os
import time

from django.db import OperationalError
from django.db.backends.sqlite3 import base

FIRST_WAIT = 0.00005  # seconds; doubled at each try,
LONGEST_WAIT = 0.001  # up to this


class DatabaseWrapper(base.DatabaseWrapper):
    _lock_fd: int | None = None
    _lock_pid: int | None = None
    _lock_held = False

    def _lock_file(self) -> int:
        # A forked child must not share its parent's open lock file: a lock
        # belongs to the open file, so both would hold it at once.
        if self._lock_fd is None or self._lock_pid != os.getpid():
            path = f"{self.settings_dict['NAME']}-writer.lock"
            self._lock_fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            self._lock_pid = os.getpid()
            self._lock_held = False
        return self._lock_fd

    def _take_writer_lock(self) -> None:
        if self.is_in_memory_db():
            return
        fd = self._lock_file()
        deadline = time.monotonic() + float(self.settings_dict["OPTIONS"].get("timeout", 5))
        wait = FIRST_WAIT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise OperationalError("database is locked") from None
                time.sleep(wait)
                wait = min(2 * wait, LONGEST_WAIT)
            else:
                self._lock_held = True
                return

    def _release_writer_lock(self) -> None:
        if self._lock_held and self._lock_pid == os.getpid():
            self._lock_held = False
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def _start_transaction_under_autocommit(self):
        self._take_writer_lock()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_writer_lock()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._release_writer_lock()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_writer_lock()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._release_writer_lock()

"""The SQLite backend's writer queue (pupitre/core/sqlite/base.py): a write
transaction holds the lock file from BEGIN to COMMIT or ROLLBACK, a second
writer waits for it and then goes on, and a forked process does not share
its parent's lock.

Each test opens its own database file, whatever database the suite runs on.
"""

import fcntl
import os
import threading
import time

import pytest
from django.db import OperationalError

from pupitre.core.sqlite.base import DatabaseWrapper


def open_database(path, timeout=5.0) -> DatabaseWrapper:
    wrapper = DatabaseWrapper(
        {
            "ENGINE": "pupitre.core.sqlite",
            "NAME": str(path),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": timeout},
            "TIME_ZONE": None,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
            "USER": "",
            "PASSWORD": "",
            "HOST": "",
            "PORT": "",
            "TEST": {},
        }
    )
    wrapper.ensure_connection()
    return wrapper


def begin(wrapper) -> None:
    """What `transaction.atomic` does first on SQLite."""
    wrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def end(wrapper, *, commit=True) -> None:
    wrapper.commit() if commit else wrapper.rollback()
    wrapper.set_autocommit(True)


def lock_is_free(path) -> bool:
    fd = os.open(f"{path}-writer.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


@pytest.fixture(autouse=True)
def _own_files(django_db_blocker):
    """These databases are the tests' own files, not the suite's database."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "queue.sqlite3"
    first = open_database(path)
    with first.cursor() as cursor:
        cursor.execute("CREATE TABLE note (text TEXT)")
    yield path, first
    first.close()


@pytest.mark.parametrize("commit", [True, False])
def test_a_write_transaction_holds_the_lock_until_it_ends(database, commit):
    path, first = database
    assert lock_is_free(path)
    begin(first)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO note VALUES ('a')")
    assert not lock_is_free(path)
    end(first, commit=commit)
    assert lock_is_free(path)


def test_a_second_writer_waits_its_turn_and_sees_the_first_ones_row(database):
    path, first = database
    begin(first)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO note VALUES ('first')")
    seen = []

    def second_writer():
        second = open_database(path)
        begin(second)
        with second.cursor() as cursor:
            cursor.execute("SELECT text FROM note")
            seen.extend(row[0] for row in cursor.fetchall())
            cursor.execute("INSERT INTO note VALUES ('second')")
        end(second)
        second.close()

    thread = threading.Thread(target=second_writer)
    thread.start()
    time.sleep(0.2)
    assert thread.is_alive() and seen == []  # waiting on the lock file
    end(first)
    thread.join(timeout=5)
    assert seen == ["first"]
    with first.cursor() as cursor:
        cursor.execute("SELECT text FROM note ORDER BY rowid")
        assert [row[0] for row in cursor.fetchall()] == ["first", "second"]


def test_a_writer_gives_up_after_the_timeout_with_sqlites_error(database):
    path, first = database
    begin(first)
    errors = []

    def impatient_writer():
        second = open_database(path, timeout=0.3)
        try:
            begin(second)
        except OperationalError as error:
            errors.append(str(error))
        finally:
            second.close()

    started = time.monotonic()
    thread = threading.Thread(target=impatient_writer)
    thread.start()
    thread.join(timeout=5)
    assert errors == ["database is locked"]
    assert time.monotonic() - started >= 0.3
    end(first)
    assert lock_is_free(path)


def test_a_forked_process_takes_its_own_lock(database):
    path, first = database
    begin(first)  # the parent holds the lock
    pid = os.fork()
    if pid == 0:  # the child: its copy of the wrapper must not pass as holder
        code = 1
        try:
            child_fd = first._lock_file()
            try:
                fcntl.flock(child_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    end(first)
    assert lock_is_free(path)


def test_an_in_memory_database_takes_no_lock(tmp_path):
    memory = open_database(":memory:")
    begin(memory)
    end(memory)
    assert memory._lock_fd is None
    memory.close()

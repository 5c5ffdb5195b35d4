"""What the desk's incoming-call panel polls: a token that changes whenever
a call or a callback changes.

Agents' browsers ask every half second whether anything changed
(`desk/phone_panel.py`). The token lives in the shared cache (Redis for
several hosts), so the common answer, "nothing new" (304), reads no table.
It is replaced after the change commits: a poll that saw the new token
before the commit would read the old rows and keep them until the next
change.

With the default cache, a folder on disk, the token is not a cache entry:
the cache writes a temporary file and renames it over the old one, and on
ext4 that rename waits for the data to reach the disk (about a millisecond,
at every event of the phone webhook). The token is instead a small file in
the cache folder, overwritten in place: one write of a few bytes. A poll
that reads it while it is being written sees a mix of the old and the new
token: a token that differs from the one it had, so it reads the rows
(already committed) and asks again; no change is missed.
"""

import os
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

KEY = "pupitre:phone:live"
FILE_NAME = "pupitre-phone-live.token"  # not a `.djcache` file: the cache leaves it alone
TOKEN_BYTES = 8


def live_changed() -> None:
    """Call inside the transaction that changes a call or a callback."""
    transaction.on_commit(_new_token)


def _token_file() -> str | None:
    """The token's file when the default cache is a folder on disk."""
    config = settings.CACHES["default"]
    if not config["BACKEND"].endswith(".FileBasedCache"):
        return None
    return os.path.join(config["LOCATION"], FILE_NAME)


def _new_token(*, damaged: bool = False) -> str:
    token = secrets.token_hex(TOKEN_BYTES)
    path = _token_file()
    if path is None:
        cache.set(KEY, token, None)
        return token
    # A damaged file (longer than a token) is emptied first.
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if damaged else 0)
    try:
        fd = os.open(path, flags, 0o600)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd = os.open(path, flags, 0o600)
    try:
        os.pwrite(fd, token.encode("ascii"), 0)  # always the same length
    finally:
        os.close(fd)
    return token


def live_token() -> str:
    """The current token (a new one if the cache lost it)."""
    path = _token_file()
    if path is None:
        return cache.get(KEY) or _new_token()
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return _new_token()
    try:
        token = os.pread(fd, 2 * TOKEN_BYTES + 1, 0).decode("ascii", "replace")
    finally:
        os.close(fd)
    return token if len(token) == 2 * TOKEN_BYTES else _new_token(damaged=True)

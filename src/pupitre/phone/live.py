"""What the desk's incoming-call panel polls: a token that changes whenever
a call or a callback changes.

Agents' browsers ask every half second whether anything changed
(`desk/phone_panel.py`). The token lives in the shared cache (a folder on
disk by default, Redis for several hosts), so the common answer, "nothing
new" (304), reads no table. It is replaced after the change commits: a poll
that saw the new token before the commit would read the old rows and keep
them until the next change.
"""

import secrets

from django.core.cache import cache
from django.db import transaction

KEY = "pupitre:phone:live"


def live_changed() -> None:
    """Call inside the transaction that changes a call or a callback."""
    transaction.on_commit(_new_token)


def _new_token() -> str:
    token = secrets.token_hex(8)
    cache.set(KEY, token, None)
    return token


def live_token() -> str:
    """The current token (a new one if the cache lost it)."""
    return cache.get(KEY) or _new_token()

"""Configuration rows read on every busy page, kept a short while in the cache.

Teams, the names of the programme staff and the SLA targets are read by the
queue, every ticket page and every new request, and change a few times a
year (in the desk or the admin). Whoever changes them forgets the cached
copy at once (`forget`), for every process that shares the cache (all of
them with the default cache, see `CACHE_URL`); a process-local cache
(`locmem://`) would follow within `SECONDS`.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

SECONDS = 60

T = TypeVar("T")


# Within `read_once()`: the rows already read, by name.
_held: ContextVar[dict | None] = ContextVar("pupitre_config_held", default=None)


def cached(name: str, compute: Callable[[], T]) -> T:
    held = _held.get()
    if held is not None and name in held:
        return held[name]
    value = cache.get_or_set(f"pupitre:config:{name}", compute, SECONDS)
    if held is not None:
        held[name] = value
    return value


@contextmanager
def read_once() -> Iterator[None]:
    """Inside, each configuration row is read from the shared cache once:
    for a short run of work that applies one version of the settings to
    many items (a batch of mail), each of which would read them again."""
    token = _held.set({})
    try:
        yield
    finally:
        _held.reset(token)


def forget(*names: str) -> None:
    """Drop the cached copies now, and again when the current transaction
    commits: until then, another process may cache the rows as they were."""
    keys = [f"pupitre:config:{name}" for name in names]
    held = _held.get()
    for name in names if held is not None else ():
        held.pop(name, None)
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


class ForgetOnChange:
    """For a ModelAdmin of configuration rows: saving or deleting one there
    forgets the cached copies named in `cached_as`."""

    cached_as: tuple[str, ...] = ()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        forget(*self.cached_as)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        forget(*self.cached_as)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        forget(*self.cached_as)

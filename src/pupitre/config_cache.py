"""Configuration rows read on every busy page, kept a short while in the cache.

Teams, the names of the programme staff and the SLA targets are read by the
queue, every ticket page and every new request, and change a few times a
year (in the desk or the admin). Whoever changes them forgets the cached
copy at once (`forget`), for every process that shares the cache (all of
them with the default cache, see `CACHE_URL`); a process-local cache
(`locmem://`) would follow within `SECONDS`.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

SECONDS = 60

T = TypeVar("T")


def cached(name: str, compute: Callable[[], T]) -> T:
    return cache.get_or_set(f"pupitre:config:{name}", compute, SECONDS)


def forget(*names: str) -> None:
    """Drop the cached copies now, and again when the current transaction
    commits: until then, another process may cache the rows as they were."""
    keys = [f"pupitre:config:{name}" for name in names]
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

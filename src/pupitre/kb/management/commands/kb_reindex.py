"""Rebuild the knowledge base's search index.

    manage.py kb_reindex

The services keep the index up to date as articles are saved; this is for
after a restore, or after the stop words or synonyms (kb/text.py) changed.
"""

import time

from django.core.management.base import BaseCommand

from pupitre.kb.services import articles_reindex


class Command(BaseCommand):
    help = "Rebuild the search index of every knowledge base article."

    def handle(self, *args, **options):
        started = time.monotonic()
        count = articles_reindex()
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} article versions reindexed in {time.monotonic() - started:.1f} s."
            )
        )

#!/usr/bin/env python
"""Knowledge base search with 20,000 articles: latency and recall.

    DATABASE_URL=sqlite:////tmp/kb-bench.sqlite3 .venv/bin/python bench/kb_search.py
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/pupitre_kbbench
    .venv/bin/python bench/kb_search.py

Migrates the database, then fills it (once) with the demo articles plus
synthetic ones up to --articles language versions: sentences of the demo
articles recombined with device names and reference numbers, in German and
French, some in one language only, some internal, some drafts. The index is
built by the same `kb.search.index_articles` the services use.

Then every query of the evaluation set (kb/evaluation.py) is run --rounds
times through `kb.search.search`, as a public reader typing (the last word
as a prefix, as the suggestions beside a new request do) and as a submitted
search; prints p50/p95/max per mode, and recall@3 of the evaluation set on
this larger corpus. Target: p95 ≤ 30 ms. See bench/README.md.
"""

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pupitre.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-key-not-a-secret")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from pupitre.accounts.models import Role, User  # noqa: E402
from pupitre.demo.kb import load_articles  # noqa: E402
from pupitre.equipment.models import DeviceModel  # noqa: E402
from pupitre.kb import markdown, search  # noqa: E402
from pupitre.kb.demo_articles import ARTICLES  # noqa: E402
from pupitre.kb.evaluation import QUERIES, TYPO_QUERIES, recall_at  # noqa: E402
from pupitre.kb.models import Article, ArticleStatus, Visibility  # noqa: E402
from pupitre.kb.services import articles_reindex  # noqa: E402

AGENT_EMAIL = "kb.bench.agent@bench.pupitre.be"
SEED = 2026
WORDS_DE = (
    "Raum Klasse Gerät Schule Kabel Anschluss Netz Fenster Schrank Lehrerzimmer Ladewagen".split()
)
WORDS_FR = "local classe appareil école câble prise réseau fenêtre armoire salle chariot".split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000, help="language versions")
    parser.add_argument("--rounds", type=int, default=5, help="runs of the evaluation set")
    parser.add_argument(
        "--reindex", action="store_true", help="rebuild the search index of every article first"
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    fill(args.articles)
    if args.reindex:
        started = time.perf_counter()
        count = articles_reindex()
        print(f"{count} article versions reindexed in {time.perf_counter() - started:.1f} s")
    print(f"database: {connection.vendor}, {Article.objects.count()} article versions")
    print(f"  load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for mode, prefix in (("typing (prefix)", True), ("submitted", False)):
        timings = measure(args.rounds, prefix)
        print(
            f"  {mode:16} {len(timings)} searches: p50 {percentile(timings, 50):.1f} ms, "
            f"p95 {percentile(timings, 95):.1f} ms, max {max(timings):.1f} ms"
        )
    print(f"  load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    evaluation = recall_at(3)
    print(f"  recall@3 of the {len(QUERIES)} evaluation queries: {evaluation.recall:.3f}")
    for language, text, found in evaluation.misses:
        print(f"    missed ({language}) {text!r}: {found}")
    for language in ("de", "fr"):
        typos = recall_at(3, TYPO_QUERIES, language)
        count = len([query for query in TYPO_QUERIES if query[0] == language])
        print(f"  recall@3 of the {count} typo queries in {language}: {typos.recall:.3f}")
        for _language, text, found in typos.misses:
            print(f"    missed ({language}) {text!r}: {found}")


def fill(target: int) -> None:
    agent = User.objects.filter(email=AGENT_EMAIL).first()
    if agent is None:
        agent = User.objects.create_user(
            AGENT_EMAIL, "bench", full_name="KB bench agent", role=Role.AGENT, language="fr"
        )
    if not Article.objects.exists():
        started = time.perf_counter()
        load_articles(authors={"de": agent, "fr": agent})
        print(f"demo articles loaded in {time.perf_counter() - started:.1f} s")
    missing = target - Article.objects.count()
    if missing <= 0:
        return
    started = time.perf_counter()
    rng = random.Random(SEED + missing)
    models = list(DeviceModel.objects.all()) or [None]
    sentences = {
        "de": [line for item in ARTICLES if item.de for line in item.de.body.splitlines() if line],
        "fr": [line for item in ARTICLES if item.fr for line in item.fr.body.splitlines() if line],
    }
    now = timezone.now()
    batch, links, created = [], [], 0
    base = Article.objects.count()
    while created < missing:
        key = uuid.uuid4()
        languages = rng.choice([("de", "fr"), ("de", "fr"), ("de",), ("fr",)])
        kind = rng.choice(["hardware", "problem", "procedure"])
        visibility = Visibility.INTERNAL if rng.random() < 0.1 else Visibility.PUBLIC
        model = rng.choice(models)
        reference = f"{rng.choice('ABCDEFGHJK')}{rng.randint(100, 9999)}"
        for language in languages:
            local = WORDS_DE if language == "de" else WORDS_FR
            body = "\n\n".join(rng.sample(sentences[language], 12))
            body += f"\n\n{' '.join(rng.sample(local, 4))} {model or ''} {reference}"
            rendered = markdown.render(body)
            # Titles of their own: the demo articles keep theirs to themselves.
            title = f"{' '.join(rng.sample(local, 3))} {model or ''} {reference}"
            number = base + created
            batch.append(
                Article(
                    translation_key=key,
                    language=language,
                    title=title[:200],
                    slug=f"bench-{number}-{language}",
                    summary=" ".join(rng.sample(local, 5)),
                    body=body,
                    body_html=rendered,
                    body_text=markdown.plain_text(rendered),
                    kind=kind,
                    visibility=visibility,
                    status=ArticleStatus.DRAFT if rng.random() < 0.05 else ArticleStatus.PUBLISHED,
                    created_by=agent,
                    created_at=now,
                    updated_by=agent,
                    updated_at=now,
                    published_at=now,
                )
            )
            links.append(model)
            created += 1
        if len(batch) >= 1000 or created >= missing:
            write(batch, links)
            batch, links = [], []
            print(f"  {created}/{missing} synthetic versions", end="\r", flush=True)
    print(f"\n{missing} synthetic versions created and indexed in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    if connection.vendor == "postgresql":
        # What autovacuum would soon do in production: planner statistics.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def write(batch, links) -> None:
    with transaction.atomic():
        articles = Article.objects.bulk_create(batch)
        if not articles[0].pk:  # SQLite < 3.35 returns no ids
            slugs = [article.slug for article in articles]
            articles = list(Article.objects.filter(slug__in=slugs).order_by("id"))
        through = Article.device_models.through
        through.objects.bulk_create(
            through(article_id=article.pk, devicemodel_id=model.pk)
            for article, model in zip(articles, links, strict=True)
            if model is not None
        )
        search.index_articles([article.pk for article in articles])


def measure(rounds: int, prefix: bool) -> list[float]:
    filters = search.SearchFilters(audience=search.PUBLIC, limit=3, prefix_last=prefix)
    for language, text, _keys in QUERIES[:10]:  # warm the caches and the connection
        search.search(text, language, filters)
    timings = []
    for _ in range(rounds):
        for language, text, _keys in QUERIES:
            started = time.perf_counter()
            search.search(text, language, filters)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def percentile(values: list[float], rank: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[rank - 1]


if __name__ == "__main__":
    main()

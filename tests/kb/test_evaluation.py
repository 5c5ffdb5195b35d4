"""The search evaluation set (kb/evaluation.py) on the demo articles: the
recall measured when it was written is a floor (bench/kb_search.py prints it)."""

import re

import pytest
from django.db import connection

from pupitre.demo.kb import load_articles
from pupitre.kb.demo_articles import ARTICLES
from pupitre.kb.evaluation import QUERIES, TYPO_QUERIES, recall_at
from pupitre.kb.models import Article

pytestmark = pytest.mark.django_db

# Measured with the demo articles (see docs/knowledge-base.md).
RECALL_AT_3_FLOOR = {"sqlite": 0.97, "postgresql": 0.99}


@pytest.fixture
def demo_articles(agent_fr, agent_de):
    return load_articles(authors={"fr": agent_fr, "de": agent_de})


def test_the_evaluation_set_is_large_and_covers_both_languages():
    assert len(QUERIES) >= 60
    assert {language for language, _text, _keys in QUERIES} == {"de", "fr"}
    keys = {item.key for item in ARTICLES if not item.internal}
    assert {key for _l, _t, expected in QUERIES for key in expected} <= keys


def test_recall_at_3_does_not_regress(demo_articles):
    evaluation = recall_at(3)
    floor = RECALL_AT_3_FLOOR[connection.vendor]
    assert evaluation.recall >= floor, evaluation.misses


def test_typo_queries_are_as_many_in_each_language():
    per_language = [len([q for q in TYPO_QUERIES if q[0] == code]) for code in ("de", "fr")]
    assert per_language[0] == per_language[1] >= 15


@pytest.mark.parametrize("language", ["de", "fr"])
def test_typos_are_found_as_well_in_german_as_in_french(demo_articles, language):
    evaluation = recall_at(3, TYPO_QUERIES, language)
    assert evaluation.recall >= 0.9, evaluation.misses


def test_demo_content_is_large_bilingual_and_has_one_language_articles(demo_articles):
    keys = {item.key for item in ARTICLES}
    both = [item for item in ARTICLES if item.de and item.fr]
    assert len(both) >= 30
    assert any(item.de is None or item.fr is None for item in ARTICLES)
    assert any(item.internal for item in ARTICLES)
    assert Article.objects.filter(status="published").count() == len(demo_articles)
    assert len(keys) == len(ARTICLES)


def test_links_between_demo_articles_lead_to_existing_articles(demo_articles):
    slugs = {(article.language, article.slug) for article in demo_articles}
    for article in demo_articles:
        for slug in re.findall(r"\]\(\.\./([a-z0-9-]+)/\)", article.body):
            assert (article.language, slug) in slugs, (article.title, slug)

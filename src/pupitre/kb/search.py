"""Full-text search of the knowledge base: `search(text, language, filters)`.

PostgreSQL: one `tsvector` per translation (table `kb_article_search`, GIN
index), built with the `pupitre_de`/`pupitre_fr`/`pupitre_en` text search
configurations (unaccent, then the language's Snowball stemmer); ranked with
`ts_rank`, the title weighing most (A), then the summary (B), then the body (C).

SQLite: an FTS5 table (`kb_article_fts`) holding the same stems, computed in
Python (kb/text.py); ranked with `bm25`, title and summary weighted up.

On both, a word that is not in the vocabulary of the articles (a typo) is
replaced by the most similar known word (trigram similarity: pg_trgm on
PostgreSQL, an FTS5 trigram table and the same formula in Python on SQLite).
Results in the reader's language come first; articles that exist only in
another language follow, ranked after them.

The index is written by `index_articles`, which the services call in the
transaction that saves an article (same database: the article and its index
entry commit together).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from pupitre.accounts.models import Language

from . import text as words
from .models import Article, ArticleCategory, ArticleStatus, SearchTerm, Visibility

LANGUAGES = [code for code, _label in Language.choices]
# Audiences: what a reader may find (kb.queries.audience_of decides).
PUBLIC, STAFF, DESK = "public", "staff", "desk"
SIMILARITY_THRESHOLD = 0.3  # pg_trgm's default for the `%` operator
MIN_CORRECTED_LENGTH = 4
DEVICE_MODEL_BOOST = 1.5


@dataclass(frozen=True)
class SearchFilters:
    audience: str = PUBLIC
    kind: str = ""
    category: str = ""
    device_model: int | None = None
    # Not a filter: articles about these models rank higher (deflection).
    prefer_device_models: tuple[int, ...] = ()
    limit: int = 10
    # While typing, the last word is probably incomplete: match it as a prefix.
    prefix_last: bool = False


@dataclass(frozen=True)
class Hit:
    article_id: int
    translation_key: str
    language: str
    title: str
    slug: str
    summary: str
    kind: str
    visibility: str
    status: str
    score: float
    snippet: SafeString
    # True when the article does not exist in the language searched in.
    fallback: bool = False


@dataclass
class _Query:
    terms: list[str]  # folded words, corrected, with synonyms
    prefix: str = ""  # the last word, matched as a prefix
    corrections: dict[str, str] = field(default_factory=dict)

    def __bool__(self):
        return bool(self.terms or self.prefix)


def search(text: str, language: str, filters: SearchFilters = SearchFilters()) -> list[Hit]:
    """The best articles for `text`, read by someone in `language`."""
    language = language if language in LANGUAGES else LANGUAGES[0]
    query = _prepare(text, language, filters.prefix_last)
    if not query:
        return []
    backend = _backend()
    scored: dict[str, tuple[int, float, str, bool]] = {}  # key -> (id, score, lang, fallback)
    others = _fallback_order(language)
    for position, searched in enumerate([language, *others]):
        fallback = position > 0
        where, params = _filters_sql(filters, searched, language if fallback else None)
        for article_id, key, score in backend.match(query, searched, where, params, filters):
            if str(key) not in scored:
                scored[str(key)] = (article_id, score, searched, fallback)
    ranked = sorted(scored.values(), key=lambda item: (item[3], -item[1], item[0]))
    ranked = ranked[: filters.limit]
    return _hits(ranked, query)


def index_articles(article_ids: Iterable[int]) -> None:
    """Write (or rewrite) the index entries and the vocabulary of these articles."""
    ids = list(article_ids)
    backend = _backend()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = list(
            Article.objects.filter(pk__in=chunk).values_list(
                "pk", "language", "title", "summary", "body_text"
            )
        )
        backend.write(rows)
        _add_terms(
            word
            for _pk, _language, title, summary, body in rows
            for word in words.words(f"{title} {summary} {body}")
        )


def unindex_article(article_id: int) -> None:
    _backend().delete(article_id)


# The query ---------------------------------------------------------------


def _prepare(text: str, language: str, prefix_last: bool) -> _Query:
    terms = words.content_terms(text, language)
    prefix = ""
    typed = words.words(text)
    still_typing = prefix_last and text and not text[-1].isspace()
    if still_typing and terms and typed[-1] == terms[-1] and len(terms[-1]) >= 3:
        prefix = terms.pop()
    known = _known_terms([*terms, prefix])
    corrections = {}
    for term in terms:
        if _correctable(term) and term not in known:
            better = _backend().nearest_term(term)
            if better:
                corrections[term] = better
    if prefix and prefix not in known and not _backend().has_prefix(prefix):
        better = _backend().nearest_term(prefix) if _correctable(prefix) else None
        if better:
            corrections[prefix] = better
            terms.append(better)
        prefix = ""
    terms = [corrections.get(term, term) for term in terms]
    expanded = []
    for term in terms:
        for candidate in [term, *words.synonyms(term, language)]:
            if candidate not in expanded:
                expanded.append(candidate)
    return _Query(terms=expanded, prefix=prefix, corrections=corrections)


def _correctable(term: str) -> bool:
    return len(term) >= MIN_CORRECTED_LENGTH and not term.isdigit()


def _known_terms(terms: list[str]) -> set[str]:
    candidates = {term for term in terms if term and _correctable(term)}
    if not candidates:
        return set()
    return set(SearchTerm.objects.filter(term__in=candidates).values_list("term", flat=True))


def _add_terms(found: Iterable[str]) -> None:
    found = {word for word in found if 3 <= len(word) <= words.MAX_TERM_LENGTH}
    found = {word for word in found if not word.isdigit()}
    if not found:
        return
    existing: set[str] = set()
    pending = sorted(found)
    for start in range(0, len(pending), 500):
        existing.update(
            SearchTerm.objects.filter(term__in=pending[start : start + 500]).values_list(
                "term", flat=True
            )
        )
    new = [SearchTerm(term=term) for term in pending if term not in existing]
    SearchTerm.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)


def _fallback_order(language: str) -> list[str]:
    """Other languages, German and French before English."""
    return [code for code in LANGUAGES if code != language]


def _filters_sql(filters: SearchFilters, language: str, missing_in: str | None):
    """WHERE conditions on the article `a` (standard SQL for both databases)."""
    article = Article._meta.db_table
    models_table = Article.device_models.through._meta.db_table
    conditions = ["a.language = %s"]
    params: list = [language]
    visible = _audience_sql(filters.audience, "a")
    conditions += visible
    if filters.kind:
        conditions.append("a.kind = %s")
        params.append(filters.kind)
    if filters.device_model:
        conditions.append(
            f"EXISTS (SELECT 1 FROM {models_table} m "  # noqa: S608 - our table names
            "WHERE m.article_id = a.id AND m.devicemodel_id = %s)"
        )
        params.append(filters.device_model)
    if filters.category:
        conditions.append(
            f"EXISTS (SELECT 1 FROM {ArticleCategory._meta.db_table} c "  # noqa: S608
            "WHERE c.article_id = a.id AND c.category = %s)"
        )
        params.append(filters.category)
    if missing_in:
        # Only articles that the reader cannot find in their own language.
        sibling = " AND ".join(["b.translation_key = a.translation_key", "b.language = %s"])
        sibling_visible = " AND ".join(_audience_sql(filters.audience, "b"))
        if sibling_visible:
            sibling += " AND " + sibling_visible
        conditions.append(f"NOT EXISTS (SELECT 1 FROM {article} b WHERE {sibling})")  # noqa: S608
        params.append(missing_in)
    return " AND ".join(conditions), params


def _audience_sql(audience: str, alias: str) -> list[str]:
    published = f"{alias}.status = '{ArticleStatus.PUBLISHED}'"
    if audience == DESK:
        return []
    if audience == STAFF:
        return [published]
    return [published, f"{alias}.visibility = '{Visibility.PUBLIC}'"]


def _boost_sql(filters: SearchFilters) -> tuple[str, list]:
    if not filters.prefer_device_models:
        return "1.0", []
    models_table = Article.device_models.through._meta.db_table
    marks = ", ".join(["%s"] * len(filters.prefer_device_models))
    return (
        f"(CASE WHEN EXISTS (SELECT 1 FROM {models_table} p WHERE p.article_id = a.id "  # noqa: S608
        f"AND p.devicemodel_id IN ({marks})) THEN {DEVICE_MODEL_BOOST} ELSE 1.0 END)",
        list(filters.prefer_device_models),
    )


# Results -----------------------------------------------------------------


def _hits(ranked, query: _Query) -> list[Hit]:
    if not ranked:
        return []
    rows = Article.objects.filter(pk__in=[item[0] for item in ranked]).only(
        "translation_key",
        "language",
        "title",
        "slug",
        "summary",
        "kind",
        "visibility",
        "status",
        "body_text",
    )
    by_id = {row.pk: row for row in rows}
    hits = []
    for article_id, score, language, fallback in ranked:
        row = by_id.get(article_id)
        if row is None:
            continue
        hits.append(
            Hit(
                article_id=row.pk,
                translation_key=str(row.translation_key),
                language=row.language,
                title=row.title,
                slug=row.slug,
                summary=row.summary,
                kind=row.kind,
                visibility=row.visibility,
                status=row.status,
                score=float(score),
                snippet=snippet(row.body_text or row.summary, query.terms, query.prefix, language),
                fallback=fallback,
            )
        )
    return hits


_WORD = re.compile(r"[^\W_]+")
SNIPPET_WORDS = 28


def snippet(text: str, terms: list[str], prefix: str, language: str) -> SafeString:
    """The passage of `text` with the most searched words, those words marked."""
    stems = {words.stem(term, language) for term in terms}
    prefix_stem = words.stem(prefix, language) if prefix else ""

    def matches(word: str) -> bool:
        folded = words.fold(word)
        if words.stem(folded, language) in stems:
            return True
        return bool(prefix) and (folded.startswith(prefix) or folded.startswith(prefix_stem))

    best_line, best_count = "", -1
    for line in text.splitlines() or [text]:
        count = sum(1 for word in _WORD.findall(line) if matches(word))
        if count > best_count:
            best_line, best_count = line, count
    tokens = list(_WORD.finditer(best_line))
    first = next((i for i, token in enumerate(tokens) if matches(token.group())), 0)
    start_token = max(first - SNIPPET_WORDS // 3, 0)
    end_token = min(start_token + SNIPPET_WORDS, len(tokens))
    if not tokens:
        return mark_safe("")  # noqa: S308 - empty
    start = tokens[start_token].start() if start_token else 0
    end = tokens[end_token - 1].end() if end_token < len(tokens) else len(best_line)
    parts, cursor = [], start
    for token in tokens[start_token:end_token]:
        parts.append(escape(best_line[cursor : token.start()]))
        word = escape(token.group())
        parts.append(f"<mark>{word}</mark>" if matches(token.group()) else word)
        cursor = token.end()
    parts.append(escape(best_line[cursor:end]))
    lead = "… " if start > 0 else ""
    tail = " …" if end < len(best_line) else ""
    return mark_safe(lead + "".join(parts) + tail)  # noqa: S308 - every piece is escaped


# Backends ----------------------------------------------------------------


def _backend():
    return _POSTGRES if connection.vendor == "postgresql" else _SQLITE


class _PostgresBackend:
    search_table = "kb_article_search"

    def match(self, query: _Query, language, where, params, filters):
        expression = " | ".join(
            [*(f"'{term}'" for term in query.terms)]
            + ([f"'{query.prefix}':*"] if query.prefix else [])
        )
        boost, boost_params = _boost_sql(filters)
        sql = (
            f"SELECT a.id, a.translation_key, ts_rank(s.document, q.query) * {boost} AS score "  # noqa: S608
            f"FROM {self.search_table} s JOIN {Article._meta.db_table} a ON a.id = s.article_id, "
            f"to_tsquery('pupitre_{language}'::regconfig, %s) AS q(query) "
            f"WHERE s.document @@ q.query AND {where} "
            "ORDER BY score DESC, a.id LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*boost_params, expression, *params, filters.limit])
            return cursor.fetchall()

    def write(self, rows) -> None:
        ids = [row[0] for row in rows]
        if not ids:
            return
        config = (
            "(CASE a.language WHEN 'de' THEN 'pupitre_de' WHEN 'fr' THEN 'pupitre_fr' "
            "ELSE 'pupitre_en' END)::regconfig"
        )
        sql = (
            f"INSERT INTO {self.search_table} (article_id, document) "  # noqa: S608
            f"SELECT a.id, setweight(to_tsvector({config}, a.title), 'A') "
            f"|| setweight(to_tsvector({config}, a.summary), 'B') "
            f"|| setweight(to_tsvector({config}, a.body_text), 'C') "
            f"FROM {Article._meta.db_table} a WHERE a.id = ANY(%s) "
            "ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [ids])

    def delete(self, article_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {self.search_table} WHERE article_id = %s",  # noqa: S608
                [article_id],
            )

    def nearest_term(self, term: str) -> str | None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term FROM {SearchTerm._meta.db_table} WHERE term %% %s "  # noqa: S608
                "ORDER BY similarity(term, %s) DESC, term LIMIT 1",
                [term, term],
            )
            row = cursor.fetchone()
        return row[0] if row else None

    def has_prefix(self, prefix: str) -> bool:
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {SearchTerm._meta.db_table} WHERE term LIKE %s LIMIT 1",  # noqa: S608
                [pattern],
            )
            return cursor.fetchone() is not None


class _SqliteBackend:
    fts_table = "kb_article_fts"
    terms_table = "kb_searchterm_trigram"

    def match(self, query: _Query, language, where, params, filters):
        stems = []
        for term in query.terms:
            stemmed = words.stem(term, language)
            if stemmed not in stems:
                stems.append(stemmed)
        parts = [f'"{item}"' for item in stems]
        if query.prefix:
            parts.append(f'"{words.stem(query.prefix, language)}" *')
        boost, boost_params = _boost_sql(filters)
        sql = (
            f"SELECT a.id, a.translation_key, "  # noqa: S608 - our table names
            f"-bm25({self.fts_table}, 10.0, 4.0, 1.0) * {boost} AS score "
            f"FROM {self.fts_table} JOIN {Article._meta.db_table} a "
            f"ON a.id = {self.fts_table}.rowid "
            f"WHERE {self.fts_table} MATCH %s AND {where} "
            "ORDER BY score DESC, a.id LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*boost_params, " OR ".join(parts), *params, filters.limit])
            return cursor.fetchall()

    def write(self, rows) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            marks = ", ".join(["%s"] * len(rows))
            cursor.execute(
                f"DELETE FROM {self.fts_table} WHERE rowid IN ({marks})",  # noqa: S608
                [row[0] for row in rows],
            )
            cursor.executemany(
                f"INSERT INTO {self.fts_table} (rowid, title, summary, body) "  # noqa: S608
                "VALUES (%s, %s, %s, %s)",
                [
                    (
                        pk,
                        words.stemmed(title, language),
                        words.stemmed(summary, language),
                        words.stemmed(body, language),
                    )
                    for pk, language, title, summary, body in rows
                ],
            )

    def delete(self, article_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {self.fts_table} WHERE rowid = %s",  # noqa: S608
                [article_id],
            )

    def nearest_term(self, term: str) -> str | None:
        grams = sorted({term[i : i + 3] for i in range(len(term) - 2)})
        if not grams:
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term FROM {self.terms_table} WHERE {self.terms_table} MATCH %s "  # noqa: S608
                "ORDER BY rank LIMIT 50",
                [" OR ".join(f'"{gram}"' for gram in grams)],
            )
            candidates = [row[0] for row in cursor.fetchall()]
        scored = [(words.trigram_similarity(term, other), other) for other in candidates]
        scored = [item for item in scored if item[0] >= SIMILARITY_THRESHOLD]
        if not scored:
            return None
        # As on PostgreSQL: the most similar, then alphabetical order.
        return min(scored, key=lambda item: (-item[0], item[1]))[1]

    def has_prefix(self, prefix: str) -> bool:
        return SearchTerm.objects.filter(term__gte=prefix, term__lt=prefix + "\uffff").exists()


_POSTGRES = _PostgresBackend()
_SQLITE = _SqliteBackend()

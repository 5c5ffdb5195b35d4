"""Full-text search of the knowledge base: `search(text, language, filters)`.

PostgreSQL: two `tsvector`s per translation (table `kb_article_search`, GIN
indexes): `heading` (title A, summary B, filter words D) and `document` (the
same and the body C), built with the `pupitre_de`/`pupitre_fr`/`pupitre_en`
text search configurations (unaccent, then the language's Snowball
stemmer); ranked with `ts_rank`.

SQLite: one FTS5 table per language (`kb_article_fts_<language>`) holding
the same stems, computed in Python (kb/text.py), and the filter words;
ranked with `bm25`, title and summary weighted up.

The filters (language, who may read, kind, device model, category, and which
languages an article can be read in) are words of the index (`tags_of`).
Results come in tiers, from every word in the title or summary to some of
them; a wider tier is searched only while the page is not full.

On both, a word that is not in the vocabulary of the articles (a typo) is
replaced by the most similar known word (trigram similarity: pg_trgm on
PostgreSQL, an FTS5 trigram table and the same formula in Python on SQLite).
Results in the reader's language come first; articles that exist only in
another language follow, ranked after them.

The index is written by `index_articles` / `index_translations`, which the
services call in the transaction that saves an article (same database: the
article and its index entry commit together).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from pupitre.accounts.models import Language
from pupitre.core import words as typos

from . import text as words
from .models import Article, ArticleCategory, ArticleStatus, SearchTerm, Visibility

LANGUAGES = [code for code, _label in Language.choices]
# Audiences: what a reader may find (kb.queries.audience_of decides).
PUBLIC, STAFF, DESK = "public", "staff", "desk"
MIN_CORRECTED_LENGTH = typos.MIN_CORRECTED_LENGTH
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


@dataclass(frozen=True)
class _Tier:
    """Which articles one query of a search looks at."""

    every_word: bool  # every word, or some of them
    heading: bool  # in the title or summary, or anywhere
    some_in_heading: bool = False  # and at least one word in the title or summary


@dataclass
class _Query:
    # One group per word typed (corrected), with its synonyms as alternatives.
    groups: list[list[str]]
    prefix: str = ""  # the last word, matched as a prefix
    corrections: dict[str, str] = field(default_factory=dict)

    def __bool__(self):
        return bool(self.groups or self.prefix)

    @property
    def terms(self) -> list[str]:
        return [term for group in self.groups for term in group]

    @property
    def parts(self) -> int:
        return len(self.groups) + (1 if self.prefix else 0)


def search(text: str, language: str, filters: SearchFilters = SearchFilters()) -> list[Hit]:
    """The best articles for `text`, read by someone in `language`."""
    language = language if language in LANGUAGES else LANGUAGES[0]
    query = _prepare(text, language, filters.prefix_last)
    if not query:
        return []
    backend = _backend()
    # Best first: every word in the title or summary, then every word
    # anywhere, then some of the words in the title or summary; in the
    # reader's language, then in the others. A tier is searched only while
    # the ones before it have not filled the page: each costs a query, and
    # the narrow ones rank few articles (ranking is what costs).
    ranked: list[tuple[int, float, str, bool]] = []  # (id, score, language, fallback)
    keys: set[str] = set()
    tiers = [_Tier(every_word=True, heading=True)]
    if query.parts > 1:
        tiers += [
            _Tier(every_word=True, heading=False, some_in_heading=True),
            _Tier(every_word=False, heading=True),
        ]
    tiers.append(_Tier(every_word=True, heading=False))
    for position, searched in enumerate([language, *_fallback_order(language)]):
        fallback = position > 0
        tags = filter_tags(filters, missing_in=language if fallback else None)
        for tier in tiers:
            if len(ranked) >= filters.limit:
                break
            for article_id, key, score in backend.match(query, searched, tags, filters, tier):
                if str(key) not in keys:
                    keys.add(str(key))
                    ranked.append((article_id, score, searched, fallback))
    return _hits(ranked[: filters.limit], query)


def index_articles(article_ids: Iterable[int]) -> None:
    """Write (or rewrite) the index entries and the vocabulary of these articles."""
    ids = list(article_ids)
    backend = _backend()
    for start in range(0, len(ids), 500):
        documents = _documents(ids[start : start + 500])
        backend.write(documents)
        _add_terms(
            word
            for document in documents
            for word in words.words(f"{document.title} {document.summary} {document.body}")
        )


def index_translations(translation_key) -> None:
    """Rewrite the entries of every translation of an article: what one of
    them is (published, public) decides where the others are shown."""
    index_articles(
        Article.objects.filter(translation_key=translation_key).values_list("pk", flat=True)
    )


def unindex_article(article_id: int) -> None:
    _backend().delete(article_id)


# What the index stores ------------------------------------------------------


@dataclass(frozen=True)
class _Document:
    article_id: int
    translation_key: str
    language: str
    title: str
    summary: str
    body: str
    tags: str  # the filters, as words of a column of their own (see `tags_of`)
    models: str  # " 12 34 ": device models, for the boost on SQLite


AUDIENCES = (PUBLIC, STAFF, DESK)


def tags_of(*, language, kind, visibility, status, models, categories, seen) -> list[str]:
    """Filter words of one translation. Filtering by them is an intersection
    of the full-text index's lists (no join to the articles while searching).

    `l<language>`, `a<audience>` (who may read it), `x<audience>` (who may
    not), `k<kind>`, `m<device model>`, `c<category>`, and `o<audience><language>`
    when readers of that audience find no version of the article in that
    language (`seen` holds the (audience, language) pairs they do find): a
    reader of French is shown a German article only with `o…fr`."""
    readers = {DESK}
    if status == ArticleStatus.PUBLISHED:
        readers.add(STAFF)
        if visibility == Visibility.PUBLIC:
            readers.add(PUBLIC)
    tags = [f"l{language}", f"k{kind}"]
    tags += [f"a{audience}" for audience in AUDIENCES if audience in readers]
    tags += [f"x{audience}" for audience in AUDIENCES if audience not in readers]
    tags += [f"m{model}" for model in sorted(models)]
    tags += [f"c{category.replace('_', '')}" for category in sorted(categories)]
    tags += [
        f"o{audience}{code}"
        for audience in AUDIENCES
        for code in LANGUAGES
        if code != language and (audience, code) not in seen
    ]
    return tags


def filter_tags(filters: SearchFilters, *, missing_in: str | None) -> list[str]:
    """Tags a result must have, besides its language and audience."""
    wanted = []
    if filters.kind:
        wanted.append(f"k{filters.kind}")
    if filters.device_model:
        wanted.append(f"m{int(filters.device_model)}")
    if filters.category:
        wanted.append(f"c{filters.category.replace('_', '')}")
    if missing_in:
        wanted.append(f"o{filters.audience}{missing_in}")
    return wanted


def _documents(ids: list[int]) -> list[_Document]:
    rows = list(
        Article.objects.filter(pk__in=ids).values_list(
            "pk", "translation_key", "language", "title", "summary", "body_text",
            "kind", "visibility", "status",
        )
    )  # fmt: skip
    models: dict[int, set[int]] = {}
    through = Article.device_models.through
    for article_id, model_id in through.objects.filter(article_id__in=ids).values_list(
        "article_id", "devicemodel_id"
    ):
        models.setdefault(article_id, set()).add(model_id)
    categories: dict[int, set[str]] = {}
    for article_id, category in ArticleCategory.objects.filter(article_id__in=ids).values_list(
        "article_id", "category"
    ):
        categories.setdefault(article_id, set()).add(category)
    seen: dict[str, set[tuple[str, str]]] = {}
    for key, language, status, visibility in Article.objects.filter(
        translation_key__in={row[1] for row in rows}
    ).values_list("translation_key", "language", "status", "visibility"):
        audiences = [DESK]
        if status == ArticleStatus.PUBLISHED:
            audiences.append(STAFF)
            if visibility == Visibility.PUBLIC:
                audiences.append(PUBLIC)
        seen.setdefault(str(key), set()).update((audience, language) for audience in audiences)
    documents = []
    for pk, key, language, title, summary, body, kind, visibility, status in rows:
        linked = models.get(pk, set())
        tags = tags_of(
            language=language,
            kind=kind,
            visibility=visibility,
            status=status,
            models=linked,
            categories=categories.get(pk, set()),
            seen=seen.get(str(key), set()),
        )
        documents.append(
            _Document(
                article_id=pk,
                translation_key=str(key),
                language=language,
                title=title,
                summary=summary,
                body=body,
                tags=" ".join(tags),
                models=" " + " ".join(str(model) for model in sorted(linked)) + " ",
            )
        )
    return documents


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
        # A word with synonyms is one readers use: it is matched through them.
        if _correctable(term) and term not in known and not words.synonyms(term, language):
            better = _nearest_term(term)
            if better:
                corrections[term] = better
    if prefix and prefix not in known and not _backend().has_prefix(prefix):
        better = _nearest_term(prefix) if _correctable(prefix) else None
        if better:
            corrections[prefix] = better
            terms.append(better)
        prefix = ""
    groups: list[list[str]] = []
    for term in dict.fromkeys(corrections.get(term, term) for term in terms):
        groups.append(list(dict.fromkeys([term, *words.synonyms(term, language)])))
    return _Query(groups=groups, prefix=prefix, corrections=corrections)


def _nearest_term(term: str) -> str | None:
    """The known word the reader probably meant: the same rule on both
    databases (core/words.py); each only proposes the candidates."""
    return typos.nearest(term, _backend().term_candidates(term))


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

    def match(self, query: _Query, language, tags, filters, tier: _Tier):
        # The words are letters and digits only (kb/text.py): safe in a
        # tsquery. `:ABC`: title, summary or body, never the filter words (D).
        parts = [
            "(" + " | ".join(f"'{term}':ABC" for term in group) + ")" for group in query.groups
        ]
        if query.prefix:
            parts.append(f"'{query.prefix}':*ABC")
        vector = "s.heading" if tier.heading else "s.document"
        expression = (" & " if tier.every_word else " | ").join(parts)
        some_words = " | ".join(parts) if tier.some_in_heading else ""
        # GIN intersects the lists of the filter words cheaply.
        tag_expression = " & ".join([f"l{language}", f"a{filters.audience}", *tags])
        boost, boost_params = "1.0", []
        if filters.prefer_device_models:
            models = " | ".join(f"m{int(model)}" for model in filters.prefer_device_models)
            boost = (
                f"(CASE WHEN s.heading @@ to_tsquery('simple', %s) "
                f"THEN {DEVICE_MODEL_BOOST} ELSE 1.0 END)"
            )
            boost_params = [models]
        sql = (
            f"SELECT s.article_id, s.translation_key, "  # noqa: S608 - our table names
            f"ts_rank({vector}, q.words) * {boost} AS score "
            f"FROM {self.search_table} s, "
            f"to_tsquery('pupitre_{language}'::regconfig, %s) AS q(words), "
            f"to_tsquery('pupitre_{language}'::regconfig, %s) AS h(words), "
            "to_tsquery('simple', %s) AS t(tags) "
            # PostgreSQL drops its own stop words: a query left empty finds nothing.
            f"WHERE numnode(q.words) > 0 AND {vector} @@ (q.words && t.tags) "
            f"{'AND s.heading @@ h.words ' if tier.some_in_heading else ''}"
            "ORDER BY score DESC, s.article_id LIMIT %s"
        )
        params = [*boost_params, expression, some_words, tag_expression, filters.limit]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def write(self, documents: list[_Document]) -> None:
        if not documents:
            return
        config = (
            "(CASE a.language WHEN 'de' THEN 'pupitre_de' WHEN 'fr' THEN 'pupitre_fr' "
            "ELSE 'pupitre_en' END)::regconfig"
        )
        heading = (
            f"setweight(to_tsvector({config}, a.title), 'A') "
            f"|| setweight(to_tsvector({config}, a.summary), 'B') "
            "|| setweight(to_tsvector('simple', d.tags), 'D')"
        )
        sql = (
            f"INSERT INTO {self.search_table} "  # noqa: S608
            "(article_id, translation_key, heading, document) "
            f"SELECT a.id, a.translation_key, {heading}, "
            f"{heading} || setweight(to_tsvector({config}, a.body_text), 'C') "
            f"FROM {Article._meta.db_table} a "
            "JOIN unnest(%s::bigint[], %s::text[]) AS d(id, tags) ON d.id = a.id "
            "ON CONFLICT (article_id) DO UPDATE SET heading = EXCLUDED.heading, "
            "document = EXCLUDED.document, translation_key = EXCLUDED.translation_key"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [[d.article_id for d in documents], [d.tags for d in documents]])

    def delete(self, article_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {self.search_table} WHERE article_id = %s",  # noqa: S608
                [article_id],
            )

    def term_candidates(self, term: str) -> list[str]:
        # Similar trigrams (GIN index), and the words of about the same
        # length that start with the same letter: a short word with a typo
        # shares few trigrams with the right one (core/words.py).
        shortest, longest = typos.length_window(term)
        with connection.cursor() as cursor:
            cursor.execute(
                f"(SELECT term FROM {SearchTerm._meta.db_table} WHERE term %% %s "  # noqa: S608
                "ORDER BY similarity(term, %s) DESC, term LIMIT 50) UNION "
                f"SELECT term FROM {SearchTerm._meta.db_table} WHERE term >= %s AND term < %s "
                "AND length(term) BETWEEN %s AND %s",
                [term, term, *_first_letter_range(term), shortest, longest],
            )
            return [row[0] for row in cursor.fetchall()]

    def has_prefix(self, prefix: str) -> bool:
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {SearchTerm._meta.db_table} WHERE term LIKE %s LIMIT 1",  # noqa: S608
                [pattern],
            )
            return cursor.fetchone() is not None


class _SqliteBackend:
    terms_table = "kb_searchterm_trigram"

    @staticmethod
    def table(language: str) -> str:
        return f"kb_article_fts_{language if language in LANGUAGES else LANGUAGES[0]}"

    def match(self, query: _Query, language, tags, filters, tier: _Tier):
        parts = []
        for group in query.groups:
            stems = dict.fromkeys(words.stem(term, language) for term in group)
            parts.append("(" + " OR ".join(f'"{item}"' for item in stems) + ")")
        if query.prefix:
            parts.append(f'"{words.stem(query.prefix, language)}" *')
        expression = "{%s} : (%s)" % (  # noqa: UP031
            "title summary" if tier.heading else "title summary body",
            (" AND " if tier.every_word else " OR ").join(parts),
        )
        if tier.some_in_heading:
            expression += " AND {title summary} : (%s)" % " OR ".join(parts)  # noqa: UP031
        # One table per language; the filter words narrow it down. Who may
        # not read an article is the smaller list: excluding it costs less
        # than intersecting with everything readers may see.
        if tags:
            expression += " AND tags : (%s)" % " AND ".join(tags)  # noqa: UP031
        if filters.audience != DESK:
            expression += f" NOT tags : x{filters.audience}"
        # `rank` is bm25 with the title weighing most (see migration 0002).
        score, params = "-rank", []
        if filters.prefer_device_models:
            checks = " OR ".join(["instr(models, %s) > 0"] * len(filters.prefer_device_models))
            score = f"-rank * (CASE WHEN {checks} THEN {DEVICE_MODEL_BOOST} ELSE 1.0 END)"
            params = [f" {int(model)} " for model in filters.prefer_device_models]
        table = self.table(language)
        sql = (
            f"SELECT rowid, translation_key, {score} AS score FROM {table} "  # noqa: S608
            f"WHERE {table} MATCH %s ORDER BY score DESC, rowid LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, expression, filters.limit])
            return cursor.fetchall()

    def write(self, documents: list[_Document]) -> None:
        if not documents:
            return
        with connection.cursor() as cursor:
            for language in LANGUAGES:
                mine = [d for d in documents if d.language == language]
                if not mine:
                    continue
                table = self.table(language)
                marks = ", ".join(["%s"] * len(mine))
                cursor.execute(
                    f"DELETE FROM {table} WHERE rowid IN ({marks})",  # noqa: S608
                    [document.article_id for document in mine],
                )
                cursor.executemany(
                    f"INSERT INTO {table} "  # noqa: S608
                    "(rowid, title, summary, body, tags, translation_key, models) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    [
                        (
                            d.article_id,
                            words.stemmed(d.title, language),
                            words.stemmed(d.summary, language),
                            words.stemmed(d.body, language),
                            d.tags,
                            d.translation_key,
                            d.models,
                        )
                        for d in mine
                    ],
                )

    def delete(self, article_id: int) -> None:
        with connection.cursor() as cursor:
            for language in LANGUAGES:
                cursor.execute(
                    f"DELETE FROM {self.table(language)} WHERE rowid = %s",  # noqa: S608
                    [article_id],
                )

    def term_candidates(self, term: str) -> list[str]:
        # As on PostgreSQL: similar trigrams, and the words of about the
        # same length that start with the same letter.
        grams = sorted({term[i : i + 3] for i in range(len(term) - 2)})
        shortest, longest = typos.length_window(term)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term FROM (SELECT term FROM {self.terms_table} "  # noqa: S608
                f"WHERE {self.terms_table} MATCH %s ORDER BY rank LIMIT 50) UNION "
                f"SELECT term FROM {SearchTerm._meta.db_table} WHERE term >= %s AND term < %s "
                "AND length(term) BETWEEN %s AND %s",
                [
                    " OR ".join(f'"{gram}"' for gram in grams),
                    *_first_letter_range(term),
                    shortest,
                    longest,
                ],
            )
            return [row[0] for row in cursor.fetchall()]

    def has_prefix(self, prefix: str) -> bool:
        return SearchTerm.objects.filter(term__gte=prefix, term__lt=prefix + "\uffff").exists()


def _first_letter_range(term: str) -> tuple[str, str]:
    return term[0], chr(ord(term[0]) + 1)


_POSTGRES = _PostgresBackend()
_SQLITE = _SqliteBackend()

"""The search index, which the ORM does not model.

PostgreSQL: the `unaccent` and `pg_trgm` extensions (creating them needs a
role allowed to; see docs/knowledge-base.md), three text search
configurations (unaccent, then the Snowball stemmer of the language), GIN
indexes on `kb_article_search` (the ArticleSearchDocument model), and
trigram and prefix indexes on the vocabulary.

SQLite: an FTS5 table per language for the articles' stems and filter
words, and an FTS5 trigram table mirroring the vocabulary (kept in step by a
trigger).
"""

from django.db import migrations

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(
        f"""DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'pupitre_{code}') THEN
                CREATE TEXT SEARCH CONFIGURATION pupitre_{code} (COPY = {name});
                ALTER TEXT SEARCH CONFIGURATION pupitre_{code}
                    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {name}_stem;
            END IF;
        END $$"""
        for code, name in (("de", "german"), ("fr", "french"), ("en", "english"))
    ),
    "CREATE INDEX kb_article_search_document ON kb_article_search USING gin (document)",
    "CREATE INDEX kb_article_search_heading ON kb_article_search USING gin (heading)",
    "CREATE INDEX kb_searchterm_trigram ON kb_searchterm USING gin (term gin_trgm_ops)",
    "CREATE INDEX kb_searchterm_prefix ON kb_searchterm (term varchar_pattern_ops)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS kb_article_search_document",
    "DROP INDEX IF EXISTS kb_article_search_heading",
    "DROP INDEX IF EXISTS kb_searchterm_trigram",
    "DROP INDEX IF EXISTS kb_searchterm_prefix",
    *(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS pupitre_{code}" for code in ("de", "fr", "en")),
]

LANGUAGES = ("de", "fr", "en")
SQLITE = [
    # One table per language. The text is stemmed in Python (kb/text.py);
    # unicode61 only splits it. `tags` holds the filter words
    # (kb.search.tags_of); `models` the device models, for the boost; `rank`
    # is bm25 with the title weighing most.
    *(
        f"""CREATE VIRTUAL TABLE kb_article_fts_{code} USING fts5(
            title, summary, body, tags, translation_key UNINDEXED, models UNINDEXED,
            tokenize='unicode61'
        )"""
        for code in LANGUAGES
    ),
    *(
        f"INSERT INTO kb_article_fts_{code} (kb_article_fts_{code}, rank) "
        "VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 0.0)')"
        for code in LANGUAGES
    ),
    "CREATE VIRTUAL TABLE kb_searchterm_trigram USING fts5(term, tokenize='trigram')",
    """CREATE TRIGGER kb_searchterm_trigram_insert AFTER INSERT ON kb_searchterm BEGIN
        INSERT INTO kb_searchterm_trigram (rowid, term) VALUES (new.id, new.term);
    END""",
    """CREATE TRIGGER kb_searchterm_trigram_delete AFTER DELETE ON kb_searchterm BEGIN
        DELETE FROM kb_searchterm_trigram WHERE rowid = old.id;
    END""",
    # Deleting an article removes its index entry, as the foreign key does on PostgreSQL.
    """CREATE TRIGGER kb_article_fts_delete AFTER DELETE ON kb_article BEGIN
        DELETE FROM kb_article_fts_de WHERE rowid = old.id;
        DELETE FROM kb_article_fts_fr WHERE rowid = old.id;
        DELETE FROM kb_article_fts_en WHERE rowid = old.id;
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS kb_article_fts_delete",
    "DROP TRIGGER IF EXISTS kb_searchterm_trigram_delete",
    "DROP TRIGGER IF EXISTS kb_searchterm_trigram_insert",
    "DROP TABLE IF EXISTS kb_searchterm_trigram",
    *(f"DROP TABLE IF EXISTS kb_article_fts_{code}" for code in LANGUAGES),
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("kb", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]

"""German and French are complete: every message of the code is in the
catalogues, translated, and none is fuzzy."""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

PROJECT_DIR = Path(settings.PROJECT_DIR)
LANGUAGES = ["de", "fr"]


def catalogue(root: Path, language: str) -> polib.POFile:
    return polib.pofile(str(root / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_translated_and_not_fuzzy(language):
    po = catalogue(PROJECT_DIR / "locale", language)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == [], f"untranslated in {language}: {untranslated[:20]}"
    assert fuzzy == [], f"fuzzy in {language}: {fuzzy[:20]}"


def test_catalogues_contain_every_message_of_the_code(tmp_path, monkeypatch, settings):
    """`make messages` would add nothing: extract from a copy of the sources
    into a copy of the catalogues (the real ones are never written) and compare."""
    shutil.copytree(PROJECT_DIR / "src", tmp_path / "src", ignore=shutil.ignore_patterns("*.pyc"))
    copy = tmp_path / "locale"
    shutil.copytree(PROJECT_DIR / "locale", copy)
    settings.LOCALE_PATHS = [copy]
    monkeypatch.chdir(tmp_path)
    call_command(
        "makemessages",
        locale=LANGUAGES,
        no_location=True,
        no_obsolete=True,
        verbosity=0,
    )
    for language in LANGUAGES:
        extracted = {(e.msgctxt, e.msgid) for e in catalogue(copy, language) if not e.obsolete}
        committed = {
            (e.msgctxt, e.msgid)
            for e in catalogue(PROJECT_DIR / "locale", language)
            if not e.obsolete
        }
        missing = sorted(str(m) for m in extracted - committed)
        assert missing == [], f"{language}: messages missing from locale/: {missing[:20]}"

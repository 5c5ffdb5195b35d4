"""Language of a new email, among German, French, English and Dutch.

py3langid (a maintained fork of langid.py): an offline naive-Bayes model,
restricted here to the four languages, about 0.05 ms per message; loaded
once per process (under a second). Dutch has no team of its own: its
tickets get English, the helpdesk's third language.
"""

from functools import lru_cache

DETECTED = ("de", "fr", "en", "nl")
TICKET_LANGUAGE = {"de": "de", "fr": "fr", "en": "en", "nl": "en"}
MIN_CONFIDENCE = 0.9
MIN_LETTERS = 12


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(DETECTED))
    return identifier


def detect(text: str) -> str:
    """ "de", "fr", "en", "nl", or "" when the text is too short or unclear."""
    sample = text[:2000]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return ""
    language, confidence = _identifier().classify(sample)
    return language if confidence >= MIN_CONFIDENCE else ""

"""The desk's text filter on subjects: accents and case folded, a typo taken
for the word of a subject it resembles, as the knowledge base's search does
(the same rule: pupitre/core/words.py).

Each ticket keeps its subject's folded words (`Ticket.subject_words`, " word
word ") and every word of a subject goes to a vocabulary (`SubjectTerm`).
A typed word matches the subjects that contain it, and those that hold a
word of the vocabulary it resembles ("projektor" finds "projecteur", "ecran"
finds "écran"): one query of the vocabulary, then the filter itself.
"""

from django.db.models import Q
from django.db.models.functions import Length

from pupitre.core import words

from .models import SubjectTerm

SUBJECT_WORDS_LENGTH = 250
MAX_TYPED_WORDS = 8  # a longer text is not a filter; keeps the query short
MAX_TERM_LENGTH = 40


def subject_words(subject: str) -> str:
    """The value of `Ticket.subject_words` for this subject."""
    folded = " ".join(words.folded_words(subject))[: SUBJECT_WORDS_LENGTH - 2]
    return f" {folded} "


def subject_terms(subject: str) -> set[str]:
    """The words of the subject the vocabulary keeps."""
    return {
        word
        for word in words.folded_words(subject)
        if 3 <= len(word) <= MAX_TERM_LENGTH and not word.isdigit()
    }


def subject_filter(text: str) -> Q:
    """Tickets whose subject has every word typed, or a word it resembles."""
    typed = list(dict.fromkeys(words.folded_words(text)))[:MAX_TYPED_WORDS]
    if not typed:
        return Q(pk__in=[])
    variants = _variants(typed)
    condition = Q()
    for word in typed:
        # The word anywhere (a part of a word still matches), or a word
        # that begins with a known word it resembles.
        matches = Q(subject_words__contains=word)
        for variant in sorted(variants.get(word, ())):
            matches |= Q(subject_words__contains=f" {variant}")
        condition &= matches
    return condition


def _variants(typed: list[str]) -> dict[str, set[str]]:
    """The known words each typed word may stand for: one query of the
    vocabulary, for words of about the same length and the same first
    letter, and for the words the typed one begins."""
    correctable = [
        word for word in typed if len(word) >= words.MIN_CORRECTED_LENGTH and not word.isdigit()
    ]
    if not correctable:
        return {}
    wanted = Q()
    for word in correctable:
        shortest, longest = words.length_window(word)
        wanted |= Q(term__startswith=word[0], length__range=(shortest, longest))
        wanted |= Q(term__startswith=word)
    known = set(
        SubjectTerm.objects.annotate(length=Length("term"))
        .filter(wanted)
        .values_list("term", flat=True)
    )
    variants = {}
    for word in correctable:
        # The beginning of a known word is a word still being typed, not a
        # typo. A known word still gets its look-alikes: "projektor" is a
        # word of German subjects and finds the French "projecteur".
        if word not in known and any(term.startswith(word) for term in known):
            continue
        variants[word] = {term for term in known if words.resembles(word, term)}
    return variants

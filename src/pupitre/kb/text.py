"""Words for the search: folding, stemming, stop words, synonyms (typo
tolerance: pupitre/core/words.py). Pure functions, no database.

Both databases see the same terms: PostgreSQL's `pupitre_<language>` text
search configurations apply `unaccent` then the Snowball stemmer of the
language; on SQLite the same steps run here (`fold`, then the same Snowball
algorithms from `snowballstemmer`) before the text reaches FTS5.
"""

import re
from functools import lru_cache

import snowballstemmer

# Folding and trigrams are shared with the desk's queue filter.
from pupitre.core.words import fold, trigram_similarity, trigrams  # noqa: F401

STEMMERS = {"de": "german", "fr": "french", "en": "english"}
_WORD = re.compile(r"[^\W_]+")
MAX_TERM_LENGTH = 40

# The most frequent function words: they would match nearly every article.
STOPWORDS = {
    "de": set(
        """aber alle allem allen aller alles als also am an ander andere anderem anderen
        anderer anderes auch auf aus bei bin bis bist da damit dann das dass dein deine
        dem den der des dessen dich die dies diese diesem diesen dieser dieses dir doch
        dort du durch ein eine einem einen einer eines er es etwas euch euer fur hab habe
        haben hat hatte hier hin hinter ich ihm ihn ihnen ihr ihre im in ist jede jedem
        jeden jeder jedes jetzt kann kein keine man mein meine mich mir mit muss nach
        nicht noch nun nur ob oder ohne sehr sein seine sich sie sind so soll sondern
        um und uns unser unter vom von vor war was weil welche wenn wer werden wie wieder
        will wir wird wo zu zum zur uber""".split()
    ),
    "fr": set(
        """a au aux avec ce ces cette dans de des du elle en et eux il ils je la le les
        leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour
        qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l
        m n s t y est sont etre avoir ai as avons avez ont suis es etes plus tres
        comment quoi quand faire fait peux peut dois doit cela ca ceci""".split()
    ),
    "en": set(
        """a an and are as at be but by for from has have how i if in into is it its
        my no not of on or our so that the their them then there these they this to
        was we what when where which who why will with you your can cannot does do""".split()
    ),
}

# Colloquial words and abbreviations readers type, and the words the
# articles use for the same thing (both directions where it makes sense).
SYNONYMS = {
    "de": {
        "beamer": ["projektor"],
        "projektor": ["beamer"],
        "wlan": ["wifi"],
        "wifi": ["wlan"],
        "passwort": ["kennwort"],
        "kennwort": ["passwort"],
        "tafel": ["display", "whiteboard"],
        "smartboard": ["display", "tafel"],
        "whiteboard": ["display", "tafel"],
        "laptop": ["notebook"],
        "notebook": ["laptop"],
        "ipad": ["tablet"],
        "handy": ["smartphone"],
        "login": ["anmeldung", "anmelden"],
        "einloggen": ["anmelden"],
        "kaputt": ["defekt"],
        "odoo": ["verwaltungstool"],
        "drucker": ["drucken"],
    },
    "fr": {
        "beamer": ["projecteur"],
        "videoprojecteur": ["projecteur"],
        "projo": ["projecteur"],
        "wifi": ["wi", "fi"],
        "tbi": ["tableau", "interactif"],
        "ecran": ["tableau"],
        "mdp": ["mot", "passe"],
        "motdepasse": ["mot", "passe"],
        "login": ["identifiant", "connexion"],
        "pc": ["ordinateur", "portable"],
        "laptop": ["ordinateur", "portable"],
        "ipad": ["tablette"],
        "imprimer": ["imprimante"],
        "odoo": ["outil", "gestion"],
        "casse": ["panne"],
        "marche": ["fonctionne"],
    },
    "en": {
        "beamer": ["projector"],
        "wifi": ["wireless", "network"],
        "login": ["sign", "account"],
    },
}


def words(text: str) -> list[str]:
    """The folded words of `text`, in order."""
    return [word for word in _WORD.findall(fold(text)) if len(word) <= MAX_TERM_LENGTH]


@lru_cache(maxsize=20_000)
def stem(word: str, language: str) -> str:
    return _stemmer(language).stemWord(word)


@lru_cache(maxsize=3)
def _stemmer(language: str):
    return snowballstemmer.stemmer(STEMMERS.get(language, "english"))


def content_terms(text: str, language: str) -> list[str]:
    """The words of `text` worth searching for: no stop words, no single letters."""
    stop = STOPWORDS.get(language, set())
    return [word for word in words(text) if len(word) > 1 and word not in stop]


def stemmed(text: str, language: str) -> str:
    """The text as the SQLite full-text index stores it: stems, space separated."""
    return " ".join(stem(word, language) for word in content_terms(text, language))


def synonyms(word: str, language: str) -> list[str]:
    return SYNONYMS.get(language, {}).get(word, [])

"""The search evaluation set: what readers type, with the demo articles
(pupitre.kb.demo_articles, by key) a good search shows in its first three
results. German and French, with typos, missing accents and colloquial words;
`TYPO_QUERIES`, typos as many in each language, are measured apart too.

`recall_at(k)` runs every query through `kb.search.search` as a public
reader; bench/kb_search.py prints it and tests/kb/test_evaluation.py keeps
it from regressing.
"""

from dataclasses import dataclass

from .demo_articles import translation_key
from .search import PUBLIC, SearchFilters, search

# (language, what the reader types, keys of the articles that answer it)
QUERIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("de", "beamer geht nicht", ("projector-connection", "projector-filter-lamp")),
    ("de", "beamer kein bild", ("projector-connection",)),
    ("de", "Beamer blinkt orange", ("projector-filter-lamp",)),
    ("de", "wlan passwort", ("wifi-join", "wifi-guest-code")),
    ("de", "wlan passwort gäste", ("wifi-guest-code",)),
    ("de", "WLAN bricht ab", ("wifi-slow",)),
    ("de", "internet langsam im klassenraum", ("wifi-slow",)),
    ("de", "display reagiert nicht auf berührung", ("display-no-touch",)),
    ("de", "tafel reagiert nicht", ("display-no-touch",)),
    ("de", "display kalibrieren", ("display-calibration",)),
    ("de", "stift schreibt daneben", ("display-calibration",)),
    ("de", "kein signal am display", ("display-input-selection",)),
    ("de", "hdmi quelle wählen", ("display-input-selection",)),
    ("de", "kein ton über hdmi", ("hdmi-no-sound",)),
    ("de", "chromebook registrieren", ("chromebook-enrolment",)),
    ("de", "chromebok enrollment", ("chromebook-enrolment",)),
    ("de", "chromeos fehlt", ("chromebook-recovery",)),
    ("de", "chromebook startet nicht", ("chromebook-recovery",)),
    ("de", "laptop einrichten autopilot", ("windows-laptop-enrolment",)),
    ("de", "windows laptop neu einrichten", ("windows-laptop-enrolment",)),
    ("de", "laptop sehr langsam", ("windows-slow-updates",)),
    ("de", "laptop lädt nicht", ("laptop-not-charging",)),
    ("de", "akku leer netzteil", ("laptop-not-charging",)),
    ("de", "ipad app installieren", ("ipad-management",)),
    ("de", "ipad eingefroren", ("ipad-frozen",)),
    ("de", "ipad hängt neustart", ("ipad-frozen",)),
    ("de", "tablet verloren", ("tablet-lost",)),
    ("de", "tablet gestohlen", ("tablet-lost",)),
    ("de", "samsung tablet einrichten", ("galaxy-tab-enrolment",)),
    ("de", "passwort vergessen", ("password-reset",)),
    ("de", "pasword vergesen", ("password-reset",)),
    ("de", "konto gesperrt", ("account-locked",)),
    ("de", "odoo zugang gesperrt", ("odoo-access-reopen",)),
    ("de", "verwaltungstool zugang", ("odoo-access-reopen",)),
    ("de", "technikerbesuch vorbereiten", ("onsite-visit-prepare",)),
    ("de", "drucker hinzufügen", ("printer-setup",)),
    ("de", "drucken geht nicht", ("printer-setup",)),
    ("de", "fernwartung bildschirm freigeben", ("remote-session",)),
    ("de", "wer zahlt die reparatur", ("coverage-after-three-years",)),
    ("de", "kamera in teams schwarz", ("teams-camera-microphone",)),
    ("de", "dokumentenkamera", ("document-camera",)),
    ("de", "access point lampe blinkt", ("access-point-leds",)),
    ("de", "promethean anschlüsse", ("activpanel-9-overview",)),
    ("de", "dell latitude 3190", ("dell-latitude-3190",)),
    ("fr", "tableau interactif ne répond plus", ("display-no-touch",)),
    ("fr", "tableau interactif ne repond plus", ("display-no-touch",)),
    ("fr", "tbi tactile ne marche pas", ("display-no-touch",)),
    ("fr", "calibrer ecran", ("display-calibration",)),
    ("fr", "le stylet écrit à côté", ("display-calibration",)),
    ("fr", "pas de signal", ("display-input-selection",)),
    ("fr", "écran pas d'image hdmi", ("display-input-selection",)),
    ("fr", "pas de son sur le projecteur", ("hdmi-no-sound",)),
    ("fr", "projecteur pas d'image", ("projector-connection",)),
    ("fr", "vidéoprojecteur brancher ordinateur", ("projector-connection",)),
    ("fr", "projo voyant orange", ("projector-filter-lamp",)),
    ("fr", "lampe du projecteur", ("projector-filter-lamp",)),
    ("fr", "wifi mot de passe", ("wifi-join", "wifi-guest-code")),
    ("fr", "code wifi invités", ("wifi-guest-code",)),
    ("fr", "wifi lent", ("wifi-slow",)),
    ("fr", "la connexion se coupe", ("wifi-slow",)),
    ("fr", "borne wifi clignote", ("access-point-leds",)),
    ("fr", "enrôler chromebook", ("chromebook-enrolment",)),
    ("fr", "enroler chromebok", ("chromebook-enrolment",)),
    ("fr", "chromebook ne démarre pas", ("chromebook-recovery",)),
    ("fr", "installer portable windows", ("windows-laptop-enrolment",)),
    ("fr", "ordinateur très lent", ("windows-slow-updates",)),
    ("fr", "pc ne charge pas", ("laptop-not-charging",)),
    ("fr", "batterie chargeur", ("laptop-not-charging",)),
    ("fr", "installer une app sur les ipad", ("ipad-management",)),
    ("fr", "ipad figé", ("ipad-frozen",)),
    ("fr", "tablette volée", ("tablet-lost",)),
    ("fr", "tablette perdue", ("tablet-lost",)),
    ("fr", "tablette samsung knox", ("galaxy-tab-enrolment",)),
    ("fr", "mot de passe oublié", ("password-reset",)),
    ("fr", "mdp oublie", ("password-reset",)),
    ("fr", "compte bloqué", ("account-locked",)),
    ("fr", "accès odoo", ("odoo-access-reopen",)),
    ("fr", "rouvrir accès outil de gestion", ("odoo-access-reopen",)),
    ("fr", "visite technicien", ("onsite-visit-prepare",)),
    ("fr", "imprimante", ("printer-setup",)),
    ("fr", "imprimer", ("printer-setup",)),
    ("fr", "prise en main à distance", ("remote-session",)),
    ("fr", "qui paie la réparation", ("coverage-after-three-years",)),
    ("fr", "le micro ne marche pas dans teams", ("teams-camera-microphone",)),
    ("fr", "caméra de documents", ("document-camera",)),
    ("fr", "smart board", ("smart-board-6075",)),
    ("fr", "dell tablette stylet", ("dell-latitude-3190",)),
)

# Typos, as many in each language: swapped, missing, doubled or wrong
# letters, in short words as in long ones.
TYPO_QUERIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("de", "bemaer geht nicht", ("projector-connection", "projector-filter-lamp")),
    ("de", "beamr kein bild", ("projector-connection",)),
    ("de", "wlan pasword", ("wifi-join", "wifi-guest-code")),
    ("de", "wlna langsam", ("wifi-slow",)),
    ("de", "tafle reagiert nicht", ("display-no-touch",)),
    ("de", "dispaly kalibrieren", ("display-calibration",)),
    ("de", "chromebok registrieren", ("chromebook-enrolment",)),
    ("de", "ipda eingefroren", ("ipad-frozen",)),
    ("de", "tablet verlorn", ("tablet-lost",)),
    ("de", "druker hinzufügen", ("printer-setup",)),
    ("de", "konto gespert", ("account-locked",)),
    ("de", "dokumentenkamra", ("document-camera",)),
    ("de", "laptp lädt nicht", ("laptop-not-charging",)),
    ("de", "fernwartnug", ("remote-session",)),
    ("de", "bemaer", ("projector-connection", "projector-filter-lamp")),
    ("de", "wlna passwort", ("wifi-join", "wifi-guest-code")),
    ("de", "ipda app", ("ipad-management",)),
    ("fr", "projecteru pas d'image", ("projector-connection",)),
    ("fr", "porjecteur voyant orange", ("projector-filter-lamp",)),
    ("fr", "tabelau interactif ne repond plus", ("display-no-touch",)),
    ("fr", "calbirer ecran", ("display-calibration",)),
    ("fr", "wifi mot de pase", ("wifi-join", "wifi-guest-code")),
    ("fr", "chromebok ne démarre pas", ("chromebook-recovery",)),
    ("fr", "tablete volée", ("tablet-lost",)),
    ("fr", "imprimnte", ("printer-setup",)),
    ("fr", "compte bolqué", ("account-locked",)),
    ("fr", "camera de documnets", ("document-camera",)),
    ("fr", "ordinateur tres lnet", ("windows-slow-updates",)),
    ("fr", "mot de passe oubilé", ("password-reset",)),
    ("fr", "batterie chargeru", ("laptop-not-charging",)),
    ("fr", "visite tecnicien", ("onsite-visit-prepare",)),
    ("fr", "porjecteur", ("projector-connection", "projector-filter-lamp")),
    ("fr", "wifi lnet", ("wifi-slow",)),
    ("fr", "ipda figé", ("ipad-frozen",)),
)


@dataclass(frozen=True)
class Evaluation:
    recall: float  # mean over the queries of |expected ∩ first k| / min(|expected|, k)
    misses: list[tuple[str, str, list[str]]]  # (language, query, titles found)


def recall_at(k: int = 3, queries=QUERIES, language: str = "") -> Evaluation:
    """Recall@k of `queries`, of one language if given."""
    queries = [query for query in queries if not language or query[0] == language]
    total, misses = 0.0, []
    for language, text, keys in queries:
        expected = {str(translation_key(key)) for key in keys}
        hits = search(text, language, SearchFilters(audience=PUBLIC, limit=k))
        found = {hit.translation_key for hit in hits} & expected
        total += len(found) / min(len(expected), k)
        if not found:
            misses.append((language, text, [hit.title for hit in hits]))
    return Evaluation(recall=total / len(queries), misses=misses)

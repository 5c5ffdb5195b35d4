"""Fold what a reply repeats: the quoted earlier messages and the signature.

`split_reply(text)` cuts the text of a reply into what the conversation shows
(`visible`), the earlier messages it quotes (`quoted`) and the sender's
signature (`signature`). The caller keeps the full text; this only decides
what is folded. Quote headers and sign-offs are recognised in German,
French and English first (the programme's languages), and in the other
languages real mail clients write them in.

Rules, in order:
1. The quoted part starts at the first quote marker that is followed only by
   quoted text: a quote header ("On … wrote:", "Am … schrieb …:", "Le … a
   écrit :", a header with a date and an address ending in ":"), an
   "-----Original Message-----" separator, an Outlook "From:/Sent:/To:" (or
   "Von:/Gesendet:/An:", "De :/Envoyé :/À :") block, or a trailing block of
   "> " lines. A `>` block followed by more unquoted text is an inline
   answer and stays visible.
2. The signature starts, before the quote, at a "-- " line, a line sent
   by a phone ("Sent from my iPhone", "Von meinem iPhone gesendet",
   "Envoyé de mon iPhone", …) or a sign-off line ("Mit freundlichen Grüßen",
   "Cordialement", "Best regards", …) followed by a few short lines.
3. If nothing would stay visible, nothing is folded.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class SplitReply:
    visible: str
    quoted: str = ""
    signature: str = ""


# --- what the lines look like --------------------------------------------------

_WROTE = (
    r"wrote|writes|schrieb|schreibt|a\s+[ée]crit|[ée]crit|ha\s+scritto|scrive|schreef"
    r"|skrev|skriver|napisał(?:\(a\))?|napisała|escribió|escreveu|kirjoitti"
    r"|написал(?:\(а\))?|написала|писал|пише|írta|yazdı|geschreven"
)
_LEAD = (
    r"on|am|le|op|il|in\s+data|em|el|den|dne|w\s+dniu|dnia|pe|ma|ti|ke|to|la|su"
    r"|the|at|in|vào|el\s+día"
)
_VERB_HEADER = re.compile(r"^.{0,400}?\b(?:" + _WROTE + r")\s*:?$", re.IGNORECASE | re.DOTALL)
_WROTE_WORD = re.compile(r"\b(?:" + _WROTE + r")\b", re.IGNORECASE)
_LEAD_WORD = re.compile(r"^(?:" + _LEAD + r")\b", re.IGNORECASE)
_ADDRESS = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+|mailto:", re.IGNORECASE)
_TIME = re.compile(r"\b\d{1,2}[:.h]\d{2}\b")
_DATE = re.compile(
    r"\b\d{4}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}\.?\s+[A-Za-zÀ-ÿа-я]{3,}", re.UNICODE
)

_SEPARATOR = re.compile(
    r"^\s*[-_=*]{2,}\s*(?:original\s+message|ursprüngliche\s+nachricht|original[- ]nachricht"
    r"|message\s+d['’]origine|message\s+original|oorspronkelijk\s+bericht"
    r"|messaggio\s+originale|mensaje\s+original|mensagem\s+original|oprindelig\s+besked"
    r"|opprinnelig\s+melding|ursprungligt\s+meddelande|alkuperäinen\s+viesti"
    r"|wiadomość\s+oryginalna|oryginalna\s+wiadomość|исходное\s+сообщение"
    r"|původní\s+zpráva|eredeti\s+üzenet|reply\s+message|antwort\s+nachricht)"
    r"\s*[-_=*]{2,}\s*$",
    re.IGNORECASE,
)
_FORWARD = re.compile(
    r"^\s*(?:[-_=*>]+\s*)?(?:forwarded\s+message|begin\s+forwarded\s+message"
    r"|weitergeleitete\s+nachricht|message\s+transf[ée]r[ée]|doorgestuurd\s+bericht"
    r"|messaggio\s+inoltrato|mensaje\s+reenviado)",
    re.IGNORECASE,
)
_RULE = re.compile(r"^\s*[_—–-]{10,}\s*$")

# Labels of an Outlook-style header block, by role.
_FROM_LABELS = r"from|von|de|van|da|od|fra|från|lähettäjä|от|expéditeur|absender|sender|de\s+la"
_OTHER_LABELS = (
    r"sent|date|to|cc|subject|gesendet|datum|an|betreff|envoy[ée](?:\s+le)?|date\s+d['’]envoi|à|a"
    r"|objet|sujet|verzonden|aan|onderwerp|inviato|oggetto|data|enviado|enviada|fecha|para"
    r"|asunto|assunto|wysłane|wysłano|do|temat|sendt|til|emne|skickat|till|ämne|lähetetty"
    r"|vastaanottaja|aihe|отправлено|кому|тема|kopie|copie(?:\s+à)?|cci|bcc|message\s+du"
)
_FROM_LINE = re.compile(r"^\s*\*?(?:" + _FROM_LABELS + r")\s*\*?\s*:", re.IGNORECASE)
_OTHER_LINE = re.compile(r"^\s*\*?(?:" + _OTHER_LABELS + r")\s*\*?\s*:", re.IGNORECASE)
_FORWARD_SUBJECT = re.compile(
    r"^\s*\*?(?:subject|betreff|objet|sujet|onderwerp|oggetto|asunto|assunto)\s*\*?\s*:"
    r"\s*(?:fwd?|wg|tr|wtr|fw|rv|enc)\s*:",
    re.IGNORECASE,
)

_DASHES = re.compile(r"^(?:--|-- |_{2,})\s*$")  # "-- " and what editors make of it
_RULE_DELIMITER = re.compile(r"^(?:={3,}|-{4,}|—{3,})\s*$")
_SIGNATURE_DELIMITER = re.compile(_DASHES.pattern + "|" + _RULE_DELIMITER.pattern)
_THANKS = re.compile(
    r"^\s*(?:thanks|thank\s+you|many\s+thanks|thanks\s+again|merci|merci\s+beaucoup"
    r"|merci\s+d['’]avance|danke|vielen\s+dank|danke\s+schön|besten\s+dank)[\s,.!]*$",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"^\s*(?:sent\s+(?:from|with|via)\s+(?:my\s+)?\S.{0,40}"
    r"|sent\s+from\s+outlook.{0,30}|get\s+outlook\s+for\s+\w+.{0,30}"
    r"|von\s+meinem\s+\S.{0,40}\s+gesendet|gesendet\s+(?:von|mit|vom|via)\s+\S.{0,40}"
    r"|envoy[ée]\s+(?:de|depuis|à\s+partir\s+de|avec)\s+(?:mon|ma|l['’])?\s*\S.{0,40}"
    r"|verzonden\s+(?:vanaf|met)\s+\S.{0,40}|inviato\s+da\s+\S.{0,40}"
    r"|enviado\s+desde\s+\S.{0,40}|skickat\s+från\s+\S.{0,40}|sendt\s+fra\s+\S.{0,40}"
    r"|wysłane\s+z\s+\S.{0,40}|отправлено\s+с\s+\S.{0,40})[.!]?\s*(?:[<(\[]\S+[>)\]])?\s*$",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"^\s*(?:mit\s+freundlichen\s+grüßen|mit\s+freundlichen\s+grüssen|mit\s+freundlichem\s+gruß"
    r"|mit\s+freundlichem\s+gruss|freundliche\s+grüße|freundliche\s+grüsse|viele\s+grüße"
    r"|viele\s+grüsse|beste\s+grüße|beste\s+grüsse|liebe\s+grüße|liebe\s+grüsse|herzliche\s+grüße"
    r"|herzliche\s+grüsse|schöne\s+grüße|schöne\s+grüsse|mfg|lg|vg|gruß|gruss|grüße|grüsse"
    r"|cordialement|bien\s+cordialement|très\s+cordialement|bien\s+à\s+vous|bien\s+a\s+vous"
    r"|salutations|sincères\s+salutations|meilleures\s+salutations|bien\s+amicalement"
    r"|amicalement|bonne\s+journée|belle\s+journée|bien\s+des\s+choses"
    r"|best\s+regards|kind\s+regards|warm\s+regards|regards|best\s+wishes|sincerely"
    r"|yours\s+sincerely|yours\s+truly|cheers|best|all\s+the\s+best|with\s+best\s+regards"
    r"|met\s+vriendelijke\s+groet(?:en)?|vriendelijke\s+groet(?:en)?|groeten"
    r"|cordiali\s+saluti|saluti|distinti\s+saluti|un\s+saluto|saludos|atentamente"
    r"|cumprimentos|atenciosamente|med\s+vänliga\s+hälsningar|vänliga\s+hälsningar"
    r"|med\s+venlig\s+hilsen|venlig\s+hilsen|med\s+vennlig\s+hilsen|pozdrawiam|z\s+poważaniem"
    r"|с\s+уважением)"
    r"[\s,.!]*$",
    re.IGNORECASE,
)
# The same greetings after a few words on a short line ("Danke und viele
# Grüße", "Merci et bonne journée", "Thanks and kind regards").
_LEAD_IN_SIGN_OFF = re.compile(
    r"^\s*.{1,25}\s(?:mit\s+freundlichen\s+gr(?:ü|u|ue)(?:ß|ss)en|(?:viele|beste|liebe|herzliche"
    r"|schöne|freundliche)\s+gr(?:ü|ue)(?:ß|ss)e|cordialement|bien\s+à\s+vous|bonne\s+journée"
    r"|belle\s+journée|salutations|best\s+regards|kind\s+regards|warm\s+regards)[\s,.!]*$",
    re.IGNORECASE,
)
_MAX_SIGNATURE_LINES = 25


def _is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _is_blank(line: str) -> bool:
    return not line.strip()


def _joined_header(lines: list[str], start: int) -> int:
    """How many lines, from `start`, make a quote header ("On … wrote:" and
    the like, possibly wrapped over several lines); 0 when none."""
    parts: list[str] = []
    for end in range(start, min(start + 4, len(lines))):
        line = lines[end]
        if _is_blank(line):
            break
        if _is_quoted(line):
            # "… <address\n>:" — the end of a wrapped address, not a quote.
            if end > start and re.match(r"^\s*>\s*:\s*$", line):
                parts.append(":")
            else:
                break
        else:
            parts.append(line.strip())
        text = " ".join(parts).replace(" :", ":").strip(" -*")
        if len(text) > 400:
            break
        if end > start and not _may_start_header(parts[0]):
            break  # a wrapped header starts with "On …", a date or a time
        if len(parts) > 1 and re.search(r"[.!?]$", parts[-2]):
            break  # the end of a sentence is not inside a header
        if _is_quote_header(text, lines, end + 1):
            return end - start + 1
    return 0


def _may_start_header(line: str) -> bool:
    line = line.strip(" -*>")
    return bool(_LEAD_WORD.match(line) or _TIME.search(line) or _DATE.search(line))


def _is_quote_header(text: str, lines: list[str], after: int) -> bool:
    has_address = bool(_ADDRESS.search(text))
    has_date = bool(_TIME.search(text) or _DATE.search(text))
    if _VERB_HEADER.match(text):
        if _LEAD_WORD.match(text) and (has_address or has_date):
            return True
        if has_address or (has_date and text.endswith(":")):
            return True
        return text.endswith(":") and _next_is_quoted(lines, after)
    # "Am 02.03.26 um 09:15 schrieb Pupitre Support:" (Thunderbird in German):
    # the name after the verb.
    if text.endswith(":") and _LEAD_WORD.match(text) and has_date and _WROTE_WORD.search(text):
        return len(text) <= 300
    # "2017-11-24 16:32 GMT+01:00 Name <addr>:" and other verb-less forms.
    return text.endswith(":") and has_address and has_date and len(text) <= 300


def _next_is_quoted(lines: list[str], index: int) -> bool:
    for line in lines[index : index + 3]:
        if not _is_blank(line):
            return _is_quoted(line)
    return False


def _header_block(lines: list[str], start: int) -> bool:
    """An Outlook-style block of header lines ("From:", "Sent:", "To:",
    "Subject:" and their translations, in any order) starting here, with a
    sender among them: at least three such lines in a row."""
    labels = 0
    has_sender = False
    for line in lines[start : start + 8]:
        if _FORWARD_SUBJECT.match(line):
            return False  # a forwarded message: its content is the request
        if _FROM_LINE.match(line):
            has_sender = True
        elif not _OTHER_LINE.match(line):
            if _is_blank(line) or labels == 0:
                break
            continue  # a header value wrapped onto the next line
        labels += 1
    return labels >= 3 and has_sender and bool(_FROM_LINE.match(lines[start]) or labels >= 4)


def _forwarded_above(lines: list[str], start: int) -> bool:
    for line in reversed(lines[max(0, start - 3) : start]):
        if _FORWARD.match(line):
            return True
        if not _is_blank(line) and not _RULE.match(line):
            return False
    return False


def _with_rule_above(lines: list[str], start: int) -> int:
    """A horizontal rule ("_____", "-----", an <hr>) just above a quoted
    message belongs to it."""
    for index in range(start - 1, max(start - 3, -1), -1):
        if _RULE.match(lines[index]) or _SIGNATURE_DELIMITER.match(lines[index].rstrip()):
            return index
        if not _is_blank(lines[index]):
            break
    return start


class _Lines:
    """The lines of a reply with what the rules ask of every position,
    computed once from the end so that each question costs O(1)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        count = len(lines)
        self.quote_after = [False] * (count + 1)  # a ">" line at or after i
        self.stop = [count] * (count + 1)  # first line at or after i that is not quoted text
        # A header line has a colon or a "wrote" verb: a cheap test that
        # spares the full rules to most lines of a long message.
        self.may_head = [":" in line or bool(_WROTE_WORD.search(line)) for line in lines]
        for index in range(count - 1, -1, -1):
            line = lines[index]
            self.quote_after[index] = _is_quoted(line) or self.quote_after[index + 1]
            self.stop[index] = self.stop[index + 1] if self._passes(index) else index

    def _passes(self, index: int) -> bool:
        line = self.lines[index]
        if _is_quoted(line) or _is_blank(line):
            return True
        before = self.lines[index - 1] if index else ""
        after = self.lines[index + 1] if index + 1 < len(self.lines) else ""
        # A wrapped leftover of a long quoted line sits between two ">" lines.
        return _is_quoted(before) and _is_quoted(after)

    def only_quote_after(self, start: int) -> bool:
        """Whether the lines from `start` hold nothing but quoted text: `>`
        lines, blank lines, wrapped leftovers and a closing signature or
        footer. Any other unquoted text is an answer written between or
        under the quotes."""
        stop = self.stop[min(start, len(self.lines))]
        if stop >= len(self.lines):
            return True
        line = self.lines[stop]
        closing = _SIGNATURE_DELIMITER.match(line.rstrip()) or _PHONE.match(line)
        return bool(closing) and not self.quote_after[stop]


def _quote_start(lines: list[str]) -> int:
    """The first line of the quoted earlier messages, or len(lines)."""
    facts = _Lines(lines)
    for index, line in enumerate(lines):
        if _is_quoted(line):
            if facts.only_quote_after(index):
                return index
            continue
        if _SEPARATOR.match(line):
            return index
        if not any(facts.may_head[index : index + 4]):
            continue
        if _header_block(lines, index) and not _forwarded_above(lines, index):
            return _with_rule_above(lines, index)
        length = _joined_header(lines, index)
        if length and (
            not _next_is_quoted(lines, index + length) or facts.only_quote_after(index + length)
        ):
            return index
    return len(lines)


def _leading_quote_end(lines: list[str]) -> int:
    """For a reply written under the quote (bottom-posting): where the
    answer starts, when the text opens with a quote (and its header) and
    has no other quote after it; else 0."""
    first = next((i for i, line in enumerate(lines) if not _is_blank(line)), len(lines))
    index = first + _joined_header(lines, first) if first < len(lines) else first
    if index >= len(lines) or not _next_is_quoted(lines, index):
        return 0
    while index < len(lines) and (_is_quoted(lines[index]) or _is_blank(lines[index])):
        index += 1
    rest = lines[index:]
    if not any(not _is_blank(line) for line in rest) or any(_is_quoted(line) for line in rest):
        return 0
    return index


def _signature_start(lines: list[str], end: int, sender_name: str = "") -> int:
    """Where the signature starts in lines[:end], or `end`."""
    lines = lines[:end]
    tail = _Tail(lines)
    first_text = next((i for i, line in enumerate(lines) if not _is_blank(line)), end)
    names = _name_words(sender_name)
    # Only the end of a message can be its signature.
    for index in range(max(first_text + 1, tail.start_of_last(41)), end):
        line = lines[index].rstrip()
        after = index + 1
        if _DASHES.match(line) and tail.short(after, 40):
            return index
        if (
            _RULE_DELIMITER.match(line)
            and tail.short(after, 12, width=80)
            and _signature_like_tail(lines, after, end)
        ):
            return index
        if _PHONE.match(line) and tail.short(after, 3):
            return index
        if _SIGN_OFF.match(line) and tail.short(after, _MAX_SIGNATURE_LINES):
            return index
        if _LEAD_IN_SIGN_OFF.match(line) and tail.short(after, 12, width=80):
            return index
        if _THANKS.match(line) and tail.short(after, 2, width=40) and not tail.short(after, 0):
            return index
        if names and _starts_with_name(line, names) and tail.short(index, 8, width=80):
            return index
    return end


class _Tail:
    """Counts over the lines from each position to the end."""

    def __init__(self, lines: list[str]) -> None:
        count = len(lines)
        self.texts = [0] * (count + 1)  # non-blank lines from i on
        self.widest = [0] * (count + 1)  # longest stripped line from i on
        self.quoted = [False] * (count + 1)
        for index in range(count - 1, -1, -1):
            line = lines[index]
            self.texts[index] = self.texts[index + 1] + (not _is_blank(line))
            self.widest[index] = max(self.widest[index + 1], len(line.strip()))
            self.quoted[index] = self.quoted[index + 1] or _is_quoted(line)

    def short(self, start: int, max_lines: int, width: int = 0) -> bool:
        if width and self.widest[start] > width:
            return False
        return self.texts[start] <= max_lines and not self.quoted[start]

    def start_of_last(self, texts: int) -> int:
        """The first position from which at most `texts` non-blank lines follow."""
        index = len(self.texts) - 1
        while index > 0 and self.texts[index - 1] <= texts:
            index -= 1
        return index


def _signature_like_tail(lines: list[str], start: int, end: int) -> bool:
    """Under a rule ("====", "-----"), a signature: a few short lines that
    begin with a name or a logo, not a list or a sentence."""
    tail = [line.strip() for line in lines[start:end] if not _is_blank(line)]
    if not tail or len(tail) > 12 or any(len(line) > 80 for line in tail):
        return False
    return len(tail[0]) <= 40 and not re.match(r"^(\d|[-*•]\s)", tail[0])


def _name_words(sender_name: str) -> tuple[str, ...]:
    words = [w for w in re.split(r"[\s,]+", sender_name) if len(w) > 1 and "@" not in w]
    return tuple(words[:3])


def _starts_with_name(line: str, names: tuple[str, ...]) -> bool:
    """A short line that is the sender's name ("Stavros Xxxxxx", "Me John
    Doe"): it holds the first name and nothing long besides."""
    words = line.split()
    return 0 < len(words) <= 5 and names[0] in words


def _marker_start(lines: list[str], markers: tuple[str, ...]) -> int:
    """The first line that holds one of our own markers ("reply above this
    line"), or the quote header just above it; len(lines) when none."""
    wanted = [m.casefold() for m in markers if m.strip()]
    for index, line in enumerate(lines):
        if any(marker in line.casefold() for marker in wanted):
            # The earliest start of a header whose last line is just above.
            for start in range(max(index - 4, 0), index):
                if start + _joined_header(lines, start) == index > start:
                    return start
            return index
    return len(lines)


def split_reply(text: str, *, sender_name: str = "", markers: tuple[str, ...] = ()) -> SplitReply:
    """Split the text of a reply into visible text, quoted text and
    signature. `sender_name`, when given, also recognises a signature that
    starts with the sender's name; `markers` are lines our own messages
    carry ("reply above this line"): the quote starts at the first of them
    at the latest, quoted or not."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    cut = _quote_start(lines)
    if markers:
        cut = min(cut, _marker_start(lines, markers))
    answer_from = 0
    if cut == len(lines):
        answer_from = _leading_quote_end(lines)
    body = lines[answer_from:cut]
    signature_at = _signature_start(body, len(body), sender_name)
    visible = "\n".join(body[:signature_at]).strip("\n")
    if not visible.strip():
        return SplitReply(visible=text.strip("\n"))
    quoted = lines[:answer_from] if answer_from else lines[cut:]
    return SplitReply(
        visible=visible.rstrip(),
        quoted="\n".join(quoted).strip("\n"),
        signature="\n".join(body[signature_at:]).strip("\n"),
    )

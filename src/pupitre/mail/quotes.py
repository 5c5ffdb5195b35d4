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
    r"|vastaanottaja|aihe|отправлено|кому|тема|kopie|copie|cci|bcc"
)
_FROM_LINE = re.compile(r"^\s*\*?(?:" + _FROM_LABELS + r")\s*\*?\s*:", re.IGNORECASE)
_OTHER_LINE = re.compile(r"^\s*\*?(?:" + _OTHER_LABELS + r")\s*\*?\s*:", re.IGNORECASE)
_FORWARD_SUBJECT = re.compile(
    r"^\s*\*?(?:subject|betreff|objet|sujet|onderwerp|oggetto|asunto|assunto)\s*\*?\s*:"
    r"\s*(?:fwd?|wg|tr|wtr|fw|rv|enc)\s*:",
    re.IGNORECASE,
)

_SIGNATURE_DELIMITER = re.compile(r"^(?:--|-- |={3,}|_{3,})\s*$")
_PHONE = re.compile(
    r"^\s*(?:sent\s+(?:from|with|via)\s+(?:my\s+)?\S.{0,40}"
    r"|sent\s+from\s+outlook.{0,30}|get\s+outlook\s+for\s+\w+.{0,30}"
    r"|von\s+meinem\s+\S.{0,40}\s+gesendet|gesendet\s+(?:von|mit|vom|via)\s+\S.{0,40}"
    r"|envoy[ée]\s+(?:de|depuis|à\s+partir\s+de|avec)\s+(?:mon|ma|l['’])?\s*\S.{0,40}"
    r"|verzonden\s+(?:vanaf|met)\s+\S.{0,40}|inviato\s+da\s+\S.{0,40}"
    r"|enviado\s+desde\s+\S.{0,40}|skickat\s+från\s+\S.{0,40}|sendt\s+fra\s+\S.{0,40}"
    r"|wysłane\s+z\s+\S.{0,40}|отправлено\s+с\s+\S.{0,40})\s*$",
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
_MAX_SIGNATURE_LINES = 25


def _is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _is_blank(line: str) -> bool:
    return not line.strip()


def _unquote(line: str) -> str:
    return re.sub(r"^(\s*>)+\s?", "", line)


def _joined_header(lines: list[str], start: int, *, quoted: bool = False) -> int:
    """How many lines, from `start`, make a quote header ("On … wrote:" and
    the like, possibly wrapped over several lines); 0 when none."""
    parts: list[str] = []
    for end in range(start, min(start + 4, len(lines))):
        line = _unquote(lines[end]) if quoted else lines[end]
        if _is_blank(line) or (not quoted and _is_quoted(lines[end])):
            break
        parts.append(line.strip())
        text = " ".join(parts)
        if len(text) > 400:
            break
        if _is_quote_header(text, lines, end + 1):
            return end - start + 1
    return 0


def _is_quote_header(text: str, lines: list[str], after: int) -> bool:
    has_address = bool(_ADDRESS.search(text))
    has_date = bool(_TIME.search(text) or _DATE.search(text))
    if _VERB_HEADER.match(text):
        if _LEAD_WORD.match(text) and (has_address or has_date):
            return True
        if has_address or (has_date and text.endswith(":")):
            return True
        return text.endswith(":") and _next_is_quoted(lines, after)
    # "2017-11-24 16:32 GMT+01:00 Name <addr>:" and other verb-less forms.
    return text.endswith(":") and has_address and has_date and len(text) <= 300


def _next_is_quoted(lines: list[str], index: int) -> bool:
    for line in lines[index : index + 3]:
        if not _is_blank(line):
            return _is_quoted(line)
    return False


def _outlook_block(lines: list[str], start: int) -> bool:
    """A "From:" line followed, within a few lines, by two more header
    labels ("Sent:", "To:", "Subject:" and their translations)."""
    if not _FROM_LINE.match(lines[start]):
        return False
    labels = 0
    for line in lines[start + 1 : start + 9]:
        if _FORWARD_SUBJECT.match(line):
            return False  # a forwarded message: its content is the request
        if _OTHER_LINE.match(line):
            labels += 1
    return labels >= 2


def _forwarded_above(lines: list[str], start: int) -> bool:
    for line in reversed(lines[max(0, start - 3) : start]):
        if _FORWARD.match(line):
            return True
        if not _is_blank(line) and not _RULE.match(line):
            return False
    return False


def _strong_marker(lines: list[str]) -> int:
    """The first line where an unprefixed quote starts, or len(lines)."""
    for index, line in enumerate(lines):
        if _is_quoted(line):
            continue
        if _SEPARATOR.match(line):
            return index
        if _outlook_block(lines, index) and not _forwarded_above(lines, index):
            if index and _RULE.match(lines[index - 1]):
                return index - 1
            return index
        length = _joined_header(lines, index)
        if length and not _next_is_quoted(lines, index + length):
            return index
    return len(lines)


def _trailing_quote(lines: list[str], end: int) -> int:
    """Where the block of `>` lines (with its header) ending at `end` starts,
    or `end` when there is none."""
    start = end
    seen_quote = False
    index = end - 1
    while index >= 0:
        line = lines[index]
        if _is_quoted(line):
            seen_quote = True
        elif _is_blank(line):
            pass
        elif seen_quote and index > 0 and _quoted_above(lines, index):
            pass  # a long quoted line that was wrapped without its ">"
        else:
            break
        start = index if (seen_quote or _is_blank(line)) else start
        index -= 1
    if not seen_quote:
        return end
    while start < end and _is_blank(lines[start]):
        start += 1
    # The header just above the quoted block ("On … wrote:") belongs to it.
    above = start - 1
    if above >= 0 and _is_blank(lines[above]):
        above -= 1
    for header_start in range(above, max(above - 4, -1), -1):
        length = _joined_header(lines, header_start)
        if length and header_start + length - 1 >= above:
            return header_start
    return start


def _quoted_above(lines: list[str], index: int) -> bool:
    for line in reversed(lines[max(0, index - 2) : index]):
        if not _is_blank(line):
            return _is_quoted(line)
    return False


def _signature_start(lines: list[str], end: int) -> int:
    """Where the signature starts in lines[:end], or `end`."""
    first_text = next((i for i in range(end) if not _is_blank(lines[i])), end)
    for index in range(first_text + 1, end):
        line = lines[index].rstrip("\r")
        if _SIGNATURE_DELIMITER.match(line) and _short_tail(lines, index + 1, end, 40):
            return index
        if _PHONE.match(line) and _short_tail(lines, index + 1, end, 3):
            return index
        if _SIGN_OFF.match(line) and _short_tail(lines, index + 1, end, _MAX_SIGNATURE_LINES):
            return index
    return end


def _short_tail(lines: list[str], start: int, end: int, max_lines: int) -> bool:
    tail = [line for line in lines[start:end] if not _is_blank(line)]
    return len(tail) <= max_lines and not any(_is_quoted(line) for line in tail)


def split_reply(text: str) -> SplitReply:
    """Split the text of a reply into visible text, quoted text and signature."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    cut = _strong_marker(lines)
    cut = _trailing_quote(lines, cut)
    signature_at = _signature_start(lines, cut)
    visible = "\n".join(lines[:signature_at]).strip("\n")
    if not visible.strip():
        return SplitReply(visible=text.strip("\n"))
    return SplitReply(
        visible=visible.rstrip(),
        quoted="\n".join(lines[cut:]).strip("\n"),
        signature="\n".join(lines[signature_at:cut]).strip("\n"),
    )

"""File names made from text: a mail's subject, a part's description, a name
a sender or a browser gave, a label sheet's school.

The text is kept, only made safe: characters that a file system, a
download or a shell would read as something else (`/ \\ : * ? " < > |`)
become `_`, control characters become spaces, invisible direction marks
(which can disguise `gpj.exe` as `exe.jpg`) go, accents stay (in NFC:
Apple Mail sends them decomposed). A name is at most 150 characters and
200 bytes of UTF-8 (file systems allow 255 bytes, and storage may add a
suffix), cut in its middle part so that the extension stays. It is never
empty, `.` or `..`, never starts with a dot (a hidden file) and is never a
Windows device name (`CON`, `NUL.txt`…).
"""

import re
import unicodedata

MAX_CHARACTERS = 150
MAX_BYTES = 200

_SURROGATE = re.compile("[\ud800-\udfff]")  # not encodable: the name could not be stored
_RESERVED = re.compile(r'[/\\:*?"<>|]')
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_DIRECTION_MARKS = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")
_WINDOWS_DEVICE = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)", re.IGNORECASE)
_EXTENSION = re.compile(r"\.[^.\s]{1,10}$")


def filename_from_text(text: str, extension: str = "", *, default: str = "file") -> str:
    """`text` (and `extension`, e.g. ".eml") as a file name; `default` when
    no character of the text is left (`""` for a caller with its own
    fallback)."""
    name = unicodedata.normalize("NFC", _SURROGATE.sub("\ufffd", text))
    name = _DIRECTION_MARKS.sub("", _CONTROL.sub(" ", name))
    name = _SPACES.sub(" ", _RESERVED.sub("_", name)).strip(" .")
    if not name:
        return default
    if not extension:
        match = _EXTENSION.search(name)
        if match and match.start() > 0:
            name, extension = name[: match.start()], match.group(0)
    name = _bounded(name, MAX_CHARACTERS - len(extension), MAX_BYTES - _size(extension))
    name += extension
    if _WINDOWS_DEVICE.match(name):
        name = "_" + name
    return name


def filename_from_path(path: str, *, default: str = "file") -> str:
    """The last part of a path a sender or a browser gave
    (`C:\\Users\\x\\scan.pdf` gives `scan.pdf`), as a file name."""
    parts = [part for part in re.split(r"[/\\]", path) if part.strip(" .")]
    return filename_from_text(parts[-1] if parts else "", default=default)


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _bounded(text: str, characters: int, size: int) -> str:
    bounded = text[: max(characters, 1)]
    if _size(bounded) > size:
        bounded = bounded.encode("utf-8")[: max(size, 1)].decode("utf-8", "ignore")
    return bounded if bounded == text else bounded.rstrip(" .") or "_"

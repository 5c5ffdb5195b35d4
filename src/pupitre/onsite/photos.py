"""Photos taken on a technician's phone, made small enough to keep and mail.

A phone photo is 3–8 MB and 4000 px wide; the report needs a picture a
person can read on a screen or on A4. Every photo is turned upright (the
EXIF orientation a phone writes instead of rotating the pixels), scaled to
at most `MAX_SIDE` pixels on its longer side and saved as a JPEG without
its metadata: no GPS position or phone model leaves with the report.
Pure: bytes in, bytes out.
"""

import base64
import binascii
import io
import math
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from pupitre.core.errors import DomainError

MAX_SIDE = 1600
JPEG_QUALITY = 82
# A photo from any phone is well under this; a larger picture is refused
# before its pixels are decoded (a small file can claim a huge size).
MAX_PIXELS = 50_000_000


@dataclass(frozen=True)
class Photo:
    content: bytes
    width: int
    height: int


def resize_photo(data: bytes, *, max_side: int = MAX_SIDE) -> Photo:
    """The photo upright, at most `max_side` px on its longer side, as a JPEG
    without metadata. Anything that is not a picture is refused with a
    message."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise DomainError(
                    _("This picture is too large; take the photo again at a normal size."),
                    code="photo_too_large",
                    field="photos",
                )
            # A JPEG is decoded straight at a smaller scale (1/2, 1/4, 1/8,
            # still at least max_side): several times faster than decoding
            # 12 megapixels to throw most of them away.
            ratio = min(1.0, max_side / max(image.width, image.height, 1))
            image.draft("RGB", (math.ceil(image.width * ratio), math.ceil(image.height * ratio)))
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise DomainError(
            _("One of the files is not a photo this service can read (JPEG, PNG or WebP)."),
            code="not_a_photo",
            field="photos",
        ) from exc
    upright.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    if upright.mode != "RGB":
        # Transparency (a PNG screenshot) on white, as it would print.
        background = Image.new("RGB", upright.size, "white")
        rgba = upright.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        upright = background
    out = io.BytesIO()
    upright.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return Photo(content=out.getvalue(), width=upright.width, height=upright.height)


def signature_png(data_url: str) -> bytes:
    """The PNG drawn on the report's signature canvas, sent by the browser as
    a `data:image/png;base64,…` address. Checked to be a real, small PNG."""
    prefix = "data:image/png;base64,"
    invalid = DomainError(
        _("The signature could not be read; please sign again."),
        code="bad_signature",
        field="signature",
    )
    if not data_url.startswith(prefix) or len(data_url) > 2_000_000:
        raise invalid
    try:
        raw = base64.b64decode(data_url[len(prefix) :], validate=True)
        with Image.open(io.BytesIO(raw)) as image:
            if image.format != "PNG" or image.width * image.height > 4_000_000:
                raise invalid
            image.load()
            # Ink on white: what the PDF prints and a mail client shows.
            rgba = image.convert("RGBA")
    except (binascii.Error, UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise invalid from exc
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    bbox = ImageOps.invert(background.convert("L")).getbbox()
    if bbox is None:
        raise DomainError(
            _("The signature is empty; please sign in the box, or tick “Nobody available”."),
            code="empty_signature",
            field="signature",
        )
    out = io.BytesIO()
    background.convert("L").save(out, "PNG", optimize=True)
    return out.getvalue()

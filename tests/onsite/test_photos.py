"""Photos from a phone: upright, smaller, without their metadata; anything
else refused with a message. The signature drawn on the canvas."""

import base64
import io

import pytest
from PIL import Image

from pupitre.core.errors import DomainError
from pupitre.onsite.photos import MAX_SIDE, resize_photo, signature_png


def jpeg(width, height, *, orientation=None, gps=False) -> bytes:
    image = Image.new("RGB", (width, height), "white")
    # A dark left half, to see where the picture's left ends up.
    image.paste((0, 0, 0), (0, 0, width // 2, height))
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x010F] = "PhoneMaker"
        exif[0x8825] = {1: "N", 2: (50.0, 28.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif)
    return out.getvalue()


def test_a_phone_photo_is_scaled_to_the_longest_side_and_kept_as_jpeg():
    photo = resize_photo(jpeg(4000, 3000))
    assert (photo.width, photo.height) == (MAX_SIDE, 1200)
    with Image.open(io.BytesIO(photo.content)) as image:
        assert image.format == "JPEG"
        assert image.size == (MAX_SIDE, 1200)


def test_a_photo_taken_sideways_is_turned_upright():
    # EXIF orientation 6: the camera stored it rotated; a viewer turns it 90°.
    photo = resize_photo(jpeg(400, 300, orientation=6))
    assert (photo.width, photo.height) == (300, 400)
    with Image.open(io.BytesIO(photo.content)) as image:
        # The dark half that was on the left is now at the top.
        assert image.getpixel((150, 50))[0] < 60
        assert image.getpixel((150, 350))[0] > 200


def test_no_metadata_leaves_with_the_photo():
    photo = resize_photo(jpeg(800, 600, gps=True))
    with Image.open(io.BytesIO(photo.content)) as image:
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info


def test_a_small_photo_is_not_enlarged():
    photo = resize_photo(jpeg(640, 480))
    assert (photo.width, photo.height) == (640, 480)


def test_a_transparent_png_is_put_on_white():
    image = Image.new("RGBA", (50, 50), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    photo = resize_photo(out.getvalue())
    with Image.open(io.BytesIO(photo.content)) as result:
        assert result.getpixel((25, 25))[0] > 240


@pytest.mark.parametrize("content", [b"", b"%PDF-1.4 not a photo", jpeg(100, 100)[:200]])
def test_what_is_not_a_photo_is_refused_with_a_message(content):
    with pytest.raises(DomainError) as caught:
        resize_photo(content)
    assert caught.value.code == "not_a_photo"
    assert caught.value.field == "photos"


def test_a_picture_claiming_a_huge_size_is_refused_before_decoding():
    image = Image.new("1", (10000, 10000))
    out = io.BytesIO()
    image.save(out, "PNG")
    with pytest.raises(DomainError) as caught:
        resize_photo(out.getvalue())
    assert caught.value.code == "photo_too_large"


def drawn(ink: bool) -> str:
    image = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    if ink:
        image.paste((0, 0, 0, 255), (20, 50, 200, 55))
    out = io.BytesIO()
    image.save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def test_a_signature_is_kept_as_ink_on_white():
    content = signature_png(drawn(ink=True))
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "PNG"
        assert image.convert("L").getpixel((100, 52)) < 50
        assert image.convert("L").getpixel((100, 100)) > 240


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "bad_signature"),
        ("data:image/jpeg;base64,AAAA", "bad_signature"),
        ("data:image/png;base64,not base64!", "bad_signature"),
        ("data:image/png;base64," + base64.b64encode(b"not a png").decode(), "bad_signature"),
    ],
)
def test_a_signature_that_is_not_a_png_drawing_is_refused(value, code):
    with pytest.raises(DomainError) as caught:
        signature_png(value)
    assert caught.value.code == code


def test_an_empty_signature_is_refused():
    with pytest.raises(DomainError) as caught:
        signature_png(drawn(ink=False))
    assert caught.value.code == "empty_signature"

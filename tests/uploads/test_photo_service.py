"""photo_create: checked by content, cleaned of metadata, stored in sizes for phones and screens."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image, ImageCms

from tests.uploads.conftest import (
    CAMERA_MODEL,
    gps_exif,
    image_bytes,
    make_photo,
    pdf_bytes,
    png_header_only,
    stored_files,
    upload,
)
from uploads.models import Photo
from uploads.services import photo_create

pytestmark = pytest.mark.django_db


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as stored:
        return stored.read()


def test_a_photo_is_stored_with_sizes_for_phone_and_desktop(hagen_world, media_root):
    photo = make_photo(hagen_world["event"], data=image_bytes("JPEG", (4000, 3000)))

    assert (photo.width, photo.height) == (4000, 3000)
    assert [(size["width"], size["height"]) for size in photo.sizes] == [
        (480, 360),
        (960, 720),
        (1600, 1200),
    ]
    assert photo.image.name == f"photos/{photo.key}/original.jpg"
    assert stored_files(media_root) == sorted(photo.stored_names())
    for size in photo.sizes:
        with Image.open(io.BytesIO(_read(size["name"]))) as image:
            assert image.format == "WEBP"
            assert image.size == (size["width"], size["height"])


def test_a_small_photo_gets_no_size_wider_than_itself(hagen_world):
    photo = make_photo(hagen_world["event"], data=image_bytes("PNG", (700, 300)))
    assert [size["width"] for size in photo.sizes] == [480, 700]
    assert photo.image.name.endswith("/original.png")


def test_gps_camera_and_comments_are_removed_from_every_stored_file(hagen_world):
    original = image_bytes("JPEG", (2000, 1500), exif=gps_exif())
    with Image.open(io.BytesIO(original)) as image:  # the test's own file carries them
        assert image.getexif().get_ifd(0x8825)
        assert CAMERA_MODEL.encode() in original

    photo = make_photo(hagen_world["event"], data=original)

    for name in photo.stored_names():
        data = _read(name)
        assert b"Exif" not in data and b"GPS" not in data, name
        assert CAMERA_MODEL.encode() not in data, name
        with Image.open(io.BytesIO(data)) as image:
            assert not image.getexif(), name
            assert not {"exif", "xmp", "comment", "XML:com.adobe.xmp"} & set(image.info), name


def test_the_camera_orientation_is_applied_before_the_metadata_goes(hagen_world):
    # Stored sideways as cameras do (left half red, right half blue), with orientation 6:
    # "turn 90 degrees clockwise to show". Upright, red is on top.
    data = image_bytes("JPEG", (600, 400), exif=gps_exif(orientation=6), two_halves=True)
    photo = make_photo(hagen_world["event"], data=data)

    assert (photo.width, photo.height) == (400, 600)
    with Image.open(io.BytesIO(_read(photo.image.name))) as image:
        image = image.convert("RGB")
        top, bottom = image.getpixel((200, 50)), image.getpixel((200, 550))
    assert top[0] > 200 and top[2] < 60, top
    assert bottom[2] > 200 and bottom[0] < 60, bottom


def test_a_png_named_jpg_is_accepted_as_the_png_it_is(hagen_world):
    photo = photo_create(
        event=hagen_world["event"],
        file=upload("flipchart.jpg", image_bytes("PNG", (800, 600)), "image/jpeg"),
        alt_text="Flipchart mit den Ergebnissen von Tisch 2",
    )
    assert photo.image.name.endswith("/original.png")


def test_a_webp_is_accepted(hagen_world):
    photo = make_photo(hagen_world["event"], data=image_bytes("WEBP", (800, 600)))
    assert photo.image.name.endswith("/original.webp")


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("programm.jpg", pdf_bytes(), "kein Bild"),
        ("notizen.png", b"Tisch 1: Orte schaffen", "kein Bild"),
        ("bild.gif", image_bytes("GIF", (100, 100), mode="L"), "kein Bild"),
        ("kaputt.jpg", image_bytes("JPEG", (1200, 800))[:3000], "beschädigt"),
        ("leer.jpg", b"", "leer"),
        # A header claiming 10 gigapixels in a few bytes (Pillow refuses it itself) and one just
        # over the portal's limit: neither is decoded.
        ("bombe.png", png_header_only(100_000, 100_000), "zu viele Pixel"),
        ("gross.png", png_header_only(8000, 6000), "zu viele Pixel"),
    ],
)
def test_a_file_that_is_no_usable_image_is_refused_and_nothing_is_stored(
    hagen_world, media_root, name, data, message
):
    with pytest.raises(ValidationError) as refused:
        photo_create(event=hagen_world["event"], file=upload(name, data), alt_text="Ein Bild")
    assert message in " ".join(refused.value.messages)
    assert not Photo.objects.exists()
    assert stored_files(media_root) == []


def test_a_photo_over_the_byte_limit_is_refused(hagen_world, settings):
    settings.PHOTO_MAX_BYTES = 10_000
    with pytest.raises(ValidationError) as refused:
        make_photo(hagen_world["event"], data=image_bytes("JPEG", (2000, 1500)))
    assert "zu groß: höchstens 9,8\xa0KB" in refused.value.messages[0]


def test_a_photo_over_the_pixel_limit_is_refused(hagen_world, settings):
    settings.PHOTO_MAX_PIXELS = 1_000_000
    with pytest.raises(ValidationError) as refused:
        make_photo(hagen_world["event"], data=image_bytes("JPEG", (1200, 900)))
    assert "höchstens 1 Megapixel" in refused.value.messages[0]


def test_a_photo_without_alternative_text_is_refused_before_anything_is_stored(
    hagen_world, media_root
):
    with pytest.raises(ValidationError) as refused:
        make_photo(hagen_world["event"], alt_text="   ")
    assert "alt_text" in refused.value.message_dict
    assert stored_files(media_root) == []


def test_deleting_a_photo_or_its_event_deletes_its_files(
    hagen_world, media_root, django_capture_on_commit_callbacks
):
    draft = hagen_world["draft"]
    first, second = make_photo(draft), make_photo(draft)
    assert len(stored_files(media_root)) == 8

    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert stored_files(media_root) == sorted(second.stored_names())

    with django_capture_on_commit_callbacks(execute=True):
        draft.delete()
    assert stored_files(media_root) == []


def test_a_cmyk_photo_with_a_colour_profile_is_stored_in_rgb_without_the_profile(hagen_world):
    out = io.BytesIO()
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGB", (800, 600), (200, 80, 40)).save(out, "JPEG", icc_profile=profile)
    rgb_with_profile = out.getvalue()
    out = io.BytesIO()
    Image.new("CMYK", (800, 600), (0, 160, 200, 40)).save(out, "JPEG")

    for data in (rgb_with_profile, out.getvalue()):
        photo = make_photo(hagen_world["event"], data=data)
        with Image.open(io.BytesIO(_read(photo.image.name))) as image:
            assert image.mode == "RGB"
            assert "icc_profile" not in image.info
            red, green, blue = image.getpixel((400, 300))
            assert red > green and red > blue

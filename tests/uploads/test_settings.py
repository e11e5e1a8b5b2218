"""The media settings: an S3 bucket switches the storage; bad limits stop the start."""

import pytest

from tests.test_settings import run_manage


def _shell(code: str, **env) -> str:
    """The last line the code prints, with the default storage as ``s``."""
    result = run_manage(
        "shell",
        "-c",
        f"from django.core.files.storage import storages; s = storages['default']; {code}",
        DEBUG="1",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_without_a_bucket_media_are_on_the_file_system():
    assert _shell("print(type(s).__name__, s.location)").split()[0] == "FileSystemStorage"


def test_a_bucket_makes_the_storage_a_private_s3_bucket():
    printed = _shell(
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.region_name, s.default_acl, "
        "s.file_overwrite, s.addressing_style)",
        MEDIA_S3_BUCKET="portal-media",
        MEDIA_S3_ENDPOINT_URL="https://s3.example.org",
        MEDIA_S3_REGION="eu-central-1",
    )
    assert printed.split() == [
        "S3Storage",
        "portal-media",
        "https://s3.example.org",
        "eu-central-1",
        "None",
        "False",
        "path",
    ]


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("PHOTO_MAX_PIXELS", "0", "PHOTO_MAX_BYTES, PHOTO_MAX_PIXELS and ATTACHMENT_MAX_BYTES"),
        ("ATTACHMENT_MAX_BYTES", "20MB", "ATTACHMENT_MAX_BYTES must be a whole number"),
        ("MEDIA_S3_ADDRESSING_STYLE", "sideways", "MEDIA_S3_ADDRESSING_STYLE must be"),
    ],
)
def test_a_bad_media_setting_stops_the_start(name, value, message):
    result = run_manage("check", DEBUG="1", MEDIA_S3_BUCKET="portal-media", **{name: value})
    assert result.returncode != 0
    assert message in result.stderr

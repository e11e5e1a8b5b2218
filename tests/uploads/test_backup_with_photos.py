"""A backup holds every photo's files; restored, the page shows them and the view serves them."""

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client

from tests.uploads.conftest import make_attachment, make_photo, stored_files

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_restored_backup_serves_every_photo_and_file_as_before(hagen_world, media_root, tmp_path):
    event = hagen_world["event"]
    photo, attachment = make_photo(event), make_attachment(event)
    urls = [photo.url_of(name) for name in photo.stored_names()] + [attachment.url]
    client = Client()
    before = {url: b"".join(client.get(url).streaming_content) for url in urls}

    call_command("backup", str(tmp_path / "sicherung"), stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("flush", interactive=False, verbosity=0)
    for name in stored_files(media_root):
        default_storage.delete(name)
    assert stored_files(media_root) == []

    call_command("restore", str(tmp_path / "sicherung"), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert {url: b"".join(client.get(url).streaming_content) for url in urls} == before
    assert photo.srcset in client.get(event.get_absolute_url()).content.decode()

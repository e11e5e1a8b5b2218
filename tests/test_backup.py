"""Backup, then restore into an empty database: every public page reads as before, with media."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment
from engagement_portal import settings as configured
from events.models import Event
from legal.models import LegalPage
from recommendations.models import Recommendation
from stakeholders.models import Municipality, Organisation, PracticeExample

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')


def public_pages() -> list[str]:
    pages = [
        reverse("events:home"),
        reverse("events:list"),
        reverse("events:list") + "?q=Engagement",
        reverse("events:feed"),
        reverse("recommendations:list"),
        reverse("stakeholders:index"),
        reverse("assessments:list"),
    ]
    pages += [event.get_absolute_url() for event in Event.objects.published()]
    pages += [r.get_absolute_url() for r in Recommendation.objects.public()[:5]]
    pages += [m.get_absolute_url() for m in Municipality.objects.all()]
    pages += [
        reverse("stakeholders:organisation", args=[o.slug]) for o in Organisation.objects.all()[:5]
    ]
    pages += [e.get_absolute_url() for e in PracticeExample.objects.all()[:5]]
    pages += [reverse("assessments:detail", args=[a.pk]) for a in Assessment.objects.published()]
    return pages


def read(pages: list[str]) -> dict[str, tuple[int, str]]:
    client = Client()
    found = {}
    for page in pages:
        response = client.get(page)
        found[page] = (response.status_code, CSRF.sub(r"\1…", response.content.decode()))
    return found


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    return tmp_path / "media"


@pytest.mark.django_db(transaction=True)  # PostgreSQL: the search index's triggers run at commit
def test_a_restored_backup_reproduces_every_public_page(media, tmp_path):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    default_storage.save("fotos/podium.jpg", ContentFile(b"\xff\xd8 ein Foto"))
    LegalPage.objects.filter(kind="imprint").update(body_de="Stadt Hagen, Rathausstraße 11")
    pages = [*public_pages(), reverse("legal:imprint")]
    before = read(pages)
    assert sum(status == 200 for status, _ in before.values()) > 30

    call_command("backup", str(tmp_path / "sicherung"), stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("flush", interactive=False, verbosity=0)
    default_storage.delete("fotos/podium.jpg")
    assert not Event.objects.exists()
    # As migrate leaves a new database: the legal pages' empty rows.
    import_module("legal.migrations.0002_one_row_per_page").create_pages(apps, None)

    call_command("restore", str(tmp_path / "sicherung"), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert read(pages) == before
    with default_storage.open("fotos/podium.jpg") as photo:
        assert photo.read() == b"\xff\xd8 ein Foto"


def test_a_backup_is_restored_only_into_an_empty_database(hagen_world, media, tmp_path):
    call_command("backup", str(tmp_path / "sicherung"), stdout=open("/dev/null", "w"))  # noqa: SIM115
    with pytest.raises(CommandError, match="enthält schon Inhalte"):
        call_command("restore", str(tmp_path / "sicherung"))


def test_a_backup_never_writes_over_an_earlier_one(hagen_world, media, tmp_path):
    (tmp_path / "sicherung").mkdir()
    (tmp_path / "sicherung" / "alt.txt").write_text("alt")
    with pytest.raises(CommandError, match="nicht leer"):
        call_command("backup", str(tmp_path / "sicherung"))


def test_a_portal_without_uploads_backs_up_no_files(hagen_world, tmp_path, settings):
    # Without a media folder of its own, the storage's folder was the working directory, and the
    # backup copied the whole program as "media".
    assert configured.MEDIA_ROOT == configured.BASE_DIR / "media"
    settings.MEDIA_ROOT = tmp_path / "media"  # a new server's: the folder does not exist yet
    call_command("backup", str(tmp_path / "sicherung"), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not (tmp_path / "sicherung" / "media").exists()

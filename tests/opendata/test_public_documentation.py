"""A published documentation as JSON and YAML: the documentation format with what the public
page shows, nothing the staff export adds for the editors."""

import io
import json

import pytest
import yaml
from django.urls import reverse

from events.documentation_checks import schema_validator
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def json_file(client, slug: str) -> dict:
    response = client.get(reverse("opendata_files:documentation_json", args=[slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def test_people_appear_only_with_a_published_name_and_without_contact_data(client, open_world):
    data = json_file(client, "hagen-konferenz")
    text = json.dumps(data, ensure_ascii=False)
    people = {person["slug"]: person for person in data["people"]}
    assert people["erika-muster"] == {
        "slug": "erika-muster",
        "name": "Erika Muster",
        "function": "Moderatorin",
        "municipality": "hagen",
    }
    for secret in [
        "Geheime Teilnehmerin",
        "geheime-teilnehmerin",
        "geheim@example.org",
        "Büro Verborgen",
        "buero-verborgen",
        "Zurückgezogener Redner",
        "zurueckgezogener-redner",
        "erika.muster@hagen.example",
        "02331",
        "publish_name",
    ]:
        assert secret not in text
    roles = data["event"]["roles"]
    assert [role["person"] for role in roles] == [
        "erika-muster",
        "name-nicht-veroeffentlicht",
        "name-nicht-veroeffentlicht",
    ]
    assert data["event"]["quotes"][0]["speaker"] == "name-nicht-veroeffentlicht"
    assert people["name-nicht-veroeffentlicht"]["name"] == "Name nicht veröffentlicht"


def test_it_keeps_the_format_and_the_public_recommendations(client, open_world):
    data = json_file(client, "hagen-konferenz")
    assert list(schema_validator().iter_errors(data)) == []
    assert data["format"] == "engagement-portal/documentation"
    (strategy,) = data["strategies"]
    (recommendation,) = strategy["recommendations"]
    assert recommendation["slug"] == "hagen-zukunftsraete"
    assert recommendation["description"] == "Zukunftsräte in jedem Stadtbezirk."
    # The example and the change at the draft are left out, and no change says it is none.
    assert recommendation["status_history"] == [
        {
            "status": "in_progress",
            "date": "2022-09-01",
            "event": "hagen-konferenz",
            "note": "Erster Zukunftsrat gegründet.",
        }
    ]
    assert data["event"]["prioritisation"] == [
        {"recommendation": "hagen-zukunftsraete", "points": 17, "source": "paper"}
    ]


def test_a_recommendation_without_a_published_event_keeps_only_the_title_the_page_shows(
    client, open_world
):
    from recommendations.models import Priority

    Priority.objects.create(
        event=open_world["event"], recommendation=open_world["unpublished"], points=3
    )
    data = json_file(client, "hagen-konferenz")
    text = json.dumps(data, ensure_ascii=False)
    assert "interne-empfehlung" not in text
    assert "interne-strategie" not in text
    assert "Noch nicht abgestimmter Text." not in text
    assert {"label": "Interne Empfehlung", "points": 3, "source": "paper"} in data["event"][
        "prioritisation"
    ]


def test_the_yaml_file_holds_the_same_documentation(client, open_world):
    response = client.get(reverse("opendata_files:documentation_yaml", args=["hagen-konferenz"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert yaml.safe_load(response.content) == json_file(client, "hagen-konferenz")


@pytest.mark.parametrize("name", ["documentation_json", "documentation_yaml"])
@pytest.mark.parametrize("slug", ["hagen-entwurf", "gibt-es-nicht"])
def test_a_draft_or_unknown_documentation_is_not_found_even_for_its_editor(
    hagen_world, hagen_editor, name, slug
):
    url = reverse(f"opendata_files:{name}", args=[slug])
    for client in (client_for(None), client_for(hagen_editor)):
        assert client.get(url).status_code == 404


def test_only_reading_is_allowed(client, hagen_world):
    url = reverse("opendata_files:documentation_json", args=["hagen-konferenz"])
    assert client.post(url).status_code == 405


def test_a_photo_keeps_its_caption_and_credit_but_not_its_consent_note(
    client, hagen_world, settings, tmp_path
):
    from tests.uploads.conftest import image_bytes
    from uploads.services import photo_create

    settings.MEDIA_ROOT = tmp_path / "media"
    photo_create(
        event=hagen_world["event"],
        file=io.BytesIO(image_bytes()),
        alt_text="Podium mit fünf Personen",
        caption="Das Podium",
        credit="Stadt Hagen",
        consent_note="Einwilligung der Abgebildeten liegt in der Akte 12/3 vor",
    )
    (photo,) = json_file(client, "hagen-konferenz")["event"]["photos"]
    assert photo["caption"] == "Das Podium"
    assert photo["credit"] == "Stadt Hagen"
    assert "consent_note" not in photo

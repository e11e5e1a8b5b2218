"""An editor's documentation file stays within the editor's municipalities.

Each hostile file below is refused with the place and the reason, and nothing in the database
changes. Superusers (and the command line) keep the full import.
"""

import pytest
import yaml
from django.urls import reverse

from assessments.models import Assessment, Framework, ScaleStep
from events.exporter import documentation_export
from events.importer import DocumentationError, documentation_import
from events.models import Event, EventRole
from recommendations.models import Priority, Recommendation, StatusChange
from stakeholders.models import Network, Organisation, Person, PracticeExample
from tests.conftest import client_for
from tests.events.test_import_export import minimal, upload
from tests.state import database_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hagen, dortmund, hagen_world, dortmund_world):
    network = Network.objects.create(slug="engagiert-in-nrw", name="engagiert in NRW")
    hagen.networks.add(network)
    framework = Framework.objects.create(slug="weltoffen", name="Weltoffene Kommune")
    ScaleStep.objects.create(framework=framework, value="ja", label="ja", score=1, order=0)
    unowned = Person.objects.create(name="Prof. Ohne Ort", slug="ohne-ort", publish_name=True)
    dortmund_org = Organisation.objects.create(
        name="Dortmunder Verein",
        slug="dortmunder-verein",
        sector="civil_society",
        municipality=dortmund,
    )
    StatusChange.objects.create(
        recommendation=dortmund_world["recommendation"], status="in_progress", date="2023-01-01"
    )
    return {
        "hagen": hagen_world,
        "dortmund": dortmund_world,
        "network": network,
        "framework": framework,
        "unowned": unowned,
        "dortmund_org": dortmund_org,
    }


def refused(user, data) -> list[str]:
    """Import as ``user``; return the problems as "place: message" after checking nothing
    changed."""
    before = database_rows()
    with pytest.raises(DocumentationError) as caught:
        documentation_import(data=data, user=user)
    assert database_rows() == before
    return [str(problem) for problem in caught.value.problems]


def hagen_file(**event) -> dict:
    data = minimal(**event)
    data["municipalities"] = [{"slug": "hagen", "name": "Hagen"}]
    return data


# Definitions outside the scope


def test_it_refuses_to_rename_another_municipality(world, hagen_editor):
    data = hagen_file()
    data["municipalities"].append({"slug": "dortmund", "name": "Dortmund (von Hagen)"})
    assert refused(hagen_editor, data) == [
        "municipalities[1]: Kommune „dortmund“ gehört nicht zu Ihren Kommunen; die Datei darf "
        "sie nennen, aber nicht ändern"
    ]


def test_it_refuses_to_create_a_municipality(world, hagen_editor):
    data = hagen_file()
    data["municipalities"].append({"slug": "wetter", "name": "Wetter"})
    [problem] = refused(hagen_editor, data)
    assert problem.startswith("municipalities[1].slug: Kommune „wetter“ gibt es im Portal nicht")


def test_it_refuses_to_rewrite_a_shared_network(world, hagen_editor):
    data = hagen_file()
    data["networks"] = [{"slug": "engagiert-in-nrw", "name": "Hagens Netzwerk"}]
    [problem] = refused(hagen_editor, data)
    assert problem.startswith("networks[0]: Netzwerk „engagiert-in-nrw“ ist allen Kommunen")


def test_it_refuses_to_add_the_own_municipality_to_no_new_network(world, hagen_editor):
    data = hagen_file()
    data["networks"] = [{"slug": "neues-netz", "name": "Neues Netz"}]
    data["municipalities"][0]["networks"] = ["neues-netz"]
    [problem] = refused(hagen_editor, data)
    assert problem.startswith("networks[0].slug: Netzwerk „neues-netz“ gibt es im Portal nicht")


def test_it_refuses_to_rewrite_a_shared_framework(world, hagen_editor):
    data = hagen_file()
    data["frameworks"] = [
        {
            "slug": "weltoffen",
            "name": "Weltoffene Kommune",
            "scale": [{"value": "ja", "label": "Ja, in Hagen"}],
        }
    ]
    [problem] = refused(hagen_editor, data)
    assert problem.startswith("frameworks[0]: Selbstcheck-Rahmen „weltoffen“ ist allen Kommunen")


def test_it_refuses_to_move_another_towns_recommendation_into_its_strategy(world, hagen_editor):
    data = hagen_file()
    data["strategies"] = [
        {
            "slug": "es-hagen",
            "name": "Engagementstrategie Hagen",
            "municipality": "hagen",
            "recommendations": [{"slug": "do-orte", "title": "Orte schaffen"}],
        }
    ]
    assert refused(hagen_editor, data) == [
        "strategies[0].recommendations[0].slug: Handlungsempfehlung „do-orte“ gehört zu einer "
        "Strategie einer anderen Kommune"
    ]
    assert Recommendation.objects.get(slug="do-orte").status_changes.count() == 1


@pytest.mark.parametrize(
    ("key", "item", "expected"),
    [
        (
            "people",
            {"slug": "ohne-ort", "name": "Umbenannt"},
            "people[0].slug: Person „ohne-ort“ gehört keiner Kommune",
        ),
        (
            "people",
            {"slug": "max-beispiel", "name": "Max Beispiel", "publish_name": True},
            "people[0].slug: Person „max-beispiel“ gehört einer anderen Kommune",
        ),
        (
            "organisations",
            {"slug": "dortmunder-verein", "name": "Umbenannt", "sector": "other"},
            "organisations[0].slug: Organisation „dortmunder-verein“ gehört einer anderen Kommune",
        ),
        (
            "strategies",
            {"slug": "ap-dortmund", "name": "Umbenannt"},
            "strategies[0].slug: Strategie „ap-dortmund“ gehört einer anderen Kommune",
        ),
    ],
)
def test_it_refuses_to_change_records_of_another_town_or_of_none(
    world, hagen_editor, key, item, expected
):
    data = hagen_file()
    data[key] = [item]
    [problem] = refused(hagen_editor, data)
    assert problem.startswith(expected)


@pytest.mark.parametrize(
    ("key", "item", "place"),
    [
        ("people", {"slug": "neu", "name": "Neu", "municipality": "dortmund"}, "people[0]"),
        (
            "organisations",
            {"slug": "neu", "name": "Neu", "sector": "other", "municipality": "dortmund"},
            "organisations[0]",
        ),
        ("strategies", {"slug": "neu", "name": "Neu", "municipality": "dortmund"}, "strategies[0]"),
    ],
)
def test_it_refuses_to_create_records_for_another_town(world, hagen_editor, key, item, place):
    data = hagen_file()
    data["municipalities"].append({"slug": "dortmund", "name": "Dortmund"})
    data[key] = [item]
    assert refused(hagen_editor, data) == [
        f"{place}.municipality: Kommune „dortmund“: Sie können nur Einträge Ihrer Kommune anlegen"
    ]


def test_it_refuses_a_self_assessment_owned_by_another_town(world, hagen_editor):
    data = hagen_file(self_assessment={"framework": "weltoffen", "municipality": "dortmund"})
    assert refused(hagen_editor, data) == [
        "event.self_assessment.municipality: Kommune „dortmund“: Sie können nur Einträge Ihrer "
        "Kommune anlegen"
    ]


def test_a_practice_example_from_another_town_belongs_to_the_event_that_presents_it(
    world, hagen_editor, dortmund_editor
):
    example = {"slug": "do-beispiel", "title": "Beispiel", "municipality": "dortmund"}
    documentation_import(data=hagen_file(practice_examples=[example]), user=hagen_editor)
    stored = PracticeExample.objects.get(slug="do-beispiel")
    assert stored.municipality.slug == "dortmund"
    url = reverse("admin:stakeholders_practiceexample_change", args=[stored.pk])
    assert client_for(hagen_editor).get(url).status_code == 200
    assert client_for(dortmund_editor).get(url).status_code == 403


def test_it_refuses_to_overwrite_another_towns_event(world, hagen_editor):
    data = hagen_file(slug="dortmund-fachtagung")
    assert refused(hagen_editor, data) == [
        "event.slug: diese Veranstaltung gehört einer anderen Kommune"
    ]


# References outside the scope


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            {"strategies": ["ap-dortmund"]},
            "event.strategies[0]: Strategie „ap-dortmund“ gehört einer anderen Kommune",
        ),
        (
            {"organisers": ["dortmunder-verein"]},
            "event.organisers[0]: Organisation „dortmunder-verein“ gehört einer anderen Kommune",
        ),
        (
            {"partners": ["dortmunder-verein"]},
            "event.partners[0]: Organisation „dortmunder-verein“ gehört einer anderen Kommune",
        ),
        (
            {"roles": [{"person": "max-beispiel", "role": "panel"}]},
            "event.roles[0].person: Person „max-beispiel“ gehört einer anderen Kommune",
        ),
        (
            {"roles": [{"person": "ohne-ort", "role": "keynote"}]},
            "event.roles[0].person: Person „ohne-ort“ gehört keiner Kommune",
        ),
        (
            {"quotes": [{"text": "Gesagt.", "speaker": "max-beispiel"}]},
            "event.quotes[0].speaker: Person „max-beispiel“ gehört einer anderen Kommune",
        ),
        (
            {"prioritisation": [{"recommendation": "do-orte", "points": 3}]},
            "event.prioritisation[0].recommendation: Handlungsempfehlung „do-orte“ gehört einer "
            "anderen Kommune",
        ),
        (
            {"recommendation_additions": [{"recommendation": "do-orte", "text": "Mehr Orte"}]},
            "event.recommendation_additions[0].recommendation: Handlungsempfehlung „do-orte“ "
            "gehört einer anderen Kommune",
        ),
        (
            {
                "sessions": [
                    {"slug": "t", "kind": "workshop", "title": "T", "recommendation": "do-orte"}
                ]
            },
            "event.sessions[0].recommendation: Handlungsempfehlung „do-orte“ gehört einer "
            "anderen Kommune",
        ),
        (
            {
                "practice_examples": [
                    {"slug": "hagen-bsp", "title": "Bsp", "contact_person": "max-beispiel"}
                ]
            },
            "event.practice_examples[0].contact_person: Person „max-beispiel“ gehört einer "
            "anderen Kommune",
        ),
    ],
)
def test_it_refuses_references_to_another_towns_records(world, hagen_editor, event, expected):
    [problem] = refused(hagen_editor, hagen_file(**event))
    assert problem == f"{expected} und kann hier nicht verknüpft werden"


def test_it_refuses_a_status_change_at_another_towns_event(world, hagen_editor):
    data = hagen_file()
    data["strategies"] = [
        {
            "slug": "es-hagen",
            "name": "Engagementstrategie Hagen",
            "municipality": "hagen",
            "recommendations": [
                {
                    "slug": "hagen-zukunftsraete",
                    "title": "Zukunftsräte",
                    "status_history": [
                        {"status": "exists", "date": "2023-01-01", "event": "dortmund-fachtagung"}
                    ],
                }
            ],
        }
    ]
    [problem] = refused(hagen_editor, data)
    assert problem.startswith(
        "strategies[0].recommendations[0].status_history[0].event: Veranstaltung "
        "„dortmund-fachtagung“ gehört einer anderen Kommune"
    )


def test_a_person_of_its_own_cannot_work_for_another_towns_organisation(world, hagen_editor):
    data = hagen_file()
    data["people"] = [{"slug": "neu", "name": "Neu", "organisation": "dortmunder-verein"}]
    [problem] = refused(hagen_editor, data)
    assert problem.startswith("people[0].organisation: Organisation „dortmunder-verein“")


def test_the_admin_upload_shows_the_refusal(world, hagen_editor):
    before = database_rows()
    response = upload(client_for(hagen_editor), hagen_file(strategies=["ap-dortmund"]))
    assert response.status_code == 200
    assert "event.strategies[0]: Strategie „ap-dortmund“ gehört einer anderen Kommune" in (
        response.content.decode()
    )
    assert database_rows() == before


# What stays possible


def test_an_editor_imports_its_own_people_organisations_and_strategies(world, hagen_editor):
    data = hagen_file(
        roles=[
            {"person": "erika-muster", "role": "moderation"},
            {"person": "neu", "role": "panel"},
        ],
        strategies=["es-hagen"],
        organisers=["hagener-verein"],
        network="engagiert-in-nrw",
        prioritisation=[{"recommendation": "hagen-zukunftsraete", "points": 4}],
    )
    data["networks"] = [{"slug": "engagiert-in-nrw", "name": "engagiert in NRW"}]
    data["municipalities"][0]["networks"] = ["engagiert-in-nrw"]
    data["people"] = [{"slug": "neu", "name": "Neue Person"}]
    data["organisations"] = [{"slug": "hagener-verein", "name": "Verein", "sector": "other"}]
    event = documentation_import(data=data, user=hagen_editor).event
    assert event.municipality.slug == "hagen"
    # Created without a municipality in the file: they belong to the host, as in the admin.
    assert Person.objects.get(slug="neu").municipality.slug == "hagen"
    assert Organisation.objects.get(slug="hagener-verein").municipality.slug == "hagen"
    assert Priority.objects.get(event=event).points == 4


def test_an_editor_keeps_a_reference_a_superuser_set(world, hagen_editor, superuser):
    event = world["hagen"]["event"]
    EventRole.objects.create(event=event, person=world["unowned"], role="keynote")
    exported = documentation_export(event=event, user=hagen_editor)
    exported["event"]["title"] = "Neuer Titel"
    documentation_import(data=exported, user=hagen_editor)
    event.refresh_from_db()
    assert event.title == "Neuer Titel"
    assert list(event.roles.values_list("person__slug", flat=True)) == ["ohne-ort"]


@pytest.fixture
def links_a_superuser_made(world):
    """The Hagen conference, as a superuser left it: a Dortmund person on the panel, Dortmund's
    recommendation among the points, a practice example from Dortmund."""
    event = world["hagen"]["event"]
    EventRole.objects.create(event=event, person=world["dortmund"]["person"], role="panel")
    Priority.objects.create(
        event=event, recommendation=world["dortmund"]["recommendation"], points=2
    )
    PracticeExample.objects.create(
        slug="do-beispiel",
        title="Beispiel",
        event=event,
        municipality=world["dortmund"]["event"].municipality,
    )
    return event


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            {"quotes": [{"text": "Nie gesagt.", "speaker": "max-beispiel"}]},
            "event.quotes[0].speaker: Person „max-beispiel“",
        ),
        (
            {"recommendation_additions": [{"recommendation": "do-orte", "text": "Zusatz"}]},
            "event.recommendation_additions[0].recommendation: Handlungsempfehlung „do-orte“",
        ),
    ],
)
def test_a_kept_link_cannot_be_used_at_another_place(
    world, links_a_superuser_made, hagen_editor, event, expected
):
    exported = documentation_export(event=links_a_superuser_made, user=hagen_editor)
    exported["event"].update(event)
    [problem] = refused(hagen_editor, exported)
    assert problem.startswith(expected)


def test_a_town_an_example_comes_from_is_no_licence_to_create_its_records(
    world, links_a_superuser_made, hagen_editor
):
    exported = documentation_export(event=links_a_superuser_made, user=hagen_editor)
    exported["people"] = [{"slug": "neu", "name": "Neu", "municipality": "dortmund"}]
    assert refused(hagen_editor, exported) == [
        "people[0].municipality: Kommune „dortmund“: Sie können nur Einträge Ihrer Kommune anlegen"
    ]


def test_the_editors_own_export_imports_again_unchanged(
    world, links_a_superuser_made, hagen_editor
):
    before = database_rows()
    exported = documentation_export(event=links_a_superuser_made, user=hagen_editor)
    documentation_import(data=exported, user=hagen_editor)
    assert database_rows()["stakeholders.PracticeExample"] == before["stakeholders.PracticeExample"]
    assert links_a_superuser_made.roles.get().person == world["dortmund"]["person"]


@pytest.fixture
def dortmunds_assessment_on_the_hagen_event(world):
    return Assessment.objects.create(
        framework=world["framework"],
        municipality=world["dortmund"]["event"].municipality,
        event=world["hagen"]["event"],
        title="Standortbestimmung Dortmund",
    )


def test_another_towns_self_assessment_is_neither_changed_nor_deleted(
    world, dortmunds_assessment_on_the_hagen_event, hagen_editor
):
    event = world["hagen"]["event"]
    exported = documentation_export(event=event, user=hagen_editor)
    assert "self_assessment" not in exported["event"]
    documentation_import(data=exported, user=hagen_editor)  # left out: kept
    assert Assessment.objects.get(event=event).title == "Standortbestimmung Dortmund"
    exported["event"]["self_assessment"] = {
        "framework": "weltoffen",
        "municipality": "hagen",
        "title": "Umgeschrieben",
    }
    [problem] = refused(hagen_editor, exported)
    assert problem.startswith("event.self_assessment: Die Standortbestimmung gehört der Kommune")


def test_a_superuser_imports_across_municipalities(world, superuser):
    data = hagen_file(
        strategies=["ap-dortmund"], roles=[{"person": "max-beispiel", "role": "panel"}]
    )
    data["networks"] = [{"slug": "engagiert-in-nrw", "name": "umbenannt"}]
    documentation_import(data=data, user=superuser)
    assert Network.objects.get().name == "umbenannt"
    assert Event.objects.get(slug="werkstatt").strategies.get().slug == "ap-dortmund"


# Export and consent


@pytest.fixture
def hagen_event_with_a_dortmund_person(world):
    person = world["dortmund"]["person"]
    person.email, person.phone, person.publish_name = "max@dortmund.example", "0231 1", False
    person.save()
    event = world["hagen"]["event"]
    EventRole.objects.create(event=event, person=person, role="panel")
    return event


def test_the_editors_export_names_other_towns_people_by_slug_only(
    hagen_event_with_a_dortmund_person, hagen_editor
):
    event = hagen_event_with_a_dortmund_person
    response = client_for(hagen_editor).get(reverse("admin:events_event_export", args=[event.pk]))
    text = response.content.decode()
    assert "max@dortmund.example" not in text and "0231 1" not in text
    assert "Max Beispiel" not in text
    exported = yaml.safe_load(text)
    assert "max-beispiel" not in [p["slug"] for p in exported.get("people", [])]
    assert exported["event"]["roles"] == [{"person": "max-beispiel", "role": "panel"}]


def test_a_superusers_export_holds_everything(hagen_event_with_a_dortmund_person, superuser):
    exported = documentation_export(event=hagen_event_with_a_dortmund_person, user=superuser)
    [person] = [p for p in exported["people"] if p["slug"] == "max-beispiel"]
    assert person["email"] == "max@dortmund.example"


def test_reimporting_an_older_file_keeps_a_withdrawn_consent(world, superuser):
    person = world["hagen"]["person"]
    older = hagen_file(roles=[{"person": "erika-muster", "role": "moderation"}])
    older["people"] = [
        {
            "slug": "erika-muster",
            "name": "Erika Muster",
            "publish_name": True,
            "municipality": "hagen",
        }
    ]
    Person.objects.filter(pk=person.pk).update(publish_name=False)  # consent withdrawn
    result = documentation_import(data=older, user=superuser)
    person.refresh_from_db()
    assert person.publish_name is False
    [notice] = result.notices
    assert str(notice).startswith("people[0].publish_name: Die Einwilligung von „Erika Muster“")


def test_an_import_may_withdraw_a_consent_and_give_it_to_a_new_person(world, hagen_editor):
    data = hagen_file()
    data["people"] = [
        {"slug": "erika-muster", "name": "Erika Muster", "publish_name": False},
        {"slug": "neu", "name": "Neu", "publish_name": True},
    ]
    result = documentation_import(data=data, user=hagen_editor)
    assert not result.notices
    assert dict(Person.objects.values_list("slug", "publish_name")) == {
        "erika-muster": False,
        "neu": True,
        "max-beispiel": False,
        "ohne-ort": True,
    }

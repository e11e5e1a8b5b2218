"""Staff: define frameworks, invite respondents, follow progress, evaluate the questionnaire."""

import re

import pytest
from django.urls import reverse

from assessments.models import Answer, Assessment, Framework, Respondent
from assessments.services import respondent_invite
from events.models import Session
from tests.assessments.conftest import make_assessment
from tests.conftest import client_for, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def checks(framework, hagen, dortmund):
    hagen_check = make_assessment(framework, hagen, title="Check Hagen")
    dortmund_check = make_assessment(framework, dortmund, title="Check Dortmund")
    return {
        "hagen": (hagen_check, Respondent.objects.create(assessment=hagen_check, unit="Amt H")),
        "dortmund": (
            dortmund_check,
            Respondent.objects.create(assessment=dortmund_check, unit="Amt D"),
        ),
    }


@pytest.mark.parametrize(
    ("persona", "owner", "allowed"),
    [
        ("hagen_editor", "hagen", True),
        ("hagen_editor", "dortmund", False),
        ("dortmund_editor", "dortmund", True),
        ("dortmund_editor", "hagen", False),
        ("superuser", "hagen", True),
    ],
)
def test_assessment_and_respondent_pages_follow_the_municipality(
    request, checks, persona, owner, allowed
):
    client = client_for(request.getfixturevalue(persona))
    assessment, respondent = checks[owner]
    for url in [
        reverse("admin:assessments_assessment_change", args=[assessment.pk]),
        reverse("admin:assessments_respondent_change", args=[respondent.pk]),
    ]:
        status = client.get(url).status_code
        assert (status == 200) is allowed, (url, status)
        assert status in (200, 403)


def test_staff_see_the_progress_of_each_respondent(checks, hagen_editor):
    assessment, respondent = checks["hagen"]
    criterion = assessment.framework.fields.get(number="1").criteria.first()
    Answer.objects.create(
        respondent=respondent, criterion=criterion, value=assessment.framework.scale.first()
    )
    respondent_invite(respondent=respondent)
    html = (
        client_for(hagen_editor)
        .get(reverse("admin:assessments_respondent_changelist"))
        .content.decode()
    )
    assert "Amt H" in html and "1 von 5" in html and "gültig bis" in html
    assert "Amt D" not in html  # another municipality's respondent
    html = (
        client_for(hagen_editor)
        .get(reverse("admin:assessments_assessment_change", args=[assessment.pk]))
        .content.decode()
    )
    assert "1 von 5" in html


def test_the_invite_action_shows_working_links_once(checks, hagen_editor):
    _, respondent = checks["hagen"]
    response = client_for(hagen_editor).post(
        reverse("admin:assessments_respondent_changelist"),
        {"action": "invite", "_selected_action": [respondent.pk]},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    urls = re.findall(
        r'value="http://testserver(/selbstcheck/fragebogen/[^"]+)"', response.content.decode()
    )
    assert len(urls) == 1
    assert client_for(None).get(urls[0]).status_code == 200
    respondent.refresh_from_db()
    assert urls[0].split("/")[3] not in respondent.token_hash


def test_an_editor_cannot_invite_another_municipalitys_respondent(checks, hagen_editor):
    _, foreign = checks["dortmund"]
    client_for(hagen_editor).post(
        reverse("admin:assessments_respondent_changelist"),
        {"action": "invite", "_selected_action": [foreign.pk]},
    )
    foreign.refresh_from_db()
    assert foreign.token_hash is None


def test_the_revoke_action_closes_the_link(checks, hagen_editor):
    _, respondent = checks["hagen"]
    token = respondent_invite(respondent=respondent)
    client_for(hagen_editor).post(
        reverse("admin:assessments_respondent_changelist"),
        {"action": "revoke", "_selected_action": [respondent.pk]},
    )
    response = client_for(None).get(reverse("assessments:questionnaire", args=[token]))
    assert response.status_code == 410


def test_the_evaluate_action_aggregates_answers(checks, hagen_editor):
    assessment, respondent = checks["hagen"]
    criterion = assessment.framework.fields.get(number="5").criteria.first()
    Answer.objects.create(
        respondent=respondent, criterion=criterion, value=assessment.framework.scale.get(value="ja")
    )
    response = client_for(hagen_editor).post(
        reverse("admin:assessments_assessment_changelist"),
        {"action": "evaluate", "_selected_action": [assessment.pk]},
        follow=True,
    )
    assert "1 Bewertungen aus Antworten" in response.content.decode()
    result = assessment.field_results.get(field__number="5")
    assert result.level.rank == 3


def _framework_post(scores, thresholds):
    data = {
        "name": "Engagierte Kommune",
        "slug": "engagierte-kommune",
        "description": "",
        "scale-TOTAL_FORMS": len(scores),
        "scale-INITIAL_FORMS": 0,
        "levels-TOTAL_FORMS": len(thresholds),
        "levels-INITIAL_FORMS": 0,
        "fields-TOTAL_FORMS": 1,
        "fields-INITIAL_FORMS": 0,
        "fields-0-number": "1",
        "fields-0-title": "Anerkennung",
        "fields-0-order": 0,
    }
    for i, score in enumerate(scores):
        data |= {
            f"scale-{i}-value": f"stufe-{i}",
            f"scale-{i}-label": f"Stufe {i}",
            f"scale-{i}-score": score,
            f"scale-{i}-order": i,
        }
    for i, min_score in enumerate(thresholds):
        data |= {
            f"levels-{i}-rank": i + 1,
            f"levels-{i}-title": f"Reifegrad {i + 1}",
            f"levels-{i}-min_score": min_score,
        }
    return data


def test_a_superuser_defines_another_framework_with_its_rule(superuser):
    response = client_for(superuser).post(
        reverse("admin:assessments_framework_add"), _framework_post([2, 1, 0], ["0", "1.2"])
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    framework = Framework.objects.get(slug="engagierte-kommune")
    assert [s.score for s in framework.scale.all()] == [2, 1, 0]
    assert [str(level.min_score) for level in framework.levels.all()] == ["0.00", "1.20"]
    assert framework.fields.get().title == "Anerkennung"


@pytest.mark.parametrize(
    ("scores", "thresholds", "message"),
    [
        ([2, 2, 0], ["0", "1"], "anderen Punktwert"),
        ([2, 1, 0], ["1.5", "1.0"], "höheren Mindest-Durchschnitt"),
    ],
)
def test_a_framework_with_an_inconsistent_rule_is_refused(superuser, scores, thresholds, message):
    response = client_for(superuser).post(
        reverse("admin:assessments_framework_add"), _framework_post(scores, thresholds)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Framework.objects.filter(slug="engagierte-kommune").exists()


def test_editors_see_frameworks_but_cannot_change_them(framework, hagen_editor):
    client = client_for(hagen_editor)
    url = reverse("admin:assessments_framework_change", args=[framework.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:assessments_framework_add")).status_code == 403
    client.post(url, _framework_post([1, 0], ["0"]))
    framework.refresh_from_db()
    assert framework.slug == "weltoffene-kommune"


def test_an_editor_creates_an_assessment_for_their_municipality(framework, hagen, hagen_editor):
    response = client_for(hagen_editor).post(
        reverse("admin:assessments_assessment_add"),
        {
            "framework": framework.pk,
            "title": "Zweiter Check",
            "respondents-TOTAL_FORMS": 0,
            "respondents-INITIAL_FORMS": 0,
            "field_results-TOTAL_FORMS": 0,
            "field_results-INITIAL_FORMS": 0,
            "ratings-TOTAL_FORMS": 0,
            "ratings-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Assessment.objects.get(title="Zweiter Check").municipality == hagen


def _add_with_field_result(framework, event, session):
    field = framework.fields.get(number="4")
    return {
        "framework": framework.pk,
        "event": event.pk,
        "title": "Check mit Arbeitsgruppe",
        "respondents-TOTAL_FORMS": 0,
        "respondents-INITIAL_FORMS": 0,
        "field_results-TOTAL_FORMS": 1,
        "field_results-INITIAL_FORMS": 0,
        "field_results-0-field": field.pk,
        "field_results-0-order": 0,
        "field_results-0-chosen": "on",
        "field_results-0-session": session.pk,
        "field_results-0-narrative": "",
        "ratings-TOTAL_FORMS": 0,
        "ratings-INITIAL_FORMS": 0,
    }


def test_a_chosen_field_links_to_a_working_group_of_the_same_workshop(
    framework, hagen_world, hagen_editor
):
    event = hagen_world["event"]
    own = hagen_world["session"]
    other_event = make_event(event.municipality, slug="anderer-workshop")
    foreign = Session.objects.create(event=other_event, slug="ag", kind="working_group", title="AG")
    client = client_for(hagen_editor)
    url = reverse("admin:assessments_assessment_add")

    response = client.post(url, _add_with_field_result(framework, event, foreign))
    assert response.status_code == 200
    assert "nicht zum Workshop" in response.content.decode()

    response = client.post(url, _add_with_field_result(framework, event, own))
    assert response.status_code == 302, response.content.decode()[:2000]
    result = Assessment.objects.get(title="Check mit Arbeitsgruppe").field_results.get()
    assert result.session == own and result.chosen

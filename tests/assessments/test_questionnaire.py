"""The online questionnaire: private links, answers saved as they go, nothing of others shown."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Criterion, Respondent
from assessments.services import respondent_invite
from tests.assessments.conftest import make_assessment, make_framework
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(dessau_assessment, hagen):
    """Two invited offices of Dessau-Roßlau and one of Hagen in another framework."""
    first = Respondent.objects.create(assessment=dessau_assessment, unit="Dezernat I", order=1)
    second = Respondent.objects.create(assessment=dessau_assessment, unit="Dezernat II", order=2)
    other_framework = make_framework("anderer-rahmen")
    other_framework.fields.filter(number="5").update(number="9", title="Hagener Sonderfeld")
    hagen_assessment = make_assessment(other_framework, hagen, title="Hagener Check")
    stranger = Respondent.objects.create(assessment=hagen_assessment, unit="Hagener Amt")
    return {
        "first": (first, respondent_invite(respondent=first)),
        "second": (second, respondent_invite(respondent=second)),
        "stranger": (stranger, respondent_invite(respondent=stranger)),
        "assessment": dessau_assessment,
    }


def overview(token):
    return reverse("assessments:questionnaire", args=[token])


def field_page(token, number):
    return reverse("assessments:questionnaire_field", args=[token, number])


def criterion(assessment, number):
    return Criterion.objects.get(field__framework=assessment.framework, number=number)


def test_the_link_opens_the_respondents_questionnaire(invited):
    _, token = invited["first"]
    response = client_for(None).get(overview(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dezernat I" in html
    assert "Management und Steuerung" in html
    assert "0 von 5 Kriterien beantwortet" in html


def test_only_the_hash_of_the_token_is_stored(invited):
    respondent, token = invited["first"]
    respondent.refresh_from_db()
    assert token not in respondent.token_hash
    assert len(respondent.token_hash) == 64


def test_answers_are_saved_field_by_field(invited):
    respondent, token = invited["first"]
    assessment = invited["assessment"]
    c11, c12 = criterion(assessment, "1.1"), criterion(assessment, "1.2")
    response = client_for(None).post(
        field_page(token, "1"),
        {f"c{c11.pk}": "ja", f"c{c12.pk}_comment": "Noch unklar", "_next": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == field_page(token, "4")
    answers = {a.criterion.number: a for a in Answer.objects.filter(respondent=respondent)}
    assert answers["1.1"].value.value == "ja"
    assert answers["1.2"].value is None and answers["1.2"].comment == "Noch unklar"

    html = client_for(None).get(field_page(token, "1")).content.decode()
    assert f'value="ja" id="id_c{c11.pk}_0" checked' in html
    assert "Noch unklar" in html
    assert "1 von 5 Kriterien beantwortet" in client_for(None).get(overview(token)).content.decode()


def test_an_answer_can_be_changed_and_cleared(invited):
    respondent, token = invited["first"]
    c11 = criterion(invited["assessment"], "1.1")
    client = client_for(None)
    client.post(field_page(token, "1"), {f"c{c11.pk}": "ja"})
    client.post(field_page(token, "1"), {f"c{c11.pk}": "nein"})
    assert Answer.objects.get(respondent=respondent).value.value == "nein"
    # a comment alone is kept; a criterion with neither value nor comment loses its answer
    Answer.objects.filter(respondent=respondent).update(value=None, comment="x")
    client.post(field_page(token, "1"), {f"c{c11.pk}_comment": ""})
    assert not Answer.objects.filter(respondent=respondent).exists()


def test_a_value_off_the_scale_is_refused_and_nothing_saved(invited):
    respondent, token = invited["first"]
    c11 = criterion(invited["assessment"], "1.1")
    response = client_for(None).post(field_page(token, "1"), {f"c{c11.pk}": "vielleicht"})
    assert response.status_code == 400
    assert "Bitte prüfen Sie" in response.content.decode()
    assert not Answer.objects.filter(respondent=respondent).exists()


def test_a_respondent_never_sees_another_respondents_answers(invited):
    second, second_token = invited["second"]
    _, first_token = invited["first"]
    c11 = criterion(invited["assessment"], "1.1")
    client_for(None).post(
        field_page(second_token, "1"),
        {f"c{c11.pk}": "nein", f"c{c11.pk}_comment": "Vertraulicher Hinweis von Dezernat II"},
    )
    assert Answer.objects.filter(respondent=second).count() == 1

    client = client_for(None)
    pages = [overview(first_token)] + [field_page(first_token, n) for n in ["1", "4", "5"]]
    for url in pages:
        html = client.get(url).content.decode()
        assert "Vertraulicher Hinweis" not in html, url
        assert "Dezernat II" not in html, url
        assert "checked" not in html, url
    assert "0 von 5" in client.get(overview(first_token)).content.decode()


def test_a_respondent_link_cannot_reach_another_municipalitys_assessment(invited):
    _, token = invited["first"]
    stranger, _ = invited["stranger"]
    client = client_for(None)
    # the other framework's field is not part of this questionnaire
    response = client.get(field_page(token, "9"))
    assert response.status_code == 404
    assert "ungültig" in response.content.decode()
    # a criterion of the other framework smuggled into a post is not stored anywhere
    foreign = Criterion.objects.get(field__framework=stranger.assessment.framework, number="1.1")
    client.post(field_page(token, "1"), {f"c{foreign.pk}": "ja"})
    assert not Answer.objects.filter(criterion=foreign).exists()
    html = client.get(overview(token)).content.decode()
    assert "Hagen" not in html and "Hagener" not in html


@pytest.mark.parametrize(
    "token",
    ["falsch", "A" * 43, "A" * 500, "%2E%2E", "x" * 64 + "y"],
    ids=["short", "guess", "long", "dots", "65"],
)
def test_a_wrong_link_is_refused_with_a_friendly_404(invited, token):
    for url in [overview(token), field_page(token, "1")]:
        response = client_for(None).get(url)
        assert response.status_code == 404
        assert "Dieser Link ist ungültig" in response.content.decode()


def test_an_expired_link_is_refused_with_410(invited):
    respondent, token = invited["first"]
    respondent.token_expires_at = timezone.now() - datetime.timedelta(seconds=1)
    respondent.save()
    c11 = criterion(invited["assessment"], "1.1")
    client = client_for(None)
    for response in [
        client.get(overview(token)),
        client.get(field_page(token, "1")),
        client.post(field_page(token, "1"), {f"c{c11.pk}": "ja"}),
        client.post(reverse("assessments:questionnaire_finish", args=[token])),
    ]:
        assert response.status_code == 410
        assert "abgelaufen" in response.content.decode()
    assert not Answer.objects.exists()


def test_a_revoked_link_is_refused_and_a_new_link_replaces_the_old(invited):
    respondent, token = invited["first"]
    respondent.revoke_link()
    assert client_for(None).get(overview(token)).status_code == 410
    new_token = respondent_invite(respondent=respondent)
    assert client_for(None).get(overview(new_token)).status_code == 200
    assert client_for(None).get(overview(token)).status_code == 404


def test_questionnaire_pages_are_private(invited):
    _, token = invited["first"]
    response = client_for(None).get(overview(token))
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"  # the link never leaves the site
    assert "noindex" in response["X-Robots-Tag"]


def test_finishing_needs_every_criterion(invited):
    respondent, token = invited["first"]
    client = client_for(None)
    finish = reverse("assessments:questionnaire_finish", args=[token])
    response = client.post(finish, follow=True)
    assert "Es fehlen noch Antworten" in response.content.decode()
    respondent.refresh_from_db()
    assert respondent.finished_at is None

    for action_field in invited["assessment"].framework.fields.all():
        data = {f"c{c.pk}": "eher_ja" for c in action_field.criteria.all()}
        client.post(field_page(token, action_field.number), data)
    response = client.post(finish, follow=True)
    assert "Vielen Dank" in response.content.decode()
    respondent.refresh_from_db()
    assert respondent.finished_at is not None


def test_finishing_is_post_only(invited):
    _, token = invited["first"]
    response = client_for(None).get(reverse("assessments:questionnaire_finish", args=[token]))
    assert response.status_code == 405


def test_query_counts_are_constant(invited, django_assert_max_num_queries):
    respondent, token = invited["first"]
    c11 = criterion(invited["assessment"], "1.1")
    client = client_for(None)
    # respondent with assessment, framework and municipality; fields with progress
    with django_assert_max_num_queries(2):
        assert client.get(overview(token)).status_code == 200
    # respondent; fields with progress; answers; criteria; scale
    with django_assert_max_num_queries(5):
        assert client.get(field_page(token, "1")).status_code == 200
    # the five reads, the field's criteria ids, delete of cleared answers, one upsert,
    # and the savepoint pair of the transaction
    with django_assert_max_num_queries(10):
        response = client.post(field_page(token, "1"), {f"c{c11.pk}": "ja"})
    assert response.status_code == 302


def test_fields_without_criteria_are_skipped(invited):
    _, token = invited["first"]
    assessment = invited["assessment"]
    assessment.ratings.all().delete()
    Criterion.objects.filter(field__framework=assessment.framework, field__number="4").delete()
    client = client_for(None)
    html = client.get(overview(token)).content.decode()
    assert "keine Kriterien zu beantworten" in html
    assert field_page(token, "4") not in html
    c11 = criterion(assessment, "1.1")
    response = client.post(field_page(token, "1"), {f"c{c11.pk}": "ja", "_next": ""})
    assert response["Location"] == field_page(token, "5")


def test_autosave_answers_204_and_leaves_no_message(invited):
    respondent, token = invited["first"]
    c11 = criterion(invited["assessment"], "1.1")
    client = client_for(None)
    response = client.post(
        field_page(token, "1"), {f"c{c11.pk}": "eher_nein"}, headers={"X-Autosave": "1"}
    )
    assert response.status_code == 204
    assert Answer.objects.get(respondent=respondent).value.value == "eher_nein"
    assert "sind gespeichert" not in client.get(overview(token)).content.decode()

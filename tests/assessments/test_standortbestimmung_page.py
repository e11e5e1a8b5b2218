"""The public Standortbestimmung page: matrix, ratings, change, workshop, drafts, queries."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from assessments.models import Criterion, Field, FieldResult
from assessments.selectors import assessment_for_display, assessment_for_event
from events.models import Agreement, Contribution, Event, Session
from tests.assessments.conftest import make_assessment
from tests.conftest import client_for, make_event

pytestmark = pytest.mark.django_db


def detail(assessment):
    return reverse("assessments:detail", args=[assessment.pk])


def test_the_matrix_marks_each_fields_level_in_words(dessau_assessment):
    response = client_for(None).get(detail(dessau_assessment))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("erreicht</td>") == 3
    assert "Reifegrad je Handlungsfeld: Dessau-Roßlau" in html  # the caption
    assert '<th scope="col">' in html and '<th scope="row">' in html
    assert "eher nein" in html and "keine Angabe" in html  # 1.2 rated, 4.2 not


def test_the_fragment_renders_without_queries(dessau_assessment, django_assert_num_queries):
    assessment = assessment_for_display(dessau_assessment.pk)
    with django_assert_num_queries(0):
        html = render_to_string("assessments/_matrix.html", {"assessment": assessment})
    assert "Management und Steuerung" in html


def test_the_selector_finds_an_events_assessment(dessau_assessment, workshop, hagen_world):
    assert assessment_for_event(workshop).pk == dessau_assessment.pk
    assert assessment_for_event(hagen_world["event"]) is None
    assert assessment_for_display(10**9) is None


class TestDrafts:
    @pytest.fixture
    def draft(self, framework, dessau):
        event = make_event(dessau, slug="entwurf-workshop", published=False)
        return make_assessment(framework, dessau, event=event, title="Geheimer Check")

    @pytest.fixture
    def without_event(self, framework, dessau):
        return make_assessment(framework, dessau, title="Check ohne Workshop")

    @pytest.mark.parametrize("which", ["draft", "without_event"])
    def test_a_draft_is_404_for_citizens_and_other_editors(self, request, which, hagen_editor):
        assessment = request.getfixturevalue(which)
        assert client_for(None).get(detail(assessment)).status_code == 404
        assert client_for(hagen_editor).get(detail(assessment)).status_code == 404

    def test_the_municipalitys_editor_previews_a_draft(self, draft, dessau):
        from tests.conftest import make_editor

        response = client_for(make_editor("carla-dessau", dessau)).get(detail(draft))
        assert response.status_code == 200
        assert "Vorschau" in response.content.decode()

    def test_drafts_are_not_listed(self, draft, without_event, dessau_assessment):
        html = client_for(None).get(reverse("assessments:list")).content.decode()
        assert "Standortbestimmung Dessau-Roßlau" in html
        assert "Geheimer Check" not in html and "Check ohne Workshop" not in html

    def test_a_missing_assessment_is_404(self, db):
        assert client_for(None).get("/selbstcheck/999999/").status_code == 404


class TestChange:
    @pytest.fixture
    def earlier(self, framework, dessau):
        event = make_event(dessau, slug="dessau-2018", date=datetime.date(2018, 5, 1))
        return make_assessment(
            framework, dessau, event=event, title="Check 2018", levels={"1": 1, "4": 3, "5": 1}
        )

    def test_a_second_assessment_shows_the_change_per_field_in_words(
        self, earlier, dessau_assessment
    ):
        html = client_for(None).get(detail(dessau_assessment)).content.decode()
        assert "Veränderung seit 2018" in html
        assert "höher (vorher Stufe 1)" in html  # HF 1: 1 → 2
        assert "niedriger (vorher Stufe 3)" in html  # HF 4: 3 → 2
        assert "gleich geblieben" in html  # HF 5: 1 → 1

    def test_the_earlier_assessment_itself_shows_no_change(self, earlier, dessau_assessment):
        html = client_for(None).get(detail(earlier)).content.decode()
        assert "Veränderung" not in html

    def test_drafts_and_other_municipalities_are_not_compared(
        self, framework, dessau, hagen, dessau_assessment
    ):
        draft_event = make_event(
            dessau, slug="dessau-2019", date=datetime.date(2019, 1, 1), published=False
        )
        make_assessment(framework, dessau, event=draft_event, levels={"1": 3})
        make_assessment(framework, hagen, date=datetime.date(2019, 1, 1), levels={"1": 3})
        html = client_for(None).get(detail(dessau_assessment)).content.decode()
        assert "Veränderung" not in html


class TestWorkshop:
    @pytest.fixture
    def worked(self, dessau_assessment, workshop):
        session = Session.objects.create(
            event=workshop,
            slug="ag-handlungsfeld-5",
            kind=Session.Kind.WORKING_GROUP,
            title="AG Engagement und Beteiligung",
        )
        good = Contribution.objects.create(
            session=session, category="Was läuft gut?", text="Die Ehrenamtskarte gibt es", order=1
        )
        Contribution.objects.create(
            session=session, parent=good, category="Was läuft gut?", text="seit 2019", order=2
        )
        Contribution.objects.create(
            session=session, category="Handlungsbedarfe", text="Einen Kümmerer etablieren", order=3
        )
        FieldResult.objects.filter(assessment=dessau_assessment, field__number="5").update(
            chosen=True, session=session
        )
        FieldResult.objects.filter(assessment=dessau_assessment, field__number="4").update(
            chosen=True
        )
        Agreement.objects.create(
            event=workshop,
            text="Eine Dialogveranstaltung durchführen",
            due_date=datetime.date(2020, 10, 8),
        )
        return dessau_assessment

    def test_the_chosen_fields_show_their_working_groups_results(self, worked):
        html = client_for(None).get(detail(worked)).content.decode()
        assert "Im Workshop gewählte Handlungsfelder" in html
        assert "AG Engagement und Beteiligung" in html
        assert "<h4>Was läuft gut?</h4>" in html and "<h4>Handlungsbedarfe</h4>" in html
        assert "Die Ehrenamtskarte gibt es<ul><li>seit 2019</li></ul>" in html
        assert "Zu diesem Handlungsfeld ist keine Arbeitsgruppe verknüpft" in html  # HF 4
        assert "Eine Dialogveranstaltung durchführen" in html
        assert "8. Oktober 2020" in html

    def test_a_working_group_of_another_event_is_refused(self, worked, hagen_world):
        result = worked.field_results.get(field__number="4")
        result.session = hagen_world["session"]
        with pytest.raises(Exception, match="nicht zum Workshop"):
            result.full_clean()


def _grow(assessment, fields: int):
    """Add fields with criteria and ratings, to see that the query count does not grow."""
    framework = assessment.framework
    step = framework.scale.first()
    for n in range(fields):
        field = Field.objects.create(framework=framework, number=f"9{n}", title=f"Feld {n}")
        FieldResult.objects.create(
            assessment=assessment, field=field, level=framework.levels.first()
        )
        for c in range(3):
            criterion = Criterion.objects.create(field=field, number=f"9{n}.{c}", text="K")
            assessment.ratings.create(criterion=criterion, value=step)


def test_the_page_needs_a_constant_number_of_queries(
    framework, dessau, dessau_assessment, django_assert_num_queries
):
    earlier_event = make_event(dessau, slug="dessau-2018", date=datetime.date(2018, 5, 1))
    make_assessment(framework, dessau, event=earlier_event, levels={"1": 1})
    session = Session.objects.create(
        event=dessau_assessment.event, slug="ag", kind=Session.Kind.WORKING_GROUP, title="AG"
    )
    Contribution.objects.create(session=session, category="Was läuft gut?", text="Vieles")
    dessau_assessment.field_results.filter(field__number="5").update(chosen=True, session=session)
    client = client_for(None)
    # assessment with framework, municipality, event, overall level; levels, scale, fields,
    # criteria, field results, ratings, respondents; the earlier assessment and its results;
    # the working groups' contributions; the agreements
    with django_assert_num_queries(12):
        assert client.get(detail(dessau_assessment)).status_code == 200
    _grow(dessau_assessment, 5)
    with django_assert_num_queries(12):
        assert client.get(detail(dessau_assessment)).status_code == 200


def test_the_list_needs_one_query(dessau_assessment, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert client_for(None).get(reverse("assessments:list")).status_code == 200


def test_an_event_kind_of_selbstcheck_is_not_needed(framework, dessau):
    event = make_event(dessau, slug="andere-art", kind=Event.Kind.WORKSHOP)
    assessment = make_assessment(framework, dessau, event=event)
    assert client_for(None).get(detail(assessment)).status_code == 200


def test_the_selector_needs_a_fixed_number_of_queries(
    framework, dessau, dessau_assessment, django_assert_num_queries
):
    # the assessment with its framework, municipality, event and overall level; then levels,
    # scale, fields, criteria, field results, ratings and respondents
    with django_assert_num_queries(8):
        assessment_for_display(dessau_assessment.pk, compare=False)
    # one more to look for an earlier assessment
    with django_assert_num_queries(9):
        assessment_for_display(dessau_assessment.pk)
    earlier_event = make_event(dessau, slug="dessau-2018", date=datetime.date(2018, 5, 1))
    make_assessment(framework, dessau, event=earlier_event, levels={"1": 1})
    _grow(dessau_assessment, 4)
    # and one for the earlier assessment's results
    with django_assert_num_queries(10):
        assessment = assessment_for_event(dessau_assessment.event)
    assert len(assessment.rows) == 7 and assessment.previous is not None

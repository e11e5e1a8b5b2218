"""The public Standortbestimmung page: matrix, ratings, drafts, query counts."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from assessments.selectors import assessment_for_display
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_matrix_marks_each_fields_level_in_words(dessau_assessment):
    response = client_for(None).get(reverse("assessments:detail", args=[dessau_assessment.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>" in html
    assert html.count("erreicht</td>") == 3
    assert "eher nein" in html


def test_the_fragment_renders_without_queries(dessau_assessment, django_assert_num_queries):
    assessment = assessment_for_display(dessau_assessment.pk)
    with django_assert_num_queries(0):
        html = render_to_string("assessments/_matrix.html", {"assessment": assessment})
    assert "Management und Steuerung" in html

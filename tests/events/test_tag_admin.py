"""The tag admin's merge page: superusers only, and only with tags chosen in the list."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_an_editor_cannot_merge_tags(hagen_editor):
    Tag.objects.create(name="Engagement", slug="engagement")
    client = client_for(hagen_editor)
    response = client.post(reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "???"})
    assert response.status_code == 403
    assert list(Tag.objects.values_list("name", flat=True)) == ["Engagement"]


@pytest.mark.parametrize("chosen", [None, "", "abc", "999"])
def test_a_merge_without_chosen_tags_goes_back_to_the_list(superuser, chosen):
    client = client_for(superuser)
    if chosen is not None:
        session = client.session
        session["selected_tag_ids"] = chosen
        session.save()
    response = client.post(reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "Neu"})
    assert response.status_code == 302
    assert not Tag.objects.filter(name="Neu").exists()


def test_a_merge_into_an_unusable_name_is_refused(superuser):
    tag = Tag.objects.create(name="Engagement", slug="engagement")
    client = client_for(superuser)
    session = client.session
    session["selected_tag_ids"] = str(tag.pk)
    session.save()
    client.post(reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "!!!"})
    assert list(Tag.objects.values_list("name", flat=True)) == ["Engagement"]

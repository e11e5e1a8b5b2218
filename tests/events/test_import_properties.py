"""Generated and mutated documents: the import either writes all of it or refuses with places.

Starting from a real documentation, hypothesis changes values (texts with control characters,
very long texts, huge or negative numbers, wrong types), removes and adds keys, and duplicates
list entries. Whatever it produces, the only outcomes allowed are a complete import or a
DocumentationError whose problems say what is wrong, with nothing written. Never a traceback.
"""

import copy
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given
from hypothesis import event as note
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from events.importer import DocumentationError, documentation_import, documentation_load
from events.models import Contribution, Event
from tests.conftest import make_editor
from tests.state import database_rows

pytestmark = pytest.mark.django_db
User = get_user_model()

SOURCE = Path(settings.BASE_DIR) / "demo" / "documentations" / "000-dortmund-fachtagung-2022.yaml"
DOCUMENT = documentation_load(SOURCE)


def places(value, path=()):
    """Every place in the document: (path, value) for dicts, lists and leaves."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from places(item, (*path, index))


PLACES = [path for path, _ in places(DOCUMENT) if path]
# Texts and numbers that keep their type, so that they get past the schema's type checks.
# (Free texts have spaces; slugs, dates and choices have none.)
TEXT_PLACES = [path for path, value in places(DOCUMENT) if isinstance(value, str) and " " in value]
NUMBER_PLACES = [path for path, value in places(DOCUMENT) if type(value) is int]

# Texts a database or a page may choke on come first: hypothesis tries early entries most.
poison = st.sampled_from(["Null\x00zeichen", "x" * 501, "???", "\u200b", "Zeilen\r\nende", ""])
texts = st.one_of(
    poison,
    st.text(alphabet=st.sampled_from("a\x00ü€ -_?!\n\t🙂"), max_size=12),
    st.text(max_size=30),
    st.builds(lambda n: "x" * n, st.integers(min_value=90, max_value=1_200)),
    st.sampled_from(["dortmund", "hagen", "2023-13-45", "25:99", "wir-und-jetzt"]),
)
scalars = st.one_of(
    texts,
    st.integers(min_value=-(2**64), max_value=2**64),
    st.none(),
    st.booleans(),
    st.floats(allow_nan=False),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def mutations(draw):
    kind = draw(st.sampled_from(["text", "number", "replace", "delete", "duplicate", "add-key"]))
    if kind == "text":
        return "replace", draw(st.sampled_from(TEXT_PLACES)), draw(texts), ""
    if kind == "number" and NUMBER_PLACES:
        number = st.integers(min_value=-(2**40), max_value=2**40)
        return "replace", draw(st.sampled_from(NUMBER_PLACES)), draw(number), ""
    path = draw(st.sampled_from(PLACES))
    return kind, path, draw(values), draw(st.text(max_size=12))


def mutate(document: dict, mutation) -> dict:
    kind, path, value, key = mutation
    document = copy.deepcopy(document)
    *parents, last = path
    container = document
    for part in parents:
        container = container[part]
    if kind == "replace":
        container[last] = value
    elif kind == "delete":
        del container[last]
    elif kind == "duplicate" and isinstance(container, list):
        container.insert(last, copy.deepcopy(container[last]))
    elif kind == "add-key" and isinstance(container[last], dict):
        container[last][key] = value
    return document


def count_contributions(sessions) -> int:
    def count(items):
        return sum(1 + count(item.get("children") or []) for item in items or [])

    return sum(count(session.get("contributions")) for session in sessions or [])


def import_outcome(document, user) -> None:
    before = database_rows()
    try:
        event = documentation_import(data=document, user=user).event
    except DocumentationError as error:
        note("refused")
        assert error.problems
        assert all(str(problem).strip() for problem in error.problems)
        assert database_rows() == before, "a refused import changed the database"
        return
    note("imported")
    # A complete write: the event and every contribution of the document are stored.
    sessions = document["event"].get("sessions") or []
    assert Event.objects.filter(slug=document["event"]["slug"]).exists()
    assert event.sessions.count() == len(sessions)
    assert Contribution.objects.filter(session__event=event).count() == count_contributions(
        sessions
    )


@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(mutations(), min_size=1, max_size=3))
def test_a_mutated_document_is_imported_whole_or_refused_with_places(superuser, changes):
    document = DOCUMENT
    for change in changes:
        try:
            document = mutate(document, change)
        except (KeyError, IndexError, TypeError):
            break  # an earlier change removed the place; import what there is
    import_outcome(document, superuser)


@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(mutations(), min_size=1, max_size=2))
def test_an_editors_mutated_document_stays_whole_or_is_refused(dortmund, hagen, changes):
    editor = User.objects.filter(username="do-editor").first() or make_editor("do-editor", dortmund)
    document = DOCUMENT
    for change in changes:
        try:
            document = mutate(document, change)
        except (KeyError, IndexError, TypeError):
            break
    import_outcome(document, editor)

"""The documentation format's JSON Schema knows the database's limits.

Every value of the format lands in a model field; the schema must refuse what the column cannot
hold (a longer text, a bigger number, a choice the field does not know), so that the import names
the place instead of failing in the database. This test reads both and fails where they disagree,
also when a model field changes later.
"""

import json

import pytest
from django.db import models
from taggit.models import Tag

from assessments.models import (
    Assessment,
    Criterion,
    Field,
    FieldResult,
    Framework,
    MaturityLevel,
    Rating,
    Respondent,
    ScaleStep,
)
from engagement_portal.lib.tags import TAG_NAME_MAX_LENGTH
from events.documentation_checks import SCHEMA_PATH
from events.models import (
    AgendaItem,
    Agreement,
    Chapter,
    Contribution,
    Event,
    EventRole,
    Feedback,
    GuidingQuestion,
    Part,
    ParticipantGroup,
    Poll,
    PollOption,
    Quote,
    QuoteGroup,
    Section,
    Session,
)
from recommendations.models import (
    ActionField,
    Addition,
    Priority,
    Recommendation,
    StatusChange,
    Strategy,
)
from stakeholders.models import Municipality, Network, Organisation, Person, PracticeExample
from uploads.models import Attachment, Photo

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))

# Where each object of the format is stored.
OBJECTS = {
    "networks[]": Network,
    "municipalities[]": Municipality,
    "organisations[]": Organisation,
    "people[]": Person,
    "strategies[]": Strategy,
    "strategies[].action_fields[]": ActionField,
    "strategies[].recommendations[]": Recommendation,
    "strategies[].recommendations[].status_history[]": StatusChange,
    "frameworks[]": Framework,
    "frameworks[].scale[]": ScaleStep,
    "frameworks[].levels[]": MaturityLevel,
    "frameworks[].fields[]": Field,
    "frameworks[].fields[].criteria[]": Criterion,
    "event": Event,
    "event.participant_groups[]": ParticipantGroup,
    "event.sections[]": Section,
    "event.agenda[]": AgendaItem,
    "event.roles[]": EventRole,
    "event.quotes[]": Quote,
    "event.guiding_questions[]": GuidingQuestion,
    "event.sessions[]": Session,
    "event.sessions[].quotes[]": Quote,
    "$contribution": Contribution,
    "event.prioritisation[]": Priority,
    "event.polls[]": Poll,
    "event.polls[].options[]": PollOption,
    "event.recommendation_additions[]": Addition,
    "$addition": Addition,
    "event.self_assessment": Assessment,
    "event.self_assessment.respondents[]": Respondent,
    "event.self_assessment.fields[]": FieldResult,
    "event.self_assessment.fields[].ratings[]": Rating,
    "event.agreements[]": Agreement,
    "event.feedback[]": Feedback,
    "event.practice_examples[]": PracticeExample,
    "event.quote_groups[]": QuoteGroup,
    "event.quote_groups[].quotes[]": Quote,
    "event.outline[]": Chapter,
    "event.outline[].parts[]": Part,
    "event.photos[]": Photo,
    "event.attachments[]": Attachment,
}
# Keys whose column has another name, or that are lists of another model's values.
COLUMNS = {
    ("event", "host_municipality"): "municipality",
    ("event.sessions[]", "guiding_questions"): GuidingQuestion._meta.get_field("text"),
    ("event.sessions[]", "cross_cutting_questions"): GuidingQuestion._meta.get_field("text"),
    ("event.self_assessment.fields[]", "field"): Field._meta.get_field("number"),
    ("event.self_assessment.fields[]", "level"): MaturityLevel._meta.get_field("rank"),
    ("event.self_assessment", "overall_level"): MaturityLevel._meta.get_field("rank"),
    ("event.self_assessment.fields[].ratings[]", "criterion"): Criterion._meta.get_field("number"),
    ("event.self_assessment.fields[].ratings[]", "rating"): ScaleStep._meta.get_field("value"),
    ("strategies[].recommendations[]", "action_field"): ActionField._meta.get_field("number"),
    ("event.roles[]", "session"): Session._meta.get_field("slug"),
    ("event.self_assessment.fields[]", "session"): Session._meta.get_field("slug"),
    ("event.self_assessment", "framework"): Framework._meta.get_field("slug"),
}
# Keys that are no column of the object's model: flags of the import, or written elsewhere.
NOT_COLUMNS = {
    ("event", "published"),  # Event.publish()
    ("event", "self_assessment"),
    ("event.self_assessment.fields[]", "level_derived"),  # FieldResult.level_set_by_hand
    ("event.self_assessment.fields[]", "ratings"),
    ("event.participant_groups[]", "members"),  # a JSON list of names
    ("$contribution", "children"),
    ("$addition", "children"),
    ("event.recommendation_additions[]", "children"),
    ("event.sessions[]", "contributions"),
    ("event.sessions[]", "quotes"),
    # Keys by which the outline's parts name texts, groups, talks and polls: file-only.
    ("event.sections[]", "key"),
    ("event.roles[]", "key"),
    ("event.polls[]", "key"),
    ("event.quote_groups[]", "key"),
    ("event.quote_groups[]", "quotes"),
    ("event.outline[]", "parts"),
    ("event.outline[].parts[]", "text"),
    ("event.outline[].parts[]", "quote_group"),
    ("event.outline[].parts[]", "role"),
    ("event.outline[].parts[]", "poll"),
    ("event.outline[].parts[]", "photo"),
    ("event.outline[].parts[]", "attachment"),
    ("event.photos[]", "key"),
    ("event.photos[]", "file"),  # the file in the archive; stored under a name of its own
    ("event.attachments[]", "key"),
    ("event.attachments[]", "file"),
}
# Tag names: taggit's column, less room for the suffix taggit appends to a taken slug.
TAG_NAME = models.CharField(name="name", max_length=TAG_NAME_MAX_LENGTH)
TAG_NAME.model = Tag
RANGES = {
    models.PositiveSmallIntegerField: (0, 32767),
    models.PositiveIntegerField: (0, 2147483647),
    models.SmallIntegerField: (-32768, 32767),
    models.IntegerField: (-2147483648, 2147483647),
}


def resolve(node: dict) -> dict:
    ref = node.get("$ref")
    return SCHEMA["$defs"][ref.rsplit("/", 1)[-1]] if ref else node


def objects() -> dict[str, dict]:
    """Every object of the format by its place (``event.sessions[]``) to its schema."""
    found = {}

    def walk(node: dict, place: str) -> None:
        node = resolve(node)
        if "properties" in node:
            found[place] = node
            for key, child in node["properties"].items():
                walk(child, f"{place}.{key}" if place else key)
        if "items" in node and isinstance(node["items"], dict):
            if "$ref" in node["items"]:
                return  # a recursive definition, read from $defs below
            walk(node["items"], f"{place}[]")

    walk(SCHEMA, "")
    for name, node in SCHEMA["$defs"].items():
        found[f"${name}"] = node
    return found


def column(place: str, key: str):
    target = COLUMNS.get((place, key))
    if isinstance(target, models.Field):
        return target
    model = OBJECTS[place]
    field = model._meta.get_field(target or key)
    if field.is_relation:
        related = field.related_model
        if related is Tag or key == "tags":
            return TAG_NAME
        return related._meta.get_field("slug")
    return field


def leaf(node: dict) -> dict:
    node = resolve(node)
    return resolve(node["items"]) if node.get("type") in ("array", ["array", "null"]) else node


def disagreements() -> list[str]:
    found = []
    for place, schema in objects().items():
        if place == "":
            continue
        assert place in OBJECTS, f"{place}: which model stores it? Add it to OBJECTS."
        for key, node in schema["properties"].items():
            if (place, key) in NOT_COLUMNS:
                continue
            value = leaf(node)
            if "properties" in value:
                continue  # an object of its own, checked by its place
            field = column(place, key)
            where = f"{place}.{key} ({field.model.__name__}.{field.name})"
            if field.choices:
                allowed = {choice for choice, _ in field.flatchoices}
                enum = set(value.get("enum", [])) - {None}
                if enum != allowed:
                    found.append(f"{where}: enum {sorted(enum)} != choices {sorted(allowed)}")
            elif getattr(field, "max_length", None):
                if value.get("maxLength") != field.max_length:
                    found.append(
                        f"{where}: maxLength {value.get('maxLength')} != {field.max_length}"
                    )
            elif type(field) in RANGES:
                low, high = RANGES[type(field)]
                if value.get("minimum", low - 1) < low or value.get("maximum", high + 1) > high:
                    found.append(
                        f"{where}: range {value.get('minimum')}..{value.get('maximum')} "
                        f"exceeds {low}..{high}"
                    )
            elif isinstance(field, models.DecimalField):
                # 999.999 rounds to 1000.00, one digit too many for max_digits=5, places=2.
                step = 10**-field.decimal_places
                high = 10 ** (field.max_digits - field.decimal_places) - step
                if value.get("maximum", high + 1) > high:
                    found.append(f"{where}: maximum must be at most {high}")
    return found


@pytest.mark.django_db
def test_the_schema_and_the_models_agree_on_every_limit():
    assert disagreements() == []


def test_every_model_of_the_format_is_known_to_this_test():
    # A new object in the format fails here until it is mapped to its model above.
    assert set(objects()) - {""} == set(OBJECTS)

"""A published documentation as open data: the documentation format (events.exporter), reduced to
what the public page shows.

The staff export carries what the editors need to import it again: every person with contact data
and consent flag, status changes marked as examples, the photos' consent notes. The public file
keeps the format and its references, and drops or replaces the rest:

- a person whose name is not published appears as the one placeholder person "Name nicht
  veröffentlicht", as on the page (a slug such as ``erika-muster`` would name them); people with
  a published name keep name, function, organisation and municipality, never e-mail or phone;
- no consent flags, no photo consent notes, no status changes marked as examples or made at a
  draft event;
- only recommendations of strategies with a published event (as the recommendation pages); an
  item of the points of another one keeps its title as a free item, as the event page shows it;
- organisations that only a hidden person named are left out.
"""

from events.documentation_checks import reference_places
from events.exporter import documentation_export
from events.models import Event
from recommendations.models import Strategy

HIDDEN_PERSON = {"slug": "name-nicht-veroeffentlicht", "name": "Name nicht veröffentlicht"}
PUBLIC_PERSON_KEYS = ("slug", "name", "function", "organisation", "municipality")


def public_documentation(event: Event) -> dict:
    """The documentation of a published event in the documentation format, as open data."""
    if not event.is_published:
        raise ValueError(f"{event.slug} is not published")
    data = documentation_export(event=event)
    _hide_people(data)
    _keep_public_recommendations(data, event)
    for photo in data["event"].get("photos", []):
        photo.pop("consent_note", None)
    _drop_unnamed_organisations(data)
    return data


def _set(data: dict, path: list, value) -> None:
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def _hide_people(data: dict) -> None:
    people = data.get("people", [])
    hidden = {p["slug"] for p in people if not p.get("publish_name")}
    data["people"] = [
        {key: p[key] for key in PUBLIC_PERSON_KEYS if key in p}
        for p in people
        if p["slug"] not in hidden
    ]
    if not hidden:
        return
    for path, slug in reference_places(data)["people"]:
        if slug in hidden:
            _set(data, path, HIDDEN_PERSON["slug"])
    data["people"].append(dict(HIDDEN_PERSON))


def _keep_public_recommendations(data: dict, event: Event) -> None:
    strategies = data.get("strategies", [])
    public = set(
        Strategy.objects.filter(
            slug__in=[s["slug"] for s in strategies], events__status=Event.Status.PUBLISHED
        ).values_list("slug", flat=True)
    )
    titles = {}
    for strategy in strategies:
        for recommendation in strategy.get("recommendations", []):
            titles[recommendation["slug"]] = (strategy["slug"] in public, recommendation["title"])
    data["strategies"] = [s for s in strategies if s["slug"] in public]

    def is_public(slug) -> bool:
        return slug is None or titles.get(slug, (False, ""))[0]

    body = data["event"]
    for item in body.get("prioritisation", []):
        slug = item.get("recommendation")
        if not is_public(slug):
            item.pop("recommendation")
            item["label"] = titles.get(slug, (False, slug))[1]
    for session in body.get("sessions", []):
        if not is_public(session.get("recommendation")):
            session.pop("recommendation")
    body["recommendation_additions"] = [
        a for a in body.get("recommendation_additions", []) if is_public(a["recommendation"])
    ]

    history = [
        change
        for strategy in data["strategies"]
        for recommendation in strategy.get("recommendations", [])
        for change in recommendation.get("status_history", [])
    ]
    other_events = {c["event"] for c in history if c.get("event")} - {event.slug}
    published = set(
        Event.objects.published().filter(slug__in=other_events).values_list("slug", flat=True)
    ) | {event.slug}
    for strategy in data["strategies"]:
        for recommendation in strategy.get("recommendations", []):
            recommendation["status_history"] = [
                {key: value for key, value in change.items() if key != "is_example"}
                for change in recommendation.get("status_history", [])
                if not change.get("is_example")
                and (not change.get("event") or change["event"] in published)
            ]


def _drop_unnamed_organisations(data: dict) -> None:
    """Leave out organisations no longer named (a hidden person's employer, its parents)."""
    while True:
        named = {slug for _path, slug in reference_places(data)["organisations"]}
        organisations = data.get("organisations", [])
        kept = [o for o in organisations if o["slug"] in named]
        if len(kept) == len(organisations):
            return
        data["organisations"] = kept

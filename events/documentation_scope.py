"""What an editor's documentation file may define and refer to (stakeholders.scoping.Scope).

The same rules as the admin forms: an editor writes and links only objects of their own
municipalities. A file of an editor is refused, naming each place, when it

- defines (creates or changes) an organisation, person, strategy or recommendation that belongs
  to another municipality or to none, or creates one for another municipality;
- creates a municipality, network or framework, or changes one that is not the editor's own
  (networks and frameworks are shared by all municipalities: superusers keep them);
- refers to another municipality's (or no municipality's) organisation, person, strategy,
  recommendation or event, or places the event, a practice example or a self-assessment in
  another municipality.

A reference the stored event already has is kept: an editor can re-import their own event after
a superuser linked, say, a keynote speaker without a municipality, but cannot add such a link.
Networks and frameworks may always be referred to, as in the admin. Objects the file creates
without naming a municipality belong to the event's host (as the admin's forms do for an editor
of one municipality), see ``documentation_owners_filled``.

Changes to existing shared records (municipalities, networks, frameworks) are found by comparing
them before and after the write, inside the import's transaction (``SharedRecords``), so that the
rule holds for every field the writer touches without listing them twice.
"""

import copy

from assessments.models import Assessment, Framework
from events.documentation_checks import Problem, _items, format_path, reference_places
from events.exporter import framework_dict
from events.models import Event
from recommendations.models import Recommendation, Strategy
from stakeholders.models import Municipality, Network, Organisation, Person, PracticeExample
from stakeholders.scoping import Scope, owner_ids

OWNED = {
    "organisations": (Organisation, "Organisation"),
    "people": (Person, "Person"),
    "strategies": (Strategy, "Strategie"),
    "recommendations": (Recommendation, "Handlungsempfehlung"),
    "events": (Event, "Veranstaltung"),
}


def documentation_owners_filled(data: dict, scope: Scope) -> dict:
    """For an editor, objects the file gives no municipality belong to the event's host.

    Superusers' files stay as they are (an organisation without a municipality is shared).
    """
    if scope.everything:
        return data
    data = copy.deepcopy(data)
    host = data["event"]["host_municipality"]
    for key in ("organisations", "people", "strategies"):
        for item in _items(data.get(key)):
            item["municipality"] = item.get("municipality") or host
    for example in _items(data["event"].get("practice_examples")):
        example.setdefault("municipality", host)
        example["municipality"] = example["municipality"] or host
    return data


def _place(path: list) -> tuple:
    """The kind of a place: its path without list positions (``event.roles.person``)."""
    return tuple(part for part in path if isinstance(part, str))


class ScopeCheck:
    """Finds what an editor's document may not write or link; call after the Checker passed."""

    def __init__(self, data: dict, scope: Scope):
        self.data = data
        self.event = data["event"]
        self.scope = scope
        self.problems: list[Problem] = []
        self.municipalities = dict(
            Municipality.objects.filter(
                slug__in=[slug for _, slug in reference_places(data)["municipalities"]]
                + [m["slug"] for m in _items(data.get("municipalities"))]
            ).values_list("slug", "id")
        )
        self.stored_event = Event.objects.filter(slug=self.event["slug"]).first()

    def add(self, path: list, message: str) -> None:
        self.problems.append(Problem(format_path(path), message))

    def run(self) -> list[Problem]:
        if self.scope.everything:
            return []
        self.check_event()
        self.check_definitions()
        self.check_references()
        self.check_self_assessment()
        return self.problems

    def kept(self, path: list, slug: str) -> bool:
        """Whether the stored documentation has this very link at this kind of place: a role's
        person among the event's roles, a person's organisation as that person's, and so on.
        Such a link may stay; the same record linked at another place is a new link."""
        event = self.stored_event
        if event is None:
            return False
        place = _place(path)
        item = self.data
        for part in path[:-1]:
            item = item[part]
        if place == ("event", "practice_examples", "other_contacts"):
            item = self.event["practice_examples"][path[2]]
        stored = {
            ("event", "roles", "person"): lambda: event.roles.values_list("person__slug"),
            ("event", "quotes", "speaker"): lambda: event.quotes.values_list("speaker__slug"),
            ("event", "sessions", "quotes", "speaker"): lambda: event.quotes.values_list(
                "speaker__slug"
            ),
            ("event", "organisers"): lambda: event.organisers.values_list("slug"),
            ("event", "partners"): lambda: event.partners.values_list("slug"),
            ("event", "strategies"): lambda: event.strategies.values_list("slug"),
            ("event", "prioritisation", "recommendation"): lambda: event.priorities.values_list(
                "recommendation__slug"
            ),
            ("event", "recommendation_additions", "recommendation"): lambda: (
                event.additions.values_list("recommendation__slug")
            ),
            ("event", "sessions", "recommendation"): lambda: event.sessions.values_list(
                "recommendation__slug"
            ),
            ("event", "practice_examples", "contact_person"): lambda: (
                PracticeExample.objects.filter(event=event, slug=item["slug"]).values_list(
                    "contact_person__slug"
                )
            ),
            ("event", "practice_examples", "other_contacts"): lambda: (
                PracticeExample.objects.filter(event=event, slug=item["slug"]).values_list(
                    "other_contacts__slug"
                )
            ),
            ("event", "practice_examples", "organisation"): lambda: PracticeExample.objects.filter(
                event=event, slug=item["slug"]
            ).values_list("organisation__slug"),
            ("people", "organisation"): lambda: Person.objects.filter(
                slug=item["slug"]
            ).values_list("organisation__slug"),
            ("organisations", "parent"): lambda: Organisation.objects.filter(
                slug=item["slug"]
            ).values_list("parent__slug"),
            ("strategies", "recommendations", "status_history", "event"): lambda: (
                Recommendation.objects.filter(
                    slug=self.data["strategies"][path[1]]["recommendations"][path[3]]["slug"]
                ).values_list("status_changes__event__slug")
            ),
        }.get(place)
        return stored is not None and (slug,) in set(stored())

    def owns(self, municipality_slug: str | None) -> bool:
        if not municipality_slug:
            return False
        return self.scope.may_own(self.municipalities.get(municipality_slug))

    def check_event(self) -> None:
        host = self.event["host_municipality"]
        if not self.owns(host):
            self.add(
                ["event", "host_municipality"],
                "Sie können nur Veranstaltungen Ihrer Kommune importieren",
            )
        if self.stored_event is not None and not self.scope.may_own(
            self.stored_event.municipality_id
        ):
            self.add(["event", "slug"], "diese Veranstaltung gehört einer anderen Kommune")

    def check_definitions(self) -> None:
        data = self.data
        for key, model, label in (
            ("networks", Network, "Netzwerk"),
            ("frameworks", Framework, "Selbstcheck-Rahmen"),
        ):
            items = _items(data.get(key))
            existing = set(
                model.objects.filter(slug__in=[i["slug"] for i in items]).values_list(
                    "slug", flat=True
                )
            )
            for i, item in enumerate(items):
                if item["slug"] not in existing:
                    self.add(
                        [key, i, "slug"],
                        f"{label} „{item['slug']}“ gibt es im Portal nicht; gemeinsame "
                        "Grundlagen aller Kommunen legen nur Administrator*innen an",
                    )
        for i, item in enumerate(_items(data.get("municipalities"))):
            if item["slug"] not in self.municipalities:
                self.add(
                    ["municipalities", i, "slug"],
                    f"Kommune „{item['slug']}“ gibt es im Portal nicht; Kommunen legen nur "
                    "Administrator*innen an",
                )
        for key in ("organisations", "people", "strategies"):
            model, label = OWNED[key]
            self.check_owned_definitions(key, model, label, _items(data.get(key)), [key])
        for s, strategy in enumerate(_items(data.get("strategies"))):
            recs = _items(strategy.get("recommendations"))
            stored = dict(
                Recommendation.objects.filter(slug__in=[r["slug"] for r in recs]).values_list(
                    "slug", "strategy__slug"
                )
            )
            for r, rec in enumerate(recs):
                moved_from = stored.get(rec["slug"])
                if moved_from and moved_from != strategy["slug"]:
                    owner = owner_ids(Strategy, slug__in=[moved_from]).get(moved_from)
                    if not self.scope.may_own(owner):
                        self.add(
                            ["strategies", s, "recommendations", r, "slug"],
                            f"Handlungsempfehlung „{rec['slug']}“ gehört zu einer Strategie "
                            "einer anderen Kommune",
                        )
        examples = _items(self.event.get("practice_examples"))
        stored_examples = owner_ids(PracticeExample, slug__in=[e["slug"] for e in examples])
        for i, example in enumerate(examples):
            slug = example["slug"]
            if slug in stored_examples and not self.scope.may_own(stored_examples[slug]):
                self.add(
                    ["event", "practice_examples", i, "slug"],
                    f"Praxisbeispiel „{slug}“ gehört einer anderen Kommune",
                )

    def check_owned_definitions(self, key, model, label, items, base) -> None:
        stored = owner_ids(model, slug__in=[item["slug"] for item in items])
        for i, item in enumerate(items):
            slug = item["slug"]
            if slug in stored and not self.scope.may_own(stored[slug]):
                whose = "einer anderen Kommune" if stored[slug] else "keiner Kommune"
                self.add(
                    [*base, i, "slug"],
                    f"{label} „{slug}“ gehört {whose}; nur deren Redaktion oder "
                    "Administrator*innen können sie ändern",
                )

    def check_references(self) -> None:
        places = reference_places(self.data)
        for path, slug in places["municipalities"]:
            place = _place(path)
            if place in (
                ("event", "host_municipality"),
                ("event", "self_assessment", "municipality"),
            ):
                continue  # check_event and check_self_assessment name these
            if place == ("event", "practice_examples", "municipality"):
                continue  # where an example comes from; it belongs to the event's documentation
            if not self.owns(slug):
                self.add(path, f"Kommune „{slug}“: Sie können nur Einträge Ihrer Kommune anlegen")
        for key, (model, label) in OWNED.items():
            defined = self.defined(key)
            wanted = {slug for _, slug in places[key] if slug not in defined}
            stored = owner_ids(model, slug__in=wanted)
            for path, slug in places[key]:
                if slug in defined or slug not in stored:
                    continue  # defined here (checked with its definition) or unknown (Checker)
                if self.scope.may_own(stored[slug]) or self.kept(path, slug):
                    continue
                whose = "einer anderen Kommune" if stored[slug] else "keiner Kommune"
                self.add(
                    path, f"{label} „{slug}“ gehört {whose} und kann hier nicht verknüpft werden"
                )

    def check_self_assessment(self) -> None:
        """A self-assessment belongs to the town assessed. One of another town that a superuser
        attached to the event stays as it is: the file may hold it unchanged (as the editor's
        export does not) or leave it out, and then it is kept."""
        item = self.event.get("self_assessment")
        stored = Assessment.objects.filter(event__slug=self.event["slug"]).first()
        foreign = stored is not None and not self.scope.may_own(stored.municipality_id)
        if foreign:
            if item is not None:
                self.add(
                    ["event", "self_assessment"],
                    f"Die Standortbestimmung gehört der Kommune „{stored.municipality.slug}“; "
                    "nur Administrator*innen können sie ändern. Lassen Sie sie in der Datei weg, "
                    "dann bleibt sie, wie sie ist",
                )
            return
        if item is not None and not self.owns(item["municipality"]):
            self.add(
                ["event", "self_assessment", "municipality"],
                f"Kommune „{item['municipality']}“: Sie können nur Einträge Ihrer Kommune anlegen",
            )

    def defined(self, key: str) -> set[str]:
        """Slugs the file defines itself; their owner was checked with the definition."""
        if key == "recommendations":
            return {
                rec["slug"]
                for strategy in _items(self.data.get("strategies"))
                for rec in _items(strategy.get("recommendations"))
            }
        if key == "events":
            return {self.event["slug"]}
        return {item["slug"] for item in _items(self.data.get(key))}


def _shared_state(data: dict) -> dict:
    """What the file's municipalities, networks and frameworks hold in the database now."""
    state = {}
    municipalities = Municipality.objects.filter(
        slug__in=[m["slug"] for m in _items(data.get("municipalities"))]
    ).prefetch_related("networks")
    for m in municipalities:
        state[("municipalities", m.slug)] = (
            m.name,
            m.kind,
            m.state,
            sorted(n.slug for n in m.networks.all()),
        )
    for n in Network.objects.filter(slug__in=[n["slug"] for n in _items(data.get("networks"))]):
        state[("networks", n.slug)] = (n.name, n.description)
    for f in Framework.objects.filter(slug__in=[f["slug"] for f in _items(data.get("frameworks"))]):
        state[("frameworks", f.slug)] = framework_dict(f)
    return state


class SharedRecords:
    """Municipalities, networks and frameworks an editor's file may name but not change.

    ``before()`` reads them, ``changes()`` after the write names each one that changed although
    the user may not change it. Call both inside the import's transaction.
    """

    def __init__(self, data: dict, scope: Scope):
        self.data = data
        self.scope = scope
        self.state: dict = {}

    def before(self) -> None:
        if not self.scope.everything:
            self.state = _shared_state(self.data)

    def changes(self) -> list[Problem]:
        if self.scope.everything:
            return []
        after = _shared_state(self.data)
        own = set(
            Municipality.objects.filter(pk__in=self.scope.municipality_ids).values_list(
                "slug", flat=True
            )
        )
        problems = []
        labels = {
            "municipalities": "Kommune „{}“ gehört nicht zu Ihren Kommunen; die Datei darf sie "
            "nennen, aber nicht ändern",
            "networks": "Netzwerk „{}“ ist allen Kommunen gemeinsam; die Datei darf es nennen, "
            "aber nur Administrator*innen ändern es",
            "frameworks": "Selbstcheck-Rahmen „{}“ ist allen Kommunen gemeinsam; die Datei darf "
            "ihn nennen, aber nur Administrator*innen ändern ihn",
        }
        for key in ("networks", "municipalities", "frameworks"):
            for i, item in enumerate(_items(self.data.get(key))):
                slug = item["slug"]
                if key == "municipalities" and slug in own:
                    continue
                if self.state.get((key, slug)) != after.get((key, slug)):
                    problems.append(Problem(format_path([key, i]), labels[key].format(slug)))
        return problems

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
        self.kept = self._kept_references()

    def add(self, path: list, message: str) -> None:
        self.problems.append(Problem(format_path(path), message))

    def run(self) -> list[Problem]:
        if self.scope.everything:
            return []
        self.check_event()
        self.check_definitions()
        self.check_references()
        return self.problems

    def _kept_references(self) -> dict[str, set[str]]:
        """What the stored event already links: editors may keep it, not add more of it."""
        kept: dict[str, set[str]] = {key: set() for key in OWNED} | {"municipalities": set()}
        event = self.stored_event
        if event is None:
            return kept
        kept["people"] |= set(event.roles.values_list("person__slug", flat=True))
        kept["people"] |= set(
            event.quotes.filter(speaker__isnull=False).values_list("speaker__slug", flat=True)
        )
        examples = PracticeExample.objects.filter(event=event)
        kept["people"] |= set(
            examples.filter(contact_person__isnull=False).values_list(
                "contact_person__slug", flat=True
            )
        )
        kept["people"] |= set(
            Person.objects.filter(
                pk__in=examples.values_list("other_contacts", flat=True)
            ).values_list("slug", flat=True)
        )
        kept["organisations"] |= set(event.organisers.values_list("slug", flat=True))
        kept["organisations"] |= set(event.partners.values_list("slug", flat=True))
        kept["organisations"] |= set(
            examples.filter(organisation__isnull=False).values_list("organisation__slug", flat=True)
        )
        kept["strategies"] |= set(event.strategies.values_list("slug", flat=True))
        kept["recommendations"] |= set(
            Recommendation.objects.filter(priorities__event=event).values_list("slug", flat=True)
        )
        kept["recommendations"] |= set(
            Recommendation.objects.filter(additions__event=event).values_list("slug", flat=True)
        )
        kept["recommendations"] |= set(
            event.sessions.filter(recommendation__isnull=False).values_list(
                "recommendation__slug", flat=True
            )
        )
        kept["municipalities"] |= set(
            examples.filter(municipality__isnull=False).values_list("municipality__slug", flat=True)
        )
        kept["municipalities"] |= set(
            Assessment.objects.filter(event=event).values_list("municipality__slug", flat=True)
        )
        return kept

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
            if path[-1] == "host_municipality":
                continue  # check_event names it
            if not self.owns(slug) and slug not in self.kept["municipalities"]:
                self.add(path, f"Kommune „{slug}“: Sie können nur Einträge Ihrer Kommune anlegen")
        for key, (model, label) in OWNED.items():
            defined = self.defined(key)
            wanted = {slug for _, slug in places[key] if slug not in defined}
            stored = owner_ids(model, slug__in=wanted)
            for path, slug in places[key]:
                if slug in defined or slug in self.kept[key] or slug not in stored:
                    continue  # defined here (checked above), kept, or unknown (Checker)
                if not self.scope.may_own(stored[slug]):
                    whose = "einer anderen Kommune" if stored[slug] else "keiner Kommune"
                    self.add(
                        path,
                        f"{label} „{slug}“ gehört {whose} und kann hier nicht verknüpft werden",
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

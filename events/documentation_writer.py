"""Writing a validated documentation file into the database (see events.importer)."""

import datetime

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
from engagement_portal.lib.bullets import Bullet, create_tree
from events.documentation_checks import Problem, _items, _text, format_path
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
from stakeholders.scoping import Scope
from uploads.models import Attachment, Photo
from uploads.services import attachment_store, photo_store


def _date(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _time(value) -> datetime.time | None:
    return datetime.time.fromisoformat(value) if value else None


def _by_key(items: list, created: list) -> dict:
    """The created rows by the keys the file gave their items (rows without a key are left
    out: nothing can refer to them)."""
    return {item["key"]: row for item, row in zip(items, created, strict=True) if item.get("key")}


def _bullet(item: dict) -> Bullet:
    return Bullet(item["text"].strip(), [_bullet(child) for child in _items(item.get("children"))])


class Writer:
    def __init__(self, data: dict, scope: Scope | None = None, media: dict | None = None):
        self.data = data
        # Checked photos and files by key (events.importer._prepare_media).
        self.media = media or {"photos": {}, "attachments": {}}
        # Files stored so far: the import deletes them again if its transaction fails.
        self.stored_files: list[str] = []
        # On behalf of an editor: what belongs to another town is never deleted here.
        self.scope = scope
        self.municipalities: dict[str, Municipality] = {}
        self.networks: dict[str, Network] = {}
        self.organisations: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}
        self.recommendations: dict[str, Recommendation] = {}
        self.notices: list[Problem] = []

    # Lookups fall back to the database for objects the file only refers to.
    def _get(self, cache: dict, model, slug: str | None):
        if not slug:
            return None
        if slug not in cache:
            cache[slug] = model.objects.get(slug=slug)
        return cache[slug]

    def municipality(self, slug):
        return self._get(self.municipalities, Municipality, slug)

    def network(self, slug):
        return self._get(self.networks, Network, slug)

    def organisation(self, slug):
        return self._get(self.organisations, Organisation, slug)

    def person(self, slug):
        return self._get(self.people, Person, slug)

    def recommendation(self, slug):
        return self._get(self.recommendations, Recommendation, slug)

    def run(self) -> Event:
        data = self.data
        for item in _items(data.get("networks")):
            self.networks[item["slug"]], _ = Network.objects.update_or_create(
                slug=item["slug"],
                defaults={"name": item["name"], "description": _text(item.get("description"))},
            )
        for item in _items(data.get("municipalities")):
            municipality, _ = Municipality.objects.update_or_create(
                slug=item["slug"],
                defaults={
                    "name": item["name"],
                    "kind": item.get("kind") or Municipality.Kind.CITY,
                    "state": _text(item.get("state")),
                },
            )
            self.municipalities[item["slug"]] = municipality
            for slug in _items(item.get("networks")):
                municipality.networks.add(self.network(slug))
        self.write_organisations()
        self.write_people()
        for item in _items(data.get("frameworks")):
            self.write_framework(item)
        event = self.write_event(data["event"])
        for item in _items(data.get("strategies")):
            self.write_strategy(item, event)
        self.write_event_parts(event, data["event"])
        return event

    def write_people(self) -> None:
        """Upsert the file's people. A consent withdrawn in the portal stays withdrawn: a file
        (an older export, say) may withdraw it but never give it back; that is a notice."""
        items = _items(self.data.get("people"))
        withdrawn = set(
            Person.objects.filter(
                slug__in=[item["slug"] for item in items], publish_name=False
            ).values_list("slug", flat=True)
        )
        for index, item in enumerate(items):
            publish_name = bool(item.get("publish_name"))
            if publish_name and item["slug"] in withdrawn:
                publish_name = False
                self.notices.append(
                    Problem(
                        format_path(["people", index, "publish_name"]),
                        f"Die Einwilligung von „{item['name']}“ ist im Portal nicht erteilt oder "
                        "widerrufen und bleibt es; erteilen kann sie nur das Formular der Person.",
                    )
                )
            self.people[item["slug"]], _ = Person.objects.update_or_create(
                slug=item["slug"],
                defaults={
                    "name": item["name"],
                    "function": _text(item.get("function")),
                    "organisation": self.organisation(item.get("organisation")),
                    "municipality": self.municipality(item.get("municipality")),
                    "publish_name": publish_name,
                    "email": _text(item.get("email")),
                    "phone": _text(item.get("phone")),
                },
            )

    def write_organisations(self) -> None:
        items = _items(self.data.get("organisations"))
        for item in items:
            self.organisations[item["slug"]], _ = Organisation.objects.update_or_create(
                slug=item["slug"],
                defaults={
                    "name": item["name"],
                    "sector": item["sector"],
                    "municipality": self.municipality(item.get("municipality")),
                    "website": _text(item.get("website")),
                },
            )
        for item in items:  # parents may come later in the list
            organisation = self.organisations[item["slug"]]
            organisation.parent = self.organisation(item.get("parent"))
            organisation.save(update_fields=["parent"])

    def write_framework(self, item: dict) -> None:
        framework, _ = Framework.objects.update_or_create(
            slug=item["slug"],
            defaults={"name": item["name"], "description": _text(item.get("description"))},
        )
        steps = _items(item.get("scale"))
        for order, step in enumerate(steps):
            score = step.get("score")
            ScaleStep.objects.update_or_create(
                framework=framework,
                value=step["value"],
                defaults={
                    "label": step["label"],
                    "order": order,
                    "score": score if score is not None else len(steps) - 1 - order,
                },
            )
        for level in _items(item.get("levels")):
            MaturityLevel.objects.update_or_create(
                framework=framework,
                rank=level["rank"],
                defaults={
                    "title": level["title"],
                    "description": _text(level.get("description")),
                    "min_score": level.get("min_score"),
                },
            )
        for order, field_item in enumerate(_items(item.get("fields"))):
            field, _ = Field.objects.update_or_create(
                framework=framework,
                number=field_item["number"],
                defaults={
                    "title": field_item["title"],
                    "description": _text(field_item.get("description")),
                    "order": order,
                },
            )
            for c_order, criterion in enumerate(_items(field_item.get("criteria"))):
                Criterion.objects.update_or_create(
                    field=field,
                    number=criterion["number"],
                    defaults={"text": criterion["text"], "order": c_order},
                )

    def write_event(self, item: dict) -> Event:
        event, _ = Event.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "title": item["title"],
                "subtitle": _text(item.get("subtitle")),
                "kind": item["kind"],
                "format": item.get("format") or "",
                "date": _date(item["date"]),
                "start_time": _time(item.get("start_time")),
                "end_time": _time(item.get("end_time")),
                "venue": _text(item.get("venue")),
                "municipality": self.municipality(item["host_municipality"]),
                "network": self.network(item.get("network")),
                "participant_count": item.get("participant_count"),
                "participant_count_qualifier": item.get("participant_count_qualifier")
                or Event.CountQualifier.ABOUT,
                "summary": _text(item.get("summary")),
                "introduction": _text(item.get("introduction")),
                "goal": _text(item.get("goal")),
                "outlook": _text(item.get("outlook")),
                "contact": _text(item.get("contact")),
                "contact_email": _text(item.get("contact_email")),
                "photo_credits": _text(item.get("photo_credits")),
                "publication_date": _date(item.get("publication_date")),
                "editorial_note": _text(item.get("editorial_note")),
                "publication_note": _text(item.get("publication_note")),
            },
        )
        event.organisers.set([self.organisation(slug) for slug in _items(item.get("organisers"))])
        event.partners.set([self.organisation(slug) for slug in _items(item.get("partners"))])
        event.tags.set(_items(item.get("tags")), clear=True)
        if item.get("published"):
            event.publish()
        elif event.is_published:
            event.unpublish()
        return event

    def write_strategy(self, item: dict, event: Event) -> None:
        strategy, _ = Strategy.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "municipality": self.municipality(item.get("municipality")),
                "network": self.network(item.get("network")),
                "description": _text(item.get("description")),
            },
        )
        fields = {}
        for order, field in enumerate(_items(item.get("action_fields"))):
            fields[field["number"]], _ = ActionField.objects.update_or_create(
                strategy=strategy,
                number=field["number"],
                defaults={
                    "title": field["title"],
                    "description": _text(field.get("description")),
                    "order": order,
                },
            )
        for order, rec in enumerate(_items(item.get("recommendations"))):
            number = rec.get("action_field")
            action_field = fields.get(number) or (
                ActionField.objects.get(strategy=strategy, number=number) if number else None
            )
            recommendation, _ = Recommendation.objects.update_or_create(
                slug=rec["slug"],
                defaults={
                    "strategy": strategy,
                    "action_field": action_field,
                    "title": rec["title"],
                    "description": _text(rec.get("description")),
                    "status": rec.get("status") or "",
                    "responsible": _text(rec.get("responsible")),
                    "next_steps": _text(rec.get("next_steps")),
                    "order": order,
                },
            )
            recommendation.tags.set(_items(rec.get("tags")), clear=True)
            self.recommendations[rec["slug"]] = recommendation
            if rec.get("status_history") is not None:
                recommendation.status_changes.all().delete()
                StatusChange.objects.bulk_create(
                    StatusChange(
                        recommendation=recommendation,
                        status=change["status"],
                        date=_date(change["date"]),
                        event=event
                        if change.get("event") == event.slug
                        else Event.objects.filter(slug=change.get("event") or "").first(),
                        note=_text(change.get("note")),
                        is_example=bool(change.get("is_example")),
                    )
                    for change in rec["status_history"]
                )

    def write_event_parts(self, event: Event, item: dict) -> None:
        # Everything below belongs to this event alone and is replaced as a whole.
        for related in (
            event.chapters,
            event.quote_groups,
            event.participant_groups,
            event.sections,
            event.agenda_items,
            event.roles,
            event.quotes,
            event.guiding_questions,
            event.sessions,
            event.priorities,
            event.polls,
            event.additions,
            event.agreements,
            event.feedback,
        ):
            related.all().delete()
        event.strategies.set(
            Strategy.objects.filter(slug__in=_items(item.get("strategies"))).order_by("name")
        )
        ParticipantGroup.objects.bulk_create(
            ParticipantGroup(
                event=event,
                label=g["label"],
                members=_items(g.get("members")),
                count=g.get("count"),
                order=i,
            )
            for i, g in enumerate(_items(item.get("participant_groups")))
        )
        texts = _items(item.get("sections"))
        created_texts = Section.objects.bulk_create(
            Section(event=event, title=s["title"], body=s["body"].strip(), order=i)
            for i, s in enumerate(texts)
        )
        keyed = {"text": _by_key(texts, created_texts)}
        AgendaItem.objects.bulk_create(
            AgendaItem(
                event=event,
                start_time=_time(a.get("start_time")),
                end_time=_time(a.get("end_time")),
                title=a["title"],
                description=_text(a.get("description")),
                order=i,
            )
            for i, a in enumerate(_items(item.get("agenda")))
        )
        GuidingQuestion.objects.bulk_create(
            GuidingQuestion(
                event=event, text=q["text"].strip(), kind=q.get("kind") or "guiding", order=i
            )
            for i, q in enumerate(_items(item.get("guiding_questions")))
        )
        self.write_quotes(event, None, _items(item.get("quotes")), "other")
        keyed["quote_group"] = {}
        for i, group_item in enumerate(_items(item.get("quote_groups"))):
            group = QuoteGroup.objects.create(
                event=event, lead=_text(group_item.get("lead")), order=i
            )
            self.write_quotes(event, None, _items(group_item.get("quotes")), "other", group)
            keyed["quote_group"][group_item["key"]] = group
        sessions = {}
        for i, s in enumerate(_items(item.get("sessions"))):
            sessions[s["slug"]] = self.write_session(event, s, i)
        roles = _items(item.get("roles"))
        created_roles = EventRole.objects.bulk_create(
            EventRole(
                event=event,
                person=self.person(r["person"]),
                role=r["role"],
                session=sessions.get(r.get("session")),
                title=_text(r.get("title")),
                summary=_text(r.get("summary")),
                order=i,
            )
            for i, r in enumerate(roles)
        )
        keyed["role"] = _by_key(roles, created_roles)
        keyed["session"] = sessions
        keyed["poll"] = {}
        Priority.objects.bulk_create(
            Priority(
                event=event,
                recommendation=self.recommendation(p.get("recommendation")),
                label="" if p.get("recommendation") else _text(p.get("label")),
                source=p.get("source") or "paper",
                points=p["points"],
                voters=p.get("voters"),
                order=i,
            )
            for i, p in enumerate(_items(item.get("prioritisation")))
        )
        for i, p in enumerate(_items(item.get("polls"))):
            single = p["kind"] in ("single", "mood", "scale")
            if p["kind"] == "words":
                # A word cloud's options are the terms named, not a choice: three terms each,
                # as a new word cloud asks, unless the file says otherwise.
                most = 3
            else:
                most = 1 if single else len(_items(p.get("options"))) or 1
            poll = Poll.objects.create(
                event=event,
                question=p["question"].strip(),
                kind=p["kind"],
                min_choices=p.get("min_choices") if p.get("min_choices") is not None else 1,
                max_choices=p.get("max_choices") if p.get("max_choices") is not None else most,
                method=_text(p.get("method")),
                label_low=_text(p.get("label_low")),
                label_high=_text(p.get("label_high")),
                order=i,
            )
            if p.get("key"):
                keyed["poll"][p["key"]] = poll
            PollOption.objects.bulk_create(
                PollOption(poll=poll, text=o["text"].strip(), count=o.get("count"), order=j)
                for j, o in enumerate(_items(p.get("options")))
            )
        order = 0
        for a in _items(item.get("recommendation_additions")):
            recommendation = self.recommendation(a["recommendation"])
            created = create_tree(
                [_bullet(a)],
                lambda bullet, parent, position, rec=recommendation: Addition.objects.create(
                    recommendation=rec, event=event, parent=parent, text=bullet.text, order=position
                ),
                first_order=order,
            )
            order += len(created)
        Agreement.objects.bulk_create(
            Agreement(
                event=event,
                text=a["text"].strip(),
                responsible=_text(a.get("responsible")),
                due_date=_date(a.get("due_date")),
                due_note=_text(a.get("due_note")),
                order=i,
            )
            for i, a in enumerate(_items(item.get("agreements")))
        )
        Feedback.objects.bulk_create(
            Feedback(event=event, text=f["text"].strip(), kind=f.get("kind") or "feedback", order=i)
            for i, f in enumerate(_items(item.get("feedback")))
        )
        keyed["practice_example"] = self.write_practice_examples(
            event, _items(item.get("practice_examples"))
        )
        self.write_self_assessment(event, item.get("self_assessment"), sessions)
        keyed["photo"], keyed["attachment"] = self.write_media(event, item, sessions)
        self.write_outline(event, _items(item.get("outline")), keyed)

    def write_media(self, event: Event, item: dict, sessions: dict) -> tuple[dict, dict]:
        """The documentation's photos and files, replacing the event's (their stored files are
        deleted once the import is committed)."""
        event.photos.all().delete()
        event.attachments.all().delete()
        photos, attachments = {}, {}
        for i, p in enumerate(_items(item.get("photos"))):
            photo = Photo(
                event=event,
                alt_text=p["alt_text"].strip(),
                caption=_text(p.get("caption")),
                credit=_text(p.get("credit")),
                consent_note=_text(p.get("consent_note")),
                session=sessions.get(p.get("session")),
                order=i,
            )
            photos[p["key"]] = photo_store(photo=photo, processed=self.media["photos"][p["key"]])
            self.stored_files += photo.stored_names()
        for i, a in enumerate(_items(item.get("attachments"))):
            attachment = Attachment(event=event, title=a["title"].strip(), order=i)
            attachments[a["key"]] = attachment_store(
                attachment=attachment, checked=self.media["attachments"][a["key"]]
            )
            self.stored_files += attachment.stored_names()
        return photos, attachments

    def write_outline(self, event: Event, chapters: list, keyed: dict) -> None:
        """Chapters and their parts; a part names its row by the key the file gives it."""
        for order, item in enumerate(chapters):
            chapter = Chapter.objects.create(
                event=event, number=_text(item.get("number")), title=item["title"], order=order
            )
            Part.objects.bulk_create(
                Part(
                    chapter=chapter,
                    kind=part["kind"],
                    appendix=bool(part.get("appendix")),
                    order=position,
                    **{
                        # The file's "text" is the part's section.
                        ("section" if name == "text" else name): keyed[name][part[name]]
                        for name in keyed
                        if part.get(name) is not None
                    },
                )
                for position, part in enumerate(_items(item.get("parts")))
            )

    def write_quotes(
        self,
        event: Event,
        session: Session | None,
        quotes: list,
        default_context: str,
        group: QuoteGroup | None = None,
    ) -> None:
        Quote.objects.bulk_create(
            Quote(
                event=event,
                session=session,
                group=group,
                speaker=self.person(q.get("speaker")),
                speaker_label=_text(q.get("speaker_label")),
                context=q.get("context") or default_context,
                text=q["text"].strip(),
                verbatim=q.get("verbatim") is not False,
                order=i,
            )
            for i, q in enumerate(quotes)
        )

    def write_session(self, event: Event, item: dict, order: int) -> Session:
        session = Session.objects.create(
            event=event,
            slug=item["slug"],
            kind=item["kind"],
            round=item.get("round"),
            title=item["title"],
            description=_text(item.get("description")),
            conclusion_label=_text(item.get("conclusion_label")),
            conclusion_title=_text(item.get("conclusion_title")),
            conclusion=_text(item.get("conclusion")),
            recommendation=self.recommendation(item.get("recommendation")),
            order=order,
        )
        session.tags.set(_items(item.get("tags")))
        questions = [("guiding", q) for q in _items(item.get("guiding_questions"))]
        questions += [("cross_cutting", q) for q in _items(item.get("cross_cutting_questions"))]
        GuidingQuestion.objects.bulk_create(
            GuidingQuestion(event=event, session=session, kind=kind, text=text.strip(), order=i)
            for i, (kind, text) in enumerate(questions)
        )
        self.write_quotes(event, session, _items(item.get("quotes")), "session")
        position = 0
        for contribution in _items(item.get("contributions")):
            category = _text(contribution.get("category"))
            created = create_tree(
                [_bullet(contribution)],
                lambda bullet, parent, at, category=category: Contribution.objects.create(
                    session=session, parent=parent, category=category, text=bullet.text, order=at
                ),
                first_order=position,
            )
            position += len(created)
        return session

    def write_practice_examples(self, event: Event, examples: list) -> dict:
        """Upsert the event's practice examples; returns them by slug."""
        PracticeExample.objects.filter(event=event).exclude(
            slug__in=[e["slug"] for e in examples]
        ).delete()
        written = {}
        for i, e in enumerate(examples):
            example, _ = PracticeExample.objects.update_or_create(
                slug=e["slug"],
                defaults={
                    "event": event,
                    "title": e["title"],
                    "municipality": self.municipality(e.get("municipality")),
                    "organisation": self.organisation(e.get("organisation")),
                    "description": _text(e.get("description")),
                    "contact_person": self.person(e.get("contact_person")),
                    "phone": _text(e.get("phone")),
                    "email": _text(e.get("email")),
                    "homepage": _text(e.get("homepage")),
                    "context": e.get("context") or PracticeExample.Context.PRESENTED,
                    "order": i,
                },
            )
            example.other_contacts.set(
                [self.person(slug) for slug in _items(e.get("other_contacts"))]
            )
            written[e["slug"]] = example
        return written

    def write_self_assessment(self, event: Event, item: dict | None, sessions: dict) -> None:
        """Update the event's self-assessment in place.

        Invited respondents, their answers and ratings the questionnaire produced survive a
        re-import; what the file lists is written over.
        """
        if not item:
            stored = Assessment.objects.filter(event=event)
            if self.scope is not None:
                stored = self.scope.queryset(stored)
            stored.delete()
            return
        framework = Framework.objects.get(slug=item["framework"])
        levels = {level.rank: level for level in framework.levels.all()}
        steps = {step.value: step for step in framework.scale.all()}
        fields = {field.number: field for field in framework.fields.all()}
        criteria = {
            (c.field.number, c.number): c
            for c in Criterion.objects.filter(field__framework=framework).select_related("field")
        }
        assessment, _ = Assessment.objects.update_or_create(
            event=event,
            defaults={
                "framework": framework,
                "municipality": self.municipality(item["municipality"]),
                "title": _text(item.get("title"))
                or f"Standortbestimmung {event.municipality.name}",
                "date": _date(item.get("date")) or event.date,
                "method": _text(item.get("method")),
                "overall_level": levels.get(item.get("overall_level")),
                "overall_summary": _text(item.get("overall_summary")),
            },
        )
        for i, r in enumerate(_items(item.get("respondents"))):
            match = {
                "unit": r["unit"],
                "function": _text(r.get("function")),
                "name": _text(r.get("name")),
            }
            respondent = assessment.respondents.filter(**match).first() or Respondent(
                assessment=assessment, **match
            )
            respondent.order = i
            respondent.save()
        listed = [fields[result["field"]] for result in _items(item.get("fields"))]
        assessment.field_results.exclude(field__in=listed).delete()
        for i, result in enumerate(_items(item.get("fields"))):
            level = levels.get(result.get("level"))
            FieldResult.objects.update_or_create(
                assessment=assessment,
                field=fields[result["field"]],
                defaults={
                    "level": level,
                    "level_set_by_hand": level is not None and not result.get("level_derived"),
                    "narrative": _text(result.get("narrative")),
                    "chosen": bool(result.get("chosen")),
                    "session": sessions.get(result.get("session")),
                    "order": i,
                },
            )
            for rating in _items(result.get("ratings")):
                Rating.objects.update_or_create(
                    assessment=assessment,
                    criterion=criteria[(result["field"], rating["criterion"])],
                    defaults={"value": steps[rating["rating"]]},
                )

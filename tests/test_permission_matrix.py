"""Who may write what: every write path against the personas, generated from one list.

The target of every path belongs to Hagen (or is shared reference data). The Hagen editor and the
superuser may write it, the Dortmund editor and an anonymous visitor may not; shared data and
users only the superuser. A refused write changes nothing in the database, and no answer is a
500. A new admin model fails ``test_every_admin_model_is_in_the_matrix`` and a new staff page
``test_every_staff_page_is_in_the_matrix`` until it is added to ``ADMIN_MODELS`` or ``PATHS``.
"""

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import yaml
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from taggit.models import Tag

from assessments.models import Assessment, Field, Framework, Respondent
from audience.models import AudienceQuestion, QuestionRound
from audience.services import question_ask, question_moderate
from events.history import documentation_revision, documentation_revisions, note_deletion
from events.models import Chapter, Contribution, Event, Part, Poll, Quote, QuoteGroup, Session
from legal.models import AccessibilityFeedback, LegalPage
from live.participants import participant_token_new
from polls.models import CountSource, PollRun
from recommendations.models import ActionField, Addition, Strategy
from stakeholders.models import (
    EditorMembership,
    Municipality,
    Network,
    Organisation,
    Person,
    PracticeExample,
)
from tests.audience.conftest import make_round
from tests.conftest import client_for
from tests.events.test_import_export import minimal
from tests.polls.conftest import make_run
from tests.state import database_rows
from tests.uploads.conftest import image_bytes
from tests.voting.conftest import make_vote
from uploads.models import Attachment, Photo
from voting.models import DotVote, PaperCount

pytestmark = pytest.mark.django_db

PERSONAS = ("hagen_editor", "dortmund_editor", "superuser", "anonymous")
EDITORS = frozenset({"hagen_editor", "superuser"})
SUPERUSER = frozenset({"superuser"})


@pytest.fixture
def world(
    hagen,
    dortmund,
    hagen_world,
    dortmund_world,
    hagen_editor,
    dortmund_editor,
    superuser,
    settings,
    tmp_path,
):
    """Hagen's objects of every kind the admin and the staff pages change."""
    event, draft = hagen_world["event"], hagen_world["draft"]
    # Uploaded photos and files go to the test's own folder.
    settings.MEDIA_ROOT = tmp_path / "media"
    framework = Framework.objects.create(slug="weltoffen", name="Weltoffene Kommune")
    # Bare objects of the kinds that others PROTECT once they are used; the Hagen editor also
    # edits the bare municipality, which only superusers may delete.
    bare_municipality = Municipality.objects.create(name="Wetter", slug="wetter")
    EditorMembership.objects.create(user=hagen_editor, municipality=bare_municipality)
    assessment = Assessment.objects.create(
        framework=framework, municipality=hagen, title="Standortbestimmung Hagen"
    )
    organisation = Organisation.objects.create(
        name="Hagener Verein", slug="hagener-verein", sector="civil_society", municipality=hagen
    )
    chapter = Chapter.objects.create(event=draft, title="Ausblick")
    return {
        **hagen_world,
        "municipality": hagen,
        "bare_municipality": bare_municipality,
        "bare_strategy": Strategy.objects.create(name="Leer", slug="leer", municipality=hagen),
        "bare_framework": Framework.objects.create(slug="leer", name="Leer"),
        "organisation": organisation,
        "practice_example": PracticeExample.objects.create(
            title="Beispiel", slug="hagen-beispiel", municipality=hagen, event=event
        ),
        "action_field": ActionField.objects.create(
            strategy=hagen_world["strategy"], number="1", title="Feld"
        ),
        "poll": Poll.objects.create(event=event, question="Wie geht es?", kind="mood"),
        "network": Network.objects.create(slug="netz", name="Netz"),
        "framework": framework,
        "field": Field.objects.create(framework=framework, number="1", title="Feld"),
        "assessment": assessment,
        "respondent": Respondent.objects.create(assessment=assessment, unit="Amt"),
        "vote": make_vote(event, code="HAGENVOTE", open_it=False),
        "run": make_run(event, code="HAGENRUN", start=False),
        **_question_round(event),
        "membership": EditorMembership.objects.get(municipality=hagen),
        "user": get_user_model().objects.create_user("someone", password="pw"),
        "group": Group.objects.create(name="Gruppe"),
        "tag": Tag.objects.create(name="Engagement", slug="engagement"),
        # Login throttling's records: unlocking an account is deleting its attempt.
        "access_attempt": AccessAttempt.objects.create(
            failures_since_start=5, get_data="", post_data="", **_ACCESS
        ),
        "access_log": AccessLog.objects.create(**_ACCESS),
        "access_failure_log": AccessFailureLog.objects.create(**_ACCESS),
        "draft": draft,
        # The operator's pages (a row per page from migration legal/0002, gone after a flush).
        # The outline: a chapter of the draft and a group of its quotes.
        "chapter": chapter,
        "part": Part.objects.create(chapter=chapter, kind="agenda"),
        "quote_group": QuoteGroup.objects.create(event=draft, lead="Stimmen"),
        # The documentation editor's session and a part of the chapter.
        "draft_session": Session.objects.create(
            event=draft, slug="tisch", kind="thematic_table", title="Tisch"
        ),
        "legal_page": LegalPage.objects.get_or_create(kind=LegalPage.Kind.IMPRINT)[0],
        "accessibility_feedback": AccessibilityFeedback.objects.create(message="Kontrast"),
        # Deletions in the inlines of the event form and the session page, to be undone.
        "undo_event": _deleted_quote(draft, "Gelöscht im Entwurf"),
        "undo_session": _deleted_quote(event, "Gelöscht am Tisch", session=hagen_world["session"]),
        # The matrix deletes and opens them; the export carries their stored files.
        "photo": Photo.objects.create(
            event=draft,
            image=default_storage.save("photos/x/original.jpg", ContentFile(image_bytes())),
            alt_text="Podium",
            width=8,
            height=6,
        ),
        "attachment": Attachment.objects.create(
            event=draft,
            title="Folien",
            file=default_storage.save("files/x/folien.pdf", ContentFile(b"%PDF-1.4")),
            content_type=Attachment.ContentType.PDF,
            size=10,
        ),
    }


def _question_round(event) -> dict:
    """A live question round with a question waiting for release and a released one."""
    question_round = make_round(event, code="HAGENQNA")
    waiting = question_ask(code="HAGENQNA", token=participant_token_new(), text="Wartet noch")
    shown = question_ask(code="HAGENQNA", token=participant_token_new(), text="Schon sichtbar")
    question_moderate(question=shown, action="release")
    return {
        "question_round": question_round,
        "audience_waiting": waiting,
        "audience_shown": shown,
    }


def _deleted_quote(event, text: str, session=None) -> int:
    """A quote deleted in a revision of the event's documentation, as a save with "Löschen?"
    in the quotes deletes it: the revision's id, for its undo."""
    quote = Quote.objects.create(event=event, session=session, text=text)
    with documentation_revision(None, "change", event):
        note_deletion(quote)
        quote.delete()
    return documentation_revisions(event).first().pk


def _documentation_of(response) -> bytes:
    """The documentation in an export: the file itself, or the one in its ZIP archive."""
    if response["Content-Type"] != "application/zip":
        return response.content
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return archive.read("documentation.yaml")


_ACCESS = {
    "username": "someone",
    "ip_address": "fd00::1",
    "user_agent": "",
    "http_accept": "",
    "path_info": "/admin/login/",
}


# The rule of each admin model (``app.model``): which object the matrix deletes, who may.
ADMIN_MODELS: dict[str, tuple[str, frozenset]] = {
    "auth.user": ("user", SUPERUSER),
    "auth.group": ("group", SUPERUSER),
    "taggit.tag": ("tag", SUPERUSER),
    "axes.accessattempt": ("access_attempt", SUPERUSER),
    "axes.accesslog": ("access_log", SUPERUSER),
    "axes.accessfailurelog": ("access_failure_log", SUPERUSER),
    "stakeholders.network": ("network", SUPERUSER),
    "stakeholders.municipality": ("bare_municipality", SUPERUSER),
    "stakeholders.organisation": ("organisation", EDITORS),
    "stakeholders.person": ("person", EDITORS),
    "stakeholders.practiceexample": ("practice_example", EDITORS),
    "stakeholders.editormembership": ("membership", SUPERUSER),
    "events.event": ("draft", EDITORS),
    "events.session": ("session", EDITORS),
    "events.poll": ("poll", EDITORS),
    "events.chapter": ("chapter", EDITORS),
    "events.quotegroup": ("quote_group", EDITORS),
    "recommendations.strategy": ("bare_strategy", EDITORS),
    "recommendations.actionfield": ("action_field", EDITORS),
    "recommendations.recommendation": ("recommendation", EDITORS),
    "assessments.framework": ("bare_framework", SUPERUSER),
    "assessments.field": ("field", SUPERUSER),
    "assessments.assessment": ("assessment", EDITORS),
    "assessments.respondent": ("respondent", EDITORS),
    "voting.dotvote": ("vote", EDITORS),
    "polls.pollrun": ("run", EDITORS),
    "audience.questionround": ("question_round", EDITORS),
    "legal.legalpage": ("legal_page", SUPERUSER),
    "legal.accessibilityfeedback": ("accessibility_feedback", SUPERUSER),
    "uploads.photo": ("photo", EDITORS),
    "uploads.attachment": ("attachment", EDITORS),
}


@dataclass(frozen=True)
class WritePath:
    name: str
    # Sends the request as the given client and returns the response.
    send: Callable
    # Whether the write (or, for an export, the read of the file) happened.
    done: Callable
    allowed: frozenset = EDITORS


def _delete_path(label: str, key: str, allowed: frozenset) -> WritePath:
    app, model = label.split(".")

    def send(client, w):
        return client.post(
            reverse(f"admin:{app}_{model}_delete", args=[w[key].pk]), {"post": "yes"}
        )

    def done(w, response):
        return not type(w[key]).objects.filter(pk=w[key].pk).exists()

    return WritePath(f"admin delete {label}", send, done, allowed)


def _upload(client, w):
    data = minimal(slug="matrix-import")
    text = yaml.safe_dump(data, allow_unicode=True).encode()
    return client.post(
        reverse("admin:events_event_import"), {"file": SimpleUploadedFile("d.yaml", text)}
    )


def _action(admin_name: str, action: str, key: str):
    def send(client, w):
        return client.post(
            reverse(f"admin:{admin_name}_changelist"),
            {"action": action, "_selected_action": [w[key].pk]},
        )

    return send


def _control(namespace: str, key: str, action: str):
    def send(client, w):
        return client.post(reverse(f"{namespace}:control", args=[w[key].code]), {"action": action})

    return send


def _paper(client, w):
    vote = w["vote"]
    item = vote.items.first()
    return client.post(reverse("voting:paper", args=[vote.code]), {f"item_{item.pk}": 7})


def _photo_add(client, w):
    return client.post(
        reverse("admin:uploads_photo_add"),
        {
            "event": w["draft"].pk,
            "upload": SimpleUploadedFile("podium.jpg", image_bytes("JPEG", (600, 400))),
            "alt_text": "Neues Foto vom Podium",
            "order": 0,
        },
    )


def _question_new(client, w):
    return client.post(
        reverse("polls:question_new", args=[w["run"].code]),
        {
            "question": "Neue Frage?",
            "kind": "single",
            "options": "Ja\nNein",
            "min_choices": 1,
            "max_choices": 1,
        },
    )


def _hand_counts(client, w):
    poll = w["poll"]
    data = {"method": "per Handzeichen"}
    data.update({f"count_{i}": 3 for i in range(5)})
    return client.post(reverse("polls:hand_counts", args=[poll.pk]), data)


def _audience_release(client, w):
    return client.post(
        reverse("audience:moderate", args=[w["question_round"].code]),
        {"question": w["audience_waiting"].pk, "action": "release"},
    )


def _audience_publish(client, w):
    return client.post(
        reverse("audience:publish", args=[w["question_round"].code]),
        {"question": [w["audience_shown"].pk]},
    )


def _audience_round_new(client, w):
    return client.post(
        reverse("audience:event", args=[w["event"].slug]),
        {"title": "Neue Fragerunde", "premoderated": "on", "documented_as": "plenary"},
    )


def _merge_tags(client, w):
    session = client.session
    session["selected_tag_ids"] = str(w["tag"].pk)
    session.save()
    return client.post(reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "Beteiligung"})


def _send_invitation(client, w):
    respondent = w["respondent"]
    return client.post(
        f"{reverse('admin:assessments_respondent_send_invitations')}?ids={respondent.pk}",
        {f"email_{respondent.pk}": "amt@hagen.de"},
    )


def _page(name: str, args):
    """A staff page that only shows (its POST takes the same access check first)."""
    return lambda client, w: client.get(reverse(name, args=args(w)))


def _editor(name: str, data: Callable, *args: Callable):
    """A write of the documentation editor (authoring/) on the draft, as its page script sends
    it."""

    def send(client, w):
        url = reverse(f"authoring:{name}", args=[w["draft"].pk, *(arg(w) for arg in args)])
        return client.post(url, data(w), HTTP_ACCEPT="application/json")

    return send


def _view_on_site(client, w):
    draft = w["draft"]
    content_type = ContentType.objects.get_for_model(Event)
    return client.get(reverse("admin:view_on_site", args=[content_type.pk, draft.pk]))


PATHS: list[WritePath] = [
    *(_delete_path(label, key, allowed) for label, (key, allowed) in ADMIN_MODELS.items()),
    WritePath(
        "editor: a new documentation from the start page",
        lambda client, w: client.post(
            reverse("authoring:create"),
            {
                "title": "Neu im Editor",
                "kind": "workshop",
                "date": "2024-09-14",
                "municipality": w["municipality"].pk,
            },
        ),
        lambda w, response: Event.objects.filter(
            title="Neu im Editor", municipality=w["municipality"]
        ).exists(),
    ),
    WritePath(
        "editor: the page of a documentation",
        lambda client, w: client.get(reverse("authoring:editor", args=[w["draft"].pk])),
        lambda w, response: response.status_code == 200,
    ),
    WritePath(
        "editor: the documentation's details",
        _editor(
            "basics",
            lambda w: {
                "basics-title": "Neuer Titel",
                "basics-kind": "workshop",
                "basics-date": "2024-09-14",
            },
        ),
        lambda w, response: Event.objects.filter(title="Neuer Titel").exists(),
    ),
    WritePath(
        "editor: a new session with a new moderator and pasted bullets",
        _editor(
            "session_new",
            lambda w: {
                "new-title": "Neuer Tisch",
                "new-kind": "workshop",
                "new-moderator": "Neue Moderatorin",
                "new-bullets": "eins\nzwei",
            },
        ),
        lambda w, response: (
            Contribution.objects.filter(session__title="Neuer Tisch", text="zwei").exists()
            and Person.objects.filter(name="Neue Moderatorin").exists()
        ),
    ),
    WritePath(
        "editor: quotes pasted into a session",
        _editor(
            "session",
            lambda w: {
                f"s{w['draft_session'].pk}-title": "Tisch",
                f"s{w['draft_session'].pk}-kind": "workshop",
                f"s{w['draft_session'].pk}-quotes": "Neues Zitat – Teilnehmerin",
            },
            lambda w: w["draft_session"].pk,
        ),
        lambda w, response: w["draft"].quotes.filter(text="Neues Zitat").exists(),
    ),
    WritePath(
        "editor: paper points pasted",
        _editor("counts", lambda w: {"counts-counts": "Neues Thema\t12"}),
        lambda w, response: w["draft"].priorities.filter(label="Neues Thema").exists(),
    ),
    WritePath(
        "editor: a photo with its alternative text",
        _editor(
            "photo_new",
            lambda w: {
                "newphoto-upload": SimpleUploadedFile("p.jpg", image_bytes("JPEG", (600, 400))),
                "newphoto-alt_text": "Neues Foto im Editor",
            },
        ),
        lambda w, response: Photo.objects.filter(alt_text="Neues Foto im Editor").exists(),
    ),
    WritePath(
        "editor: a photo's alternative text changed",
        _editor(
            "photo",
            lambda w: {f"p{w['photo'].pk}-alt_text": "Podium mit fünf Personen"},
            lambda w: w["photo"].pk,
        ),
        lambda w, response: Photo.objects.filter(alt_text="Podium mit fünf Personen").exists(),
    ),
    WritePath(
        "editor: a new chapter",
        _editor("chapter_new", lambda w: {"newchapter-title": "Neues Kapitel"}),
        lambda w, response: Chapter.objects.filter(title="Neues Kapitel").exists(),
    ),
    WritePath(
        "editor: a chapter renamed",
        _editor(
            "chapter",
            lambda w: {f"c{w['chapter'].pk}-title": "Umbenannt"},
            lambda w: w["chapter"].pk,
        ),
        lambda w, response: Chapter.objects.filter(title="Umbenannt").exists(),
    ),
    WritePath(
        "editor: a part taken out of its chapter",
        _editor(
            "part",
            lambda w: {"op": "delete"},
            lambda w: w["part"].pk,
        ),
        lambda w, response: not Part.objects.filter(pk=w["part"].pk).exists(),
    ),
    WritePath(
        "editor: publishing after the list of what is missing",
        _editor("publication", lambda w: {"op": "publish", "confirm": "1"}),
        lambda w, response: Event.objects.get(pk=w["draft"].pk).is_published,
    ),
    WritePath(
        "admin change of the own municipality",
        lambda client, w: client.post(
            reverse("admin:stakeholders_municipality_change", args=[w["municipality"].pk]),
            {"name": "Hagen (Westf.)", "slug": "hagen", "kind": "stadt", "state": ""},
        ),
        lambda w, response: Municipality.objects.filter(name="Hagen (Westf.)").exists(),
    ),
    WritePath(
        "admin change of a legal page",
        lambda client, w: client.post(
            reverse("admin:legal_legalpage_change", args=[w["legal_page"].pk]),
            {"body_de": "Stadt Hagen", "body_en": ""},
        ),
        lambda w, response: LegalPage.objects.filter(body_de="Stadt Hagen").exists(),
        SUPERUSER,
    ),
    WritePath(
        "upload a photo in the admin",
        _photo_add,
        lambda w, response: Photo.objects.filter(alt_text="Neues Foto vom Podium").exists(),
    ),
    WritePath(
        "documentation import",
        _upload,
        lambda w, response: Event.objects.filter(slug="matrix-import").exists(),
    ),
    WritePath(
        "documentation export",
        lambda client, w: client.get(reverse("admin:events_event_export", args=[w["draft"].pk])),
        lambda w, response: (
            response.status_code == 200
            and yaml.safe_load(_documentation_of(response))["event"]["slug"] == w["draft"].slug
        ),
    ),
    WritePath(
        "paste contributions into a session",
        lambda client, w: client.post(
            reverse("admin:events_session_paste", args=[w["session"].pk]),
            {"category": "", "bullets": "- Ein Punkt"},
        ),
        lambda w, response: Contribution.objects.filter(text="Ein Punkt").exists(),
    ),
    WritePath(
        "paste additions to a recommendation",
        lambda client, w: client.post(
            reverse("admin:recommendations_recommendation_paste", args=[w["recommendation"].pk]),
            {"event": w["event"].pk, "bullets": "- Eine Ergänzung"},
        ),
        lambda w, response: Addition.objects.filter(text="Eine Ergänzung").exists(),
    ),
    WritePath(
        "undo a deletion on the event form",
        lambda client, w: client.post(
            reverse("admin:events_event_undo", args=[w["draft"].pk, w["undo_event"]])
        ),
        lambda w, response: Quote.objects.filter(text="Gelöscht im Entwurf").exists(),
    ),
    WritePath(
        "undo a deletion on the session page",
        lambda client, w: client.post(
            reverse("admin:events_session_undo", args=[w["session"].pk, w["undo_session"]])
        ),
        lambda w, response: Quote.objects.filter(text="Gelöscht am Tisch").exists(),
    ),
    WritePath(
        "publish action on events",
        _action("events_event", "publish", "draft"),
        lambda w, response: Event.objects.get(pk=w["draft"].pk).is_published,
    ),
    WritePath(
        "unpublish action on events",
        _action("events_event", "unpublish", "event"),
        lambda w, response: not Event.objects.get(pk=w["event"].pk).is_published,
    ),
    WritePath(
        "withdraw-consent action on people",
        _action("stakeholders_person", "withdraw_consent", "person"),
        lambda w, response: not Person.objects.get(pk=w["person"].pk).publish_name,
    ),
    WritePath(
        "invite action on respondents",
        _action("assessments_respondent", "invite", "respondent"),
        lambda w, response: Respondent.objects.get(pk=w["respondent"].pk).invited_at is not None,
    ),
    WritePath(
        "send invitations by e-mail",
        _send_invitation,
        lambda w, response: (
            Respondent.objects.get(pk=w["respondent"].pk).invited_at is not None
            and [message.to for message in mail.outbox] == [["amt@hagen.de"]]
        ),
    ),
    WritePath(
        "open a dot-vote",
        _control("voting", "vote", "open"),
        lambda w, response: DotVote.objects.get(pk=w["vote"].pk).status == DotVote.Status.OPEN,
    ),
    WritePath(
        "paper dots of a dot-vote",
        _paper,
        lambda w, response: PaperCount.objects.filter(item__vote=w["vote"], dots=7).exists(),
    ),
    WritePath(
        "start a live poll",
        _control("polls", "run", "start"),
        lambda w, response: PollRun.objects.get(pk=w["run"].pk).status != PollRun.Status.DRAFT,
    ),
    *(
        WritePath(
            f"the projector's view chosen: {app}",
            lambda client, w, app=app, key=key: client.post(
                reverse(f"{app}:projector_view", args=[w[key].code]), {"view": "results"}
            ),
            lambda w, response, model=model, key=key: (
                model.objects.get(pk=w[key].pk).projector_view == "results"
            ),
        )
        for app, key, model in (
            ("voting", "vote", DotVote),
            ("polls", "run", PollRun),
            ("audience", "question_round", QuestionRound),
        )
    ),
    WritePath(
        "add a question to a live poll",
        _question_new,
        lambda w, response: Poll.objects.filter(question="Neue Frage?").exists(),
    ),
    WritePath(
        "hand counts of a poll",
        _hand_counts,
        lambda w, response: CountSource.objects.filter(poll=w["poll"]).exists(),
    ),
    WritePath(
        "finish a question round",
        _control("audience", "question_round", "finish"),
        lambda w, response: (
            QuestionRound.objects.get(pk=w["question_round"].pk).status
            == QuestionRound.Status.FINISHED
        ),
    ),
    WritePath(
        "release an audience question",
        _audience_release,
        lambda w, response: (
            AudienceQuestion.objects.get(pk=w["audience_waiting"].pk).status
            == AudienceQuestion.Status.RELEASED
        ),
    ),
    WritePath(
        "publish audience questions into the documentation",
        _audience_publish,
        lambda w, response: Quote.objects.filter(text="Schon sichtbar").exists(),
    ),
    WritePath(
        "new question round of an event",
        _audience_round_new,
        lambda w, response: QuestionRound.objects.filter(title="Neue Fragerunde").exists(),
    ),
    WritePath(
        "change another user's password",
        lambda client, w: client.post(
            reverse("admin:auth_user_password_change", args=[w["user"].pk]),
            {"password1": "ein-neues-Passwort-1", "password2": "ein-neues-Passwort-1"},
        ),
        lambda w, response: (
            get_user_model().objects.get(pk=w["user"].pk).check_password("ein-neues-Passwort-1")
        ),
        SUPERUSER,
    ),
    WritePath(
        "merge tags",
        _merge_tags,
        lambda w, response: Tag.objects.filter(name="Beteiligung").exists(),
        SUPERUSER,
    ),
    WritePath(
        "moderation page of a live poll",
        _page("polls:moderate", lambda w: [w["run"].code]),
        lambda w, response: response.status_code == 200,
    ),
    WritePath(
        "publish page of a live poll's question",
        _page("polls:publish", lambda w: [w["run"].code, w["run"].questions.first().pk]),
        lambda w, response: response.status_code == 200,
    ),
    WritePath(
        "poll overview of an event",
        _page("polls:event", lambda w: [w["event"].slug]),
        lambda w, response: response.status_code == 200,
    ),
    WritePath(
        "projector of a dot-vote",
        _page("voting:projector", lambda w: [w["vote"].code]),
        lambda w, response: response.status_code == 200,
    ),
    WritePath(
        "projector of a live poll",
        _page("polls:projector", lambda w: [w["run"].code]),
        lambda w, response: response.status_code == 200,
    ),
    WritePath(
        "staff page of a dot-vote",
        _page("voting:staff", lambda w: [w["vote"].code]),
        lambda w, response: response.status_code == 200,
    ),
    WritePath(
        "staff page of a live poll",
        _page("polls:staff", lambda w: [w["run"].code]),
        lambda w, response: response.status_code == 200,
    ),
    WritePath(
        "staff page of a live poll, its live part",
        _page("polls:staff_live", lambda w: [w["run"].code]),
        lambda w, response: response.status_code == 200,
    ),
    WritePath(
        "staff page of a question round",
        _page("audience:staff", lambda w: [w["question_round"].code]),
        lambda w, response: response.status_code == 200,
    ),
    WritePath(
        "staff page of a question round, its live part",
        _page("audience:staff_live", lambda w: [w["question_round"].code]),
        lambda w, response: response.status_code == 200,
    ),
    WritePath(
        "projector of a question round",
        _page("audience:projector", lambda w: [w["question_round"].code]),
        lambda w, response: response.status_code == 200,
    ),
    WritePath(
        "publish page of a question round",
        _page("audience:publish", lambda w: [w["question_round"].code]),
        lambda w, response: response.status_code == 200,
    ),
    WritePath(
        "question rounds of an event",
        _page("audience:event", lambda w: [w["event"].slug]),
        lambda w, response: response.status_code == 200,
    ),
    WritePath(
        # The documentation's change history (events/history.py): its editors only.
        "change history of a documentation",
        _page("admin:events_event_history", lambda w: [w["draft"].pk]),
        lambda w, response: response.status_code == 200,
    ),
    WritePath(
        "view on site of a draft",
        _view_on_site,
        lambda w, response: (
            response.status_code == 302 and w["draft"].slug in response.headers["Location"]
        ),
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("path", PATHS, ids=[path.name for path in PATHS])
def test_write_path(request, world, path, persona):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    before = database_rows()
    response = path.send(client_for(user), world)
    assert response.status_code != 500
    if persona in path.allowed:
        assert path.done(world, response), f"{persona} could not: {path.name}"
    else:
        assert not path.done(world, response), f"{persona} could: {path.name}"
        assert database_rows() == before, f"{persona} changed something: {path.name}"
        assert response.status_code in (200, 302, 400, 403, 404)


def test_every_admin_model_is_in_the_matrix():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN_MODELS)


# Pages that change nothing of a municipality's data: participants' pages, the crawlers' files,
# the admin's own pages (login, the user's own password, lists, lookups) and its per-model
# pages, which ADMIN_MODELS covers. Every other named page must be a path above.
NOT_STAFF_WRITES = {
    "robots_txt",
    "sitemap",
    "favicon",
    # The operator's pages and the accessibility feedback form, for everyone (tests/legal).
    "legal:imprint",
    "legal:privacy",
    "legal:accessibility",
    "legal:feedback",
    "legal:easy_language",
    "legal:sign_language",
    # Open data: published content only, read-only (tests/opendata).
    "opendata:index",
    "opendata_files:catalog",
    "opendata_files:events_csv",
    "opendata_files:recommendations_csv",
    "opendata_files:points_csv",
    "opendata_files:status_history_csv",
    "opendata_files:documentation_json",
    "opendata_files:documentation_yaml",
    "healthz",
    "voting:join",
    "voting:participant",
    "voting:ballot",
    "voting:results",
    # Read-only: whether the vote is open and its result visible, polled or pushed
    # (tests/voting/test_state.py, tests/voting/test_push_postgres.py).
    "voting:state",
    "voting:events",
    "polls:join",
    "polls:participant",
    "polls:question",
    "polls:question_shared",
    "polls:answer",
    "polls:state",
    # The same state pushed (live/push.py; tests/polls/test_push_postgres.py).
    "polls:events",
    "polls:projector_live",
    "polls:moderate_texts",
    "audience:join",
    "audience:participant",
    "audience:ask",
    "audience:upvote",
    "audience:state",
    "admin:index",
    "admin:login",
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
    "admin:autocomplete",
    "admin:jsi18n",
    "admin:app_list",
    # Photos and files: read-only, published for everyone, a draft's for its editors
    # (tests/uploads/test_media_view.py).
    "uploads:photo",
    "uploads:attachment",
    # A forgotten password: the user's own, reached without a login (tests/test_password_reset).
    "admin_password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
GENERIC_ADMIN = ("_changelist", "_add", "_change", "_delete", "_history")


def test_every_staff_page_is_in_the_matrix():
    def names(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from names(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}"

    covered = {
        "voting:control",
        "voting:projector_view",
        "audience:projector_view",
        "polls:projector_view",
        "voting:paper",
        "voting:projector",
        "polls:control",
        "polls:question_new",
        "polls:hand_counts",
        "polls:moderate",
        "polls:publish",
        "polls:event",
        "polls:projector",
        "voting:staff",
        "polls:staff",
        "polls:staff_live",
        "audience:control",
        "audience:moderate",
        "audience:publish",
        "audience:event",
        "audience:projector",
        "audience:staff",
        "audience:staff_live",
        "admin:events_event_import",
        "admin:events_event_export",
        "admin:events_session_paste",
        "admin:events_event_undo",
        "admin:events_session_undo",
        "admin:recommendations_recommendation_paste",
        "admin:view_on_site",
        "admin:auth_user_password_change",
        "admin:taggit_tag_merge_tags",
        "admin:assessments_respondent_send_invitations",
        *(
            f"authoring:{name}"
            for name in (
                "create",
                "editor",
                "basics",
                "session_new",
                "session",
                "counts",
                "photo_new",
                "photo",
                "chapter_new",
                "chapter",
                "part",
                "publication",
            )
        ),
    }
    public = ("events:", "recommendations:", "stakeholders:", "assessments:")
    staff = {
        name
        for name in names(get_resolver().url_patterns)
        if not name.startswith(public) and not name.endswith(GENERIC_ADMIN)
    }
    assert staff - NOT_STAFF_WRITES - covered == set()


@pytest.mark.parametrize("label", sorted(ADMIN_MODELS))
def test_every_admin_page_of_a_model_opens_for_the_superuser(world, superuser, label):
    """The matrix writes; this reads each model's list, add and change page as the one persona
    who may see them all, so that no admin page answers 500."""
    app, model = label.split(".")
    key, _allowed = ADMIN_MODELS[label]
    client = client_for(superuser)
    for url in (
        reverse(f"admin:{app}_{model}_changelist"),
        reverse(f"admin:{app}_{model}_add"),
        reverse(f"admin:{app}_{model}_change", args=[world[key].pk]),
    ):
        assert client.get(url).status_code in (200, 403), url

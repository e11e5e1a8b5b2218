"""Full-text search over the published documentation and the public recommendations.

PostgreSQL: every searched word is reduced to its German lexeme and widened by trigram matching
against the lexemes that occur in documentations (events_searchterm), so that "Beteiligung" also
finds "Bürgerbeteiligung" and "Ehrenamt" finds "Ehrenamtskarte". Events match on their search
document (one GIN-indexed row per event, kept up to date by triggers, see migration 0005), rank
by title, summary and session titles, and show a highlighted snippet (ts_headline) of the best
place in the documentation.

SQLite: every word must occur as a substring in the event or its sessions, contributions,
quotes, sections or guiding questions; snippets are cut in Python.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from events.models import (
    Contribution,
    Event,
    GuidingQuestion,
    Quote,
    SearchDocument,
    Section,
    Session,
)
from recommendations.models import Recommendation

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
# Compound words and near spellings tried per searched word.
EXPANSIONS_PER_WORD = 50
# Snippet markers that cannot occur in typed text: the text is escaped first, then marked.
MARK_START, MARK_END = "\ue000", "\ue001"
HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, ShortWord=3, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
# The texts a snippet is cut from.
SESSION_TEXT = "s.title || ' ' || s.description || ' ' || s.conclusion_title || ' ' || s.conclusion"
EVENT_TEXT = "e.summary || ' ' || e.introduction || ' ' || e.goal || ' ' || e.outlook"


def uses_postgresql() -> bool:
    return connection.vendor == "postgresql"


@dataclass
class Terms:
    """What the reader typed, prepared for the database in use."""

    text: str
    words: list[str] = field(default_factory=list)
    # PostgreSQL: tsquery text of verbatim lexemes, one OR-group per word, groups AND-ed.
    tsquery: str = ""
    # PostgreSQL: the typed words' own lexemes, OR-ed: what ranks (cheap with few lexemes).
    rank_tsquery: str = ""
    # PostgreSQL: any of the widened words: a snippet shows where one of them occurs.
    snippet_tsquery: str = ""
    # PostgreSQL: the typed words' lexemes (German stems).
    lexemes: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.tsquery if uses_postgresql() else self.words)


@dataclass
class Snippet:
    html: SafeString
    label: str = ""
    anchor: str = ""


class LexemeQuery(SearchQuery):
    """A tsquery written in tsquery syntax whose lexemes are used verbatim (no dictionary)."""

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST({sql} AS tsquery)", params


def prepare(text: str) -> Terms:
    text = " ".join((text or "").split())[:MAX_QUERY_LENGTH]
    words = [word for word in re.findall(r"\w[\w-]*", text) if len(word) >= 2][:MAX_WORDS]
    terms = Terms(text=text, words=words)
    if uses_postgresql() and words:
        groups, terms.lexemes = _expanded_lexemes(" ".join(words))
        terms.tsquery = " & ".join(groups)
        terms.rank_tsquery = " | ".join(_quote_lexeme(lexeme) for lexeme in terms.lexemes)
        terms.snippet_tsquery = " | ".join(groups)
    return terms


def _quote_lexeme(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _expanded_lexemes(text: str) -> tuple[list[str], list[str]]:
    """One query: each German lexeme of the text with the known lexemes that contain it or are
    spelled nearly alike (pg_trgm word similarity), for example beteil → burgerbeteil.

    Returns one tsquery OR-group per word, and the words' own lexemes."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT q.lexeme, array_remove(array_agg(t.term ORDER BY t.distance), NULL)
            FROM unnest(tsvector_to_array(to_tsvector('german', %s))) AS q(lexeme)
            LEFT JOIN LATERAL (
                SELECT term, q.lexeme <<-> term AS distance FROM events_searchterm
                WHERE char_length(q.lexeme) >= 4 AND q.lexeme <%% term
                ORDER BY distance LIMIT %s
            ) t ON true
            GROUP BY q.lexeme
            ORDER BY q.lexeme
            """,
            [text, EXPANSIONS_PER_WORD],
        )
        groups, typed = [], []
        for lexeme, expansions in cursor.fetchall():
            alternatives = dict.fromkeys([lexeme, *expansions])
            groups.append("(" + " | ".join(_quote_lexeme(term) for term in alternatives) + ")")
            typed.append(lexeme)
    return groups, typed


# --- Events ----------------------------------------------------------------------------------


def _sqlite_search(events: QuerySet[Event], terms: Terms) -> QuerySet[Event]:
    """The events that contain every word somewhere; title matches first."""
    for word in terms.words:
        events = events.filter(_sqlite_event_matches(word))
    title_matches = Q(*[Q(title__icontains=word) for word in terms.words])
    return events.annotate(
        rank=Case(When(title_matches, then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by("-rank", "-date", "title")


def _sqlite_event_matches(word: str) -> Q:
    in_event = (
        Q(title__icontains=word)
        | Q(subtitle__icontains=word)
        | Q(summary__icontains=word)
        | Q(introduction__icontains=word)
        | Q(goal__icontains=word)
        | Q(outlook__icontains=word)
    )
    event = OuterRef("pk")
    return (
        in_event
        | Exists(
            Section.objects.filter(event=event).filter(
                Q(title__icontains=word) | Q(body__icontains=word)
            )
        )
        | Exists(Session.objects.filter(event=event).filter(_sqlite_session_matches(word)))
        | Exists(GuidingQuestion.objects.filter(event=event, text__icontains=word))
        | Exists(Contribution.objects.filter(session__event=event, text__icontains=word))
        | Exists(Quote.objects.filter(event=event, text__icontains=word))
    )


def _sqlite_session_matches(word: str) -> Q:
    return (
        Q(title__icontains=word)
        | Q(description__icontains=word)
        | Q(conclusion_title__icontains=word)
        | Q(conclusion__icontains=word)
    )


def search_page(
    events: QuerySet[Event], terms: Terms, number, per_page: int, *, narrowed: bool
) -> Page:
    """One page of the events that match every searched word, best first, each with .snippet.

    ``events`` are the published events the list shows, its filters applied; ``narrowed`` says
    whether any filter is set. On PostgreSQL the search documents are ranked on their own:
    they exist for published events only and carry the date that orders equal ranks, so a
    search without filters reads the events table only for the page's twenty events.
    """
    if not uses_postgresql():
        with planned_for_search(terms):
            page = Paginator(_sqlite_search(events, terms), per_page).get_page(number)
            page.object_list = list(page.object_list)
            snippets = snippets_for(page.object_list, terms)
    else:
        documents = SearchDocument.objects.filter(document=LexemeQuery(terms.tsquery))
        if narrowed:
            documents = documents.filter(event__in=events)
        ranked = (
            documents.annotate(rank=SearchRank(F("weighted"), LexemeQuery(terms.rank_tsquery)))
            .order_by("-rank", "-date", "-event_id")
            .values_list("event_id", flat=True)
        )
        with planned_for_search(terms):
            page = Paginator(ranked, per_page).get_page(number)
            ids = list(page.object_list)
            found = events.in_bulk(ids)
            page.object_list = [found[pk] for pk in ids if pk in found]
            snippets = snippets_for(page.object_list, terms)
    for event in page.object_list:
        event.snippet = snippets.get(event.pk)
    return page


@contextmanager
def planned_for_search(terms: Terms):
    """Run the queries of one result page with PostgreSQL told to use the GIN index.

    For a common word nearly every search document matches; the planner then prefers to read
    them all, decompressing each, over the bitmap of the GIN index that answers without reading
    them (its cost model does not count the decompression). Ten times slower with 10,000
    events, so sequential scans are switched off for this transaction only.
    """
    if not (terms and uses_postgresql()):
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        yield


def snippets_for(events: list[Event], terms: Terms) -> dict[int, Snippet]:
    """A highlighted passage per event: from its description, else its first matching session,
    contribution or quote. One query."""
    if not events or not terms:
        return {}
    if uses_postgresql():
        return _postgresql_snippets([event.pk for event in events], terms)
    return _sqlite_snippets(events, terms)


def _postgresql_snippets(event_ids: list[int], terms: Terms) -> dict[int, Snippet]:
    # Per event the first match in order of preference: its description, a session, a
    # contribution, a quote. UNION ALL under LIMIT 1 stops at the first part that has one, so
    # contributions are read only for events without a better place; a cheap ILIKE on the typed
    # words and their stems spares most texts the German parser; only the chosen passage is
    # highlighted.
    sql = f"""
        SELECT ids.event_id, best.label, best.anchor, ts_headline('german', best.body, q, %s)
        FROM unnest(CAST(%s AS bigint[])) AS ids(event_id)
        CROSS JOIN CAST(%s AS tsquery) AS q
        CROSS JOIN LATERAL (
            (SELECT '' AS label, '' AS anchor, {EVENT_TEXT} AS body
             FROM events_event e
             WHERE e.id = ids.event_id AND {EVENT_TEXT} ILIKE ANY(%s)
               AND to_tsvector('german', {EVENT_TEXT}) @@ q)
            UNION ALL
            (SELECT s.title, s.slug, {SESSION_TEXT}
             FROM events_session s
             WHERE s.event_id = ids.event_id AND {SESSION_TEXT} ILIKE ANY(%s)
               AND to_tsvector('german'::regconfig, {SESSION_TEXT}) @@ q
             ORDER BY s."order", s.id LIMIT 1)
            UNION ALL
            (SELECT s.title, s.slug, c.text
             FROM events_session s JOIN events_contribution c ON c.session_id = s.id
             WHERE s.event_id = ids.event_id AND c.text ILIKE ANY(%s)
               AND to_tsvector('german'::regconfig, c.text) @@ q
             ORDER BY s."order", s.id, c."order", c.id LIMIT 1)
            UNION ALL
            (SELECT coalesce(s.title, ''), coalesce(s.slug, ''), qu.text
             FROM events_quote qu LEFT JOIN events_session s ON s.id = qu.session_id
             WHERE qu.event_id = ids.event_id AND qu.text ILIKE ANY(%s)
               AND to_tsvector('german'::regconfig, qu.text) @@ q
             ORDER BY qu."order", qu.id LIMIT 1)
            LIMIT 1
        ) AS best
    """
    with connection.cursor() as cursor:
        patterns = [_like_pattern(word) for word in dict.fromkeys(terms.words + terms.lexemes)]
        cursor.execute(
            sql,
            [HEADLINE_OPTIONS, event_ids, terms.snippet_tsquery, *[patterns] * 4],
        )
        return {
            event_id: Snippet(html=_marked(headline), label=label, anchor=anchor)
            for event_id, label, anchor, headline in cursor.fetchall()
        }


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _marked(headline: str) -> SafeString:
    """Escape the text, then turn the markers into <mark>."""
    html = escape(headline).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above, only our own tags added


def _sqlite_snippets(events: list[Event], terms: Terms) -> dict[int, Snippet]:
    """From the event's own texts, else its first contribution with the longest word. Two
    queries (cards load only the summary of an event)."""
    word = max(terms.words, key=len)
    snippets = {}
    texts = Event.objects.filter(pk__in=[event.pk for event in events]).values_list(
        "pk", "summary", "introduction", "goal", "outlook"
    )
    for pk, *parts in texts:
        text = " ".join(parts)
        if word.casefold() in text.casefold():
            snippets[pk] = Snippet(html=cut_snippet(text, terms.words))
    missing = [event.pk for event in events if event.pk not in snippets]
    contributions = (
        Contribution.objects.filter(session__event_id__in=missing, text__icontains=word)
        .select_related("session")
        .order_by("session__order", "order", "id")
    )
    for contribution in contributions:
        session = contribution.session
        snippets.setdefault(
            session.event_id,
            Snippet(
                html=cut_snippet(contribution.text, terms.words),
                label=session.title,
                anchor=session.slug,
            ),
        )
    return snippets


def cut_snippet(text: str, words: list[str], width: int = 90) -> SafeString:
    """The passage around the first searched word, escaped, with the words marked."""
    text = " ".join(text.split())
    folded = text.casefold()
    hits = [folded.find(word.casefold()) for word in words if word.casefold() in folded]
    start = min(hits) if hits else 0
    begin = max(0, start - width)
    end = min(len(text), start + width)
    # Whole words only: move the cuts to the nearest spaces inside the passage.
    if begin:
        begin = text.find(" ", begin, start) + 1 or begin
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    passage = ("… " if begin else "") + text[begin:end] + (" …" if end < len(text) else "")
    # The whole word that contains a searched one: "Ehrenamt" marks "Ehrenamtskarte". Found in
    # the plain text, so that no mark lands inside an entity or a tag.
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    parts, last = [], 0
    for match in re.finditer(rf"\w*(?:{alternatives})\w*", passage, flags=re.IGNORECASE):
        parts += [escape(passage[last : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        last = match.end()
    parts.append(escape(passage[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text escaped


# --- Recommendations -------------------------------------------------------------------------


def search_recommendations(
    recommendations: QuerySet[Recommendation], terms: Terms
) -> QuerySet[Recommendation]:
    if uses_postgresql():
        query = LexemeQuery(terms.tsquery)
        return (
            recommendations.alias(document=_recommendation_vector())
            .filter(document=query)
            .annotate(rank=SearchRank(_recommendation_vector(), query))
            .order_by("-rank", "strategy__name", "order", "id")
        )
    for word in terms.words:
        recommendations = recommendations.filter(
            Q(title__icontains=word) | Q(description__icontains=word)
        )
    return recommendations.order_by("strategy__name", "order", "id")


def recommendation_snippet(recommendation: Recommendation, terms: Terms) -> SafeString:
    return cut_snippet(recommendation.description, terms.words)


def _recommendation_vector() -> RawSQL:
    # The expression of the GIN index recommendations_recommendation_search (migration 0005).
    return RawSQL(
        "to_tsvector('german'::regconfig, recommendations_recommendation.title || ' ' "
        "|| recommendations_recommendation.description)",
        [],
        output_field=SearchVectorField(),
    )


def no_words_message() -> str:
    return _("Bitte geben Sie mindestens ein Wort mit zwei oder mehr Buchstaben ein.")

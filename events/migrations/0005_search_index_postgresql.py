"""Full-text search on PostgreSQL: trigram extension, GIN indexes and the triggers that keep
events_searchdocument and events_searchterm up to date. Nothing happens on SQLite.

How the index stays right without application code having to remember it:

- After every statement that writes an event or one of its sections, sessions, guiding
  questions, contributions or quotes, a statement trigger marks the event's search document
  stale (one cheap upsert per statement, also for bulk_create).
- A deferred constraint trigger on the marked row rebuilds the document once, at the end of the
  transaction: all lexemes of the documentation (German configuration) for matching, a small
  weighted vector (title A, subtitle and summary B, session titles C) for ranking, and the new
  lexemes go into events_searchterm for trigram matching of compound words.

The snippets of a result page are cut from the rows of its twenty events, found through their
foreign keys; they need no index of their own. Recommendations are searched row by row with the
expression of their GIN index (events/search.py uses the very same expression).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

SESSION_TEXT = "title || ' ' || description || ' ' || conclusion_title || ' ' || conclusion"
EVENT_TEXT = (
    "e.title || ' ' || e.subtitle || ' ' || e.summary || ' ' || e.introduction || ' ' "
    "|| e.goal || ' ' || e.outlook"
)

# How each table's changed rows lead to their events; {rows} is the transition table.
SOURCES = {
    "events_event": "SELECT array_agg(id) FROM {rows}",
    "events_section": "SELECT array_agg(event_id) FROM {rows}",
    "events_session": "SELECT array_agg(event_id) FROM {rows}",
    "events_guidingquestion": "SELECT array_agg(event_id) FROM {rows}",
    "events_quote": "SELECT array_agg(event_id) FROM {rows}",
    "events_contribution": (
        "SELECT array_agg(s.event_id) FROM {rows} c JOIN events_session s ON s.id = c.session_id"
    ),
}

FUNCTIONS = f"""
CREATE FUNCTION events_search_refresh(target bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    lexemes text[];
BEGIN
    IF NOT EXISTS (SELECT 1 FROM events_event WHERE id = target) THEN
        DELETE FROM events_searchdocument WHERE event_id = target;
        RETURN;
    END IF;
    SELECT coalesce(array_agg(DISTINCT lexeme), '{{}}') INTO lexemes FROM (
        SELECT unnest(tsvector_to_array(to_tsvector('german', {EVENT_TEXT})))
            FROM events_event e WHERE e.id = target
        UNION ALL
        SELECT unnest(tsvector_to_array(to_tsvector('german', s.title || ' ' || s.body)))
            FROM events_section s WHERE s.event_id = target
        UNION ALL
        SELECT unnest(tsvector_to_array(to_tsvector('german', {SESSION_TEXT})))
            FROM events_session WHERE event_id = target
        UNION ALL
        SELECT unnest(tsvector_to_array(to_tsvector('german', g.text)))
            FROM events_guidingquestion g WHERE g.event_id = target
        UNION ALL
        SELECT unnest(tsvector_to_array(to_tsvector('german', c.text)))
            FROM events_contribution c JOIN events_session s ON s.id = c.session_id
            WHERE s.event_id = target
        UNION ALL
        SELECT unnest(tsvector_to_array(to_tsvector('german', q.text)))
            FROM events_quote q WHERE q.event_id = target
    ) AS words(lexeme);

    UPDATE events_searchdocument SET
        document = array_to_tsvector(lexemes),
        weighted = (
            SELECT setweight(to_tsvector('german', e.title), 'A')
                || setweight(to_tsvector('german', e.subtitle || ' ' || e.summary), 'B')
                || setweight(to_tsvector('german', coalesce(
                    (SELECT string_agg(s.title, ' ') FROM events_session s
                     WHERE s.event_id = e.id), '')), 'C')
            FROM events_event e WHERE e.id = target
        ),
        stale = false
    WHERE event_id = target;

    INSERT INTO events_searchterm (term)
        SELECT lexeme FROM unnest(lexemes) AS lexeme WHERE char_length(lexeme) BETWEEN 4 AND 60
        ON CONFLICT DO NOTHING;
END $$;

CREATE FUNCTION events_search_mark(event_ids bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO events_searchdocument (event_id, document, weighted, stale)
        SELECT DISTINCT id, ''::tsvector, ''::tsvector, true
        FROM unnest(event_ids) AS id WHERE id IS NOT NULL
    ON CONFLICT (event_id) DO UPDATE SET stale = true WHERE NOT events_searchdocument.stale;
$$;

CREATE FUNCTION events_search_rebuild() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Queued once per stale row version; the first run of a transaction does the work.
    IF EXISTS (
        SELECT 1 FROM events_searchdocument WHERE event_id = NEW.event_id AND stale
    ) THEN
        PERFORM events_search_refresh(NEW.event_id);
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER events_searchdocument_rebuild
    AFTER INSERT OR UPDATE ON events_searchdocument
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (NEW.stale) EXECUTE FUNCTION events_search_rebuild();
"""


def _mark_triggers(table: str, event_ids: str) -> str:
    new_rows = event_ids.format(rows="new_rows")
    old_rows = event_ids.format(rows="old_rows")
    return f"""
CREATE FUNCTION {table}_search_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN PERFORM events_search_mark(({new_rows})); END IF;
    IF TG_OP <> 'INSERT' THEN PERFORM events_search_mark(({old_rows})); END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {table}_search_mark();
CREATE TRIGGER {table}_search_update AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {table}_search_mark();
CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {table}_search_mark();
"""


INDEXES = f"""
CREATE INDEX events_searchdocument_document ON events_searchdocument USING gin (document);
CREATE INDEX events_searchterm_trigram ON events_searchterm USING gin (term gin_trgm_ops);
CREATE INDEX recommendations_recommendation_search ON recommendations_recommendation
    USING gin (to_tsvector('german'::regconfig, title || ' ' || description));
"""

BACKFILL = "SELECT events_search_mark(array_agg(id)) FROM events_event;"

DROP = (
    "".join(
        f"DROP FUNCTION IF EXISTS {table}_search_mark() CASCADE;\n" for table in SOURCES
    )
    + """
DROP TRIGGER IF EXISTS events_searchdocument_rebuild ON events_searchdocument;
DROP FUNCTION IF EXISTS events_search_rebuild();
DROP FUNCTION IF EXISTS events_search_mark(bigint[]);
DROP FUNCTION IF EXISTS events_search_refresh(bigint);
DROP INDEX IF EXISTS events_searchdocument_document;
DROP INDEX IF EXISTS events_searchterm_trigram;
DROP INDEX IF EXISTS recommendations_recommendation_search;
"""
)


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTIONS)
    for table, event_ids in SOURCES.items():
        schema_editor.execute(_mark_triggers(table, event_ids))
    schema_editor.execute(INDEXES)
    schema_editor.execute(BACKFILL)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_search_index"),
        ("recommendations", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(install, uninstall, elidable=False),
    ]

"""Search documents of published events only, with the event's date: a search ranks the
documents without reading the events table (events/search.py). Nothing happens on SQLite
besides the new column."""

from django.db import migrations, models

SESSION_TEXT = "title || ' ' || description || ' ' || conclusion_title || ' ' || conclusion"
EVENT_TEXT = (
    "e.title || ' ' || e.subtitle || ' ' || e.summary || ' ' || e.introduction || ' ' "
    "|| e.goal || ' ' || e.outlook"
)

def refresh_function(*, published_only: bool) -> str:
    """events_search_refresh() of this migration, or (published_only=False) that of 0005."""
    condition = "AND status = 'published'" if published_only else ""
    date = "date = (SELECT e.date FROM events_event e WHERE e.id = target)," if published_only else ""
    return f"""
CREATE OR REPLACE FUNCTION events_search_refresh(target bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    lexemes text[];
BEGIN
    IF NOT EXISTS (SELECT 1 FROM events_event WHERE id = target {condition}) THEN
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
        {date}
        stale = false
    WHERE event_id = target;

    INSERT INTO events_searchterm (term)
        SELECT lexeme FROM unnest(lexemes) AS lexeme WHERE char_length(lexeme) BETWEEN 4 AND 60
        ON CONFLICT DO NOTHING;
END $$;
"""

REBUILD_ALL = "SELECT events_search_mark(array_agg(id)) FROM events_event;"


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(refresh_function(published_only=True))
    schema_editor.execute(REBUILD_ALL)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(refresh_function(published_only=False))
    schema_editor.execute(REBUILD_ALL)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_search_index_postgresql"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="date",
            field=models.DateField(null=True),
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]

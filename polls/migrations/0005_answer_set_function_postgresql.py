"""The poll answer as one PostgreSQL function, polls_answer_set(): a participant's answer is one
statement and one round trip (polls/services.py), as a dot-vote's ballot is. Nothing happens on
SQLite, where the same steps run from Python (polls.services._answer_set_steps).

The locks are those the answer held before: the question's row FOR SHARE (a close, which takes it
FOR UPDATE, waits for the answers in flight, and an answer that waited for a close reads the
question closed) and the participant's row FOR UPDATE (two tabs of one participant answer one
after the other, so the last answer wins whole). Each later statement of the function takes a new
snapshot (READ COMMITTED), so it sees what committed while it waited.

Everything is checked before anything is written: a refused answer writes no participant row and
no answer. The shared rate limit is counted first, in the same statement, as the ballot does; a
refused answer counts too.

Outcomes: 'ok'; 'rate'; 'question' (no such question in a run of this code); the question's
status when it is not open ('draft', 'closed'); 'not_words', 'unclean' (the terms sent were
refused by polls.services.words_clean, which then passes NULL), 'no_words', 'too_many_words' (a word
cloud); 'words_only_here'; 'not_a_text', 'empty_text' (a free text); 'not_a_choice', 'option'
(an option not of this question), 'count' (the number of options breaks the question's rule, as
polls.services.choice_range says: the poll's minimum to maximum for multiple choice, one
otherwise). Also returned: the poll's kind, minimum and maximum, for the message.

A row's time is the clock's when it is written (clock_timestamp()), so a changed text moves to the
end of the list also when the answer is part of a longer transaction.
"""

from django.db import migrations

ANSWER_SET = """
CREATE OR REPLACE FUNCTION polls_answer_set(
    run_code text, participant_hash text, the_question bigint, chosen bigint[], answer_text text,
    answer_terms text[], answer_spellings text[], rate_limit integer, rate_window bigint,
    OUT outcome text, OUT poll_kind text, OUT min_choices integer, OUT max_choices integer
) LANGUAGE plpgsql AS $$
DECLARE
    the_run bigint;
    question_status text;
    known integer;
    participant bigint;
    first boolean := false;
    requests bigint;
BEGIN
    IF rate_limit IS NOT NULL THEN
        INSERT INTO voting_ratelimitbucket AS bucket (key, window_number, hits)
        VALUES (participant_hash, rate_window, 1)
        ON CONFLICT (key, window_number) DO UPDATE SET hits = bucket.hits + 1
        RETURNING bucket.hits INTO requests;
        IF requests > rate_limit THEN
            outcome := 'rate';
            RETURN;
        END IF;
    END IF;
    SELECT r.id, q.status, p.kind, p.min_choices, p.max_choices,
           (SELECT COUNT(*) FROM events_polloption o WHERE o.poll_id = p.id AND o.id = ANY(chosen))
      INTO the_run, question_status, poll_kind, min_choices, max_choices, known
      FROM polls_runquestion q
      JOIN polls_pollrun r ON r.id = q.run_id
      JOIN events_poll p ON p.id = q.poll_id
     WHERE r.code = run_code AND q.id = the_question
       FOR SHARE OF q;
    IF NOT FOUND THEN
        outcome := 'question';
        RETURN;
    END IF;
    IF question_status <> 'open' THEN
        outcome := question_status;
        RETURN;
    END IF;
    IF poll_kind = 'words' THEN
        IF cardinality(chosen) > 0 OR answer_text <> '' THEN
            outcome := 'not_words';
        ELSIF answer_terms IS NULL THEN
            outcome := 'unclean';
        ELSIF cardinality(answer_terms) = 0 THEN
            outcome := 'no_words';
        ELSIF cardinality(answer_terms) > max_choices THEN
            outcome := 'too_many_words';
        END IF;
    ELSIF answer_terms IS NULL OR cardinality(answer_terms) > 0 THEN
        outcome := 'words_only_here';
    ELSIF poll_kind = 'text' THEN
        IF cardinality(chosen) > 0 THEN
            outcome := 'not_a_text';
        ELSIF answer_text = '' THEN
            outcome := 'empty_text';
        END IF;
    ELSIF answer_text <> '' THEN
        outcome := 'not_a_choice';
    ELSIF known <> cardinality(chosen) THEN
        outcome := 'option';
    ELSIF poll_kind = 'multiple' AND cardinality(chosen) NOT BETWEEN min_choices AND max_choices
       OR poll_kind <> 'multiple' AND cardinality(chosen) <> 1 THEN
        outcome := 'count';
    END IF;
    IF outcome IS NOT NULL THEN
        RETURN;
    END IF;

    SELECT pp.id INTO participant FROM polls_pollparticipant pp
     WHERE pp.run_id = the_run AND pp.token_hash = participant_hash
       FOR UPDATE;
    IF participant IS NULL THEN
        -- The first answer writes the participant's row. A first answer of the same browser in
        -- another tab waits here for ours to commit, then finds the row.
        INSERT INTO polls_pollparticipant AS pp (run_id, token_hash, created_at)
        VALUES (the_run, participant_hash, clock_timestamp())
        ON CONFLICT (run_id, token_hash) DO NOTHING
        RETURNING pp.id INTO participant;
        first := participant IS NOT NULL;
        IF NOT first THEN
            SELECT pp.id INTO participant FROM polls_pollparticipant pp
             WHERE pp.run_id = the_run AND pp.token_hash = participant_hash
               FOR UPDATE;
        END IF;
    END IF;

    IF poll_kind = 'words' THEN
        -- Terms that stay keep their rows and so their moderation; a new row of a term that
        -- staff hid is hidden at once.
        IF NOT first THEN
            DELETE FROM polls_answer a
             WHERE a.participant_id = participant AND a.question_id = the_question
               AND a.term <> ALL(answer_terms);
        END IF;
        INSERT INTO polls_answer
               (participant_id, question_id, option_id, text, term, hidden, released, created_at)
        SELECT participant, the_question, NULL, w.spelling, w.term,
               EXISTS (SELECT 1 FROM polls_answer h
                        WHERE h.question_id = the_question AND h.term = w.term AND h.hidden),
               false, clock_timestamp()
          FROM unnest(answer_terms, answer_spellings) WITH ORDINALITY AS w(term, spelling, n)
         ORDER BY w.n
        ON CONFLICT DO NOTHING;
    ELSIF poll_kind = 'text' THEN
        -- A changed text keeps its row and so its moderation, and moves to the end of the list.
        IF NOT first THEN
            UPDATE polls_answer a
               SET text = answer_text, released = false, created_at = clock_timestamp()
             WHERE a.participant_id = participant AND a.question_id = the_question
               AND a.text <> answer_text;
        END IF;
        INSERT INTO polls_answer
               (participant_id, question_id, option_id, text, term, hidden, released, created_at)
        VALUES (participant, the_question, NULL, answer_text, '', false, false, clock_timestamp())
        ON CONFLICT DO NOTHING;
    ELSE
        IF NOT first THEN
            DELETE FROM polls_answer a
             WHERE a.participant_id = participant AND a.question_id = the_question
               AND (a.option_id IS NULL OR a.option_id <> ALL(chosen));
        END IF;
        INSERT INTO polls_answer
               (participant_id, question_id, option_id, text, term, hidden, released, created_at)
        SELECT participant, the_question, o.id, '', '', false, false, clock_timestamp()
          FROM unnest(chosen) AS o(id)
         ORDER BY o.id
        ON CONFLICT DO NOTHING;
    END IF;
    outcome := 'ok';
END $$;
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ANSWER_SET)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP FUNCTION polls_answer_set("
            "text, text, bigint, bigint[], text, text[], text[], integer, bigint)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0004_change_counters"),
        ("polls", "0004_projector_view"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]

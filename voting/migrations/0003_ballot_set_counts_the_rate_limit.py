"""voting_ballot_set() counts the participant's rate limit in the same statement when the shared
store is used (VOTE_RATE_LIMIT_STORE=database, the default on PostgreSQL): one upsert of the
participant's row in voting_ratelimitbucket, as voting.ratelimit.DatabaseStore does, before the
ballot; over the limit the answer is 'rate' and nothing else happens. So the limit shared by all
app processes costs no round trip of its own. With rate_limit NULL nothing is counted.

The function's locking is explained in migration 0002, whose body this repeats after the count.
The four-argument function of 0002 stays, as a wrapper that counts nothing: app processes still
running the previous release keep working until they are restarted.
"""

import importlib

from django.db import migrations

previous = importlib.import_module("voting.migrations.0002_ballot_set_function_postgresql")
VOTE_LOCK, PARTICIPANT_LOCK = previous.VOTE_LOCK, previous.PARTICIPANT_LOCK

BALLOT_SET = f"""
CREATE FUNCTION voting_ballot_set(
    vote_code text, participant_hash text, target_item bigint, new_dots integer,
    rate_limit integer, rate_window bigint,
    OUT outcome text, OUT budget integer, OUT cap integer, OUT others integer
) LANGUAGE plpgsql AS $$
DECLARE
    the_vote bigint;
    participant bigint;
    vote_status text;
    item_known boolean;
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
    SELECT v.id, p.id INTO the_vote, participant
      FROM voting_dotvote v JOIN voting_participant p ON p.vote_id = v.id
     WHERE v.code = vote_code AND p.token_hash = participant_hash;
    IF NOT FOUND THEN
        outcome := CASE WHEN EXISTS (SELECT 1 FROM voting_dotvote WHERE code = vote_code)
                        THEN 'participant' ELSE 'vote' END;
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock_shared({VOTE_LOCK}, mod(the_vote, 2147483647)::integer);
    PERFORM pg_advisory_xact_lock({PARTICIPANT_LOCK}, mod(participant, 2147483647)::integer);
    SELECT v.status, v.dots_per_participant, v.cap_per_item,
           EXISTS (SELECT 1 FROM voting_voteitem i WHERE i.id = target_item AND i.vote_id = v.id)
      INTO vote_status, budget, cap, item_known
      FROM voting_dotvote v WHERE v.id = the_vote;
    IF NOT FOUND THEN
        outcome := 'vote';
        RETURN;
    END IF;
    IF vote_status <> 'open' THEN
        outcome := vote_status;
        RETURN;
    END IF;
    IF NOT item_known THEN
        outcome := 'item';
        RETURN;
    END IF;
    IF new_dots > cap THEN
        outcome := 'cap';
        RETURN;
    END IF;
    SELECT COALESCE(SUM(b.dots), 0) INTO others FROM voting_ballot b
     WHERE b.participant_id = participant AND b.item_id <> target_item;
    IF others + new_dots > budget THEN
        outcome := 'budget';
        RETURN;
    END IF;
    IF new_dots = 0 THEN
        DELETE FROM voting_ballot b WHERE b.participant_id = participant AND b.item_id = target_item;
    ELSE
        INSERT INTO voting_ballot (participant_id, item_id, dots)
        VALUES (participant, target_item, new_dots)
        ON CONFLICT (participant_id, item_id) DO UPDATE SET dots = excluded.dots;
    END IF;
    outcome := 'ok';
END $$;
"""


PREVIOUS_SIGNATURE = """
CREATE OR REPLACE FUNCTION voting_ballot_set(
    vote_code text, participant_hash text, target_item bigint, new_dots integer,
    OUT outcome text, OUT budget integer, OUT cap integer, OUT others integer
) LANGUAGE sql AS $$
    SELECT * FROM voting_ballot_set(
        vote_code, participant_hash, target_item, new_dots, NULL::integer, NULL::bigint
    )
$$;
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BALLOT_SET)
        schema_editor.execute(PREVIOUS_SIGNATURE)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP FUNCTION voting_ballot_set(text, text, bigint, integer, integer, bigint)"
        )
        schema_editor.execute(previous.BALLOT_SET)


class Migration(migrations.Migration):
    dependencies = [
        ("voting", "0002_ballot_set_function_postgresql"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]

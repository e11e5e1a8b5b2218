"""voting_ballot_set() creates the participant's row with the first dot: opening the participant
page writes nothing, so the participant count counts people who placed a dot, not page views.

The vote is found by its code alone; after its lock (shared) the rules are read as before. A
participant without a row who sets a number above zero on an item of an open vote, within cap and
budget, gets the row by an upsert on (vote, token hash): two first taps of one browser (a double
tap, two tabs) both try to insert, the second waits for the first to commit and then reads the
row the first inserted. Only then is the participant's lock taken and the other dots read, as in
migration 0002. A refused first tap (vote not open, unknown item, over the cap) and a first tap
that sets zero write nothing. The outcome 'participant' no longer occurs.

The same signature as in migration 0003, so app processes of the previous release keep calling it
(their participant page still creates the row first, which the function then finds).
"""

import importlib

from django.db import migrations

previous = importlib.import_module("voting.migrations.0003_ballot_set_counts_the_rate_limit")
VOTE_LOCK, PARTICIPANT_LOCK = previous.VOTE_LOCK, previous.PARTICIPANT_LOCK

BALLOT_SET = f"""
CREATE OR REPLACE FUNCTION voting_ballot_set(
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
      FROM voting_dotvote v
      LEFT JOIN voting_participant p ON p.vote_id = v.id AND p.token_hash = participant_hash
     WHERE v.code = vote_code;
    IF NOT FOUND THEN
        outcome := 'vote';
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock_shared({VOTE_LOCK}, mod(the_vote, 2147483647)::integer);
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
    IF participant IS NULL THEN
        IF new_dots = 0 THEN
            others := 0;
            outcome := 'ok';
            RETURN;
        END IF;
        INSERT INTO voting_participant AS p (vote_id, token_hash, created_at)
        VALUES (the_vote, participant_hash, now())
        ON CONFLICT (vote_id, token_hash) DO NOTHING
        RETURNING p.id INTO participant;
        IF participant IS NULL THEN
            SELECT p.id INTO participant FROM voting_participant p
             WHERE p.vote_id = the_vote AND p.token_hash = participant_hash;
        END IF;
    END IF;
    PERFORM pg_advisory_xact_lock({PARTICIPANT_LOCK}, mod(participant, 2147483647)::integer);
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


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BALLOT_SET)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            previous.BALLOT_SET.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("voting", "0003_ballot_set_counts_the_rate_limit"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]

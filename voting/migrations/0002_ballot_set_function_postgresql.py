"""The ballot write as one PostgreSQL function, voting_ballot_set(): a participant's tap is one
statement and one round trip (voting/services.py). Nothing happens on SQLite, where the same steps
run from Python.

Locking, with transaction-scoped advisory locks rather than row locks (a row lock writes to the
locked row; many ballots sharing the vote's row made PostgreSQL record each lock, about a quarter
of a ballot's cost in the database): a ballot holds the vote's lock shared and its participant's
lock exclusively until the end of the calling transaction; the facilitator's controls take the
vote's lock exclusively (voting.services._lock, same numbers). So ballots of different
participants run side by side, ballots of one participant one after another, and a close waits
for the ballots in flight. In READ COMMITTED each later statement of a PL/pgSQL function takes a
new snapshot: the rules and the other dots are read after the locks are granted, so they include a
close or a ballot of the same participant that committed while we waited.

Lock keys are (class, id modulo 2^31 - 1): two votes whose ids collide only wait for each other.
"""

from django.db import migrations

VOTE_LOCK = 30319
PARTICIPANT_LOCK = 30320

BALLOT_SET = f"""
CREATE OR REPLACE FUNCTION voting_ballot_set(
    vote_code text, participant_hash text, target_item bigint, new_dots integer,
    OUT outcome text, OUT budget integer, OUT cap integer, OUT others integer
) LANGUAGE plpgsql AS $$
DECLARE
    the_vote bigint;
    participant bigint;
    vote_status text;
    item_known boolean;
BEGIN
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


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BALLOT_SET)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION voting_ballot_set(text, text, bigint, integer)")


class Migration(migrations.Migration):
    dependencies = [
        ("voting", "0001_dot_votes_ballots_and_results"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]

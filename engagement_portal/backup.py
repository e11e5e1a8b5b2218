"""Backup and restore of the whole portal: the database's content and the uploaded media.

A backup is a folder: ``data.json.gz`` (every row the portal keeps, as Django fixtures with
natural keys, so it loads into any database engine of the same release) and ``media/`` (every file
of the default storage: the file system or the object store). What the database or the portal
rebuilds itself is left out: content types and permissions (made by ``migrate``), sessions,
rate-limit counters, login-throttling records, and the PostgreSQL search index (rebuilt by its
triggers as the rows are loaded). On PostgreSQL, ``pg_dump`` is the faster way for large
installations (README).
"""

import datetime
import gzip
import json
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (it cuts them to milliseconds, and a
    restored portal should show the same publication times, in the feed as elsewhere)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


# Models that are not the portal's content: made by migrate, transient, or derived.
SKIPPED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "admin.logentry",
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    "axes.accesslog",
    "axes.accessfailurelog",
    "live.ratelimitbucket",
    "events.searchdocument",
    "events.searchterm",
}
# Rows a migration writes into every new database (the five legal pages, empty): a freshly
# migrated database holds them, and the backup's rows take their place.
MADE_BY_MIGRATIONS = {"legal.legalpage"}
DATA = "data.json.gz"
MEDIA = "media"


def backed_up_models() -> list:
    return [
        model
        for model in apps.get_models()
        if model._meta.label_lower not in SKIPPED and model._meta.managed
    ]


def _storage_files(directory: str = "") -> list[str]:
    try:
        folders, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return []
    found = [f"{directory}/{name}" if directory else name for name in files]
    for folder in folders:
        found += _storage_files(f"{directory}/{folder}" if directory else folder)
    return found


def portal_backup(*, target: Path) -> dict[str, int]:
    """Write the backup folder ``target`` (created; must be empty). Returns what it holds."""
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise ValueError(f"{target} ist nicht leer.")
    models = backed_up_models()
    count = 0
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic(), gzip.open(target / DATA, "wt", encoding="utf-8") as out:
        # One snapshot of all tables: a consistent backup while the site runs on PostgreSQL.
        # (SQLite's transaction holds its snapshot anyway.)
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        objects = []
        for model in serializers.sort_dependencies([(None, models)], allow_cycles=True):
            objects.extend(model._base_manager.order_by(model._meta.pk.name))
        count = len(objects)
        serializers.serialize(
            "json",
            objects,
            stream=out,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=False,
            cls=_ExactEncoder,
        )
    files = _storage_files()
    for name in files:
        path = target / MEDIA / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source:
            path.write_bytes(source.read())
    return {"rows": count, "files": len(files)}


def portal_is_empty() -> bool:
    return not any(
        model._base_manager.exists()
        for model in backed_up_models()
        if model._meta.label_lower not in MADE_BY_MIGRATIONS
    )


def portal_restore(*, source: Path) -> dict[str, int]:
    """Load the backup folder ``source`` into an empty, migrated database and storage."""
    if not (source / DATA).exists():
        raise ValueError(f"{source / DATA} fehlt: das ist keine Sicherung.")
    if not portal_is_empty():
        raise ValueError(
            "Die Datenbank enthält schon Inhalte. Eine Sicherung wird nur in eine leere, "
            "migrierte Datenbank zurückgespielt."
        )
    with gzip.open(source / DATA, "rt", encoding="utf-8") as data:
        rows = len(json.load(data))
    with transaction.atomic():
        for model in backed_up_models():
            if model._meta.label_lower in MADE_BY_MIGRATIONS:
                model._base_manager.all().delete()
        call_command("loaddata", str(source / DATA), verbosity=0)
    files = 0
    media = source / MEDIA
    if media.exists():
        for path in sorted(p for p in media.rglob("*") if p.is_file()):
            name = path.relative_to(media).as_posix()
            default_storage.save(name, ContentFile(path.read_bytes()))
            files += 1
    return {"rows": rows, "files": files}

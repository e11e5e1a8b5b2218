from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from engagement_portal.lib.logs import log_event
from events.history import import_revision, note_import
from events.importer import DocumentationError, documentation_import, documentation_read


class Command(BaseCommand):
    help = (
        "Importiert Dokumentationen (YAML/JSON, Format siehe docs/documentation-format.md). "
        "Jede Datei wird vollständig geprüft und in einer Transaktion geschrieben."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, files, **options):
        failed = []
        for path in files:
            try:
                bundle = documentation_read(path)
                # One entry in the documentation's change history, without a user.
                with import_revision(None, source=Path(path).name):
                    result = documentation_import(data=bundle.data, media=bundle.media, source=path)
                    note_import(result.event)
            except DocumentationError as error:
                error.source = error.source or path
                self.stderr.write(error.report())
                failed.append(path)
                continue
            event = result.event
            log_event("documentation imported", event=event.slug, by="command")
            self.stdout.write(
                self.style.SUCCESS(f"{path}: „{event.title}“ importiert ({event.slug}).")
            )
            for notice in result.notices:
                self.stdout.write(self.style.WARNING(f"  Hinweis: {notice}"))
        if failed:
            raise CommandError(f"{len(failed)} von {len(files)} Dateien nicht importiert.")

from django.core.management.base import BaseCommand, CommandError

from engagement_portal.lib.logs import log_event
from events.importer import DocumentationError, documentation_import, documentation_load


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
                result = documentation_import(data=documentation_load(path), source=path)
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

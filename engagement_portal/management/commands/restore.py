from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from engagement_portal.backup import portal_restore


class Command(BaseCommand):
    help = (
        "Spielt eine Sicherung (manage.py backup) in eine leere, migrierte Datenbank zurück, "
        "mit den Medien."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        try:
            result = portal_restore(source=folder)
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{folder}: {result['rows']} Datensätze, {result['files']} Dateien.")

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from engagement_portal.backup import portal_backup


class Command(BaseCommand):
    help = "Sichert Datenbankinhalt und Medien in einen neuen Ordner (siehe README, Sicherung)."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        try:
            result = portal_backup(target=folder)
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{folder}: {result['rows']} Datensätze, {result['files']} Dateien.")

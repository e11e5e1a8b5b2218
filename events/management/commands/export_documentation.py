from django.core.management.base import BaseCommand, CommandError

from events.exporter import documentation_dump
from events.models import Event


class Command(BaseCommand):
    help = "Schreibt die Dokumentation einer Veranstaltung im Importformat (YAML)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--output", "-o", help="Datei statt Standardausgabe")

    def handle(self, *args, slug, output=None, **options):
        try:
            event = Event.objects.get(slug=slug)
        except Event.DoesNotExist:
            raise CommandError(f"Keine Veranstaltung mit dem Kurznamen „{slug}“.") from None
        text = documentation_dump(event=event)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")

from django.core.management.base import BaseCommand, CommandError

from events.exporter import (
    MissingMedia,
    documentation_bundle,
    documentation_dump,
    documentation_has_media,
)
from events.models import Event


class Command(BaseCommand):
    help = (
        "Schreibt die Dokumentation einer Veranstaltung im Importformat (YAML; mit Fotos und "
        "Dateien als ZIP-Archiv)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--output", "-o", help="Datei statt Standardausgabe")

    def handle(self, *args, slug, output=None, **options):
        try:
            event = Event.objects.get(slug=slug)
        except Event.DoesNotExist:
            raise CommandError(f"Keine Veranstaltung mit dem Kurznamen „{slug}“.") from None
        if documentation_has_media(event):
            # Photos and files travel in a ZIP archive with the documentation.
            if not output or not output.endswith(".zip"):
                raise CommandError(
                    "Die Dokumentation hat Fotos oder Dateien: bitte mit -o DATEI.zip exportieren."
                )
            try:
                bundle = documentation_bundle(event=event)
            except MissingMedia as missing:
                raise CommandError(
                    "Diese Dateien fehlen im Speicher: " + ", ".join(missing.names)
                ) from None
            with open(output, "wb") as handle:
                handle.write(bundle)
            return
        text = documentation_dump(event=event)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")

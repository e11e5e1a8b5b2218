"""Load the demo content and create the two demo logins. Safe to run again: nothing duplicates.

At the project level: it fills every app (the documentations through events, a live dot-vote and
a live poll through their features), so no app below the features has to import them.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from events.importer import documentation_import, documentation_load
from polls.demo import demo_poll_run_create, demo_poll_runs_remove
from stakeholders.models import EditorMembership, Municipality
from voting.demo import demo_vote_create

DEMO_DIR = settings.BASE_DIR / "demo" / "documentations"

DEMO_LOGINS = [("admin", "admin", True, None), ("hagen", "hagen", False, "hagen")]


class Command(BaseCommand):
    help = "Lädt die Demo-Dokumentationen und legt die Demo-Zugänge admin/admin und hagen/hagen an."

    def handle(self, *args, **options):
        self.load_documentations()
        with transaction.atomic():
            self.create_logins()
        self.stdout.write(demo_vote_create())
        self.stdout.write(demo_poll_run_create())

    def load_documentations(self) -> None:
        for path in sorted(DEMO_DIR.glob("*.yaml")):
            data = documentation_load(path)
            for code in demo_poll_runs_remove(data["event"]["slug"]):
                self.stdout.write(f"Live-Umfrage {code} entfernt, um die Demo neu zu laden.")
            result = documentation_import(data=data, source=str(path))
            self.stdout.write(f"Dokumentation geladen: {result.event.title}")
            for notice in result.notices:
                self.stdout.write(f"  Hinweis: {notice}")

    def create_logins(self) -> None:
        User = get_user_model()
        for username, password, is_superuser, municipality_slug in DEMO_LOGINS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(password)
            user.is_staff = True
            user.is_superuser = is_superuser
            user.save()
            if municipality_slug:
                municipality, _ = Municipality.objects.get_or_create(
                    slug=municipality_slug, defaults={"name": municipality_slug.title()}
                )
                EditorMembership.objects.get_or_create(user=user, municipality=municipality)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo-Zugänge: admin / admin (Superuser), hagen / hagen (Redaktion Hagen)"
            )
        )

"""One empty row per page, so that the admin lists all five to complete; an empty text shows the
portal's template."""

from django.db import migrations

KINDS = ["imprint", "privacy", "accessibility", "easy_language", "sign_language"]


def create_pages(apps, schema_editor):
    LegalPage = apps.get_model("legal", "LegalPage")
    for kind in KINDS:
        LegalPage.objects.get_or_create(kind=kind)


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_pages_and_accessibility_feedback")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]

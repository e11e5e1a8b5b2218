"""Mend topics (taggit tags) stored before the admin and the import refused unusable names.

A tag whose name has no letter or digit ("???", "!!!", an emoji) has an empty slug, so no page
and no link; its name tells a reader nothing either, and no better name can be guessed for it. It
is deleted, and with it its assignments to events, sessions and recommendations (they keep their
other topics). A tag with a usable name but a slug no address can carry (empty, or with a slash,
spaces or other characters a slug may not hold, as when written by hand) keeps its name and gets
a fresh slug made from it, unique with taggit's suffix "_1", "_2" … as taggit would have made it.
Tags with good slugs are left as they are, so addresses already shared keep working.
Undoing the migration changes nothing back.
"""

import re

from django.db import migrations
from django.utils.text import slugify

# taggit's slug column holds 100 characters; room is left for the suffix.
SLUG_MAX_LENGTH = 96
USABLE_SLUG = re.compile(r"[-\w]+")


def mend_unusable_tags(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    taken = set(Tag.objects.values_list("slug", flat=True))
    for tag in Tag.objects.order_by("pk"):
        base = slugify(tag.name, allow_unicode=True)[:SLUG_MAX_LENGTH]
        if not base:
            tag.delete()
            continue
        if USABLE_SLUG.fullmatch(tag.slug):
            continue
        slug, suffix = base, 0
        while slug in taken:
            suffix += 1
            slug = f"{base}_{suffix}"
        taken.add(slug)
        tag.slug = slug
        tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0007_german_labels_for_relations"),
        ("recommendations", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunPython(mend_unusable_tags, migrations.RunPython.noop, elidable=True),
    ]

"""Wagtail's default data carries English names that its admin shows as they are
("Root" in the explorer, "Moderators approval" in the publish menu). They are data,
not messages, so a catalogue cannot translate them: name them in Vietnamese once."""

from django.db import migrations

NAMES = [
    # (model, field, old name, new name, where): only the rows Wagtail itself created
    ("Page", "title", "Root", "Gốc", {"depth": 1}),
    ("Collection", "name", "Root", "Tất cả", {"depth": 1}),
    ("Workflow", "name", "Moderators approval", "Duyệt nội dung", {}),
    ("Task", "name", "Moderators approval", "Người điều phối duyệt", {}),
]


def rename(apps, schema_editor, reverse=False):
    for model, field, old, new, where in NAMES:
        before, after = (new, old) if reverse else (old, new)
        apps.get_model("wagtailcore", model).objects.filter(**where, **{field: before}).update(**{field: after})


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, reverse=True)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_people_image_collections"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]

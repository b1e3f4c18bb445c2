"""The ``vi_vn`` collation on PostgreSQL (ICU, spaces ignored at the first level; see lms/collation.py).

SQLite gets the same collation from Python on each connection, so there is nothing to do there.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE COLLATION IF NOT EXISTS vi_vn (provider = icu, locale = 'vi-u-ka-shifted', deterministic = true)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP COLLATION IF EXISTS vi_vn")


class Migration(migrations.Migration):
    dependencies = [("lms", "0002_site_settings_table")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

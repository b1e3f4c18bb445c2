"""SiteSettings now lives in ``lms`` (see lms/migrations/0001_site_settings.py): only the state moves."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_vietnamese_names_of_wagtail_defaults"),
        ("lms", "0001_site_settings"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="SiteSettings")]),
    ]

"""SiteSettings moves from ``home`` to ``lms`` (the platform floor), keeping its table and rows.

The model's state moves here; the table ``home_sitesettings`` is renamed in
0002; the content type (and so the permissions granted on it) is relabelled,
so the roles keep "change site settings".
"""

import django.db.models.deletion
import wagtail.fields
from django.db import migrations, models


def relabel_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="lms", model="sitesettings").exists():
        ContentType.objects.filter(app_label="home", model="sitesettings").update(app_label="lms")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="home", model="sitesettings").exists():
        ContentType.objects.filter(app_label="lms", model="sitesettings").update(app_label="home")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("home", "0005_vietnamese_names_of_wagtail_defaults"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SiteSettings",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("organisation_name", models.CharField(help_text="For example: Sở Khoa học và Công nghệ", max_length=255, verbose_name="organisation name")),
                        ("short_name", models.CharField(blank=True, help_text="For example: Sở KH&CN", max_length=60, verbose_name="short name")),
                        ("address", models.CharField(blank=True, max_length=255, verbose_name="address")),
                        ("contact_email", models.EmailField(blank=True, max_length=254, verbose_name="contact e-mail")),
                        ("phone", models.CharField(blank=True, max_length=40, verbose_name="phone")),
                        ("footer", wagtail.fields.RichTextField(blank=True, verbose_name="footer text")),
                        ("logo", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="wagtailimages.image", verbose_name="logo")),
                        ("site", models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to="wagtailcore.site")),
                    ],
                    options={
                        "verbose_name": "site settings",
                        "verbose_name_plural": "site settings",
                        "db_table": "home_sitesettings",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_type, restore_content_type),
    ]

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0001_site_settings"),
        ("home", "0006_site_settings_moved_to_lms"),
    ]

    operations = [migrations.AlterModelTable(name="sitesettings", table=None)]

"""The collections for images of people (see home/people_images.py)."""

from django.db import migrations

PEOPLE = "Ảnh có người"
PUBLIC_PEOPLE = "Ảnh có người — cho phép công khai"


def create(apps, schema_editor):
    from wagtail.models import Collection

    root = Collection.get_first_root_node()
    if root is None:
        return
    people = Collection.objects.filter(name=PEOPLE, depth=2).first() or root.add_child(name=PEOPLE)
    if not people.get_children().filter(name=PUBLIC_PEOPLE).exists():
        people.add_child(name=PUBLIC_PEOPLE)


def remove(apps, schema_editor):
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    people = Collection.objects.filter(name=PEOPLE, depth=2).first()
    if people is not None and not get_image_model().objects.filter(collection__path__startswith=people.path).exists():
        people.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_standardpage"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(create, remove)]

"""Images of people are never public unless a manager marks them so.

The design, chosen to change as little as possible of Wagtail (no custom
image model, no change to any template):

- An image *shows people* when it sits in the "Ảnh có người" collection (or
  below it). Managers upload photos of people there; the collection is
  created by a data migration.
- A manager *marks it public* by moving it into the child collection
  "Ảnh có người — cho phép công khai". Moving an image needs the
  change permission on both collections, which only managers and
  administrators hold.
- Wagtail's image tags (``{% image %}``, ``{% srcset_image %}``,
  ``{% picture %}``) are loaded from :mod:`home.templatetags.public_images`
  (``TEMPLATES["OPTIONS"]["libraries"]``): for anyone but a manager, a
  non-public image of people renders as nothing, on every page and include,
  including pages cached for anonymous visitors.
- Its file gets a random, unguessable name when it is saved in that
  collection, so its address cannot be derived from the uploaded file name
  (renditions derive their names from it).
"""

from __future__ import annotations

import os
import re
import secrets

from wagtail.models import Collection

from accounts import roles

PEOPLE = "Ảnh có người"
PUBLIC_PEOPLE = "Ảnh có người — cho phép công khai"
RANDOM_NAME = re.compile(r"^[0-9a-f]{32}(\.[A-Za-z0-9]+)?$")


def people_collection() -> Collection | None:
    return Collection.objects.filter(name=PEOPLE, depth=2).first()


def shows_people(image) -> bool:
    """Whether ``image`` sits in the people collection (public or not)."""
    people = people_collection()
    if people is None or not image.collection_id:
        return False
    collection = image.collection
    return collection.pk == people.pk or collection.path.startswith(people.path)


def is_public(image) -> bool:
    """Everything is public except an image of people a manager has not marked public."""
    people = people_collection()
    if people is None or not image.collection_id:
        return True
    path = image.collection.path
    if not path.startswith(people.path):
        return True
    cleared = Collection.objects.filter(name=PUBLIC_PEOPLE, path__startswith=people.path).first()
    return cleared is not None and path.startswith(cleared.path)


def may_see(user, image) -> bool:
    return is_public(image) or roles.is_manager(user)


def give_unguessable_name(image) -> None:
    """Before saving an image of people: a new upload gets a random file name (see the module)."""
    if not image.file or not shows_people(image):
        return
    name = image.file.name or ""
    folder, base = os.path.split(name)
    if RANDOM_NAME.match(base):
        return
    new_base = secrets.token_hex(16) + os.path.splitext(base)[1].lower()
    if not getattr(image.file, "_committed", True):
        image.file.name = new_base  # the upload_to folder is added when the file is stored
        return
    storage = image.file.storage
    with storage.open(name, "rb") as stored:
        image.file.name = storage.save(f"{folder}/{new_base}" if folder else new_base, stored)
    storage.delete(name)
    image.renditions.all().delete()  # their names derive from the old one

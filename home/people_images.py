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

from django.core.cache import cache
from wagtail.models import Collection

from accounts import roles

PEOPLE = "Ảnh có người"
PUBLIC_PEOPLE = "Ảnh có người — cho phép công khai"
RANDOM_NAME = re.compile(r"^[0-9a-f]{32}(\.[A-Za-z0-9]+)?$")


CACHE_KEY = "home:people-images:private-collections"


def people_collection() -> Collection | None:
    return Collection.objects.filter(name=PEOPLE, depth=2).first()


def private_collection_ids() -> frozenset[int]:
    """The collections whose images are private: the people collection's tree minus the public one's.

    Cached (one query per change of any collection), so listing pages pay nothing per image.
    """
    ids = cache.get(CACHE_KEY)
    if ids is None:
        ids = frozenset()
        people = people_collection()
        if people is not None:
            tree = Collection.objects.filter(path__startswith=people.path)
            cleared = tree.filter(name=PUBLIC_PEOPLE).values_list("path", flat=True).first()
            rows = tree.values_list("pk", "path")
            ids = frozenset(pk for pk, path in rows if not (cleared and path.startswith(cleared)))
        # Dropped on every collection change; the timeout bounds staleness in other processes
        # when the cache is per process (no Redis).
        cache.set(CACHE_KEY, ids, timeout=60)
    return ids


def forget_collections(**kwargs) -> None:
    cache.delete(CACHE_KEY)


def shows_people(image) -> bool:
    """Whether ``image`` sits in the people collection (public or not)."""
    people = people_collection()
    if people is None or not image.collection_id:
        return False
    return Collection.objects.filter(pk=image.collection_id, path__startswith=people.path).exists()


def is_public(image) -> bool:
    """Everything is public except an image of people a manager has not marked public."""
    return image.collection_id not in private_collection_ids()


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

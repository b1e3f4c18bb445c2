"""Private storage for issued PDFs: outside MEDIA_ROOT, never served by a URL.

Files are only read by views that check permission first (the learner's
download, a manager's ZIP). The folder is ``settings.PRIVATE_MEDIA_ROOT``,
read at each access so that tests can point it at a temporary folder.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """A FileSystemStorage rooted at ``PRIVATE_MEDIA_ROOT``, with no base URL."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL.")


def private_storage():
    """The storage of issued certificates (a callable, so migrations do not freeze a path)."""
    return _storage


_storage = PrivateStorage()

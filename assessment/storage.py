"""Where submitted files live: a private storage, never under MEDIA_ROOT.

``settings.STORAGES["private"]`` names it: a folder outside the public media
(``PRIVATE_MEDIA_ROOT``) by default, or a private S3 location. Files are read
back only by the permission-checked views in ``assessment.views.files``.
"""

from django.core.files.storage import FileSystemStorage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """A file-system storage without public URLs."""

    def url(self, name):
        raise NotImplementedError("Private files are served by the permission-checked download view only.")


def private_storage():
    """The storage of submitted files (looked up each time, so tests can swap it)."""
    return storages["private"]

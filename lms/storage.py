"""Storage for private files (submissions, issued certificates, data exports).

Private files never live under MEDIA_ROOT and have no public URL: they are
read back only through permission-checked views that stream them.
"""

from django.core.files.storage import FileSystemStorage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """A file system storage without a URL: ``url()`` refuses."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a permission-checked view.")


def private_storage():
    """The configured private storage (``STORAGES["private"]``)."""
    return storages["private"]

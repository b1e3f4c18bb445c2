"""Storage for private files (submissions, issued certificates, data exports).

Private files never live under MEDIA_ROOT and have no public URL: they are
read back only through permission-checked views that stream them.
"""

from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.deconstruct import deconstructible


class PrivateFileSystemStorage(FileSystemStorage):
    """A file system storage without a URL: ``url()`` refuses."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a permission-checked view.")


@deconstructible(path="lms.storage.PrivateStorageProxy")
class PrivateStorageProxy(Storage):
    """Forwards every call to ``storages["private"]`` as configured *now*.

    A FileField evaluates its storage once, when its model class is built;
    through this proxy the field follows a change of ``STORAGES`` (a test's
    temporary folder, or S3 in production) instead of freezing the first one.
    """

    def _target(self):
        return storages["private"]


_FORWARDED = [
    "_open",
    "_save",
    "open",
    "save",
    "delete",
    "exists",
    "listdir",
    "size",
    "url",
    "path",
    "get_valid_name",
    "get_alternative_name",
    "get_available_name",
    "generate_filename",
    "get_accessed_time",
    "get_created_time",
    "get_modified_time",
]


def _forward(name):
    def method(self, *args, **kwargs):
        return getattr(self._target(), name)(*args, **kwargs)

    method.__name__ = name
    return method


for _name in _FORWARDED:
    setattr(PrivateStorageProxy, _name, _forward(_name))

_proxy = PrivateStorageProxy()


def private_storage():
    """The private storage, for ``FileField(storage=private_storage)``.

    A callable, so migrations refer to it by name; it returns a proxy that
    always reaches the storage configured in ``STORAGES["private"]``.
    """
    return _proxy

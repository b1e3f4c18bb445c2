"""Storage for private files (submissions, issued certificates, data exports).

Private files never live under MEDIA_ROOT and have no public URL: they are
read back only through permission-checked views that stream them.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.deconstruct import deconstructible
from whitenoise.storage import CompressedManifestStaticFilesStorage


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


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's manifest storage, each static file's URL worked out once per process.

    The manifest is read when the process starts and never changes while it runs, so the URL of a
    name cannot change either. Working it out (the manifest lookup, URL quoting and joining) took
    about 40 µs a ``{% static %}``: eight of them, a third of a millisecond, on every page. Only the
    names the templates use are kept (``STATIC_URLS_KEPT`` at most), so the memory stays bounded.
    """

    STATIC_URLS_KEPT = 2048

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        keep = not (force or settings.DEBUG)  # with DEBUG on, the URLs are the unhashed names
        found = self._urls.get(name) if keep else None
        if found is None:
            found = super().url(name, force)
            if keep and len(self._urls) < self.STATIC_URLS_KEPT:
                self._urls[name] = found
        return found

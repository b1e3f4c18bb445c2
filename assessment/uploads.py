"""Receiving files: size limits while streaming, safe names, private storage.

The request body is never held in memory: Django spools files above
``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a temporary file, and
:class:`LimitedUploadHandler` (installed first by the upload view) drops a
file the moment it grows past the assignment's limit, or when it is one file
too many, keeping nothing of it. :func:`store` then streams the checked file
to the private storage under a generated name, hashing it on the way.
"""

import hashlib
import unicodedata
import uuid

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils import timezone

from lms.storage import private_storage

MAX_NAME_LENGTH = 150
HASH_CHUNK = 64 * 1024


class LimitedUploadHandler(FileUploadHandler):
    """Skip any file larger than ``max_size`` bytes, and files past ``max_count``.

    The names of skipped files are kept in ``too_large`` and ``too_many`` so
    the view can say which files were refused.
    """

    def __init__(self, request=None, *, max_size: int, max_count: int):
        super().__init__(request)
        self.max_size = max_size
        self.max_count = max_count
        self.count = 0
        self.too_large: list[str] = []
        self.too_many: list[str] = []

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        self.count += 1
        if self.count > self.max_count:
            self.too_many.append(file_name)
            raise SkipFile()
        if content_length is not None and content_length > self.max_size:
            self.too_large.append(file_name)
            raise SkipFile()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.max_size:
            self.too_large.append(self.file_name)
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) builds the file


def safe_file_name(name: str, max_length: int = MAX_NAME_LENGTH) -> str:
    """A file name fit to show and to offer for download.

    Keeps only the last path part, removes control and format characters
    (including right-to-left overrides), normalises to NFC, collapses spaces
    and shortens the stem so the whole name fits ``max_length`` characters,
    keeping the extension.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = " ".join(name.split()).strip(" ")
    dot = name.rfind(".")
    extension = name[dot:] if dot >= 0 and len(name) - dot <= 10 and " " not in name[dot:] else ""
    stem = name[:dot] if extension else name
    stem = stem.strip(" .")[: max_length - len(extension)].rstrip(" .") or "tep"
    return stem + extension


def sha256_of(uploaded) -> str:
    digest = hashlib.sha256()
    for chunk in uploaded.chunks(HASH_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def stored_name_for(assignment_id: int, extension: str) -> str:
    """A generated storage path that says nothing about the learner or the file."""
    now = timezone.now()
    return f"submissions/{assignment_id}/{now:%Y/%m}/{uuid.uuid4().hex}{extension}"


def store(uploaded, *, assignment_id: int, extension: str) -> tuple[str, int, str]:
    """Stream ``uploaded`` to the private storage; return (name, size, sha256)."""
    digest = sha256_of(uploaded)
    uploaded.seek(0)
    name = private_storage().save(stored_name_for(assignment_id, extension), uploaded)
    return name, uploaded.size, digest


def delete_stored(names) -> None:
    """Remove stored files (used when a transaction that stored them fails)."""
    storage = private_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            pass

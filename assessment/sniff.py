"""Recognise a file's kind from its content, never from its name or the browser.

Small, strict sniffers for the kinds learners hand in: PDF, PNG and JPEG by
their leading bytes; DOCX, PPTX and ODT (ZIP containers) by the entries that
define them (``[Content_Types].xml`` for Office Open XML, ``mimetype`` for
OpenDocument). A file that could be read as two kinds (a polyglot, e.g. an
image that also carries a ZIP or a PDF header) is refused, as is a file
whose name claims another kind than its content.

Each function reads a bounded amount: the head of the file, and for ZIPs the
central directory and one small entry, so a large upload is never loaded
into memory.
"""

import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .filetypes import EXTENSIONS, FileKind

HEAD_SIZE = 2048
# Entries we read inside a ZIP are tiny; a larger one is suspicious (zip bomb).
MAX_MANIFEST_SIZE = 1024 * 1024

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
PDF_SIGNATURE = b"%PDF-"
ZIP_SIGNATURE = b"PK\x03\x04"

OOXML_MAIN_TYPES = {
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    FileKind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


class SniffError(Exception):
    """The content is not an accepted kind; ``message`` says why, for the learner."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Sniffed:
    kind: str


def _head(fileobj, size=HEAD_SIZE) -> bytes:
    fileobj.seek(0)
    head = fileobj.read(size)
    fileobj.seek(0)
    return head


def _is_png(head: bytes) -> bool:
    # The signature, then the first chunk must be IHDR (length 13).
    return head.startswith(PNG_SIGNATURE) and head[8:16] == b"\x00\x00\x00\rIHDR"


def _is_jpeg(head: bytes) -> bool:
    return head.startswith(JPEG_SIGNATURE)


def _is_pdf(head: bytes) -> bool:
    return head.startswith(PDF_SIGNATURE)


def _zip_kind(fileobj) -> str | None:
    """DOCX, PPTX or ODT from the ZIP's defining entry, or None."""
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= MAX_MANIFEST_SIZE and archive.read(info).strip() == ODT_MIMETYPE:
                    return FileKind.ODT
                return None
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size > MAX_MANIFEST_SIZE:
                    return None
                manifest = archive.read(info).decode("utf-8", "replace")
                for kind, main_type in OOXML_MAIN_TYPES.items():
                    if f'ContentType="{main_type}"' in manifest:
                        return kind
            return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, RuntimeError, EOFError, ValueError):
        return None
    finally:
        fileobj.seek(0)


def _carries_zip(fileobj) -> bool:
    try:
        fileobj.seek(0)
        return zipfile.is_zipfile(fileobj)
    finally:
        fileobj.seek(0)


def detect_kind(fileobj) -> str | None:
    """The kind of ``fileobj`` by content, or None when it is no accepted kind.

    Raises SniffError for a polyglot (content readable as two kinds).
    """
    head = _head(fileobj)
    if head.startswith(ZIP_SIGNATURE):
        return _zip_kind(fileobj)
    if _is_pdf(head):
        kind = FileKind.PDF
    elif _is_png(head):
        kind = FileKind.PNG
    elif _is_jpeg(head):
        kind = FileKind.JPG
    else:
        return None
    # A PDF header hidden behind an image header, or a ZIP appended to any of
    # these, makes a file that different programs read differently.
    if kind != FileKind.PDF and PDF_SIGNATURE in head:
        raise SniffError(_("The file mixes several formats and cannot be accepted."))
    if _carries_zip(fileobj):
        raise SniffError(_("The file mixes several formats and cannot be accepted."))
    return kind


def extension_of(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def check_file(fileobj, name: str, accepted: list[str]) -> Sniffed:
    """Check that ``fileobj`` is an accepted kind and that ``name`` agrees.

    Raises SniffError with a message for the learner otherwise.
    """
    kind = detect_kind(fileobj)
    if kind is None:
        raise SniffError(_("The content of this file is not an accepted type."))
    extension = extension_of(name)
    if extension not in EXTENSIONS[kind]:
        raise SniffError(
            _("The content of this file (%(kind)s) does not match its name (%(extension)s).")
            % {"kind": FileKind(kind).label, "extension": extension or _("no extension")}
        )
    if kind not in accepted:
        raise SniffError(_("%(kind)s files are not accepted for this assignment.") % {"kind": FileKind(kind).label})
    return Sniffed(kind=kind)

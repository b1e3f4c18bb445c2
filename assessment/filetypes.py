"""The kinds of file a learner may hand in, with their names and content types."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FileKind(models.TextChoices):
    """A file kind, recognised by its content (see ``assessment.sniff``)."""

    PDF = "pdf", _("PDF document")
    DOCX = "docx", _("Word document (.docx)")
    ODT = "odt", _("OpenDocument text (.odt)")
    PPTX = "pptx", _("PowerPoint presentation (.pptx)")
    JPG = "jpg", _("JPEG image")
    PNG = "png", _("PNG image")


# The file-name extensions each kind may carry (lower case, with the dot).
EXTENSIONS: dict[str, tuple[str, ...]] = {
    FileKind.PDF: (".pdf",),
    FileKind.DOCX: (".docx",),
    FileKind.ODT: (".odt",),
    FileKind.PPTX: (".pptx",),
    FileKind.JPG: (".jpg", ".jpeg"),
    FileKind.PNG: (".png",),
}

CONTENT_TYPES: dict[str, str] = {
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.ODT: "application/vnd.oasis.opendocument.text",
    FileKind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    FileKind.JPG: "image/jpeg",
    FileKind.PNG: "image/png",
}

# Kinds a browser can show inline in a sandboxed frame or an <img>.
PREVIEWABLE = {FileKind.PDF, FileKind.JPG, FileKind.PNG}
IMAGES = {FileKind.JPG, FileKind.PNG}

DEFAULT_ACCEPTED = [kind.value for kind in FileKind]


def default_accepted_types() -> list[str]:
    """Every kind: pdf, docx, odt, pptx, jpg, png (a callable default for JSONField)."""
    return list(DEFAULT_ACCEPTED)


def accept_attribute(kinds) -> str:
    """The ``accept`` attribute of a file input for these kinds (a hint only)."""
    return ",".join(ext for kind in kinds for ext in EXTENSIONS.get(kind, ()))

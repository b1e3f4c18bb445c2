"""Real, small files of every kind a learner may hand in, built in memory for the tests."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
DOCX_DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Giáo án STEM: Thiết kế hệ thống tưới cây tự động</w:t></w:r></w:p></w:body>"
    "</w:document>"
)
PPTX_TYPES = DOCX_TYPES.replace("/word/document.xml", "/ppt/presentation.xml").replace(
    "wordprocessingml.document.main+xml", "presentationml.presentation.main+xml"
)


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), "#0b4f8a").save(buffer, fmt)
    return buffer.getvalue()


def _zip(entries, *, first_stored=None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first_stored:
            archive.writestr(zipfile.ZipInfo(first_stored[0]), first_stored[1], compress_type=zipfile.ZIP_STORED)
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return _zip({"[Content_Types].xml": DOCX_TYPES, "_rels/.rels": DOCX_RELS, "word/document.xml": DOCX_DOCUMENT})


def pptx_bytes() -> bytes:
    return _zip({"[Content_Types].xml": PPTX_TYPES, "_rels/.rels": DOCX_RELS, "ppt/presentation.xml": "<p/>"})


def odt_bytes() -> bytes:
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        "</manifest:manifest>"
    )
    return _zip(
        {"META-INF/manifest.xml": manifest, "content.xml": "<office:document-content/>"},
        first_stored=("mimetype", "application/vnd.oasis.opendocument.text"),
    )


def plain_zip_bytes() -> bytes:
    return _zip({"readme.txt": "not a document"})


BUILDERS = {
    "pdf": pdf_bytes,
    "png": image_bytes,
    "jpg": lambda: image_bytes("JPEG"),
    "docx": docx_bytes,
    "pptx": pptx_bytes,
    "odt": odt_bytes,
}


def upload(name: str, content: bytes, content_type="application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)

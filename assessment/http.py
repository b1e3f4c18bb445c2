"""HTTP details of serving private files: RFC 6266 names and protective headers."""

import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse
from django.utils.text import slugify

# The response of an inline preview may be shown only inside our own pages,
# and whatever it is, it runs no script and loads nothing.
PREVIEW_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'"


def ascii_fallback(name: str) -> str:
    """An ASCII version of ``name`` for old clients: "Giáo án đợt 1.pdf" -> "Giao an dot 1.pdf"."""
    name = name.replace("đ", "d").replace("Đ", "D")
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"[^A-Za-z0-9._ ()-]+", "_", name).strip(" ._")
    return name or "file"


def slug(text: str) -> str:
    """An ASCII slug that keeps "đ" as "d" (Django's slugify drops it): "Động cơ" -> "dong-co"."""
    return slugify(str(text).replace("đ", "d").replace("Đ", "D"))


def content_disposition(name: str, *, inline: bool = False) -> str:
    """``attachment; filename="…"; filename*=UTF-8''…`` (RFC 6266 with RFC 5987 encoding)."""
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_fallback(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def private_file_response(file, *, inline: bool = False) -> FileResponse:
    """Stream a stored submission file with headers that stop the browser guessing."""
    response = FileResponse(file.open(), content_type=file.content_type)
    response["Content-Disposition"] = content_disposition(file.original_name, inline=inline)
    response["Content-Length"] = str(file.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    if inline:
        response["Content-Security-Policy"] = PREVIEW_POLICY
        response["X-Frame-Options"] = "SAMEORIGIN"
    else:
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

"""What an uploaded PDF that is not byte-identical to the issued one can still tell: does its text match?

A genuine certificate is often re-saved, compressed or "printed to PDF" on
its way to a verifier, which changes its bytes and so its SHA-256. Instead of
calling it "not the certificate", the verification page then compares the
file's text (extracted with pypdf) with what was printed, from the snapshot:
the number, the holder's name and every line of the body (course, programme,
class, dates, result). Compared folded (no diacritics, case or spacing), as
text extraction may split or join words differently.
"""

from __future__ import annotations

import io
import logging

import pypdf
from pypdf.errors import PdfReadError

from lms.text import fold

log = logging.getLogger(__name__)
MAX_PAGES = 3


def _squash(text: str) -> str:
    return "".join(fold(text).split())


def expected_lines(snapshot: dict) -> list[str]:
    """What must be found in the file's text: the number, the name and each body line as printed."""
    lines = [snapshot.get("number", ""), snapshot.get("name", "")]
    lines += ["".join(segment.get("text", "") for segment in line) for line in snapshot.get("body", [])]
    return [line for line in lines if line.strip()]


def compare_text(data: bytes, snapshot: dict) -> str:
    """``"match"``, ``"mismatch"`` or ``"unreadable"`` (not a PDF, or no text to read)."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in reader.pages[:MAX_PAGES])
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError):
        return "unreadable"
    except Exception:  # a hostile file must never break the page: pypdf raises many kinds
        log.warning("Could not read the text of an uploaded PDF", exc_info=True)
        return "unreadable"
    found = _squash(text)
    if not found:
        return "unreadable"
    wanted = [_squash(line) for line in expected_lines(snapshot)]
    return "match" if wanted and all(line in found for line in wanted) else "mismatch"

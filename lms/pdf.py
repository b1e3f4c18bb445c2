"""The shared PDF engine: a Django template rendered to PDF by xhtml2pdf.

Certificates, lesson-plan PDFs and reports all go through :func:`render_pdf`,
which guarantees, whatever the template:

- **Vietnamese prints right.** Noto Serif and Noto Sans (SIL OFL, subset to
  Latin and Vietnamese, in ``lms/pdf_assets/fonts/``) are declared with
  ``@font-face`` in ``lms/pdf_assets/base.css``, which is added to every
  document. xhtml2pdf 0.2.28 refuses to read a font outside the document's
  resource root and then silently falls back to Helvetica (every diacritic a
  black box), so the render's :class:`ResourceAccessPolicy` is rooted in the
  assets folder. Every string of the context, and the rendered HTML, is
  normalised to Unicode NFC: decomposed (NFD) Vietnamese prints with its
  accents beside the letters instead of on them.
- **User text is text.** The template is a Django template with autoescaping,
  so a name like ``<img src="http://127.0.0.1:9/x">`` prints literally.
- **Nothing is fetched from outside.** The ``link_callback``
  (:class:`LinkResolver`) resolves only files inside the allowed roots (the
  engine's assets, the caller's ``assets_dir`` and ``extra_roots``) and small
  ``data:`` URIs; any other URL or path (``http://``, ``file://``, ``../``,
  absolute paths elsewhere, big ``data:`` URIs) raises
  :class:`PdfResourceRefused` and is never read. Behind it, the resource
  policy denies the network outright and confines local reads to the same
  roots, covering the few places xhtml2pdf does not ask the callback.
- **Determinism.** ReportLab normally stamps ``/CreationDate`` and
  ``/ModDate`` with the current time and derives the file ``/ID`` from that
  time. Rendering runs in ReportLab's *invariant* mode with the timestamp
  taken from ``created_at`` (through ``SOURCE_DATE_EPOCH``, which ReportLab
  honours), so the same template, context and ``created_at`` give a
  **byte-identical** PDF. Without ``created_at`` the dates read
  2000-01-01 00:00 UTC (ReportLab's invariant date). Two renders that differ
  only in ``created_at`` differ only in those two dates and the ``/ID``.
- **Metadata.** The PDF's title and author are the ``title`` and ``author``
  arguments (templates must not set ``<title>``), and its language comes from
  ``<html lang="...">``.

xhtml2pdf renders one document at a time per process (it holds a lock around
ReportLab's global font state); use processes, not threads, for throughput.
"""

from __future__ import annotations

import io
import os
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.safestring import SafeData, mark_safe

ASSETS_DIR = Path(__file__).resolve().parent / "pdf_assets"
BASE_CSS = ASSETS_DIR / "base.css"

#: The largest ``data:`` URI a document may carry (a QR code is ~2 KB).
DATA_URI_LIMIT = 64 * 1024
#: The largest local file a document may read (a background image, a font).
LOCAL_FILE_LIMIT = 5 * 1024 * 1024
DATA_URI_TYPES = ("data:image/png;base64,", "data:image/jpeg;base64,", "data:image/svg+xml")

_lock = threading.Lock()


class PdfResourceRefused(ValueError):
    """A document asked for a resource outside what it may read."""


class LinkResolver:
    """xhtml2pdf's ``link_callback``: resolve a URI to a file in an allowed root, or raise.

    Relative paths are looked up in each root in order. Absolute paths must
    already lie inside a root (symbolic links are resolved first, so a link
    pointing outside is refused). ``data:`` URIs of an image type are passed
    through when they are at most ``data_uri_limit`` characters long.
    """

    def __init__(self, roots: Iterable[Path], data_uri_limit: int = DATA_URI_LIMIT):
        self.roots = tuple(Path(root).resolve() for root in roots)
        self.data_uri_limit = data_uri_limit

    def __call__(self, uri, rel=None) -> str:
        if not isinstance(uri, str) or not uri.strip():
            raise PdfResourceRefused("empty resource reference")
        uri = uri.strip()
        if uri[:5].lower() == "data:":
            if len(uri) > self.data_uri_limit:
                raise PdfResourceRefused(f"data: URI of {len(uri)} characters (limit {self.data_uri_limit})")
            if not uri.lower().startswith(DATA_URI_TYPES):
                raise PdfResourceRefused("data: URI of a type a document may not embed")
            return uri
        parts = urlsplit(uri)
        if parts.scheme or parts.netloc or "\x00" in uri:
            raise PdfResourceRefused(f"not a local asset: {uri[:80]!r}")
        path = Path(uri)
        candidates = [path] if path.is_absolute() else [root / path for root in self.roots]
        for candidate in candidates:
            resolved = candidate.resolve()
            if any(resolved.is_relative_to(root) for root in self.roots) and resolved.is_file():
                return str(resolved)
        raise PdfResourceRefused(f"not a file inside the allowed folders: {uri[:80]!r}")


def nfc(value):
    """``value`` with every string in it (through dicts, lists and tuples) in NFC.

    Safe strings stay safe, lazy translations are resolved; other objects are
    returned unchanged (the rendered HTML is normalised as a whole too).
    """
    if isinstance(value, SafeData):
        # The value was already marked safe; normalising its characters keeps it safe.
        return mark_safe(unicodedata.normalize("NFC", str(value)))  # noqa: S308  # nosec
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, Promise):
        return unicodedata.normalize("NFC", str(value))
    if isinstance(value, Mapping):
        return {key: nfc(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(nfc(item) for item in value)
    return value


def resource_policy(roots: tuple[Path, ...]):
    """xhtml2pdf's resource policy: no network at all, local reads only inside ``roots``."""
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    return ResourceAccessPolicy.server(
        base_dir=roots[0],
        extra_roots=roots[1:],
        allow_remote=False,
        allowed_hosts=frozenset(),
        max_local_bytes=LOCAL_FILE_LIMIT,
        max_image_pixels=12_000_000,
        max_resources=40,
        max_render_seconds=30,
    )


def render_html(template_name: str, context: dict) -> str:
    """The document's HTML, autoescaped and in NFC."""
    html = render_to_string(template_name, nfc(dict(context)))
    # Normalising after escaping cannot create markup: NFC never composes
    # anything into "<", ">", "&" or a quote.
    return unicodedata.normalize("NFC", html)


def render_pdf(
    template_name: str,
    context: dict,
    *,
    title: str,
    author: str,
    assets_dir: Path | None = None,
    extra_roots: Iterable[Path] = (),
    created_at: datetime | None = None,
) -> bytes:
    """Render ``template_name`` with ``context`` to PDF bytes.

    ``assets_dir`` and ``extra_roots`` are folders the document may read files
    from, besides the engine's own assets (fonts, base stylesheet). Raises
    :class:`PdfResourceRefused` when the document asks for anything else, and
    ``RuntimeError`` when xhtml2pdf reports an error.
    """
    from xhtml2pdf import pisa
    from xhtml2pdf.default import DEFAULT_CSS

    roots = tuple(Path(root).resolve() for root in (*([assets_dir] if assets_dir else []), ASSETS_DIR, *extra_roots))
    html = render_html(template_name, context)
    default_css = DEFAULT_CSS + BASE_CSS.read_text(encoding="utf-8")
    meta = {"title": unicodedata.normalize("NFC", str(title)), "author": unicodedata.normalize("NFC", str(author))}
    output = io.BytesIO()
    with _lock, _reproducible(created_at):
        status = pisa.CreatePDF(
            html,
            dest=output,
            link_callback=LinkResolver(roots),
            default_css=default_css,
            encoding="utf-8",
            context_meta=meta,
            resource_policy=resource_policy(roots),
        )
    if status.err:
        raise RuntimeError(f"xhtml2pdf could not render {template_name}: {status.log[-1:]}")
    return output.getvalue()


class _reproducible:
    """ReportLab's invariant mode, with ``SOURCE_DATE_EPOCH`` set to ``created_at``, and binary streams.

    Both are process-wide, so this runs under the engine's lock.
    """

    def __init__(self, created_at: datetime | None):
        self.epoch = str(int(created_at.timestamp())) if created_at else None

    def __enter__(self):
        from reportlab import rl_config

        self.previous = (rl_config.invariant, rl_config.useA85, os.environ.get("SOURCE_DATE_EPOCH"))
        rl_config.invariant = 1
        # Binary streams: ASCII85 makes them a quarter larger, and without
        # ReportLab's C accelerator encoding them is most of a render's time.
        rl_config.useA85 = 0
        if self.epoch:
            os.environ["SOURCE_DATE_EPOCH"] = self.epoch
        else:
            os.environ.pop("SOURCE_DATE_EPOCH", None)

    def __exit__(self, *exc):
        from reportlab import rl_config

        invariant, use_a85, epoch = self.previous
        rl_config.invariant = invariant
        rl_config.useA85 = use_a85
        if epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = epoch


# --- Vietnamese administrative documents (certificates, reports) ---------------------

NATIONAL_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def written_date(day: date, language: str) -> str:
    """A date as Vietnamese documents write it: "ngày 05 tháng 02 năm 2020".

    Vietnamese administrative style (Decree 30/2020/NĐ-CP) pads days below 10
    and the months January and February with a zero. Other languages use
    their own long date format.
    """
    if language == "vi":
        day_text = f"{day.day:02d}"
        month_text = f"{day.month:02d}" if day.month < 3 else str(day.month)
        return f"ngày {day_text} tháng {month_text} năm {day.year}"
    with translation.override(language):
        return date_format(day, "j F Y")


def place_date_line(place: str, day: date, language: str) -> str:
    """ "Bình Dương, ngày 22 tháng 4 năm 2019" from the template's place and the issue date."""
    written = written_date(day, language)
    return f"{place}, {written}" if place else written[:1].upper() + written[1:]

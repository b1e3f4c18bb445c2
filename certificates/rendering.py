"""From an enrolment to a snapshot, and from a snapshot to a PDF.

The snapshot is everything printed on a certificate, as plain JSON data:
rendering reads nothing else (no learner, course or template row), so the
same snapshot always gives the same PDF, byte for byte (see ``lms.pdf``).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import segno
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lms.pdf import NATIONAL_MOTTO, nfc, place_date_line, render_pdf, written_date  # noqa: F401 (re-exported)
from lms.site import absolute_url, organisation_name

from .models.templates import MAX_SIGNATORIES, PLACEHOLDER_RE, CertificateTemplate

SNAPSHOT_VERSION = 1
PDF_TEMPLATE = "certificates/pdf/certificate.html"
# Wagtail renditions small enough for a PDF under 150 KB, sharp enough to print.
RENDITIONS = {
    "background": "max-1400x1400|format-jpeg|jpegquality-65",
    "logo": "max-320x320",
    "signature": "max-480x240",
}


def _rendition(image, spec: str) -> dict:
    """A small copy of ``image`` for print: its file name and pixel size ({} without an image)."""
    if not image:
        return {}
    rendition = image.get_rendition(spec)
    return {"file": rendition.file.name, "width": rendition.width, "height": rendition.height}


# xhtml2pdf reads <img width height> as CSS pixels (0.75 pt).
PX_PER_PT = 4 / 3
A4_PT = (595.28, 841.89)


def _fit(image: dict, path: str | None, box_width: float, box_height: float) -> dict | None:
    """The image's path and size (CSS px), fitted in a box given in points, proportions kept."""
    if not image or not path:
        return None
    scale = min(box_width / image["width"], box_height / image["height"]) * PX_PER_PT
    return {"path": path, "width": round(image["width"] * scale, 1), "height": round(image["height"] * scale, 1)}


def body_lines(body: str, values: dict[str, str]) -> list[list[dict]]:
    """Split the template body into lines of literal text and filled placeholders.

    A line whose placeholders are all empty (say, no date of birth) is left
    out. Values are kept apart from the literal text so that the PDF template
    can set them in bold, always escaped.
    """
    lines = []
    for raw in body.splitlines():
        if not raw.strip():
            continue
        segments, position, names = [], 0, []
        for match in PLACEHOLDER_RE.finditer(raw):
            if match.start() > position:
                segments.append({"text": raw[position : match.start()]})
            name = match.group(1)
            names.append(name)
            segments.append({"field": name, "text": str(values.get(name, ""))})
            position = match.end()
        if position < len(raw):
            segments.append({"text": raw[position:]})
        if names and not any(values.get(name) for name in names):
            continue
        lines.append(segments)
    return lines


def template_part(template: CertificateTemplate, site_settings) -> dict:
    """The template's contribution to a snapshot: fixed text, images, signatories."""
    logo = None
    if template.show_logo:
        logo = template.logo or getattr(site_settings, "logo", None)
    signatories = list(template.signatories.all())[:MAX_SIGNATORIES]
    return {
        "template_id": template.pk,
        "language": template.language,
        "orientation": template.orientation,
        "national_motto": list(NATIONAL_MOTTO) if template.national_motto else [],
        "issuer_superior": template.issuer_superior,
        "issuer": template.issuer_name or organisation_name(),
        "title": template.title,
        "accent_colour": template.accent_colour
        if re.fullmatch(r"#[0-9a-fA-F]{6}", template.accent_colour or "")
        else "#b91c1c",
        "logo": _rendition(logo, RENDITIONS["logo"]),
        "background": _rendition(template.background, RENDITIONS["background"]),
        "signatories": [
            {
                "position": [line.strip() for line in s.position.splitlines() if line.strip()],
                "name": s.name,
                "signature": _rendition(s.signature, RENDITIONS["signature"]),
            }
            for s in signatories
        ],
    }


def build_snapshot(
    *,
    template: CertificateTemplate,
    site_settings,
    learner_name: str,
    date_of_birth: date | None,
    course: str,
    programme: str,
    hours: int | str,
    cohort_code: str,
    cohort_title: str,
    starts_on: date,
    ends_on: date,
    result: str,
    number: str,
    issued_at: datetime,
    verification_url: str,
    part: dict | None = None,
    extra_values: dict | None = None,
    extra: dict | None = None,
) -> dict:
    """Everything printed on a certificate, as JSON-serialisable data.

    ``part`` is :func:`template_part` of the template, when the caller builds many at once.
    ``extra_values`` fill more placeholders ({activity}, {session}); ``extra`` adds keys to the
    snapshot (a registered kind's: ``kind``, ``minor``, the verification page's labels).
    """
    part = part or template_part(template, site_settings)
    issue_day = timezone.localtime(issued_at).date()
    with translation.override(part["language"]):
        values = {
            "name": learner_name,
            "date_of_birth": date_format(date_of_birth, "d/m/Y") if date_of_birth else "",
            "course": course,
            "programme": programme,
            "hours": str(hours) if hours else "",
            "class": cohort_code,
            "class_title": cohort_title,
            "start_date": date_format(starts_on, "d/m/Y"),
            "end_date": date_format(ends_on, "d/m/Y"),
            "result": result,
            "number": number,
            "issue_date": date_format(issue_day, "d/m/Y"),
            **(extra_values or {}),
        }
    # Stored in NFC, like everything people type: the PDF engine normalises
    # again, and the verification page shows the same composed text.
    return nfc(
        {
            "version": SNAPSHOT_VERSION,
            **part,
            "values": values,
            "body": body_lines(template.body, values),
            "place_date": place_date_line(template.place, issue_day, part["language"]),
            "number": number,
            "issued_at": issued_at.isoformat(),
            "verification_url": verification_url,
            "lookup_url": absolute_url(reverse("certificates:lookup")),
            # What the public verification page shows, and nothing more.
            "name": learner_name,
            "course": course,
            "programme": programme,
            "hours": values["hours"],
            "class": cohort_code,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            **(extra or {}),
        }
    )


def qr_data_uri(url: str) -> str:
    """A PNG QR code of ``url`` as a data URI (about 1 KB, well within the engine's limit)."""
    # A fixed mask: choosing the best of eight costs more than the rest of
    # the QR code, and any mask reads equally well on a printed page.
    return segno.make(url, error="m", mask=2).png_data_uri(scale=6, border=0)


@contextmanager
def _local_images(names: list[str]):
    """Local paths of the snapshot's images, and the folders the PDF may read them from.

    With a storage on disk (the default) the files are used where they are;
    with a remote one (S3) they are copied into a temporary folder first.
    """
    names = [name for name in names if name]
    try:
        roots = [Path(default_storage.path(folder)) for folder in ("images", "original_images")]
    except NotImplementedError:  # not on disk
        roots = None
    if roots is not None:
        paths = {name: Path(default_storage.path(name)) for name in names}
        yield {name: str(path) for name, path in paths.items() if path.is_file()}, roots
        return
    folder = Path(tempfile.mkdtemp(prefix="certificate-"))
    try:
        paths = {}
        for index, name in enumerate(names):
            if default_storage.exists(name):
                target = folder / f"{index}{Path(name).suffix.lower()}"
                with default_storage.open(name, "rb") as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out)
                paths[name] = str(target)
        yield paths, [folder]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def render_snapshot(snapshot: dict) -> bytes:
    """The PDF of a snapshot. Deterministic: the same snapshot gives the same bytes."""
    portrait = snapshot.get("orientation") == "portrait"
    signatories = snapshot.get("signatories", [])
    files = [snapshot.get("logo", {}).get("file"), snapshot.get("background", {}).get("file")]
    files += [s.get("signature", {}).get("file") for s in signatories]
    with _local_images(files) as (paths, roots), translation.override(snapshot.get("language", "vi")):

        def path_of(image: dict):
            return paths.get(image.get("file")) if image else None

        signature_boxes = []
        for signatory in signatories:
            fitted = _fit(signatory.get("signature", {}), path_of(signatory.get("signature", {})), 130, 56)
            signature_boxes.append(
                {
                    **signatory,
                    "signature_path": fitted and fitted["path"],
                    "signature_width": fitted and fitted["width"],
                    "signature_height": fitted and fitted["height"],
                }
            )
        logo_box = 70 if portrait else 58
        context = {
            "c": snapshot,
            "logo": _fit(snapshot.get("logo", {}), path_of(snapshot.get("logo", {})), logo_box, logo_box),
            "background": path_of(snapshot.get("background", {})),
            "page_px": [round(side * PX_PER_PT, 1) for side in (A4_PT if portrait else A4_PT[::-1])],
            "signatories": signature_boxes,
            "qr": qr_data_uri(snapshot.get("qr_url") or snapshot["verification_url"]),
            # A QR code carrying a signed token has about twice the modules: printed larger
            # (33 mm instead of 26 mm) so that each module stays above 0.4 mm.
            "qr_size": 124 if snapshot.get("qr_url") else 100,
            "lookup_url": re.sub(r"^https?://", "", snapshot.get("lookup_url", "")),
            "labels": {
                "number": pgettext("certificate number", "No."),
                "verify": _("Scan the QR code, or look the number up at"),
            },
            "pdf_language": snapshot.get("language", "vi"),
        }
        return render_pdf(
            PDF_TEMPLATE,
            context,
            title=f"{snapshot.get('title', '')} {snapshot.get('number', '')}".strip(),
            author=snapshot.get("issuer", ""),
            extra_roots=roots,
            created_at=datetime.fromisoformat(snapshot["issued_at"]),
        )


def sample_snapshot(template: CertificateTemplate, site_settings, *, base_url: str) -> dict:
    """A snapshot with sample data, to preview a template in the admin."""
    return build_snapshot(
        template=template,
        site_settings=site_settings,
        learner_name="Nguyễn Thị Hồng Nhung",
        date_of_birth=date(1988, 3, 15),
        course="Xây dựng kế hoạch bài dạy STEM",
        programme="Bồi dưỡng giáo viên về giáo dục STEM",
        hours=40,
        cohort_code="STEM-CB-2019-01",
        cohort_title="Lớp cơ bản khóa 1",
        starts_on=date(2019, 6, 3),
        ends_on=date(2019, 6, 28),
        result="Đạt",
        number="KHCN-2019-00012",
        issued_at=datetime(2019, 4, 22, 2, 0, tzinfo=UTC),  # 09:00 in Hồ Chí Minh City
        verification_url=base_url.rstrip("/") + reverse("certificates:verify", kwargs={"code": "mau-xem-truoc"}),
    )


def render_template_preview(template: CertificateTemplate, request) -> bytes:
    """The admin preview of a (possibly unsaved) template, with sample data."""
    from lms.site import site_settings

    return render_snapshot(sample_snapshot(template, site_settings(request), base_url=settings.WAGTAILADMIN_BASE_URL))

"""Demo certificate templates (drawn with Pillow) and a few issued certificates.

Idempotent: templates are created once by name and never overwritten; a
certificate is issued only for a completed demo enrolment that has none. If
no completed enrolment exists yet (other apps' demos), none is issued.
"""

import math
from io import BytesIO

from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw

from lms.demo import demo_image

from .models import CertificateTemplate, ProgrammeCertificateSettings, Signatory

LANDSCAPE_NAME = "Giấy chứng nhận hoàn thành khóa học (ngang)"
PORTRAIT_NAME = "Giấy chứng nhận hoàn thành khóa học (dọc, hai chữ ký)"
DEMO_CERTIFICATES = 6
NUMBER_FORMATS = {"2.4": "KHCN-{year}-{seq:05d}"}

GOLD = (176, 134, 46)
RED = (153, 27, 27)
CREAM = (255, 252, 243)


def draw_frame(width: int, height: int) -> ImageFile:
    """A cream page with a gold guilloche band and a thin red rule: small as a palette PNG."""
    canvas = PILImage.new("RGB", (width, height), CREAM)
    draw = ImageDraw.Draw(canvas)
    band, inset = 34, 26
    draw.rectangle((inset, inset, width - inset, height - inset), outline=GOLD, width=6)
    draw.rectangle((inset + band, inset + band, width - inset - band, height - inset - band), outline=GOLD, width=3)
    # A chain of small diamonds along the band.
    step = 22
    middle = inset + band // 2
    for x in range(inset + band, width - inset - band, step):
        for y in (middle, height - middle):
            draw.polygon([(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y)], outline=GOLD)
    for y in range(inset + band, height - inset - band, step):
        for x in (middle, width - middle):
            draw.polygon([(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y)], outline=GOLD)
    rule = inset + band + 10
    draw.rectangle((rule, rule, width - rule, height - rule), outline=RED, width=2)
    # Rosettes in the corners.
    for cx, cy in (
        (middle, middle),
        (width - middle, middle),
        (middle, height - middle),
        (width - middle, height - middle),
    ):
        for r in (22, 15, 8):
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=RED if r == 15 else GOLD, width=2)
    canvas = canvas.quantize(colors=16)
    buffer = BytesIO()
    canvas.save(buffer, "PNG", optimize=True)
    return ImageFile(BytesIO(buffer.getvalue()), name=f"khung-giay-chung-nhan-{width}x{height}.png")


def draw_signature(seed: int) -> ImageFile:
    """A hand-like flourish in blue ink on a transparent background."""
    width, height = 420, 170
    canvas = PILImage.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(canvas)
    points = []
    for i in range(160):
        t = i / 159
        x = 30 + t * 330
        y = 95 + 42 * math.sin(t * (9 + seed) + seed) * (1 - t * 0.6) - 25 * math.sin(t * 3.1)
        points.append((x, y))
    draw.line(points, fill=(30, 58, 138, 255), width=5, joint="curve")
    draw.line([(70, 140), (330, 118)], fill=(30, 58, 138, 255), width=4)
    buffer = BytesIO()
    canvas.save(buffer, "PNG", optimize=True)
    return ImageFile(BytesIO(buffer.getvalue()), name=f"chu-ky-{seed}.png")


def ensure_template(name, *, orientation, place, signatories, frame_size, body=None):
    """Create the template once; a rerun never changes what a manager edited."""
    template = CertificateTemplate.objects.filter(name=name).first()
    if template is not None:
        return template
    width, height = frame_size
    template = CertificateTemplate(
        name=name,
        orientation=orientation,
        issuer_superior="Ủy ban nhân dân Thành phố Hồ Chí Minh",
        place=place,
        background=demo_image(f"Khung giấy chứng nhận {width}x{height} (demo)", lambda: draw_frame(width, height)),
    )
    if body:
        template.body = body
    template.save()
    for order, (position, person, seed) in enumerate(signatories):
        Signatory.objects.create(
            template=template,
            sort_order=order,
            position=position,
            name=person,
            signature=demo_image(f"Chữ ký mẫu {seed} (demo)", lambda seed=seed: draw_signature(seed)),
        )
    return template


def landscape_template():
    """The landscape template with one signatory (the demo's and the benchmark's default)."""
    return ensure_template(
        LANDSCAPE_NAME,
        orientation=CertificateTemplate.Orientation.LANDSCAPE,
        place="Thành phố Hồ Chí Minh",
        signatories=[("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "Trần Minh Tuấn", 1)],
        frame_size=(1600, 1131),
    )


def load(command):
    landscape = landscape_template()
    ensure_template(
        PORTRAIT_NAME,
        orientation=CertificateTemplate.Orientation.PORTRAIT,
        place="Thủ Dầu Một",
        signatories=[
            ("TRƯỞNG BAN ĐÀO TẠO", "Phạm Minh Đức", 2),
            ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "Trần Minh Tuấn", 1),
        ],
        frame_size=(1131, 1600),
    )
    _programme_settings(landscape)
    transaction.on_commit(lambda: _issue_demo_certificates(command))


def _programme_settings(template):
    """Every programme uses the landscape template by default; 2.4 numbers as KHCN-2019-00012."""
    from courses.models import ProgrammePage

    for programme in ProgrammePage.objects.all():
        settings_row, created = ProgrammeCertificateSettings.objects.get_or_create(
            programme=programme,
            defaults={"default_template": template},
        )
        if created and programme.code in NUMBER_FORMATS:
            settings_row.number_format = NUMBER_FORMATS[programme.code]
            settings_row.save(update_fields=["number_format"])


def _issue_demo_certificates(command):
    """Issue a few certificates for completed demo enrolments, outside the loader's transaction."""
    from enrolment.models import Enrolment

    from .models import Certificate
    from .services import CertificateError, issue

    if Certificate.objects.exists():
        return
    completed = (
        Enrolment.objects.filter(status=Enrolment.Status.COMPLETED)
        .exclude(certificates__status=Certificate.Status.VALID)
        .order_by("pk")
    )
    issued = 0
    for enrolment in completed[:DEMO_CERTIFICATES]:
        try:
            issue(enrolment)
            issued += 1
        except CertificateError as error:
            command.stdout.write(f"  certificate for enrolment {enrolment.pk} not issued: {error}")
    if issued:
        command.stdout.write(f"  {issued} demo certificates issued")

"""Demo results entered by hand (programmes 1.3 and 2.5) and one report frozen and submitted.

Rerunnable: an entry is added only where its target has none, the snapshot only when none exists.
Programme 1.4's targets are counted from the news section (``news.demo``); the evaluation report
of the 2.6 pilot is left without a figure on purpose: the report then says why.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from courses.models import ProgrammeTarget

from . import manual, snapshots
from .models import ManualResult, ReportSnapshot
from .period import Period

# (programme code, indicator, value, days before today, note, evidence link or None for a PDF file)
ENTRIES = [
    (
        "1.3",
        "Số nhóm tư vấn",
        1,
        40,
        "Quyết định thành lập Nhóm tư vấn khởi nghiệp đổi mới sáng tạo tỉnh gồm 15 thành viên.",
        None,
    ),
    (
        "2.5",
        "Báo cáo đánh giá thí điểm",
        1,
        20,
        "Báo cáo đánh giá sân chơi công nghệ thí điểm, đề xuất nhân rộng ra các huyện.",
        "https://sokhcn.binhduong.gov.vn/bao-cao-danh-gia-san-choi-cong-nghe",
    ),
]


def _decision_pdf() -> bytes:
    """A one-page PDF standing for the signed decision (ASCII text: the demo needs no font)."""
    text = "QUYET DINH thanh lap Nhom tu van khoi nghiep doi moi sang tao tinh Binh Duong"
    stream = f"BT /F1 12 Tf 60 780 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def load(command):
    manager = User.objects.filter(email="quanly@example.com").first()
    if manager is None:
        return
    added = 0
    today = timezone.localdate()
    for code, indicator, value, days, note, link in ENTRIES:
        on = max(today - datetime.timedelta(days=days), today.replace(month=1, day=1))
        target = ProgrammeTarget.objects.filter(programme__code=code, indicator=indicator).first()
        if target is None or ManualResult.objects.filter(target=target).exists():
            continue
        upload = None
        if link is None:
            upload = ContentFile(_decision_pdf(), name="quyet-dinh-thanh-lap-nhom-tu-van.pdf")
        manual.enter(manager, target, value=value, on=on, note=note, upload=upload, link=link or "")
        added += 1
    if not ReportSnapshot.objects.exists():
        snapshot = snapshots.freeze(
            None,
            manager,
            Period.year(today.year),
            recipient="Ủy ban nhân dân tỉnh Bình Dương",
            plan_reference="Kế hoạch số 175/KH-UBND ngày 22/4/2019",
            note=f"Báo cáo kết quả thực hiện năm {today.year} (số liệu đến ngày {today:%d/%m/%Y}).",
        )
        snapshots.submit(manager, snapshot)
    command.stdout.write(f"reports: {added} results entered by hand")

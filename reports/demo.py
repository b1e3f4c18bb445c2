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
from courses.models import ProgrammePage, ProgrammeTarget

from . import manual, snapshots
from .models import BudgetEstimate, Difficulty, ManualResult, ReportingDeadline, ReportSnapshot, Spending
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


# Budget estimates (đồng) per programme, and (category, share of the estimate, days before today, description).
BUDGETS = {
    "1.1": 180_000_000,
    "1.2": 150_000_000,
    "1.3": 60_000_000,
    "1.4": 220_000_000,
    "1.5": 350_000_000,
    "2.1": 80_000_000,
    "2.2": 120_000_000,
    "2.3": 200_000_000,
    "2.4": 260_000_000,
    "2.5": 140_000_000,
    "2.6": 90_000_000,
}
SPENDING = [
    ("teaching", 25, 60, "Thù lao giảng viên, báo cáo viên"),
    ("materials", 10, 45, "In tài liệu, giáo trình cho học viên"),
    ("venue", 8, 30, "Thuê hội trường và thiết bị trình chiếu"),
]
DIFFICULTIES = [
    (
        "2.4",
        "Thiếu phòng máy cho lớp bồi dưỡng",
        "Trường chỉ có một phòng máy 20 chỗ trong khi lớp có 35 học viên; đề nghị Sở hỗ trợ mượn thêm phòng.",
        "Sở đã liên hệ Trường THPT Bình Phú cho mượn phòng máy vào các buổi thực hành.",
    ),
    (
        "2.3",
        "Phụ huynh khó đăng ký trực tuyến",
        "Một số phụ huynh ở xã vùng xa không quen đăng ký trực tuyến cho con tham gia trại hè.",
        "",
    ),
]


def _plan(command, manager, today) -> None:
    """Budgets and spending of every programme, two difficulties (one answered), the year's deadlines."""
    programmes = {page.code: page for page in ProgrammePage.objects.filter(code__in=BUDGETS)}
    for code, amount in BUDGETS.items():
        programme = programmes.get(code)
        if programme is None or BudgetEstimate.objects.filter(programme=programme).exists():
            continue
        BudgetEstimate.objects.create(
            programme=programme, amount=amount, approved_by="Quyết định số 1234/QĐ-UBND ngày 10/5/2019"
        )
        for category, share, days, description in SPENDING:
            spending = Spending(
                programme=programme,
                amount=amount * share // 100,
                spent_on=max(today - datetime.timedelta(days=days), today.replace(month=1, day=1)),
                category=category,
                description=description,
                evidence_name="chung-tu-chi.pdf",
                recorded_by=manager,
            )
            spending.evidence.save("chung-tu-chi.pdf", ContentFile(_decision_pdf()), save=False)
            spending.save()
    reporter = User.objects.filter(email="giangvien@example.com").first() or manager
    for code, title, description, answer in DIFFICULTIES:
        if Difficulty.objects.filter(title=title).exists() or code not in programmes:
            continue
        case = Difficulty.objects.create(
            programme=programmes[code], title=title, description=description, reported_by=reporter
        )
        if answer:
            case.status, case.answer = Difficulty.Status.ANSWERED, answer
            case.answered_by, case.answered_at = manager, timezone.now()
            case.save()
    plan = "Kế hoạch số 175/KH-UBND ngày 22/4/2019"
    deadlines = [
        (
            ReportingDeadline.Kind.QUARTERLY,
            f"Cập nhật quý {quarter} năm {today.year}",
            datetime.date(today.year, month, 15),
        )
        for quarter, month in ((1, 4), (2, 7), (3, 10))
    ] + [(ReportingDeadline.Kind.YEARLY, f"Báo cáo kết quả năm {today.year}", datetime.date(today.year, 12, 15))]
    for kind, title, due_on in deadlines:
        ReportingDeadline.objects.get_or_create(
            plan_reference=plan, title=title, defaults={"kind": kind, "due_on": due_on, "remind_days": 10}
        )


def load(command):
    manager = User.objects.filter(email="quanly@example.com").first()
    if manager is None:
        return
    _plan(command, manager, timezone.localdate())
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

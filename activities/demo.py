"""Demo activities in Bình Dương: a summer camp (two upcoming sessions, one nearly full), a past camp session
with check-ins and walk-ins, a robotics playground day, a Fablab session at a school, a workshop and the
start-up day. Rerunnable: nothing is created twice, a page a person edited is left alone."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone
from wagtail.models import Site

from accounts.models import Area, User
from camps.models import CampMaterialPage
from courses.demo import add, child
from courses.models import ProgrammePage
from lms.demo import demo_cover

from . import services
from .models import (
    ActivityIndexPage,
    ActivityKind,
    ActivityMaterial,
    ActivityPage,
    ActivitySession,
    Audience,
    Consent,
    ConsentText,
    Participant,
    Registrant,
    Registration,
    SurveyAnswer,
    SurveyAnswered,
    SurveyField,
    SurveyPage,
    WalkIn,
)

ZONE = datetime.timezone(datetime.timedelta(hours=7))

TDMU = (
    "Trường Đại học Thủ Dầu Một, phòng B.201",
    "06 Trần Văn Ơn, Phú Hòa, Thủ Dầu Một",
    "Thủ Dầu Một",
    (10.980543, 106.674659),
)
NHA_THIEU_NHI = ("Nhà Thiếu nhi tỉnh Bình Dương", "Đường Trần Ngọc Lên, Hòa Phú, Thủ Dầu Một", "Thủ Dầu Một", None)
DI_AN = ("Nhà văn hóa Thanh thiếu nhi Dĩ An", "Đường số 9, Dĩ An", "Dĩ An", None)
CHANH_NGHIA = ("Trường THCS Chánh Nghĩa", "Đường Hai Bà Trưng, Chánh Nghĩa, Thủ Dầu Một", "Thủ Dầu Một", None)
HOI_TRUONG = (
    "Hội trường Trung tâm Hành chính tập trung tỉnh",
    "Đường Lê Lợi, Hòa Phú, Thủ Dầu Một",
    "Thủ Dầu Một",
    None,
)
TRIEN_LAM = ("Trung tâm Hội nghị và Triển lãm Bình Dương", "Đại lộ Bình Dương, Thủ Dầu Một", "Thủ Dầu Một", None)
VUON_UOM = ("Vườn ươm doanh nghiệp Bình Dương", "Khu công nghiệp Mỹ Phước, Bến Cát", "Bến Cát", None)

# Each session: (title, days from today, start hour, end hour, venue, capacity, registrations).
# fmt: off
ACTIVITIES = [
    {
        "slug": "trai-he-stem-2026",
        "title": "Trại hè STEM 2026: Nhà khoa học nhí",
        "kind": "trai-he-stem",
        "programme": "2.3",
        "audience": Audience.CHILDREN,
        "ages": (8, 12),
        "art": "volcano",
        "materials": ["nui-lua-phun-trao", "tranh-phat-sang"],
        "summary": "Ba buổi sáng khám phá khoa học vui: núi lửa phun trào, tranh phát sáng với mạch điện giấy, "
        "cùng các anh chị sinh viên Trường Đại học Thủ Dầu Một.",
        "bring": "Mũ, nước uống\nÁo cũ hoặc tạp dề\nBút chì, sổ tay",
        "safety": "Các em luôn làm thí nghiệm dưới sự hướng dẫn của người phụ trách; không nếm, không ngửi trực tiếp "
        "hóa chất. Phụ huynh đón con đúng giờ tại cổng chính.",
        "organiser": "Sở KH&CN phối hợp Trường Đại học Thủ Dầu Một",
        "sessions": [
            ("Đợt 1", 16, 8, 11, TDMU, 30, 28),
            ("Đợt 2", 23, 8, 11, NHA_THIEU_NHI, 30, 6),
            ("Đợt thử nghiệm", -14, 8, 11, TDMU, 25, 18),
        ],
    },
    {
        "slug": "san-choi-robotics-di-an",
        "title": "Sân chơi công nghệ: Robot dò line",
        "kind": "san-choi-cong-nghe",
        "programme": "2.5",
        "audience": Audience.CHILDREN,
        "ages": (11, 15),
        "art": "robot",
        "materials": ["robot-do-line"],
        "summary": "Một ngày lắp ráp và lập trình robot dò line, thi đua theo đội trên sa bàn.",
        "bring": "Máy tính bảng hoặc máy tính (nếu có)\nNước uống",
        "safety": "Cẩn thận với tua vít và pin; không tự tháo pin sạc.",
        "organiser": "Sở KH&CN · Nhà văn hóa Thanh thiếu nhi Dĩ An",
        "sessions": [
            ("", 20, 8, 16, DI_AN, 40, 12),
            ("Ngày thử nghiệm", -21, 8, 16, DI_AN, 40, 12),
        ],
    },
    {
        "slug": "fablab-thcs-chanh-nghia",
        "title": "Sinh hoạt Fablab: Móc khóa cắt laser",
        "kind": "fablab",
        "programme": "2.6",
        "audience": Audience.CHILDREN,
        "ages": (11, 15),
        "art": "laser-keychain",
        "materials": ["fablab-moc-khoa-cat-laser"],
        "summary": "Học sinh THCS thiết kế móc khóa trên máy tính và cắt bằng máy laser của Fablab.",
        "bring": "Ý tưởng hình vẽ cho móc khóa",
        "safety": "Chỉ người phụ trách vận hành máy cắt laser; đeo kính bảo hộ khi đứng gần máy.",
        "organiser": "Fablab Trường Đại học Thủ Dầu Một",
        "sessions": [
            ("Buổi 1", -10, 14, 16, CHANH_NGHIA, 24, 10),
            ("Buổi 2", 12, 14, 16, CHANH_NGHIA, 24, 4),
        ],
    },
    {
        "slug": "hoi-thao-khcn-giao-duc",
        "title": "Hội thảo: Khoa học, công nghệ và đổi mới sáng tạo trong giáo dục",
        "kind": "hoi-thao",
        "programme": "2.1",
        "audience": Audience.ADULTS,
        "ages": None,
        "art": "workshop",
        "materials": [],
        "summary": "Cán bộ quản lý giáo dục và giáo viên trao đổi kinh nghiệm đưa STEM và đổi mới sáng tạo vào nhà "
        "trường.",
        "bring": "",
        "safety": "",
        "organiser": "Sở KH&CN phối hợp Sở GD&ĐT",
        "sessions": [
            ("Phiên toàn thể", -12, 8, 11, HOI_TRUONG, 200, 35),
        ],
    },
    {
        "slug": "tap-huan-dinh-gia-cong-nghe",
        "title": "Tập huấn chuyên đề: Định giá công nghệ và sở hữu trí tuệ",
        "kind": "tap-huan",
        "programme": "1.2",
        "audience": Audience.ADULTS,
        "ages": None,
        "art": "startup-skills",
        "materials": [],
        "summary": "Tập huấn cho nhóm khởi nghiệp và doanh nghiệp nhỏ: định giá công nghệ, bảo hộ sáng chế, "
        "nhãn hiệu.",
        "bring": "Máy tính xách tay (nếu có)",
        "safety": "",
        "organiser": "Sở KH&CN · Vườn ươm doanh nghiệp Bình Dương",
        "sessions": [
            ("Lớp sáng", -5, 8, 11, VUON_UOM, 60, 24),
            ("Lớp chiều", 15, 14, 17, VUON_UOM, 60, 9),
        ],
    },
    {
        "slug": "ngay-hoi-khoi-nghiep-2026",
        "title": "Ngày hội khởi nghiệp đổi mới sáng tạo 2026",
        "kind": "ngay-hoi-khoi-nghiep",
        "programme": "1.5",
        "audience": Audience.ADULTS,
        "ages": None,
        "art": "startup-day",
        "materials": [],
        "summary": "Triển lãm sản phẩm, dự án khởi nghiệp và vòng chung kết cuộc thi dự án khởi nghiệp.",
        "bring": "",
        "safety": "",
        "organiser": "Sở KH&CN",
        "sessions": [
            ("", 34, 8, 17, TRIEN_LAM, 500, 40),
        ],
    },
]
# fmt: on

CHILD_NAMES = [
    "Nguyễn Minh Khang",
    "Trần Ngọc Bảo Anh",
    "Lê Gia Huy",
    "Phạm Thảo Vy",
    "Huỳnh Đức Trí",
    "Võ Khánh Linh",
    "Đặng Quốc Bảo",
    "Bùi Thị Mỹ Duyên",
    "Đỗ Hoàng Nam",
    "Ngô Phương Thảo",
    "Dương Tuấn Kiệt",
    "Lý Bảo Ngọc",
]
SCHOOLS = ["Trường TH Phú Hòa 1", "Trường TH Chánh Nghĩa", "Trường THCS Nguyễn Văn Cừ", "Trường TH Lê Thị Trung"]
ADULT_NAMES = [
    "Nguyễn Văn Hùng",
    "Trần Thị Mai",
    "Lê Hoàng Phúc",
    "Phạm Thị Hồng",
    "Võ Minh Tâm",
    "Huỳnh Thị Thanh Thúy",
    "Đặng Văn Lộc",
    "Bùi Ngọc Hân",
    "Đỗ Thị Kim Oanh",
    "Ngô Quang Vinh",
    "Trương Thị Diễm",
    "Phan Văn Khải",
    "Lâm Thị Ngọc Trâm",
    "Mai Xuân Trường",
    "Hồ Thị Thu Trang",
    "Vũ Đức Thắng",
]


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=ZONE)


def _index(home) -> ActivityIndexPage:
    return child(home, "hoat-dong") or add(
        home,
        ActivityIndexPage(
            title="Hoạt động & sự kiện",
            slug="hoat-dong",
            intro="<p>Trại hè STEM, sân chơi công nghệ, sinh hoạt Fablab, hội thảo và ngày hội khởi nghiệp: lịch, "
            "địa điểm, số chỗ còn lại và đăng ký.</p>",
        ),
    )


def _activity(index, item) -> ActivityPage:
    page = child(index, item["slug"])
    if page is not None:
        return page
    programme = ProgrammePage.objects.filter(code=item["programme"]).first()
    page = ActivityPage(
        title=item["title"],
        slug=item["slug"],
        kind=ActivityKind.objects.get(slug=item["kind"]),
        programme=programme,
        audience=item["audience"],
        age_min=item["ages"][0] if item["ages"] else None,
        age_max=item["ages"][1] if item["ages"] else None,
        summary=item["summary"],
        cover_image=demo_cover(item["art"]),
        what_to_bring=item["bring"],
        safety_notes=item["safety"],
        organiser=item["organiser"],
        contact_email="hoatdong@example.com",
        contact_phone="0274 3822 000",
    )
    page.materials = [
        ActivityMaterial(material=material)
        for material in CampMaterialPage.objects.filter(slug__in=item["materials"]).order_by("path")
    ]
    return add(index, page)


def _registrant(number: int, name: str, user=None) -> Registrant:
    registrant, _created = Registrant.objects.get_or_create(
        email=f"phuhuynh{number}@example.com",
        defaults={"full_name": name, "phone": f"0909 {number:03d} {number * 7 % 1000:03d}", "user": user},
    )
    return registrant


def _fill(session: ActivitySession, count: int, rng: random.Random, past: bool) -> None:
    """Demo registrations (with their consent records), written directly: windows of past sessions are closed."""
    activity = session.activity
    have = session.registrations.count()
    text = ConsentText.current(activity.audience)
    start = timezone.localtime(session.starts_at).date()
    for number in range(have, count):
        key = session.pk * 100 + number
        if activity.for_children:
            registrant = _registrant(key, f"{rng.choice(ADULT_NAMES)} (phụ huynh)")
            age = rng.randint(activity.age_min, activity.age_max)
            born = start.replace(year=start.year - age) - datetime.timedelta(days=rng.randint(1, 300))
            participant = Participant.objects.create(
                registrant=registrant,
                is_child=True,
                full_name=CHILD_NAMES[number % len(CHILD_NAMES)],
                date_of_birth=born,
                school=rng.choice(SCHOOLS),
                grade=str(max(1, age - 5)),
                gender=rng.choice(["female", "male", ""]),
                relationship=rng.choice(["mẹ", "bố"]),
            )
        else:
            registrant = _registrant(key, ADULT_NAMES[number % len(ADULT_NAMES)])
            participant = Participant.objects.create(
                registrant=registrant, is_child=False, full_name=registrant.full_name, school="Sở GD&ĐT"
            )
        services.record_consent(
            participant,
            registrant,
            services.Choices(participation=True, photos=True, publishing=number % 3 == 0),
            text=text,
            channel=Consent.Channel.WEB,
            verification=Consent.Verification.EMAIL_CODE,
            relationship=participant.relationship,
        )
        checked = past and number % 6 != 5
        Registration.objects.create(
            session=session,
            participant=participant,
            code=services.new_code(),
            status=Registration.Status.CONFIRMED,
            checked_in_at=session.starts_at + datetime.timedelta(minutes=rng.randint(0, 20)) if checked else None,
        )


GOOD = [
    "Các con được tự tay lắp và lập trình robot.",
    "Thầy cô hướng dẫn nhiệt tình, dễ hiểu.",
    "Bé rất thích phần thử thách theo nhóm.",
    "Tổ chức đúng giờ, địa điểm sạch sẽ, an toàn.",
    "",
]
IMPROVE = [
    "Nên có thêm thời gian thực hành.",
    "Phòng hơi nóng vào buổi chiều.",
    "Mong có thêm bộ dụng cụ để mỗi nhóm ít người hơn.",
    "",
    "",
]


def _survey(index) -> SurveyPage:
    page = child(index, "y-kien-sau-hoat-dong")
    if page is not None:
        return page
    page = add(
        index,
        SurveyPage(
            title="Ý kiến sau buổi hoạt động",
            slug="y-kien-sau-hoat-dong",
            intro="<p>Xin dành một phút cho biết buổi hoạt động vừa qua thế nào, để các buổi sau tốt hơn.</p>",
            thank_you_text="<p>Ý kiến của bạn đã được ghi nhận. Cảm ơn bạn!</p>",
        ),
    )
    for order, label in enumerate(("Điều gì tốt", "Điều gì cần cải thiện")):
        SurveyField.objects.create(page=page, sort_order=order, label=label, field_type="multiline", required=False)
    return page


def _answers(survey: SurveyPage, session: ActivitySession, rng: random.Random) -> None:
    """Anonymous answers from about two thirds of those present (each place marked as answered)."""
    if session.survey_answers.exists():
        return
    present = session.registrations.filter(checked_in_at__isnull=False).order_by("pk")
    for registration in present:
        if rng.random() > 0.65:
            continue
        SurveyAnswered.objects.get_or_create(registration=registration)
        SurveyAnswer.objects.create(
            page=survey,
            session=session,
            satisfaction=rng.choice((3, 4, 4, 5, 5, 5)),
            form_data={"dieu_gi_tot": rng.choice(GOOD), "dieu_gi_can_cai_thien": rng.choice(IMPROVE)},
        )


def load(command):
    rng = random.Random(16)  # noqa: S311 - demo data, not a secret
    home = Site.objects.get(is_default_site=True).root_page.specific
    index = _index(home)
    survey = _survey(index)
    organiser = User.objects.filter(email="giangvien@example.com").first()
    for item in ACTIVITIES:
        activity = _activity(index, item)
        for title, days, start, end, (venue, address, area, point), capacity, registered in item["sessions"]:
            session = ActivitySession.objects.filter(activity=activity, venue_name=venue, title=title).first()
            if session is None:
                session = ActivitySession.objects.create(
                    activity=activity,
                    title=title,
                    starts_at=_at(days, start),
                    ends_at=_at(days, end),
                    venue_name=venue,
                    venue_address=address,
                    area=Area.objects.filter(name=area).first(),
                    latitude=point[0] if point else None,
                    longitude=point[1] if point else None,
                    capacity=capacity,
                    registration_opens_at=_at(min(days, 0) - 30, 8),
                    registration_closes_at=_at(days - 1, 17),
                    walk_ins=item["audience"] == Audience.ADULTS or days < 0,
                )
                if organiser is not None:
                    session.organisers.add(organiser)
            past = days < 0
            _fill(session, registered, rng, past)
            if past:
                _answers(survey, session, rng)
            if past and not session.walk_in_counts.exists():
                WalkIn.objects.create(session=session, age_band=WalkIn.AgeBand.AGE_8_11, gender="female", count=2)
                WalkIn.objects.create(session=session, age_band=WalkIn.AgeBand.AGE_8_11, gender="male", count=3)
    # Certificates of participation for those present at the past camp session (rerunnable: none twice).
    camp = (
        ActivitySession.objects.filter(activity__audience=Audience.CHILDREN, ends_at__lt=timezone.now())
        .order_by("starts_at", "pk")
        .first()
    )
    if camp is not None:
        from django.db import transaction

        from .participation import issue_for_demo

        # Numbers are committed on their own, outside the demo loader's transaction.
        transaction.on_commit(lambda: issue_for_demo(camp))
    if command is not None:
        pages, sessions = ActivityPage.objects.count(), ActivitySession.objects.count()
        command.stdout.write(f"Hoạt động: {pages} trang, {sessions} buổi")

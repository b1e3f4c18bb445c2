"""Demo classes in every state, with demo learners, progress and attendance.

Runs after the catalogue's demo and uses its courses. When no course exists
yet (this app's demo run on its own), it creates two small courses, reusing
any programme index or programme page already present. Rerunnable: a class
that exists (by code) is left exactly as a manager may have edited it.
"""

import datetime

from django.utils import timezone

from accounts import roles
from accounts.demo import ensure_user
from accounts.models import SchoolLevel, Subject, User
from courses.models import CoursePage, LessonPage, ProgrammeIndexPage, ProgrammePage

from .models import Attendance, Cohort, Enrolment, LessonProgress, Session
from .services import bulk_enrol

DEMO_PASSWORD = "demo-hocvien-2026"  # noqa: S105 - listed in the README, demo only
L = SchoolLevel

# (e-mail, full name, organisation, school level, area, subjects)
LEARNERS = [
    (
        "tranthimai@example.com",
        "Trần Thị Mai",
        "Trường THCS Nguyễn Văn Cừ",
        L.LOWER_SECONDARY,
        "Thủ Dầu Một",
        ["Toán"],
    ),
    ("lequanghuy@example.com", "Lê Quang Huy", "Trường THCS Lê Quý Đôn", L.LOWER_SECONDARY, "Dĩ An", ["Vật lý"]),
    ("phamngocanh@example.com", "Phạm Ngọc Ánh", "Trường THPT Bến Cát", L.UPPER_SECONDARY, "Bến Cát", ["Hóa học"]),
    ("vothithuy@example.com", "Võ Thị Thủy", "Trường Tiểu học Phú Hòa", L.PRIMARY, "Thủ Dầu Một", ["Khoa học"]),
    (
        "dangminhkhoa@example.com",
        "Đặng Minh Khoa",
        "Trường THCS Tân Đông Hiệp",
        L.LOWER_SECONDARY,
        "Dĩ An",
        ["Sinh học"],
    ),
    (
        "huynhthanhtam@example.com",
        "Huỳnh Thanh Tâm",
        "Trường THCS Thuận Giao",
        L.LOWER_SECONDARY,
        "Thuận An",
        ["Toán"],
    ),
    ("buithilan@example.com", "Bùi Thị Lan", "Trường THPT Tân Phước Khánh", L.UPPER_SECONDARY, "Tân Uyên", ["Vật lý"]),
    ("ngodinhphuc@example.com", "Ngô Đình Phúc", "Trường THCS Lai Uyên", L.LOWER_SECONDARY, "Bàu Bàng", ["Công nghệ"]),
    ("doanthikimngan@example.com", "Đoàn Thị Kim Ngân", "Trường Tiểu học An Phú", L.PRIMARY, "Thuận An", ["Tin học"]),
    (
        "truongvanloc@example.com",
        "Trương Văn Lộc",
        "Trung tâm GDNN-GDTX Phú Giáo",
        L.VOCATIONAL,
        "Phú Giáo",
        ["Tin học"],
    ),
    ("maithuhuong@example.com", "Mai Thu Hương", "Trường THCS Định Hiệp", L.LOWER_SECONDARY, "Dầu Tiếng", ["Hóa học"]),
    ("lythanhson@example.com", "Lý Thanh Sơn", "Trường THPT Thái Hòa", L.UPPER_SECONDARY, "Tân Uyên", ["Toán"]),
]

FALLBACK_COURSES = [
    (
        "Giáo dục STEM cơ bản",
        "giao-duc-stem-co-ban",
        [
            "Ý nghĩa của giáo dục STEM",
            "Xây dựng giáo án STEM",
            "Năm hoạt động của bài học STEM",
            "Đánh giá giáo án STEM",
        ],
    ),
    (
        "Giáo dục STEM nâng cao",
        "giao-duc-stem-nang-cao",
        ["Tổng quan về giáo dục STEM", "Dạy học tích hợp", "Các kỹ năng hỗ trợ", "Thiết kế chủ đề STEM tích hợp"],
    ),
]


def _courses() -> list[CoursePage]:
    """The catalogue's courses, or two small ones made here when there are none."""
    live = CoursePage.objects.live().order_by("path")
    basic = live.filter(title__icontains="cơ bản").first() or live.filter(title__icontains="STEM").first()
    advanced = live.filter(title__icontains="nâng cao").exclude(pk=getattr(basic, "pk", None)).first()
    courses = [c for c in (basic, advanced) if c]
    courses += list(live.exclude(pk__in=[c.pk for c in courses])[: max(0, 2 - len(courses))])
    if len(courses) >= 2:
        return courses
    from wagtail.models import Site

    index = ProgrammeIndexPage.objects.first()
    if index is None:
        home = Site.objects.get(is_default_site=True).root_page
        index = home.add_child(instance=ProgrammeIndexPage(title="Chương trình", slug="chuong-trinh"))
    programme = ProgrammePage.objects.filter(code="2.4").first() or index.add_child(
        instance=ProgrammePage(
            title="Bồi dưỡng giáo viên về giáo dục STEM", slug="boi-duong-giao-vien-stem", code="2.4"
        )
    )
    for title, slug, lessons in FALLBACK_COURSES:
        course = CoursePage.objects.filter(slug=slug).first()
        if course is None:
            course = programme.add_child(instance=CoursePage(title=title, slug=slug, duration_hours=30))
            for number, lesson in enumerate(lessons, start=1):
                course.add_child(instance=LessonPage(title=lesson, slug=f"bai-{number}", free_preview=number == 1))
        if course not in courses:
            courses.append(course)
    return courses[:2]


def _class_specs(today):
    day = datetime.timedelta(days=1)
    now = timezone.now()
    return [
        # code, title, course index, status, starts, ends, capacity, delivery, venue, policy, extra
        ("STEM-CB-01", "Lớp STEM cơ bản – Thủ Dầu Một", 0, Cohort.Status.RUNNING, today - 20 * day,
         today + 40 * day, 25, Cohort.Delivery.BLENDED, "Fablab Trường Đại học Thủ Dầu Một", Cohort.Policy.OPEN, {}),
        ("STEM-CB-02", "Lớp STEM cơ bản – trực tuyến", 0, Cohort.Status.OPEN, today + 14 * day,
         today + 74 * day, 25, Cohort.Delivery.ONLINE, "", Cohort.Policy.OPEN,
         {"enrolment_closes_at": now + 12 * day}),
        ("STEM-CB-03", "Lớp STEM cơ bản – Dĩ An (đã đủ chỗ)", 0, Cohort.Status.OPEN, today + 21 * day,
         today + 81 * day, 4, Cohort.Delivery.ONSITE, "Trường THCS Tân Đông Hiệp, Dĩ An", Cohort.Policy.OPEN, {}),
        ("STEM-NC-01", "Lớp STEM nâng cao cho giáo viên THCS", 1, Cohort.Status.OPEN, today + 30 * day,
         today + 90 * day, 25, Cohort.Delivery.BLENDED, "Fablab Trường Đại học Thủ Dầu Một", Cohort.Policy.APPROVAL,
         {"eligible_school_levels": [L.LOWER_SECONDARY]}),
        ("STEM-NC-00", "Lớp STEM nâng cao – Thủ Dầu Một", 1, Cohort.Status.RUNNING, today - 10 * day,
         today + 50 * day, 25, Cohort.Delivery.BLENDED, "Fablab Trường Đại học Thủ Dầu Một", Cohort.Policy.OPEN, {}),
        ("STEM-CB-00", "Lớp STEM cơ bản – khóa trước", 0, Cohort.Status.FINISHED, today - 150 * day,
         today - 90 * day, 25, Cohort.Delivery.ONSITE, "Trường THCS Nguyễn Văn Cừ", Cohort.Policy.OPEN, {}),
        ("STEM-CB-04", "Lớp STEM cơ bản – Bến Cát (đang chuẩn bị)", 0, Cohort.Status.DRAFT, today + 60 * day,
         today + 120 * day, 25, Cohort.Delivery.ONSITE, "Trường THPT Bến Cát", Cohort.Policy.KEY,
         {"enrolment_key": "BENCAT"}),
    ]  # fmt: skip


def _enrol(user, cohort, status, actor=None, at=None):
    """The demo's places are set as they are (the demo builds each state); created like any other."""
    enrolment = Enrolment.objects.filter(user=user, cohort=cohort).first()
    if enrolment is None:
        enrolment = bulk_enrol(cohort, [(user, status)], actor=actor, note="demo", completed_at=at)[0]
    return enrolment


def _lessons(course) -> list[LessonPage]:
    return list(LessonPage.objects.live().descendant_of(course).filter(required_for_completion=True).order_by("path"))


def _progress(user, lessons, count, at):
    for lesson in lessons[:count]:
        LessonProgress.objects.get_or_create(user=user, lesson=lesson, defaults={"completed_at": at})


def _fill(cohort, learners, trainer, manager, demo_learner, today):
    """People, progress and attendance of a class created in this run."""
    S = Enrolment.Status
    lessons = _lessons(cohort.course)
    now = timezone.now()
    code = cohort.code
    if code == "STEM-CB-01":
        seated = [demo_learner, *learners[:10]]
        enrolments = [_enrol(u, cohort, S.ACTIVE, manager) for u in seated]
        for number, user in enumerate(seated):
            _progress(user, lessons, (number * 3 + 2) % (len(lessons) + 1), now - datetime.timedelta(days=3))
        specs = [(-14, "Ý nghĩa và mục tiêu của giáo dục STEM"), (-7, "Thực hành xây dựng giáo án STEM"),
                 (7, "Báo cáo và đánh giá giáo án STEM")]  # fmt: skip
        for offset, topic in specs:
            session = Session.objects.create(
                cohort=cohort,
                date=today + datetime.timedelta(days=offset),
                starts_at=datetime.time(8, 0),
                ends_at=datetime.time(11, 30),
                venue=cohort.venue,
                topic=topic,
                trainer=trainer,
            )
            if offset < 0:
                Attendance.objects.bulk_create(
                    Attendance(
                        session=session,
                        enrolment=e,
                        marked_by=trainer,
                        status=Attendance.Status.ABSENT if (i + offset) % 5 == 0 else Attendance.Status.PRESENT,
                    )
                    for i, e in enumerate(enrolments)
                )
    elif code == "STEM-NC-00":
        # The demo learner, who completed the basic course, studies the advanced one: halfway, with
        # a session in three days, so "Khóa học của tôi" has a next lesson and a session to show.
        for user in (demo_learner, *learners[1:4]):
            _enrol(user, cohort, S.ACTIVE, manager)
        _progress(demo_learner, lessons, len(lessons) // 2, now - datetime.timedelta(days=2))
        Session.objects.create(
            cohort=cohort,
            date=today + datetime.timedelta(days=3),
            starts_at=datetime.time(13, 30),
            ends_at=datetime.time(16, 30),
            venue=cohort.venue,
            topic="Thực hành thiết kế chủ đề STEM tích hợp",
            trainer=trainer,
        )
    elif code == "STEM-CB-02":
        for user in learners[10:12]:
            _enrol(user, cohort, S.ACTIVE)
    elif code == "STEM-CB-03":
        for user in learners[:4]:
            _enrol(user, cohort, S.ACTIVE)
        _enrol(learners[5], cohort, S.WAITLISTED)
        _enrol(demo_learner, cohort, S.WAITLISTED)
    elif code == "STEM-NC-01":
        for user in (learners[1], learners[4]):
            _enrol(user, cohort, S.PENDING)
    elif code == "STEM-CB-00":
        finished_at = timezone.make_aware(datetime.datetime.combine(cohort.ends_on, datetime.time(17, 0)))
        for user in [demo_learner, *learners[6:9]]:
            _enrol(user, cohort, S.COMPLETED, manager, at=finished_at)
            _progress(user, lessons, len(lessons), finished_at)
        Session.objects.create(
            cohort=cohort,
            date=cohort.starts_on,
            starts_at=datetime.time(13, 30),
            ends_at=datetime.time(16, 30),
            venue=cohort.venue,
            topic="Khai giảng và giới thiệu giáo dục STEM",
            trainer=trainer,
        )


def load(command):
    subjects = {s.name: s for s in Subject.objects.all()}
    learners = []
    for email, name, organisation, level, area, subject_names in LEARNERS:
        user = ensure_user(email, DEMO_PASSWORD, name, roles.LEARNER, organisation, level, area, subject_names)
        if not user.subjects.exists():
            user.subjects.set([subjects[n] for n in subject_names if n in subjects])
        learners.append(user)
    trainer = User.objects.filter(email="giangvien@example.com").first()
    manager = User.objects.filter(email="quanly@example.com").first()
    demo_learner = User.objects.get(email="hocvien@example.com")
    courses = _courses()
    today = timezone.localdate()
    created = 0
    for code, title, course, status, starts, ends, capacity, delivery, venue, policy, extra in _class_specs(today):
        cohort, is_new = Cohort.objects.get_or_create(
            code=code,
            defaults={
                "course": courses[min(course, len(courses) - 1)],
                "title": title,
                "status": status,
                "starts_on": starts,
                "ends_on": ends,
                "capacity": capacity,
                "delivery": delivery,
                "venue": venue,
                "enrolment_policy": policy,
                **extra,
            },
        )
        if not is_new:
            continue
        created += 1
        if trainer and status != Cohort.Status.DRAFT:
            cohort.trainers.add(trainer)
        if code == "STEM-NC-01":
            cohort.eligible_subjects.set(
                [s for n, s in subjects.items() if n in ("Toán", "Vật lý", "Hóa học", "Sinh học")]
            )
        _fill(cohort, learners, trainer, manager, demo_learner, today)
    command.stdout.write(f"  {created} demo classes created")

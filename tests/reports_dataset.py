"""A small dataset built by hand for the reports, with every figure worked out below.

Programmes: P1 "2.4" (two courses; targets: 2 classes, 10 learners, 4
completions), P2 "1.2" (one course; targets: 300 participations, 10 topics),
P3 "2.1" (no target, no class).

Learners (area): l1, l2, l5 in Thủ Dầu Một; l3, l4 in Dĩ An; l6 with no area.

Classes:
- K1 (P1/C1, on site, 01/03–30/04/2019, finished): sessions 05/03 and 12/03.
  l1, l2 completed on 30/04/2019; l3 active; l4 withdrew after being present
  at the first session; l5 waitlisted. Present: s1 l1 l2 l4, s2 l1 l2 l3 (6);
  absent: s1 l3 (7 marks).
- K2 (P1/C2, online, 15/11/2019–15/02/2020: spans two years): l1 completed
  on 10/02/2020, l6 active, l2 removed.
- K3 (P2/C3, on site, 01/06/2019): one session; l3 l4 present, l6 absent.
- K4 (P1/C1, draft, 2019) with an active learner (l5): never counted.
- K5 (P1/C1, open, 2019) with only a pending learner (l6): not held.

Certificates: l1/K1 issued 01/05/2019 then superseded by a reissue on
02/05/2019; l2/K1 issued 02/05/2019, revoked 20/12/2019; l1/K2 issued
11/02/2020.

Lesson plans (course C1, class K1): l1 version 1 handed in 20/03/2019,
returned (score 40, released 22/03); l1 version 2 handed in 01/04/2019,
passed (80, released 04/04); l2 version 1 handed in 25/03/2019, passed (90,
released 26/03; a second marking of 10 is ignored); l3 has a draft.
"""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from accounts.models import SchoolLevel
from courses.models import ProgrammeTarget
from enrolment.models import Attendance, Cohort, Enrolment

from . import factories as f

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=TZ)


def build():
    p1 = f.ProgrammeFactory(title="Bồi dưỡng giáo viên về giáo dục STEM", code="2.4")
    p2 = f.ProgrammeFactory(title="Đào tạo kỹ năng khởi nghiệp theo chuyên đề", code="1.2")
    p3 = f.ProgrammeFactory(title="Hội thảo khoa học công nghệ trong giáo dục", code="2.1")
    ProgrammeTarget.objects.create(programme=p1, indicator="Số lớp", target=2, measure="classes", sort_order=0)
    ProgrammeTarget.objects.create(programme=p1, indicator="Số học viên", target=10, measure="learners", sort_order=1)
    ProgrammeTarget.objects.create(
        programme=p1, indicator="Số học viên hoàn thành", target=4, measure="completions", sort_order=2
    )
    ProgrammeTarget.objects.create(
        programme=p2, indicator="Lượt tham gia", target=300, measure="participations", sort_order=0
    )
    ProgrammeTarget.objects.create(programme=p2, indicator="Số chuyên đề", target=10, measure="topics", sort_order=1)
    c1 = f.CourseFactory(parent=p1, title="Giáo dục STEM cơ bản")
    c2 = f.CourseFactory(parent=p1, title="Giáo dục STEM nâng cao")
    c3 = f.CourseFactory(parent=p2, title="Tư duy khởi nghiệp")

    tdm = f.AreaFactory(name="Thủ Dầu Một")
    dian = f.AreaFactory(name="Dĩ An")
    toan = f.SubjectFactory(name="Toán")
    ly = f.SubjectFactory(name="Vật lý")
    L = SchoolLevel

    def person(name, area, level, organisation, subjects):
        user = f.UserFactory(full_name=name, area=area, school_level=level, organisation=organisation)
        user.subjects.set(subjects)
        return user

    l1 = person("Trần Thị Mai", tdm, L.LOWER_SECONDARY, "Trường THCS Nguyễn Văn Cừ", [toan])
    l2 = person("Lê Quang Huy", tdm, L.LOWER_SECONDARY, "Trường THCS Nguyễn Văn Cừ", [ly])
    l3 = person("Phạm Ngọc Ánh", dian, L.UPPER_SECONDARY, "Trường THPT Dĩ An", [toan, ly])
    l4 = person("Võ Thị Thủy", dian, L.PRIMARY, "Trường Tiểu học Phú Hòa", [])
    l5 = person("Đặng Minh Khoa", tdm, L.LOWER_SECONDARY, "Trường THCS Tân Đông Hiệp", [toan])
    l6 = person('=HYPERLINK("http://x")', None, "", "", [])
    trainer = f.UserFactory(full_name="Phạm Minh Đức", role="Giảng viên")

    def cohort(code, course, starts, ends, delivery, status, capacity=5):
        return f.CohortFactory(
            course=course,
            code=code,
            title=f"Lớp {code}",
            starts_on=starts,
            ends_on=ends,
            delivery=delivery,
            status=status,
            capacity=capacity,
            trainers=[trainer],
        )

    D = Cohort.Delivery
    S = Cohort.Status
    k1 = cohort("K1", c1, datetime.date(2019, 3, 1), datetime.date(2019, 4, 30), D.ONSITE, S.FINISHED)
    k2 = cohort("K2", c2, datetime.date(2019, 11, 15), datetime.date(2020, 2, 15), D.ONLINE, S.FINISHED, 30)
    k3 = cohort("K3", c3, datetime.date(2019, 6, 1), datetime.date(2019, 6, 1), D.ONSITE, S.FINISHED, 40)
    k4 = cohort("K4", c1, datetime.date(2019, 9, 1), datetime.date(2019, 9, 30), D.ONSITE, S.DRAFT)
    k5 = cohort("K5", c1, datetime.date(2019, 10, 1), datetime.date(2019, 10, 30), D.ONLINE, S.OPEN)

    E = Enrolment.Status

    def enrol(user, k, status, completed=None):
        return f.EnrolmentFactory(user=user, cohort=k, status=status, completed_at=completed)

    e11 = enrol(l1, k1, E.COMPLETED, at(2019, 4, 30, 16))
    e12 = enrol(l2, k1, E.COMPLETED, at(2019, 4, 30, 16))
    e13 = enrol(l3, k1, E.ACTIVE)
    e14 = enrol(l4, k1, E.WITHDRAWN)
    enrol(l5, k1, E.WAITLISTED)
    e21 = enrol(l1, k2, E.COMPLETED, at(2020, 2, 10))
    enrol(l6, k2, E.ACTIVE)
    enrol(l2, k2, E.REMOVED)
    e33 = enrol(l3, k3, E.ACTIVE)
    e34 = enrol(l4, k3, E.ACTIVE)
    e36 = enrol(l6, k3, E.ACTIVE)
    enrol(l5, k4, E.ACTIVE)
    enrol(l6, k5, E.PENDING)

    def session(k, day):
        return f.SessionFactory(
            cohort=k, date=day, starts_at=datetime.time(8), ends_at=datetime.time(11), topic=f"Buổi {day:%d/%m}"
        )

    P, A = Attendance.Status.PRESENT, Attendance.Status.ABSENT
    s1 = session(k1, datetime.date(2019, 3, 5))
    s2 = session(k1, datetime.date(2019, 3, 12))
    s3 = session(k3, datetime.date(2019, 6, 1))
    for s, e, status in [
        (s1, e11, P), (s1, e12, P), (s1, e14, P), (s1, e13, A),
        (s2, e11, P), (s2, e12, P), (s2, e13, P),
        (s3, e33, P), (s3, e34, P), (s3, e36, A),
    ]:  # fmt: skip
        Attendance.objects.create(session=s, enrolment=e, status=status)

    def certificate(number, e, issued, status="valid", **extra):
        return f.CertificateFactory(
            on_record=True, number=number, enrolment=e, programme=p1, status=status, issued_at=issued, **extra
        )

    new = certificate("KHCN-2019-00002", e11, at(2019, 5, 2))
    certificate("KHCN-2019-00001", e11, at(2019, 5, 1), "superseded", superseded_by=new, superseded_at=at(2019, 5, 2))
    certificate(
        "KHCN-2019-00003",
        e12,
        at(2019, 5, 2),
        "revoked",
        revoked_at=at(2019, 12, 20),
        revocation_reason="Sai thông tin",
    )
    certificate("KHCN-2020-00001", e21, at(2020, 2, 11))

    assignment = f.AssignmentFactory(course=c1, due_at=at(2019, 4, 15))

    def hand_in(e, attempt, submitted, status, score=None, released=None, second=None):
        sub = f.SubmissionFactory(
            assignment=assignment, enrolment=e, attempt=attempt, status=status, submitted_at=submitted
        )
        if score is not None:
            f.GradeFactory(
                submission=sub,
                grader=trainer,
                score=score,
                outcome="passed" if status == "passed" else "needs_revision",
                released=True,
                released_at=released,
            )
        if second is not None:
            f.GradeFactory(submission=sub, kind="moderation", grader=trainer, score=second)
        return sub

    hand_in(e11, 1, at(2019, 3, 20), "needs_revision", 40, at(2019, 3, 22))
    hand_in(e11, 2, at(2019, 4, 1), "passed", 80, at(2019, 4, 4))
    hand_in(e12, 1, at(2019, 3, 25), "passed", 90, at(2019, 3, 26), second=10)
    hand_in(e13, 1, None, "draft")

    return SimpleNamespace(
        p1=p1, p2=p2, p3=p3, c1=c1, c2=c2, c3=c3, k1=k1, k2=k2, k3=k3, k4=k4, k5=k5,
        l1=l1, l2=l2, l3=l3, l4=l4, l5=l5, l6=l6, tdm=tdm, dian=dian, toan=toan, ly=ly, trainer=trainer,
    )  # fmt: skip

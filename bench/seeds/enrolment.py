"""Benchmark classes, sessions, enrolments in every state, lesson progress and attendance.

Named classes the benchmark loads (codes are stable, so a rerun finds them):

- ``BENCH-MO-1..3``: the three open classes of the first course; ``-1`` has
  seats for every learner and nobody in it (the "enrol" POST);
- ``BENCH-HV-1..5``: the five running classes of the benchmark learner;
- ``BENCH-ROSTER``: a running on-site class of 25 taught by the bench trainer;
- ``BENCH-BULK-1/2``: finished classes whose completed learners have no
  certificate yet (bulk issue with one and with two workers).

The rest are spread over the courses in every status, with ~100 learners each.
"""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from courses.models import LessonPage
from enrolment.models import Attendance, Cohort, Enrolment, EnrolmentEvent, LessonProgress, Session

from .accounts import BENCH_DOMAIN

S = Enrolment.Status
C = Cohort.Status
PREFIX = "BENCH-"
# Enrolment statuses by class status, as (status, weight).
MIX = {
    C.OPEN: [(S.ACTIVE, 70), (S.WAITLISTED, 10), (S.PENDING, 10), (S.WITHDRAWN, 10)],
    C.RUNNING: [(S.ACTIVE, 80), (S.WAITLISTED, 5), (S.WITHDRAWN, 10), (S.REMOVED, 5)],
    C.FINISHED: [(S.COMPLETED, 60), (S.ACTIVE, 25), (S.WITHDRAWN, 10), (S.REMOVED, 5)],
    C.ARCHIVED: [(S.COMPLETED, 70), (S.WITHDRAWN, 30)],
}
CLASS_STATUSES = [(C.OPEN, 15), (C.RUNNING, 35), (C.FINISHED, 45), (C.ARCHIVED, 5)]


def weighted(rng, pairs):
    return rng.choices([value for value, _w in pairs], weights=[w for _v, w in pairs])[0]


def lessons_by_course(courses) -> dict[int, list[int]]:
    """Lesson ids of each course, in tree order (one query)."""
    by_path = {course.path: course.pk for course in courses}
    steplen = LessonPage.steplen
    found: dict[int, list[int]] = {course.pk: [] for course in courses}
    depth = courses[0].depth
    rows = LessonPage.objects.filter(depth__gt=depth).order_by("path").values_list("pk", "path")
    for pk, path in rows:
        course_pk = by_path.get(path[: depth * steplen])
        if course_pk is not None:
            found[course_pk].append(pk)
    return found


def _cohort(code, title, course, status, today, rng, **extra):
    starts = {
        C.OPEN: today + datetime.timedelta(days=rng.randint(10, 60)),
        C.RUNNING: today - datetime.timedelta(days=rng.randint(5, 30)),
        C.FINISHED: today - datetime.timedelta(days=rng.randint(60, 300)),
        C.ARCHIVED: today - datetime.timedelta(days=rng.randint(400, 700)),
    }[status]
    fields = {
        "code": code,
        "title": title,
        "course": course,
        "status": status,
        "starts_on": starts,
        "ends_on": starts + datetime.timedelta(days=45),
        "capacity": 120,
        "delivery": rng.choice([Cohort.Delivery.ONLINE, Cohort.Delivery.ONLINE, Cohort.Delivery.BLENDED]),
        "venue": "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ",
    }
    fields.update(extra)
    return Cohort(**fields)


def seed(ctx):
    rng = ctx.rng
    sizes = ctx.sizes
    User = get_user_model()
    courses = ctx.shared["courses"]
    learners = list(
        User.objects.filter(email__startswith="learner", email__endswith="@" + BENCH_DOMAIN).order_by("email")
    )
    trainer = User.objects.get(email=ctx.manifest["user.trainer"])
    if not Cohort.objects.filter(code__startswith=PREFIX).exists():
        _seed(ctx, rng, sizes, courses, learners, trainer)
    _manifest(ctx, learners)


def _seed(ctx, rng, sizes, courses, learners, trainer):
    today = timezone.localdate()
    me, others = learners[0], learners[1:]
    cohorts = []
    for n in range(3):
        extra = {"capacity": 100_000} if n == 0 else {}
        cohorts.append(_cohort(f"{PREFIX}MO-{n + 1}", f"Lớp mở {n + 1}", courses[0], C.OPEN, today, rng, **extra))
    for n in range(5):
        course = courses[(n + 1) % len(courses)]
        cohorts.append(_cohort(f"{PREFIX}HV-{n + 1}", f"Lớp đang học {n + 1}", course, C.RUNNING, today, rng))
    roster = _cohort(f"{PREFIX}ROSTER", "Lớp tập huấn tại chỗ", courses[6 % len(courses)], C.RUNNING, today, rng)
    roster.delivery = Cohort.Delivery.ONSITE
    cohorts.append(roster)
    for n in range(2):
        cohorts.append(
            _cohort(
                f"{PREFIX}BULK-{n + 1}",
                f"Lớp cấp chứng nhận {n + 1}",
                courses[(7 + n) % len(courses)],
                C.FINISHED,
                today,
                rng,
                capacity=sizes["bulk_issue"],
            )
        )
    for n in range(sizes["classes"] - len(cohorts)):
        # The first two are a finished and a running class, so even a tiny set has certificates and work.
        status = [C.FINISHED, C.RUNNING][n] if n < 2 else weighted(rng, CLASS_STATUSES)
        course = courses[rng.randrange(len(courses))]
        cohorts.append(_cohort(f"{PREFIX}{n + 1:04d}", f"Lớp {n + 1:04d}", course, status, today, rng))
    Cohort.objects.bulk_create(cohorts, batch_size=500)
    cohorts = list(Cohort.objects.filter(code__startswith=PREFIX).select_related("course").order_by("pk"))
    by_code = {c.code: c for c in cohorts}

    # Trainers: the bench trainer teaches the roster class, the learner's classes and a tenth of the rest.
    taught = [by_code[f"{PREFIX}ROSTER"], *(by_code[f"{PREFIX}HV-{n + 1}"] for n in range(5))]
    taught += [c for c in cohorts if c.code[len(PREFIX) :].isdigit() and rng.random() < 0.1]
    Cohort.trainers.through.objects.bulk_create(
        [Cohort.trainers.through(cohort_id=c.pk, user_id=trainer.pk) for c in taught]
    )

    # Enrolments.
    enrolments = []
    for n in range(5):
        enrolments.append(Enrolment(user=me, cohort=by_code[f"{PREFIX}HV-{n + 1}"], status=S.ACTIVE))
    for user in rng.sample(others, 25):
        enrolments.append(Enrolment(user=user, cohort=roster, status=S.ACTIVE))
    for n in range(2):
        cohort = by_code[f"{PREFIX}BULK-{n + 1}"]
        for user in rng.sample(others, sizes["bulk_issue"]):
            enrolments.append(Enrolment(user=user, cohort=cohort, status=S.COMPLETED, completed_at=timezone.now()))
    named_regular = {f"{PREFIX}MO-2", f"{PREFIX}MO-3", *(f"{PREFIX}HV-{n + 1}" for n in range(5))}
    regular = [c for c in cohorts if c.code[len(PREFIX) :].isdigit() or c.code in named_regular]
    remaining = sizes["enrolments"] - len(enrolments)
    # The learner's classes are half full; the others share what is left, to the exact total.
    weights = [1 if c.code.startswith(f"{PREFIX}HV-") else 2 for c in regular]
    counts = [remaining * w // sum(weights) for w in weights]
    for i in range(remaining - sum(counts)):
        counts[i % len(counts)] += 1
    for cohort, count in zip(regular, counts, strict=True):
        for user in rng.sample(others, min(count, len(others))):
            status = weighted(rng, MIX[cohort.status])
            completed = timezone.now() if status == S.COMPLETED else None
            enrolments.append(Enrolment(user=user, cohort=cohort, status=status, completed_at=completed))
    Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    enrolments = list(Enrolment.objects.filter(cohort__code__startswith=PREFIX).order_by("pk"))
    EnrolmentEvent.objects.bulk_create(
        [EnrolmentEvent(enrolment_id=e.pk, to_status=e.status, note="benchmark") for e in enrolments],
        batch_size=2000,
    )

    # Lesson progress: the learner's own, then everyone else's until the budget is spent.
    cohort_by_pk = {c.pk: c for c in cohorts}
    lessons = lessons_by_course(courses)
    rows: dict[tuple[int, int], None] = {}
    for n in range(5):
        for lesson_id in lessons[by_code[f"{PREFIX}HV-{n + 1}"].course_id][: 3 + 2 * n]:
            rows[(me.pk, lesson_id)] = None
    for e in enrolments:
        if len(rows) >= sizes["progress"]:
            break
        if e.status not in Enrolment.SEAT_STATUSES or e.user_id == me.pk:
            continue
        course_lessons = lessons[cohort_by_pk[e.cohort_id].course_id]
        done = len(course_lessons) if e.status == S.COMPLETED else rng.randint(0, len(course_lessons))
        for lesson_id in course_lessons[:done]:
            rows[(e.user_id, lesson_id)] = None
    now = timezone.now()
    LessonProgress.objects.bulk_create(
        [
            LessonProgress(user_id=user_id, lesson_id=lesson_id, completed_at=now)
            for user_id, lesson_id in list(rows)[: sizes["progress"]]
        ],
        batch_size=5000,
    )

    # Sessions of on-site and blended classes, and attendance at the past ones.
    sessions = []
    for cohort in cohorts:
        if cohort.delivery == Cohort.Delivery.ONLINE:
            continue
        for n in range(4):
            sessions.append(
                Session(
                    cohort=cohort,
                    date=cohort.starts_on + datetime.timedelta(days=7 * n),
                    starts_at=datetime.time(8, 0),
                    ends_at=datetime.time(11, 30),
                    venue=cohort.venue,
                    topic=f"Buổi {n + 1}: thực hành STEM",
                    trainer=trainer if cohort in taught else None,
                )
            )
    Session.objects.bulk_create(sessions, batch_size=2000)
    seated: dict[int, list[int]] = {}
    for e in enrolments:
        if e.status in Enrolment.SEAT_STATUSES:
            seated.setdefault(e.cohort_id, []).append(e.pk)
    marks = []
    past = Session.objects.filter(cohort__code__startswith=PREFIX, date__lte=today).order_by(
        "-cohort__code", "date"
    )  # the roster class ("BENCH-ROSTER") sorts before the numbered ones
    for session in past:
        for enrolment_id in seated.get(session.cohort_id, []):
            if len(marks) >= sizes["attendance"]:
                break
            status = rng.choices(["present", "absent", "excused"], weights=[85, 10, 5])[0]
            marks.append(Attendance(session=session, enrolment_id=enrolment_id, status=status, marked_by=trainer))
    Attendance.objects.bulk_create(marks, batch_size=2000)
    ctx.log(
        f"  classes: {len(cohorts)}, enrolments: {len(enrolments)}, progress: {min(len(rows), sizes['progress'])}, "
        f"sessions: {len(sessions)}, attendance: {len(marks)}"
    )


def _manifest(ctx, learners):
    cohorts = {c.code: c for c in Cohort.objects.filter(code__startswith=PREFIX + "HV-").select_related("course")}
    cohorts.update({c.code: c for c in Cohort.objects.filter(code__in=[PREFIX + "ROSTER", PREFIX + "MO-1"])})
    first = cohorts[f"{PREFIX}HV-1"]
    lessons = list(LessonPage.objects.child_of(first.course).order_by("path").values_list("pk", "url_path"))
    ctx.manifest["url.enrolled_lesson"] = "/" + lessons[2][1].split("/", 2)[2]
    done_paths = []
    for n in range(5):
        course = cohorts[f"{PREFIX}HV-{n + 1}"].course
        for pk in LessonPage.objects.child_of(course).order_by("path").values_list("pk", flat=True):
            done_paths.append(reverse("lesson_done", args=[pk]))
    ctx.manifest["url.mark_done"] = done_paths[0]
    ctx.manifest["url.mark_done.paths"] = done_paths
    ctx.manifest["url.roster"] = reverse("trainer_roster", args=[cohorts[f"{PREFIX}ROSTER"].pk])
    ctx.manifest["url.enrol"] = reverse("enrolment_enrol", args=[cohorts[f"{PREFIX}MO-1"].pk])
    ctx.manifest["url.enrol.data"] = {}
    # Learners who may enrol in BENCH-MO-1 (nobody is in it yet): one per request.
    ctx.manifest["users.enrol"] = [user.email for user in learners[1 : 1 + ctx.sizes["enrol_users"]]]
    ctx.manifest["user.enrol_learner"] = ctx.manifest["users.enrol"][0]
    ctx.shared["cohorts_by_code"] = cohorts

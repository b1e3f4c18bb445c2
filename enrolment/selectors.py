"""Read-only queries behind the pages: each costs a fixed number of SQL queries,
however many classes, learners or sessions there are."""

import hashlib
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from courses.models import LessonPage
from lms.text import vietnamese_key

from .models import Attendance, Cohort, Enrolment, LessonProgress, Session
from .permissions import cohorts_visible_to
from .progress import SubqueryCount, done_on_required_lessons, percent, required_lessons

S = Enrolment.Status


def name_key(enrolment: Enrolment) -> tuple:
    """Vietnamese roster order: by given name (the last word), then the full name, in
    Vietnamese collation (``lms.text.vietnamese_key``: "Đức" after every "D…", not after "Z")."""
    words = enrolment.user.full_name.split()
    return (vietnamese_key(words[-1] if words else ""), vietnamese_key(enrolment.user.full_name))


def next_session_id(cohort_ref="cohort"):
    """Subquery: the id of the next session (today or later) of the class at ``cohort_ref``."""
    return Subquery(
        Session.objects.filter(cohort=OuterRef(cohort_ref), date__gte=timezone.localdate())
        .order_by("date", "starts_at")
        .values("pk")[:1]
    )


def next_lesson(user, field: str):
    """Subquery: ``field`` of the first live lesson, in the course's order, of the enrolment's
    course that ``user`` has not done yet (None when every lesson is done)."""
    done = LessonProgress.objects.filter(user=user, lesson_id=OuterRef("pk"))
    return Subquery(
        LessonPage.objects.filter(live=True, path__startswith=OuterRef("cohort__course__path"))
        .exclude(Exists(done))
        .order_by("path")
        .values(field)[:1]
    )


NEXT_LESSON_FIELDS = ("pk", "title", "url_path")  # what a title and a {% pageurl %} need


def _attach_lessons(items) -> None:
    """``next_lesson``: a LessonPage built from the ``next_lesson_*`` annotations (no query),
    enough for its title and ``{% pageurl %}``."""
    for item in items:
        values = {name: getattr(item, f"next_lesson_{name}") for name in NEXT_LESSON_FIELDS}
        item.next_lesson = LessonPage(**values) if values["pk"] else None


def _attach_sessions(items, attr="next_session_id"):
    ids = [getattr(item, attr) for item in items if getattr(item, attr)]
    sessions = Session.objects.in_bulk(ids) if ids else {}
    for item in items:
        item.next_session = sessions.get(getattr(item, attr))


def with_seat_counts(cohorts):
    return cohorts.annotate(
        seats_taken=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.SEAT_STATUSES)),
        waitlist_count=Count("enrolments", filter=Q(enrolments__status=S.WAITLISTED)),
        pending_count=Count("enrolments", filter=Q(enrolments__status=S.PENDING)),
    )


# --- Course page ---------------------------------------------------------------


@dataclass
class ClassOffer:
    """One open class on a course page, and what this visitor can do about it."""

    cohort: Cohort
    enrolment: Enrolment | None
    window: str

    @property
    def seats_left(self) -> int:
        return max(0, self.cohort.capacity - self.cohort.seats_taken)

    @property
    def is_full(self) -> bool:
        return self.seats_left == 0

    @property
    def action(self) -> str:
        """ "enrol", "waitlist", "request", or "" when there is nothing to do here."""
        if self.window != "open":
            return ""
        if self.enrolment is not None and self.enrolment.status not in (S.WITHDRAWN,):
            return ""
        if self.cohort.enrolment_policy == Cohort.Policy.APPROVAL:
            return "request"
        return "waitlist" if self.is_full else "enrol"


@dataclass
class CourseClasses:
    offers: list[ClassOffer] = field(default_factory=list)
    mine: list[Enrolment] = field(default_factory=list)
    # (lessons done, lessons required) when the visitor studies the course, else None.
    progress: tuple[int, int] | None = None

    @property
    def progress_percent(self) -> int:
        return percent(*self.progress) if self.progress else 0


def course_classes(course, user) -> CourseClasses:
    """Open classes of ``course`` with their seats, and ``user``'s places in its classes.

    Four queries at most: the classes, their eligible subjects, the user's enrolments and,
    when they have a place, their progress in the course.
    """
    cohorts = list(
        with_seat_counts(Cohort.objects.filter(course_id=course.pk, status=Cohort.Status.OPEN))
        .prefetch_related("eligible_subjects")
        .order_by("starts_on", "code")
    )
    mine = []
    if user is not None and user.is_authenticated:
        mine = list(
            Enrolment.objects.filter(user=user, cohort__course_id=course.pk)
            .exclude(cohort__status__in=[Cohort.Status.DRAFT, Cohort.Status.ARCHIVED])
            .select_related("cohort")
            .order_by("-cohort__starts_on")
        )
    by_cohort = {e.cohort_id: e for e in mine}
    now = timezone.now()
    offers = [ClassOffer(c, by_cohort.get(c.pk), c.window_state(now)) for c in cohorts]
    progress = None
    if any(e.status in Enrolment.SEAT_STATUSES for e in mine):
        from .progress import course_progress

        progress = course_progress(user, course)
    return CourseClasses(offers=offers, mine=[e for e in mine if e.status != S.WITHDRAWN], progress=progress)


# --- "Khóa học của tôi" ----------------------------------------------------------


@dataclass
class Dashboard:
    current: list[Enrolment] = field(default_factory=list)
    waiting: list[Enrolment] = field(default_factory=list)
    finished: list[Enrolment] = field(default_factory=list)

    @property
    def all(self) -> list[Enrolment]:
        return [*self.current, *self.waiting, *self.finished]

    @property
    def studying(self) -> list[Enrolment]:
        """The current classes whose lessons are open: where "Tiếp tục" leads somewhere."""
        return [e for e in self.current if e.can_study]

    @property
    def upcoming_sessions(self) -> list[Session]:
        """The next session of each class where the learner has a place, soonest first."""
        sessions = [e.next_session for e in self.current if e.next_session and e.status == S.ACTIVE]
        return sorted(sessions, key=lambda s: (s.date, s.starts_at, s.pk))


def dashboard_enrolments(enrolments, user):
    """What the classes section reads with each of ``user``'s enrolments (``DashboardSection.enrolments``):
    the next lesson to study ("Tiếp tục"), the next session and the place on the waiting list
    (their progress is read with every enrolment of the page)."""
    ahead = Enrolment.objects.filter(cohort=OuterRef("cohort"), status=S.WAITLISTED).filter(
        Q(status_changed_at__lt=OuterRef("status_changed_at"))
        | Q(status_changed_at=OuterRef("status_changed_at"), pk__lte=OuterRef("pk"))
    )
    return enrolments.annotate(
        next_session_id=next_session_id(),
        waitlist_position=SubqueryCount(ahead.values("pk")),
        **{f"next_lesson_{name}": next_lesson(user, name) for name in NEXT_LESSON_FIELDS},
    )


def dashboard(learner) -> Dashboard:
    """The learner's classes, grouped, with course progress, the next lesson to study
    ("Tiếp tục"), next session, waiting-list position and, for a class that has not
    started, the days until it does. Read with the page's enrolments (``enrolment.dashboard.Learner``,
    annotated by :func:`dashboard_enrolments`), and one query for the next sessions when there are any."""
    enrolments = [e for e in learner.enrolments if e.cohort.status != Cohort.Status.DRAFT]
    _attach_sessions(enrolments)
    _attach_lessons(enrolments)
    for e in enrolments:
        if e.next_session:
            e.next_session.cohort = e.cohort  # read with the enrolment: no query per session
    board = Dashboard()
    finished_classes = (Cohort.Status.FINISHED, Cohort.Status.ARCHIVED)
    today = timezone.localdate()
    for e in enrolments:
        e.progress_percent = percent(e.lessons_done, e.lessons_required)
        e.can_study = e.status in Enrolment.SEAT_STATUSES and e.cohort.status in (
            Cohort.Status.RUNNING,
            Cohort.Status.FINISHED,
        )
        # A place in a class that has not started: what it waits for, and what can be done meanwhile.
        e.not_started = e.status == S.ACTIVE and e.cohort.status == Cohort.Status.OPEN
        e.days_to_start = max((e.cohort.starts_on - today).days, 0) if e.not_started else None
        e.can_leave = e.status in (S.ACTIVE, S.WAITLISTED, S.PENDING) and e.cohort.status not in finished_classes
        if e.status == S.COMPLETED or e.cohort.status in finished_classes:
            board.finished.append(e)
        elif e.status in (S.WAITLISTED, S.PENDING):
            board.waiting.append(e)
        else:
            board.current.append(e)
    return board


def fingerprint_rows() -> list:
    """The learner's rows "Khóa học của tôi" shows of this app: enrolments and lesson progress.

    What other people's changes do to the page (seats, waiting-list places,
    classes and sessions) bumps the content version instead (the page cache
    rules of each app, ``lms.page_cache``).
    """
    from .dashboard import FingerprintRows

    return [
        FingerprintRows(
            "enrolments", Enrolment.objects.filter(user=OuterRef("pk")), fields=("status_changed_at", "pk")
        ),
        FingerprintRows("progress", LessonProgress.objects.filter(user=OuterRef("pk"))),
        # The certificate checklist counts the sessions attended.
        FingerprintRows(
            "attendance",
            Attendance.objects.filter(enrolment__user=OuterRef("pk")),
            owner="enrolment__user_id",
            fields=("pk", "marked_at"),
        ),
    ]


# --- Trainer pages ---------------------------------------------------------------


def trainer_classes(user) -> list[Cohort]:
    """The classes ``user`` may open as a trainer, newest first, with counts. Two queries."""
    cohorts = list(
        with_seat_counts(cohorts_visible_to(user).exclude(status=Cohort.Status.ARCHIVED))
        .select_related("course")
        .annotate(next_session_id=next_session_id("pk"))
        .order_by("-starts_on", "code")
    )
    _attach_sessions(cohorts)
    return cohorts


@dataclass
class Roster:
    cohort: Cohort
    learners: list[Enrolment]
    waiting: list[Enrolment]
    sessions: list[Session]
    lessons_required: int
    lessons: list = field(default_factory=list)  # the required lessons, in the course's order

    @property
    def sessions_held(self) -> int:
        today = timezone.localdate()
        return sum(1 for s in self.sessions if s.date <= today)


def roster(cohort: Cohort) -> Roster:
    """Everyone in a class with progress, the lessons each has done (``lesson_ticks``: one
    boolean per lesson of ``lessons``, in the course's order) and participations.

    Four queries whatever its size: the enrolments, the required lessons, every learner's
    progress on them at once (``done_on_required_lessons``, grouped here), the sessions.
    """
    course_path = cohort.course.path
    lessons = list(required_lessons(course_path).order_by("path").only("pk", "title", "path"))
    present = Attendance.objects.filter(enrolment=OuterRef("pk"), status=Attendance.Status.PRESENT)
    rows = list(
        cohort.enrolments.filter(status__in=[*Enrolment.SEAT_STATUSES, S.WAITLISTED, S.PENDING])
        .select_related("user", "user__area")
        .annotate(participations=SubqueryCount(present.values("pk")))
        .order_by("status_changed_at", "pk")
    )
    done: dict[int, set[int]] = {}
    for user_id, lesson_id in (
        done_on_required_lessons()
        .filter(user__enrolments__cohort=cohort, lesson__path__startswith=course_path)
        .values_list("user_id", "lesson_id")
        .distinct()
    ):
        done.setdefault(user_id, set()).add(lesson_id)
    sessions = list(cohort.sessions.select_related("trainer"))
    learners, waiting = [], []
    for e in rows:
        mine = done.get(e.user_id, set())
        e.lesson_ticks = [lesson.pk in mine for lesson in lessons]
        e.lessons_done = sum(e.lesson_ticks)
        e.lessons_required = len(lessons)
        e.progress_percent = percent(e.lessons_done, len(lessons))
        (learners if e.status in Enrolment.SEAT_STATUSES else waiting).append(e)
    learners.sort(key=name_key)
    return Roster(cohort, learners, waiting, sessions, len(lessons), lessons)


def roster_fingerprint(cohort: Cohort) -> str:
    """A digest of what a roster shows besides the class and its enrolments (those bump the
    content version): the attendance marked and the lessons its learners finished. One query,
    its SQL compiled once per class (``lms.compiled_sql``: building it cost ~2 ms a request).

    One row per enrolment, each with its own attendance and progress found through their
    indexes (the enrolment's, the learner's): aggregated over the class as a whole, PostgreSQL
    hashed every attendance mark and every learner of the site against the class (3.6 ms at
    province scale, against 0.3 ms)."""
    from lms import compiled_sql

    def build():
        from django.db.models import Count, Max

        from lms.digest import summary

        marks = Attendance.objects.filter(enrolment=OuterRef("pk"))
        progress = LessonProgress.objects.filter(user=OuterRef("user_id"))
        return (
            Enrolment.objects.filter(cohort=cohort.pk)
            .order_by("pk")
            .annotate(
                marks=summary(marks, Count("pk"), Max("marked_at"), by="enrolment"),
                progress=summary(progress, Count("pk"), Max("pk"), by="user"),
            )
            .values_list("pk", "marks", "progress")
        )

    rows = compiled_sql.rows(("enrolment.roster", cohort.pk), build)
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def attendance_sheet(session: Session) -> list[Enrolment]:
    """The learners of a session with their saved mark (``saved_mark`` and ``mark``,
    a status or ""). Two queries."""
    from .attendance import markable_enrolments

    marks = dict(session.attendance.values_list("enrolment_id", "status"))
    rows = list(markable_enrolments(session).select_related("user"))
    for e in rows:
        e.mark = e.saved_mark = marks.get(e.pk, "")
    rows.sort(key=name_key)
    return rows

"""One small, complete dataset for the security tests (permission matrix, fuzzing).

Two running classes of two courses:

- class A, taught by ``trainer`` (``trainer_a``), with the learners ``owner``
  and ``classmate``;
- class B, taught by ``other_trainer`` (``trainer_b``), with the learner ``outsider``.

Every object a URL points at exists for the owner in class A (the *target*) and
for the outsider in class B (the *mirror*). Rows of each table are written in
the order classmate, mirror, target, so that the target has the highest id of
its table and the mirror sits just below it: guessing ``id - 1`` lands on
someone else's object in another class, and ``id + 1`` on nothing.
:func:`neighbour_kind` checks that this still holds instead of trusting it.

Built once per test module (the ``security_world`` fixture of tests/conftest.py,
through :func:`rolled_back`) inside a transaction that is rolled back at the
end, so nothing leaks into other tests.
"""

from __future__ import annotations

import contextlib
import datetime
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from accounts import roles

PASSWORD = "mat-khau-Ma-tran-2026"


@dataclass
class Objects:
    """The target (class A, the owner's) and its mirror (class B, the outsider's) of one kind."""

    model: type
    target: object
    mirror: object
    others: list = field(default_factory=list)  # further rows that are neither (e.g. the classmate's)


def _users():
    from .factories import UserFactory

    return SimpleNamespace(
        owner=UserFactory(role=roles.LEARNER, full_name="Nguyễn Thị Chủ Sở Hữu", email="chu.so.huu@truong.edu.vn"),
        classmate=UserFactory(
            role=roles.LEARNER, full_name="Trần Văn Bạn Cùng Lớp", email="ban.cung.lop@truong.edu.vn"
        ),
        outsider=UserFactory(role=roles.LEARNER, full_name="Lê Thị Lớp Khác", email="lop.khac@truong.edu.vn"),
        trainer=UserFactory(role=roles.TRAINER, full_name="Phạm Minh Giảng", email="giang.vien.a@truong.edu.vn"),
        other_trainer=UserFactory(role=roles.TRAINER, full_name="Đỗ Văn Dạy", email="giang.vien.b@truong.edu.vn"),
        manager=UserFactory(role=roles.MANAGER, full_name="Lê Thị Quản Lý", email="quan.ly@so.gov.vn"),
        administrator=UserFactory(
            role=roles.ADMINISTRATOR,
            full_name="Trần Quốc Quản Trị",
            email="quan.tri@so.gov.vn",
            is_superuser=True,
            is_staff=True,
        ),
    )


def build() -> SimpleNamespace:
    """Create the dataset; returns a namespace of users and :class:`Objects` by kind."""
    from wagtail.models import Site

    from accounts.models import Area, ErasureRequest, Subject
    from assessment import services as assessment_services
    from assessment.models import Assignment, Grade, Rubric, Submission, SubmissionFile
    from audit.models import AuditEvent
    from certificates.models import (
        BulkIssueJob,
        Certificate,
        CertificateTemplate,
        CompletionRule,
        ProgrammeCertificateSettings,
    )
    from certificates.services import issue
    from courses.models import LessonPage
    from enrolment.models import Cohort, Enrolment, EnrolmentImport, Session

    from . import factories as f
    from .assessment_helpers import hand_in, release
    from .sample_files import pdf_bytes, upload

    u = _users()
    programme = f.ProgrammeFactory()
    course_b = f.CourseFactory(parent=programme, title="Khóa học lớp B")
    course_a = f.CourseFactory(parent=programme, title="Khóa học lớp A")
    # A worksheet used only in class A's lesson: served only to those who may read that lesson.
    document = f.DocumentFactory(
        title="Phiếu học tập lớp A", file=ContentFile(b"%PDF-1.4 phieu hoc tap", name="phieu-lop-a.pdf")
    )
    lesson_b = f.LessonFactory(parent=course_b, title="Bài học lớp B", slug="bai-hoc-b", summary="", body=[])
    lesson_a = f.LessonFactory(
        parent=course_a, title="Bài học lớp A", slug="bai-hoc-a", summary="", body=f.lesson_body(document=document)
    )
    cohort_b = f.CohortFactory(running=True, course=course_b, trainers=[u.other_trainer], code="STEM-B")
    cohort_a = f.CohortFactory(running=True, course=course_a, trainers=[u.trainer], code="STEM-A")
    today = timezone.localdate()
    session_b = f.SessionFactory(
        cohort=cohort_b, date=today, starts_at=datetime.time(8), ends_at=datetime.time(11), topic="Buổi lớp B"
    )
    session_a = f.SessionFactory(
        cohort=cohort_a, date=today, starts_at=datetime.time(8), ends_at=datetime.time(11), topic="Buổi lớp A"
    )
    enrol_classmate = f.EnrolmentFactory(user=u.classmate, cohort=cohort_a)
    enrol_outsider = f.EnrolmentFactory(user=u.outsider, cohort=cohort_b)
    enrol_owner = f.EnrolmentFactory(user=u.owner, cohort=cohort_a)

    assignment_b = f.AssignmentFactory(course=course_b, title="Bài tập lớp B")
    assignment_a = f.AssignmentFactory(course=course_a, title="Bài tập lớp A")
    submissions, files = [], []
    for enrolment, assignment, trainer in (
        (enrol_classmate, assignment_a, u.trainer),
        (enrol_outsider, assignment_b, u.other_trainer),
        (enrol_owner, assignment_a, u.trainer),
    ):
        files.extend(
            assessment_services.upload_draft_files(
                enrolment.user,
                assignment,
                enrolment,
                [upload("giao-an.pdf", pdf_bytes(), "application/pdf")],
            )
        )
        submission = hand_in(enrolment, assignment)
        release(trainer, submission)
        submissions.append(submission)

    quizzes = _quizzes(f, course_a, course_b, enrol_classmate, enrol_outsider, enrol_owner)

    # Certificates: the owner and the outsider completed (after handing in their work).
    Enrolment.objects.filter(pk__in=[enrol_outsider.pk, enrol_owner.pk]).update(status="completed")
    enrol_outsider.refresh_from_db()
    enrol_owner.refresh_from_db()
    certificate_b = issue(enrol_outsider, issued_by=u.manager)
    certificate_a = issue(enrol_owner, issued_by=u.manager)
    # The owner studies on in class A (a state the services would not produce: it lets the
    # matrix reach the owner's own pages of an active enrolment, such as "leave the class").
    Enrolment.objects.filter(pk=enrol_owner.pk).update(status="active")
    enrol_owner.refresh_from_db()

    job_b = BulkIssueJob.objects.create(cohort=cohort_b, requested_by=u.manager)
    job_a = BulkIssueJob.objects.create(cohort=cohort_a, requested_by=u.manager)
    import_b = EnrolmentImport.objects.create(cohort=cohort_b, file_name="lop-b.csv", created_by=u.manager)
    import_a = EnrolmentImport.objects.create(cohort=cohort_a, file_name="lop-a.csv", created_by=u.manager)
    erasure_b = ErasureRequest.objects.create(user=u.outsider, reason="Lớp B")
    erasure_a = ErasureRequest.objects.create(user=u.owner, reason="Lớp A")

    from axes.models import AccessAttempt

    lockouts = [
        AccessAttempt.objects.create(
            username=user.email,
            ip_address="10.0.0.1",
            user_agent="test",
            failures_since_start=5,
            get_data="",
            post_data="",
        )
        for user in (u.outsider, u.owner)
    ]
    audit_events = list(AuditEvent.objects.order_by("pk"))
    rule_b = CompletionRule.objects.create(course=course_b)
    rule_a = CompletionRule.objects.create(course=course_a)
    programme_settings = ProgrammeCertificateSettings.objects.create(programme=programme)
    template = CertificateTemplate.objects.order_by("pk").first() or CertificateTemplate.objects.create(name="Mẫu")
    trainer_profile = f.TrainerProfileFactory(name="Nguyễn Văn Hồ Sơ")
    rubric = Rubric.objects.order_by("pk").last()
    area = Area.objects.order_by("pk").last()
    subject = Subject.objects.create(name="Công nghệ")
    image = f.ImageFactory(title="Ảnh minh họa")
    from taggit.models import Tag

    tag = Tag.objects.create(name="Giáo án STEM", slug="giao-an-stem")
    grade_a = Grade.objects.get(submission=submissions[2], kind=Grade.Kind.PRIMARY)
    grade_b = Grade.objects.get(submission=submissions[1], kind=Grade.Kind.PRIMARY)
    download_a, download_b = _downloads(u)

    # Activities: session A is run by the trainer, session B by the other trainer; the owner registered a child
    # for A (and the outsider for B) through their accounts.
    from activities.cases import open_case
    from activities.models import (
        ActivityKind,
        ActivityPage,
        ActivitySession,
        Consent,
        ConsentText,
        PrivacyCase,
        Registration,
    )

    activity_b = f.ActivityFactory(title="Hoạt động B")
    activity_a = f.ActivityFactory(title="Hoạt động A")
    activity_session_b = f.ActivitySessionFactory(activity=activity_b, organisers=[u.other_trainer])
    activity_session_a = f.ActivitySessionFactory(activity=activity_a, organisers=[u.trainer])
    registrations = []
    for user, session in ((u.outsider, activity_session_b), (u.owner, activity_session_a)):
        registrant = f.RegistrantFactory(email=user.email, full_name=user.full_name, user=user)
        registrations.append(f.RegistrationFactory(session=session, participant__registrant=registrant))
    privacy_cases = [open_case(r.participant.registrant, "erasure") for r in registrations]
    consents = []
    for registration in registrations:
        participant = registration.participant
        text = ConsentText.current("children")
        consents.append(
            Consent.objects.create(
                participant=participant,
                given_by=participant.registrant,
                given_by_name=participant.registrant.full_name,
                given_by_email=participant.registrant.email,
                participation=True,
                health_data=False,
                photos=False,
                publishing=False,
                channel="web",
                verification="account",
                text=text,
                text_version=text.version,
                text_sha256=text.sha256,
            )
        )

    # Peer review on in both classes: the classmate reviews the owner's plan (allocated, not yet
    # sent); in class B the outsider assesses their own plan.
    from peer_review.models import (
        CalibrationExample,
        PeerReview,
        PeerReviewSettings,
        PeerTeam,
        TrainerCalibrationItem,
        TrainerCalibrationSet,
    )

    PeerReviewSettings.objects.create(assignment=assignment_b)
    peer_settings = PeerReviewSettings.objects.create(assignment=assignment_a)
    review_b = PeerReview.objects.create(
        submission=submissions[1],
        assignment=assignment_b,
        reviewer=u.outsider,
        is_self=True,
        rubric=assignment_b.rubric,
    )
    review_a = PeerReview.objects.create(
        submission=submissions[2], assignment=assignment_a, reviewer=u.classmate, rubric=assignment_a.rubric
    )
    team = PeerTeam.objects.create(cohort=cohort_a, name="Nhóm 1")
    example = CalibrationExample.objects.create(assignment=assignment_a, reference=grade_b, reasons="Lý do")
    trainer_set = TrainerCalibrationSet.objects.create(
        title="Bộ hiệu chuẩn", rubric=assignment_a.rubric, lead=u.trainer
    )
    trainer_item = TrainerCalibrationItem.objects.create(calibration_set=trainer_set, submission=submissions[0])
    report_snapshot = f.ReportSnapshotFactory(created_by=u.manager)
    manual_result = f.ManualResultFactory(target__programme=programme, entered_by=u.manager)
    # A start-up competition: the trainer judges its round, the owner entered a team.
    competition = f.CompetitionFactory(event=activity_a, rounds=1, rounds__judges=[u.trainer], rounds__rubric=rubric)
    competition_entry = f.EntryFactory(competition=competition, contact=u.owner)
    budget_estimate = f.BudgetEstimateFactory(programme=programme)
    spending = f.SpendingFactory(programme=programme, recorded_by=u.manager)
    difficulty = f.DifficultyFactory(programme=programme, reported_by=u.trainer)
    deadline = f.ReportingDeadlineFactory()

    school = f.SchoolFactory(name="Trường THCS Ma Trận", area=area)
    return SimpleNamespace(
        users=u,
        site=Site.objects.get(is_default_site=True),
        course=Objects(course_a.__class__, course_a, course_b),
        lesson=Objects(LessonPage, lesson_a, lesson_b),
        cohort=Objects(Cohort, cohort_a, cohort_b),
        session=Objects(Session, session_a, session_b),
        enrolment=Objects(Enrolment, enrol_owner, enrol_outsider, [enrol_classmate]),
        download=Objects(download_a.__class__, download_a, download_b),
        assignment=Objects(Assignment, assignment_a, assignment_b),
        submission=Objects(Submission, submissions[2], submissions[1], [submissions[0]]),
        file=Objects(SubmissionFile, files[2], files[1], [files[0]]),
        grade=Objects(Grade, grade_a, grade_b),
        peer_review=Objects(PeerReview, review_a, review_b),
        peer_settings=peer_settings,
        peer_team=team,
        calibration_example=example,
        trainer_set=trainer_set,
        trainer_item=trainer_item,
        report_snapshot=report_snapshot,
        manual_result=manual_result,
        manual_target=manual_result.target,
        competition=competition,
        competition_round=competition.rounds.get(),
        competition_entry=competition_entry,
        budget_estimate=budget_estimate,
        spending=spending,
        difficulty=difficulty,
        deadline=deadline,
        certificate=Objects(Certificate, certificate_a, certificate_b),
        status_list=certificate_a.credential.status_list,
        job=Objects(BulkIssueJob, job_a, job_b),
        enrolment_import=Objects(EnrolmentImport, import_a, import_b),
        erasure=Objects(ErasureRequest, erasure_a, erasure_b),
        lockout=Objects(AccessAttempt, lockouts[1], lockouts[0]),
        completion_rule=Objects(CompletionRule, rule_a, rule_b),
        audit_event=audit_events[-1],
        programme=programme,
        programme_settings=programme_settings,
        template=template,
        trainer_profile=trainer_profile,
        rubric=rubric,
        area=area,
        school=school,
        partner_access=f.PartnerAccessFactory(kind="school", school=school, organisation="Trường THCS Ma Trận"),
        subject=subject,
        document=document,
        image=image,
        tag=tag,
        activity=Objects(ActivityPage, activity_a, activity_b),
        activity_session=Objects(ActivitySession, activity_session_a, activity_session_b),
        registration=Objects(Registration, registrations[1], registrations[0]),
        consent=Objects(Consent, consents[1], consents[0]),
        consent_text=ConsentText.objects.order_by("pk").last(),
        activity_kind=ActivityKind.objects.order_by("pk").last(),
        **quizzes,
        privacy_case=Objects(PrivacyCase, *reversed(privacy_cases)),
    )


def _quizzes(f, course_a, course_b, enrol_classmate, enrol_outsider, enrol_owner) -> dict:
    """Quizzes (issue 18): one per course, one submitted attempt each for the classmate, the outsider, the owner."""
    from assessment.models import QuestionCategory, Quiz, QuizAttempt
    from assessment.quizzes import services as quiz_services

    category = f.QuestionCategoryFactory(name="Động học (ma trận)")
    question = f.QuestionFactory(category=category, title="Vận tốc trung bình")
    quiz_b = f.QuizFactory(course=course_b, title="Kiểm tra lớp B", questions=[question], max_attempts=1)
    quiz_a = f.QuizFactory(course=course_a, title="Kiểm tra lớp A", questions=[question], max_attempts=1)
    attempts = []
    for enrolment, quiz in ((enrol_classmate, quiz_a), (enrol_outsider, quiz_b), (enrol_owner, quiz_a)):
        attempt = quiz_services.start_attempt(enrolment.user, quiz, enrolment)
        attempts.append(quiz_services.submit_attempt(enrolment.user, attempt))
    return {
        "quiz": Objects(Quiz, quiz_a, quiz_b),
        "quiz_attempt": Objects(QuizAttempt, attempts[2], attempts[1], [attempts[0]]),
        "question": question,
        "question_category": category,
        "question_category_objects": Objects(QuestionCategory, category, category),
    }


@contextlib.contextmanager
def rolled_back(django_db_blocker):
    """Build the dataset in a transaction rolled back on exit, with its own media folders."""
    from django.conf import settings

    with tempfile.TemporaryDirectory(prefix="lms-security-") as folder:
        root = Path(folder)
        storages = {**settings.STORAGES}
        storages["private"] = {**storages["private"], "OPTIONS": {"location": root / "private-media"}}
        with (
            override_settings(MEDIA_ROOT=root / "media", PRIVATE_MEDIA_ROOT=root / "private-media", STORAGES=storages),
            django_db_blocker.unblock(),
        ):
            outer = transaction.atomic()
            outer._from_testcase = True  # a test's wrapper, as Django's TestCase marks its own
            outer.__enter__()
            try:
                yield build()
            finally:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)


def neighbour_kind(objects: Objects, pk: int) -> str:
    """What sits at ``pk`` in the table of ``objects``: "missing", "target", "mirror" or "other"."""
    if pk == objects.target.pk:
        return "target"
    if pk == objects.mirror.pk:
        return "mirror"
    if objects.model._base_manager.filter(pk=pk).exists():
        return "other"
    return "missing"


def _downloads(u):
    """A large export being prepared for the owner, and one for the outsider (lms.downloads)."""
    import datetime

    from django.utils import timezone

    from lms.models import Download

    expires = timezone.now() + datetime.timedelta(hours=1)
    return [
        Download.objects.create(
            owner=user, kind="enrolment.register", title="Sổ ghi danh", filename="ghi-danh.csv", expires_at=expires
        )
        for user in (u.owner, u.outsider)
    ]

"""A learner's side: start a draft, write the plan, add files, hand it in.

Each function checks permission and the assignment's rules, writes inside
``transaction.atomic()``, records an audit event and returns the result, or
raises :class:`~assessment.errors.AssessmentError` with a message to show.
A handed-in version is never changed again: every function here works on
the learner's own draft only.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from enrolment.models import Enrolment

from .. import notifications, permissions
from ..errors import AssessmentError
from ..models import Assignment, LessonPlan, Submission, SubmissionFile
from ..signals import submission_submitted
from ..sniff import SniffError, check_file, extension_of
from ..uploads import delete_stored, safe_file_name, store

PLAN_FIELDS = [*LessonPlan.TEXT_FIELDS, "subjects", "activities"]


def _versions(assignment: Assignment, enrolment: Enrolment) -> list[Submission]:
    return list(Submission.objects.filter(assignment=assignment, enrolment=enrolment).order_by("attempt"))


def _check_can_work(user, assignment: Assignment, enrolment: Enrolment | None, *, now=None) -> None:
    refusal = permissions.submission_refusal(user, assignment, enrolment, now=now)
    if refusal:
        raise AssessmentError(refusal)


def _locked_draft(user, submission: Submission) -> Submission:
    """Re-read ``submission`` for update and check it is ``user``'s draft."""
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("assignment", "enrolment__cohort")
        .get(pk=submission.pk)
    )
    if submission.learner_id != getattr(user, "pk", None):
        raise PermissionDenied
    if not submission.is_draft:
        raise AssessmentError(_("This version has been handed in and can no longer be changed."))
    return submission


def start_draft(user, assignment: Assignment, enrolment: Enrolment | None) -> Submission:
    """Return the learner's draft for ``assignment``, creating it when allowed.

    A new draft after a returned version starts from a copy of that
    version's lesson plan and its files (the learner may change both; the
    returned version keeps its own).
    """
    with transaction.atomic():
        _check_can_work(user, assignment, enrolment)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        versions = _versions(assignment, enrolment)
        draft = next((v for v in versions if v.is_draft), None)
        if draft is not None:
            return draft
        refusal = permissions.attempt_refusal(assignment, versions)
        if refusal:
            raise AssessmentError(refusal)
        draft = Submission.objects.create(
            assignment=assignment,
            enrolment=enrolment,
            learner_id=enrolment.user_id,
            cohort_id=enrolment.cohort_id,
            attempt=len(versions) + 1,
            status=Submission.Status.DRAFT,
        )
        if versions:
            _carry_over(versions[-1], draft)
        audit.record("assessment.draft_started", actor=user, target=draft, attempt=draft.attempt)
        return draft


def _carry_over(previous: Submission, draft: Submission) -> None:
    plan = LessonPlan.objects.filter(submission=previous).first()
    if plan is not None:
        LessonPlan.objects.create(submission=draft, **{name: getattr(plan, name) for name in PLAN_FIELDS})
    SubmissionFile.objects.bulk_create(
        SubmissionFile(
            submission=draft,
            stored_name=f.stored_name,
            original_name=f.original_name,
            kind=f.kind,
            size=f.size,
            sha256=f.sha256,
        )
        for f in previous.files.all()
    )


def _delete_if_unused(stored: str) -> None:
    if not SubmissionFile.objects.filter(stored_name=stored).exists():
        delete_stored([stored])


def save_lesson_plan(user, submission: Submission, data: dict) -> LessonPlan:
    """Save the structured plan of ``user``'s draft (a partial plan is fine in a draft)."""
    with transaction.atomic():
        submission = _locked_draft(user, submission)
        if not submission.assignment.uses_lesson_plan:
            raise AssessmentError(_("This assignment does not use the lesson-plan form."))
        _check_can_work(user, submission.assignment, submission.enrolment)
        plan, _created = LessonPlan.objects.get_or_create(submission=submission)
        for name in PLAN_FIELDS:
            if name in data:
                setattr(plan, name, data[name])
        plan.save()
        audit.record("assessment.plan_saved", actor=user, target=submission)
        return plan


def add_files(user, submission: Submission, uploads: list) -> list[SubmissionFile]:
    """Check and store ``uploads`` in ``user``'s draft: all of them, or none.

    Each file is checked for size (before it is read), for its content
    (magic bytes, never the name or the browser's type), for agreement
    between name and content, and the draft for the number of files.
    """
    with transaction.atomic():
        submission = _locked_draft(user, submission)
        assignment = submission.assignment
        _check_can_work(user, assignment, submission.enrolment)
        if not uploads:
            raise AssessmentError(_("Choose at least one file."))
        existing = submission.files.count()
        if existing + len(uploads) > assignment.max_files:
            raise AssessmentError(
                _("A submission can have at most %(max)s files; this one already has %(count)s.")
                % {"max": assignment.max_files, "count": existing}
            )
        checked, errors = [], []
        for uploaded in uploads:
            name = safe_file_name(uploaded.name)
            if uploaded.size > assignment.max_file_size:
                errors.append(
                    _("“%(name)s” is larger than %(max)s MB.") % {"name": name, "max": assignment.max_file_size_mb}
                )
                continue
            if uploaded.size == 0:
                errors.append(_("“%(name)s” is empty.") % {"name": name})
                continue
            try:
                sniffed = check_file(uploaded, name, assignment.accepted_types)
            except SniffError as error:
                errors.append(_("“%(name)s”: %(reason)s") % {"name": name, "reason": error.message})
                continue
            checked.append((uploaded, name, sniffed.kind))
        if errors:
            raise AssessmentError(*errors)
        stored_names: list[str] = []
        try:
            created = []
            for uploaded, name, kind in checked:
                stored, size, digest = store(uploaded, assignment_id=assignment.pk, extension=extension_of(name))
                stored_names.append(stored)
                created.append(
                    SubmissionFile.objects.create(
                        submission=submission,
                        stored_name=stored,
                        original_name=name,
                        kind=kind,
                        size=size,
                        sha256=digest,
                    )
                )
            audit.record(
                "assessment.files_added",
                actor=user,
                target=submission,
                files=[{"name": f.original_name, "size": f.size, "sha256": f.sha256} for f in created],
            )
        except BaseException:
            delete_stored(stored_names)
            raise
        return created


def remove_file(user, file: SubmissionFile) -> None:
    """Remove a file from ``user``'s draft (handed-in versions keep theirs)."""
    with transaction.atomic():
        submission = _locked_draft(user, file.submission)
        file = SubmissionFile.objects.get(pk=file.pk, submission=submission)
        stored = file.stored_name
        audit.record(
            "assessment.file_removed", actor=user, target=submission, name=file.original_name, sha256=file.sha256
        )
        file.delete()
        transaction.on_commit(lambda: _delete_if_unused(stored))


def content_problems(submission: Submission) -> list[str]:
    """What a draft still lacks before it can be handed in (empty when complete)."""
    assignment = submission.assignment
    plan = LessonPlan.objects.filter(submission=submission).first()
    has_files = submission.files.exists()
    problems = []
    if assignment.files_required and not has_files:
        problems.append(_("Add at least one file."))
    if assignment.lesson_plan == Assignment.LessonPlan.REQUIRED:
        missing = plan.missing_fields() if plan else [_("the whole lesson plan")]
        if missing:
            problems.append(_("Complete the lesson plan: %(fields)s.") % {"fields": ", ".join(map(str, missing))})
    if not has_files and (plan is None or plan.is_empty()):
        problems.append(_("There is nothing to hand in yet."))
    return problems


def submit(user, submission: Submission, *, confirmed: bool, now=None) -> Submission:
    """Hand in ``user``'s draft: it becomes an immutable, numbered version.

    Work handed in after the due time is marked late; after the cut-off it
    is refused. The learner gets a receipt by e-mail.
    """
    now = now or timezone.now()
    with transaction.atomic():
        submission = _locked_draft(user, submission)
        assignment = submission.assignment
        if not confirmed:
            raise AssessmentError(_("Confirm that this is your own work before handing it in."))
        _check_can_work(user, assignment, submission.enrolment, now=now)
        earlier = [v for v in _versions(assignment, submission.enrolment) if v.pk != submission.pk]
        refusal = permissions.attempt_refusal(assignment, earlier)
        if refusal:
            raise AssessmentError(refusal)
        problems = content_problems(submission)
        if problems:
            raise AssessmentError(*problems)
        dates = assignment.dates_for(submission.cohort_id, submission.enrolment_id)
        submission.status = Submission.Status.SUBMITTED
        submission.submitted_at = now
        submission.is_late = now > dates.due_at
        submission.save(update_fields=["status", "submitted_at", "is_late", "updated_at"])
        audit.record(
            "assessment.submitted",
            actor=user,
            target=submission,
            attempt=submission.attempt,
            late=submission.is_late,
            files=list(submission.files.values_list("sha256", flat=True)),
        )
        notifications.submission_received(submission)
        enrolment = submission.enrolment
        transaction.on_commit(
            lambda: submission_submitted.send(sender=Submission, submission=submission, enrolment=enrolment)
        )
        return submission


def save_draft_plan(user, assignment: Assignment, enrolment: Enrolment | None, data: dict) -> LessonPlan:
    """Start (or reuse) the learner's draft and save its plan, in one transaction."""
    with transaction.atomic():
        draft = start_draft(user, assignment, enrolment)
        return save_lesson_plan(user, draft, data)


def upload_draft_files(
    user, assignment: Assignment, enrolment: Enrolment | None, uploads: list
) -> list[SubmissionFile]:
    """Start (or reuse) the learner's draft and add files to it: all or nothing."""
    with transaction.atomic():
        draft = start_draft(user, assignment, enrolment)
        return add_files(user, draft, uploads)


class WorkSaved:
    """What :func:`save_work` did: the draft, whether the plan and files were saved, the version
    handed in (if any), and the messages of what could not be done."""

    def __init__(self):
        self.draft: Submission | None = None
        self.plan_saved = False
        self.files: list[SubmissionFile] = []
        self.removed: SubmissionFile | None = None
        self.submission: Submission | None = None
        self.errors: list[str] = []


def save_work(
    user,
    assignment: Assignment,
    enrolment: Enrolment | None,
    *,
    plan: dict | None = None,
    uploads: list | None = None,
    remove_file_id: int | None = None,
    hand_in: bool = False,
    confirmed: bool = False,
) -> WorkSaved:
    """Save what the learner sent from the work page, in this order, each step kept whatever follows:
    the plan (so nothing typed is lost), then the files (all or none), then, when asked, the hand-in.

    A refused file or a refused hand-in never undoes the plan saved before it;
    their messages are in ``errors``.
    """
    result = WorkSaved()
    if plan is not None:
        try:
            save_draft_plan(user, assignment, enrolment, plan)
            result.plan_saved = True
        except AssessmentError as error:
            result.errors += error.messages
            return result  # nothing was saved: the page keeps what was typed and says why
    if uploads:
        try:
            result.files = upload_draft_files(user, assignment, enrolment, uploads)
        except AssessmentError as error:
            result.errors += error.messages
    if remove_file_id:
        file = SubmissionFile.objects.filter(
            pk=remove_file_id, submission__assignment=assignment, submission__learner=user
        ).first()
        if file is None:
            result.errors.append(_("This file is no longer in your draft."))
        else:
            try:
                remove_file(user, file)
                result.removed = file
            except AssessmentError as error:
                result.errors += error.messages
    draft = Submission.objects.filter(
        assignment=assignment, enrolment=enrolment, status=Submission.Status.DRAFT
    ).first()
    result.draft = draft
    if hand_in and not result.errors:
        if draft is None:
            result.errors.append(_("Save your plan or add a file first; then you can hand in."))
        else:
            try:
                result.submission = submit(user, draft, confirmed=confirmed)
                result.draft = None
            except AssessmentError as error:
                result.errors += error.messages
    return result

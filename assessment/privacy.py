"""A learner's work in "Dữ liệu của tôi", and its erasure (see ``accounts.privacy``).

Export: every version the person handed in or drafted (with its lesson plan
and files) and the feedback released to them. Nothing about anyone else:
grades a trainer gave to others are counted, not exported.

Erasure: the person's files are deleted, their lesson plans emptied, and
their name and e-mail replaced wherever a grader quoted them. Submissions and
grades stay (reports count them), attached to the anonymised account.
"""

from django.db.models import Q

from accounts.privacy import PersonalData

from .models import Grade, GradeCriterion, GradeRevision, LessonPlan, Submission, SubmissionFile
from .uploads import delete_stored


def export_data(user) -> PersonalData:
    submissions = (
        Submission.objects.filter(learner=user)
        .select_related("assignment", "cohort", "lesson_plan")
        .prefetch_related("files")
        .order_by("assignment_id", "attempt")
    )
    released = {
        grade.submission_id: grade
        for grade in Grade.objects.filter(
            submission__learner=user, kind=Grade.Kind.PRIMARY, released=True
        ).prefetch_related("criterion_scores__criterion", "criterion_scores__level")
    }
    records, files = [], []
    for submission in submissions:
        plan = getattr(submission, "lesson_plan", None)
        grade = released.get(submission.pk)
        record = {
            "assignment": submission.assignment.title,
            "class": submission.cohort.code,
            "version": submission.attempt,
            "status": submission.get_status_display(),
            "late": submission.is_late,
            "started_at": submission.created_at,
            "submitted_at": submission.submitted_at,
            "lesson_plan": {**plan.flat(), "subjects": list(plan.subjects or [])} if plan else None,
            "files": [
                {"name": f.original_name, "size": f.size, "sha256": f.sha256, "uploaded_at": f.uploaded_at}
                for f in submission.files.all()
            ],
            "feedback": None,
        }
        if grade is not None:
            record["feedback"] = {
                "outcome": grade.get_outcome_display(),
                "score": grade.score,
                "released_at": grade.released_at,
                "overall": grade.feedback,
                "criteria": [
                    {
                        "criterion": score.criterion.title,
                        "level": score.level.label if score.level else "",
                        "comment": score.comment,
                    }
                    for score in grade.criterion_scores.all()
                ],
            }
        records.append(record)
        for file in submission.files.all():
            with file.open() as stored:
                files.append((f"{submission.pk}-v{submission.attempt}/{file.pk}-{file.original_name}", stored.read()))
    graded = Grade.objects.filter(grader=user).count()
    return PersonalData(records={"submissions": records, "grades_given": graded}, files=files)


def _scrub(text: str, previous: list[str], replacement: str) -> str:
    for value in previous:
        text = text.replace(value, replacement)
    return text


def _scrub_json(value, previous, replacement):
    if isinstance(value, str):
        return _scrub(value, previous, replacement)
    if isinstance(value, dict):
        return {key: _scrub_json(item, previous, replacement) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub_json(item, previous, replacement) for item in value]
    return value


def erase_data(user, replacements) -> None:
    previous = [value for value in replacements.get("previous", []) if value]
    replacement = replacements["full_name"]
    files = SubmissionFile.objects.filter(submission__learner=user)
    stored = set(files.values_list("stored_name", flat=True))
    files.delete()
    delete_stored(
        stored - set(SubmissionFile.objects.filter(stored_name__in=stored).values_list("stored_name", flat=True))
    )
    for plan in LessonPlan.objects.filter(submission__learner=user):
        for name in LessonPlan.TEXT_FIELDS:
            setattr(plan, name, "")
        plan.subjects = []
        plan.activities = []
        plan.save()
    if not previous:
        return
    mentions = Q()
    for value in previous:
        mentions |= Q(feedback__contains=value) | Q(criterion_scores__comment__contains=value)
    affected = set(Grade.objects.filter(mentions | Q(submission__learner=user)).values_list("pk", flat=True))
    for grade in Grade.objects.filter(pk__in=affected):
        grade.feedback = _scrub(grade.feedback, previous, replacement)
        grade.save(update_fields=["feedback"])
    for score in GradeCriterion.objects.filter(grade__in=affected):
        score.comment = _scrub(score.comment, previous, replacement)
        score.save(update_fields=["comment"])
    for revision in GradeRevision.objects.filter(grade__in=affected):
        revision.data = _scrub_json(revision.data, previous, replacement)
        revision.save(update_fields=["data"])

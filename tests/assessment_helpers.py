"""Shortcuts for the assessment tests: hand in a version, grade it."""

from assessment import services
from assessment.models import Grade

PLAN = {
    "topic": "Hệ thống tưới cây tự động",
    "grade_level": "Lớp 7",
    "duration": "4 tiết",
    "subjects": ["Vật lý", "Công nghệ", "Tin học"],
    "problem": "Vườn trường khô héo vào dịp nghỉ hè vì không ai tưới.",
    "product_criteria": "Tưới đúng giờ; lượng nước điều chỉnh được; chi phí dưới 200.000 đồng.",
    "activities": [
        {
            "objective": f"Mục tiêu {n}",
            "content": f"Nội dung {n}",
            "product": f"Sản phẩm {n}",
            "organisation": "Nhóm 4",
        }
        for n in range(1, 6)
    ],
    "materials": "Chai nhựa, ống dẫn, cảm biến độ ẩm, mạch Arduino.",
    "safety": "Không để nước tiếp xúc với nguồn điện.",
}


def hand_in(enrolment, assignment, plan=None):
    """The learner writes a plan and hands in a version; returns the submission."""
    plan = PLAN if plan is None else plan
    services.save_draft_plan(enrolment.user, assignment, enrolment, plan)
    draft = assignment.submissions.get(enrolment=enrolment, status="draft")
    return services.submit(enrolment.user, draft, confirmed=True)


def levels_at(rubric, index):
    """{criterion id: id of its level at ``index``} for every criterion of ``rubric``."""
    return {c.pk: list(c.levels.all())[index].pk for c in rubric.criteria.all()}


def release(trainer, submission, outcome=Grade.Outcome.PASSED, level_index=3, feedback="Tốt"):
    """Grade every criterion at ``level_index`` and release with ``outcome``."""
    rubric = submission.assignment.rubric
    grade = Grade.objects.filter(submission=submission, kind=Grade.Kind.PRIMARY).first()
    return services.save_and_release(
        trainer,
        submission,
        outcome=outcome,
        expected_version=grade.version if grade else 0,
        levels=levels_at(rubric, level_index),
        feedback=feedback,
    )

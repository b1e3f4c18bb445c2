"""Peer review's places in other apps' pages and in Wagtail's admin.

- the assignment page's panel (``assessment.panels``) and a section of
  "Khóa học của tôi" (``enrolment.dashboard``);
- reminders to reviewers who owe reviews (``enrolment.reminders``);
- admin screens: settings per assignment, teams, learners' calibration examples,
  trainers' calibration sets; the demo.
"""

from django.db.models import OuterRef
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from assessment.grade_sources import GradeSource
from assessment.panels import PagePanel
from enrolment.dashboard import DashboardSection, FingerprintRows
from lms.demo import DemoLoader

from .models import (
    CalibrationExample,
    PeerReviewSettings,
    PeerTeam,
    TrainerCalibrationItem,
    TrainerCalibrationSet,
)


class SettingsViewSet(ModelViewSet):
    model = PeerReviewSettings
    icon = "group"
    menu_label = gettext_lazy("Peer-review settings")
    form_fields = [
        "assignment",
        "enabled",
        "reviews_to_give",
        "reviews_needed",
        "opens_at",
        "closes_at",
        "anonymous",
        "self_assessment_first",
        "calibration_required",
        "combination",
        "wait_hours",
        "hold_hours",
        "calibration_tries",
        "exemplar_min_score",
    ]
    list_display = ["assignment", "enabled", "reviews_to_give", "reviews_needed", "anonymous", "closes_at"]
    list_filter = ["enabled", "anonymous"]
    search_fields = ["assignment__title"]
    search_backend_name = None
    copy_view_enabled = False


class TeamViewSet(ModelViewSet):
    model = PeerTeam
    icon = "group"
    menu_label = gettext_lazy("Teams")
    form_fields = ["cohort", "name", "members"]
    list_display = ["name", "cohort"]
    list_filter = ["cohort"]
    search_fields = ["name"]
    search_backend_name = None
    copy_view_enabled = False


class CalibrationExampleViewSet(ModelViewSet):
    model = CalibrationExample
    icon = "doc-full"
    menu_label = gettext_lazy("Calibration examples")
    form_fields = ["assignment", "reference", "reasons", "sort_order"]
    list_display = ["assignment", "reference", "sort_order"]
    list_filter = ["assignment"]
    search_fields = ["assignment__title"]
    search_backend_name = None
    copy_view_enabled = False


class TrainerSetViewSet(ModelViewSet):
    model = TrainerCalibrationSet
    icon = "tasks"
    menu_label = gettext_lazy("Trainer calibration sets")
    form_fields = ["title", "rubric", "lead"]
    list_display = ["title", "rubric", "lead", "created_at"]
    search_fields = ["title"]
    search_backend_name = None
    copy_view_enabled = False


class TrainerItemViewSet(ModelViewSet):
    model = TrainerCalibrationItem
    icon = "doc-full"
    menu_label = gettext_lazy("Plans of calibration sets")
    form_fields = ["calibration_set", "submission", "sort_order"]
    list_display = ["calibration_set", "sort_order"]
    list_filter = ["calibration_set"]
    search_fields = ["calibration_set__title"]
    search_backend_name = None
    copy_view_enabled = False


class PeerReviewViewSetGroup(ViewSetGroup):
    items = (SettingsViewSet, TeamViewSet, CalibrationExampleViewSet, TrainerSetViewSet, TrainerItemViewSet)
    menu_label = gettext_lazy("Peer review")
    menu_icon = "group"
    menu_order = 255


@hooks.register("register_admin_viewset")
def register_viewsets():
    return PeerReviewViewSetGroup()


@hooks.register("register_assignment_page_panel")
def peer_review_panel():
    return PagePanel("peer_review/includes/assignment_panel.html", order=10)


def _review_rows():
    from .models import PeerReview

    return [
        FingerprintRows(
            "peer_given",
            PeerReview.objects.filter(reviewer=OuterRef("pk")),
            owner="reviewer_id",
            fields=("pk", "status"),
        ),
        FingerprintRows(
            "peer_received",
            PeerReview.objects.filter(submission__learner=OuterRef("pk")),
            owner="submission__learner_id",
            fields=("pk", "status"),
        ),
    ]


def _peer_review_presence():
    """Peer review is on for an assignment the person handed in to (``enrolment.dashboard``)."""
    from .models import PeerReviewSettings

    return PeerReviewSettings.objects.filter(enabled=True, assignment__submissions__learner=OuterRef("pk"))


@hooks.register("register_dashboard_section")
def peer_review_section():
    from .selectors import peer_reviews_for

    return DashboardSection(
        key="peer_reviews",
        template="peer_review/includes/dashboard_peer_reviews.html",
        order=6,  # with the assignments to do
        context={"peer_reviews": peer_reviews_for},
        present={"peer_reviews": _peer_review_presence},
        fingerprint=_review_rows,
    )


@hooks.register("register_grade_source")
def peers_median():
    """Without a trainer's released grade, the peers' median counts (gradebook, completion, transcripts)."""
    from .scoring import changes_median, median_counts, median_passes
    from .services import median_scores

    return GradeSource(
        "peers",
        gettext_lazy("peers' median"),
        median_scores,
        order=10,
        scored=median_counts,
        passes=median_passes,
        changed_by=changes_median,
    )


@hooks.register("register_queue_notes")
def peer_review_queue_notes(submissions):
    """The grading queue flags plans short of peer reviews, and says when the peers' median counts."""
    from .selectors import queue_notes

    return queue_notes(submissions)


@hooks.register("register_reminders")
def reviews_owed(now):
    from .reminders import owed_reminders

    return owed_reminders(now)


@hooks.register("register_demo_loader")
def peer_review_demo():
    from . import demo

    return DemoLoader("peer_review", demo.load, order=85)

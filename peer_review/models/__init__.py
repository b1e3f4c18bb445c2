"""The peer-review models, one module per concept (see each module's docstring)."""

from .calibration import CalibrationAttempt, CalibrationExample, CalibrationRelease
from .exemplars import ExemplarConsent
from .reviews import Escalation, PeerReview, PeerReviewCriterion, PeerTeam
from .settings import PeerReviewSettings
from .trainers import TrainerCalibrationGrade, TrainerCalibrationItem, TrainerCalibrationSet

__all__ = [
    "CalibrationAttempt",
    "CalibrationExample",
    "CalibrationRelease",
    "Escalation",
    "ExemplarConsent",
    "PeerReview",
    "PeerReviewCriterion",
    "PeerReviewSettings",
    "PeerTeam",
    "TrainerCalibrationGrade",
    "TrainerCalibrationItem",
    "TrainerCalibrationSet",
]

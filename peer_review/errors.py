"""Refusals of peer review's services, each with a message for the person who tried."""

from assessment.errors import AssessmentError


class PeerReviewError(AssessmentError):
    """An action of peer review was refused; ``messages`` say why."""

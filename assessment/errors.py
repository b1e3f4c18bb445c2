"""Refusals the services raise, each with a message for the person who tried."""


class AssessmentError(Exception):
    """An action was refused; ``messages`` say why, in the active language."""

    def __init__(self, *messages):
        self.messages = [str(message) for message in messages]
        super().__init__("; ".join(self.messages))

    @property
    def message(self) -> str:
        return " ".join(self.messages)


class GradeConflict(AssessmentError):
    """Someone saved the grade since this person opened it; ``grade`` is theirs."""

    def __init__(self, message, grade):
        super().__init__(message)
        self.grade = grade

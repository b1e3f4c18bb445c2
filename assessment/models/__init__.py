"""The assessment models, one module per concept (see each module's docstring)."""

from .archives import SubmissionArchive
from .assignments import Assignment, AssignmentClassDates, Dates
from .extensions import Extension
from .grades import Grade, GradeCriterion, GradeRevision, SecondMarking
from .quiz_attempts import AttemptMark, AttemptQuestion, Quiz, QuizAttempt, QuizClassDates, QuizSlot
from .quizzes import Question, QuestionCategory, QuestionOption, QuestionTag, QuestionVersion
from .rubrics import Rubric, RubricCriterion, RubricLevel
from .submissions import LessonPlan, Submission, SubmissionFile

__all__ = [
    "AttemptMark",
    "AttemptQuestion",
    "Question",
    "QuestionCategory",
    "QuestionOption",
    "QuestionTag",
    "QuestionVersion",
    "Quiz",
    "QuizAttempt",
    "QuizClassDates",
    "QuizSlot",
    "Assignment",
    "AssignmentClassDates",
    "Dates",
    "Extension",
    "Grade",
    "GradeCriterion",
    "GradeRevision",
    "LessonPlan",
    "Rubric",
    "RubricCriterion",
    "RubricLevel",
    "SecondMarking",
    "Submission",
    "SubmissionArchive",
    "SubmissionFile",
]

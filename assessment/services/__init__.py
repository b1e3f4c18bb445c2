"""Every state change of assessment, one function each (see each module)."""

from .extensions import grant_extension
from .grading import release_grade, save_and_release, save_grade
from .moderation import assign_second_marker
from .rubrics import revise_rubric
from .submissions import (
    add_files,
    remove_file,
    save_draft_plan,
    save_lesson_plan,
    save_work,
    start_draft,
    submit,
    upload_draft_files,
)

__all__ = [
    "add_files",
    "assign_second_marker",
    "grant_extension",
    "release_grade",
    "remove_file",
    "revise_rubric",
    "save_and_release",
    "save_draft_plan",
    "save_grade",
    "save_lesson_plan",
    "save_work",
    "start_draft",
    "submit",
    "upload_draft_files",
]

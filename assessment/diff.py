"""What changed between two versions of a submission: plan fields and files."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import LessonPlan

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class FieldChange:
    label: str
    before: str
    after: str
    html: SafeString


def inline_diff(before: str, after: str) -> SafeString:
    """Word-level difference as escaped HTML with <del> and <ins>."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(old[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(new[j1:j2]))}</ins>")
    # Every piece above went through escape(); only our <del>/<ins> tags are markup.
    return mark_safe("".join(parts))  # noqa: S308  # nosec


def plan_changes(before: LessonPlan | None, after: LessonPlan | None) -> list[FieldChange]:
    """The plan fields that differ between two versions, in form order."""
    if before is None and after is None:
        return []
    reference = after or before
    old = before.flat() if before else dict.fromkeys(reference.flat(), "")
    new = after.flat() if after else dict.fromkeys(reference.flat(), "")
    labels = reference.labels()
    return [
        FieldChange(labels[key], old[key], new[key], inline_diff(old[key], new[key]))
        for key in new
        if old.get(key, "") != new[key]
    ]


@dataclass
class FileChanges:
    added: list
    removed: list
    kept: list


def file_changes(before_files, after_files) -> FileChanges:
    """Files compared by content (SHA-256), not by name."""
    before = {f.sha256: f for f in before_files}
    after = {f.sha256: f for f in after_files}
    return FileChanges(
        added=[f for digest, f in after.items() if digest not in before],
        removed=[f for digest, f in before.items() if digest not in after],
        kept=[f for digest, f in after.items() if digest in before],
    )

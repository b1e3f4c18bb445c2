"""What can make an enrolment complete, beyond this app's own lessons and attendance.

The completion rule is the certificates app's (``certificates.completion``);
the apps whose work counts toward it register a requirement with the
``register_completion_requirement`` hook, so neither names the other::

    @hooks.register("register_completion_requirement")
    def assignments_passed():
        return CompletionRequirement(
            "assignments", _("Required assignments passed"), enrolments_passing, enabled_by="require_assignments"
        )

``passing(enrolments)`` returns the ids of those that meet it, with a
constant number of queries; ``enabled_by`` names the field of the course's
completion rule that switches it on (always on when empty). An app that
changes what a requirement sees sends :data:`enrolment.signals.work_assessed`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks

HOOK = "register_completion_requirement"


@dataclass(frozen=True)
class CompletionRequirement:
    key: str
    label: str
    passing: Callable
    enabled_by: str = ""

    def applies(self, rule) -> bool:
        return not self.enabled_by or bool(getattr(rule, self.enabled_by))


def requirements() -> list[CompletionRequirement]:
    return [fn() for fn in hooks.get_hooks(HOOK)]

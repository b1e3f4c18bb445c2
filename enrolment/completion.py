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
completion rule that switches it on (always on when empty). With
``reads_learner``, ``passing`` also takes ``learner=``: the
:class:`enrolment.dashboard.Learner` of "Khóa học của tôi", whose enrolments
these are, so it answers from what the page read once for its sections. An app that
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
    reads_learner: bool = False

    def applies(self, rule) -> bool:
        return not self.enabled_by or bool(getattr(rule, self.enabled_by))

    def passing_of(self, enrolments, learner=None):
        """``passing(enrolments)``, given the page's ``learner`` when it reads one."""
        if learner is not None and self.reads_learner:
            return self.passing(enrolments, learner=learner)
        return self.passing(enrolments)


def requirements() -> list[CompletionRequirement]:
    return [fn() for fn in hooks.get_hooks(HOOK)]

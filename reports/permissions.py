"""Who may read the reports: the one place every report view and export asks.

Reports name people and count their work, so only programme managers and
administrators read them. A learner's own transcript is the exception, and is
decided by :func:`can_download_transcript`.
"""

from accounts import roles
from accounts.roles import is_signed_in


def can_view_reports(user) -> bool:
    """Programme managers and administrators."""
    return roles.is_manager(user)


def can_download_transcript(user, learner) -> bool:
    """A learner their own transcript; managers and administrators anyone's."""
    if not is_signed_in(user):
        return False
    return user.pk == learner.pk or can_view_reports(user)


def can_report_difficulty(user) -> bool:
    """Partners and staff (section III.4 of the plan): any signed-in person with a role beyond learner
    (trainers, managers, administrators, and the partners' roles), never a learner alone."""
    if not is_signed_in(user):
        return False
    return roles.is_manager(user) or bool(roles.role_names(user) - {roles.LEARNER})

"""Roles: the names of the groups, and the one place that answers role questions.

A role is a Django group created by the ``accounts`` data migration. Code
never compares group names itself; it asks the functions below. Questions
about a particular object ("is this user a trainer of that class") live with
that object's model, and build on these.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

LEARNER = "Học viên"
TRAINER = "Giảng viên"
MANAGER = "Quản lý chương trình"
ADMINISTRATOR = "Quản trị viên"

ALL_ROLES = (LEARNER, TRAINER, MANAGER, ADMINISTRATOR)

# Group names are data (Vietnamese, as the people who manage them read them);
# these are the labels shown in the interface, in the active language.
ROLE_LABELS = {
    LEARNER: _("Learner"),
    TRAINER: _("Trainer"),
    MANAGER: _("Programme manager"),
    ADMINISTRATOR: _("Administrator"),
}


def role_names(user) -> frozenset[str]:
    """The role names of ``user``, read once per user object."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def remember_role_names(user, names) -> None:
    """Keep ``names`` as the roles of ``user``, read with the user itself (``accounts.backends``)."""
    user._role_names = frozenset(names)


def is_signed_in(user) -> bool:
    """A signed-in person whose account is active: the first condition of every permission."""
    return bool(user and user.is_authenticated and user.is_active)


def is_administrator(user) -> bool:
    """Administrators: superusers, or members of the Administrator group."""
    return is_signed_in(user) and (user.is_superuser or ADMINISTRATOR in role_names(user))


def is_manager(user) -> bool:
    """Programme managers, and administrators who can do all they can."""
    return is_administrator(user) or (is_signed_in(user) and MANAGER in role_names(user))


def is_trainer(user) -> bool:
    """Members of the Trainer group (whatever classes they are assigned to)."""
    return is_signed_in(user) and TRAINER in role_names(user)


def primary_role(user) -> str | None:
    """The most senior role, to show next to the user's name."""
    if is_administrator(user):
        return ADMINISTRATOR
    names = role_names(user)
    for role in (MANAGER, TRAINER, LEARNER):
        if role in names:
            return role
    return None


def assign_role(user, role: str) -> None:
    """Add ``user`` to the group of ``role``; the group must exist."""
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=role))
    user.__dict__.pop("_role_names", None)

"""Template context about the signed-in user's role, computed lazily."""

from django.utils.functional import SimpleLazyObject

from . import roles


def user_roles(request):
    """Expose ``user_role_label``, ``user_is_manager`` and ``user_is_trainer``."""
    user = getattr(request, "user", None)

    def role_label():
        role = roles.primary_role(user)
        return str(roles.ROLE_LABELS[role]) if role else ""

    return {
        "user_role_label": SimpleLazyObject(role_label),
        "user_is_manager": SimpleLazyObject(lambda: roles.is_manager(user)),
        "user_is_trainer": SimpleLazyObject(lambda: roles.is_trainer(user)),
    }

"""Which lessons a signed-in visitor has done, for the ticks of a course page's lesson list.

The catalogue does not record progress; the app that does registers a function
``(user, lesson_ids) -> ids done`` with the ``register_lessons_done`` hook in its
``wagtail_hooks.py`` (enrolment: its ``LessonProgress`` rows)::

    @hooks.register("register_lessons_done")
    def lessons_done_by(user, lesson_ids):
        return LessonProgress.objects.filter(user=user, lesson_id__in=lesson_ids).values_list("lesson_id", flat=True)

Anonymous visitors get no tick, so their course pages stay alike (and cacheable).
"""

from wagtail import hooks

from accounts.roles import is_signed_in

HOOK = "register_lessons_done"


def lessons_done(user, lesson_ids) -> set[int]:
    """The ids among ``lesson_ids`` that ``user`` has done (one query per registered function)."""
    lesson_ids = list(lesson_ids)
    if not (lesson_ids and is_signed_in(user)):
        return set()
    done: set[int] = set()
    for function in hooks.get_hooks(HOOK):
        done.update(function(user, lesson_ids))
    return done

"""Who may read what in the catalogue. Views ask these functions, nothing else.

The rule: a lesson is readable when it is a free preview, by managers, and
by whoever a registered access condition lets in (``register_course_access``:
the enrolment app lets in the trainers of a class of the course and learners
actively enrolled in a running or finished class of it, or who completed it). Programme,
course, module, lesson-plan and camp pages are public.
"""

from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail import hooks
from wagtail.models import Page

from accounts import roles
from accounts.roles import is_signed_in

# The apps that give people access to a course's lessons register a condition on
# CoursePage rows (``OuterRef("pk")`` is the course) with this hook, e.g. enrolment:
# "teaches or is enrolled in one of its running or finished classes".
ACCESS_HOOK = "register_course_access"


def _course_access(user):
    """A condition on CoursePage rows: one of the registered conditions holds for ``user``."""
    conditions = [condition(user) for condition in hooks.get_hooks(ACCESS_HOOK)]
    return reduce(or_, conditions) if conditions else Q(pk__in=[])


def can_view_course_content(user, course) -> bool:
    """Whether ``user`` may read every lesson of ``course`` (one query at most)."""
    if not is_signed_in(user):
        return False
    if roles.is_manager(user):
        return True
    from .models import CoursePage

    return CoursePage.objects.filter(pk=course.pk).filter(_course_access(user)).exists()


def can_view_lesson(user, lesson) -> bool:
    """Whether ``user`` may read ``lesson`` (see the module docstring); one query at most."""
    if lesson.free_preview:
        return True
    if not is_signed_in(user):
        return False
    if roles.is_manager(user):
        return True
    from lms import compiled_sql

    from .models import CoursePage

    step = Page.steplen
    ancestor_paths = [lesson.path[:end] for end in range(step, len(lesson.path), step)]
    # Asked on every view of a lesson: its SQL compiled once per reader and lesson.
    return bool(
        compiled_sql.rows(
            ("courses.can_view_lesson", user.pk, lesson.path),
            lambda: CoursePage.objects.filter(path__in=ancestor_paths).filter(_course_access(user)).values("pk")[:1],
        )
    )


def courses_with_content_for(user):
    """The CoursePage queryset whose lessons ``user`` may all read."""
    from .models import CoursePage

    if not is_signed_in(user):
        return CoursePage.objects.none()
    if roles.is_manager(user):
        return CoursePage.objects.all()
    return CoursePage.objects.filter(_course_access(user))


def lessons_visible_to(user):
    """The LessonPage queryset ``user`` may read: free previews and lessons of their courses."""
    from .models import LessonPage

    if roles.is_manager(user):
        return LessonPage.objects.all()
    paths = list(courses_with_content_for(user).values_list("path", flat=True))
    condition = Q(free_preview=True)
    for path in paths:
        condition |= Q(path__startswith=path)
    return LessonPage.objects.filter(condition)


def can_download_document(user, document, request=None) -> bool:
    """Whether ``user`` may download ``document`` (served by ``wagtaildocs_serve``).

    A document is as open as the pages that use it: managers may download any;
    anyone else only one used (per Wagtail's reference index) on a live page
    they may read. A document of a protected lesson is therefore served only
    to those who may read the lesson, and a document no live page uses is
    served to managers only (an upload not yet published).
    """
    if roles.is_manager(user):
        return True
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    from .models import LessonPage

    page_type = ContentType.objects.get_for_model(Page)
    ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    for page in Page.objects.live().filter(pk__in=[int(pk) for pk in ids if pk.isdigit()]).specific():
        if request is not None and any(not r.accept_request(request) for r in page.get_view_restrictions()):
            continue
        if isinstance(page, LessonPage) and not can_view_lesson(user, page):
            continue
        return True
    return False

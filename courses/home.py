"""What the catalogue adds to the site's front: its section in the menu and the featured courses."""

from django.utils.translation import gettext_lazy as _

from lms.sections import SiteSection

from .listing import CARD_RENDITIONS, attach_tags, with_images

FEATURED_COURSES = 6

PROGRAMMES = SiteSection(
    "courses.programmeindexpage",
    order=10,
    blurb=_("Training programmes for teachers and start-ups, with their courses."),
    # The course catalogue follows the programmes in the menu.
    links=(("courses", _("Courses"), "khoa-hoc/"),),
)


def featured_courses(request, home):
    """The newest live courses under the home page, with their cover images and subjects."""
    from .models import CoursePage, CourseSubject

    courses = with_images(
        CoursePage.objects.live().public().descendant_of(home).order_by("-first_published_at", "path"),
        "cover_image",
        CARD_RENDITIONS,
    )[:FEATURED_COURSES]
    courses = list(courses)
    if not courses:
        return None
    attach_tags(courses, CourseSubject, "subject_tags")
    return {"courses": courses}

"""What the programme, course, module and lesson pages show, in a constant number of queries.

The page models call these from ``get_context``; nothing here loops over
queries, so a course with 50 lessons costs what a course with 5 costs.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.models import Page

from accounts.models import SchoolLevel
from lms.lists import Filter, list_context, paginate, read_filters, tag_options

from .fields import has_school_level

CARD_RENDITIONS = ("fill-400x225", "fill-800x450")
COVER_RENDITIONS = ("width-480", "width-960", "width-1200")
PORTRAIT_RENDITIONS = ("fill-96x96", "fill-192x192")


def with_images(queryset, field: str, specs) -> object:
    """``queryset`` with ``field`` (an image) and the renditions ``specs`` prefetched."""
    images = get_image_model().objects.prefetch_renditions(*specs)
    return queryset.prefetch_related(Prefetch(field, queryset=images))


def attach_tags(items, through_model, attribute: str) -> None:
    """Set ``item.<attribute>`` to the tags of each item, with one query for the whole list."""
    by_item: dict[int, list] = {item.pk: [] for item in items}
    rows = through_model.objects.filter(content_object_id__in=by_item).select_related("tag").order_by("tag__name")
    for row in rows:
        by_item[row.content_object_id].append(row.tag)
    for item in items:
        setattr(item, attribute, by_item[item.pk])


def programme_list(request, index_page) -> dict:
    from .models import ProgrammePage

    programmes = ProgrammePage.objects.child_of(index_page).live().public().order_by("path")
    page_obj = paginate(request, with_images(programmes, "cover_image", CARD_RENDITIONS))
    return list_context(request, page_obj, [])


def course_list(request, courses) -> dict:
    """A paginated, filtered list of ``courses`` (a CoursePage queryset) with its filters."""
    from .models import CourseSubject, CourseTopic

    courses = courses.live().public()
    filters = [
        Filter("mon", _("Subject"), tag_options(CourseSubject, courses)),
        Filter("cap", _("School level"), list(SchoolLevel.choices)),
        Filter("chu_de", _("Topic"), tag_options(CourseTopic, courses)),
    ]
    subject, level, topic = read_filters(request, filters)
    if subject:
        courses = courses.filter(subject_items__tag__slug=subject)
    if level:
        courses = courses.filter(has_school_level("school_levels", level))
    if topic:
        courses = courses.filter(topic_items__tag__slug=topic)
    courses = with_images(courses.order_by("path"), "cover_image", CARD_RENDITIONS)
    page_obj = paginate(request, courses)
    items = list(page_obj.object_list)
    attach_tags(items, CourseSubject, "subject_tags")
    attach_tags(items, CourseTopic, "topic_tags")
    page_obj.object_list = items
    return list_context(request, page_obj, filters)


def course_outline(course) -> list[dict]:
    """The course's live modules and lessons in tree order: [{"module": m or None, "lessons": [...]}]."""
    from .models import LessonPage, ModulePage

    modules = {m.path: m for m in ModulePage.objects.child_of(course).live().order_by("path")}
    lessons = (
        LessonPage.objects.descendant_of(course)
        .live()
        .order_by("path")
        .only("title", "slug", "url_path", "path", "depth", "estimated_minutes", "free_preview", "summary")
    )
    sections: dict[str | None, dict] = {None: {"module": None, "lessons": []}}
    for path, module in modules.items():
        sections[path] = {"module": module, "lessons": []}
    for lesson in lessons:
        parent_path = lesson.path[: -Page.steplen]
        sections.get(parent_path, sections[None])["lessons"].append(lesson)
    return [section for section in sections.values() if section["module"] or section["lessons"]]


def _marked(page, **attributes):
    for name, value in attributes.items():
        setattr(page, name, value)
    return page


def course_detail(request, course) -> dict:
    from .lessons_done import lessons_done
    from .models import CoursePrerequisite, CourseSubject, CourseTopic, CourseTrainer
    from .permissions import can_view_course_content

    outline = course_outline(course)
    done = lessons_done(request.user, [lesson.pk for section in outline for lesson in section["lessons"]])
    trainers = with_images(
        CourseTrainer.objects.filter(course=course).select_related("trainer").order_by("sort_order"),
        "trainer__photo",
        PORTRAIT_RENDITIONS,
    )
    prerequisites = (
        CoursePrerequisite.objects.filter(course=course, prerequisite__live=True)
        .select_related("prerequisite")
        .order_by("sort_order")
    )
    attach_tags([course], CourseSubject, "subject_tags")
    attach_tags([course], CourseTopic, "topic_tags")
    return {
        "programme": course.get_parent(),
        "outline": outline,
        "lesson_count": sum(len(section["lessons"]) for section in outline),
        "minutes_total": sum(lesson.estimated_minutes for s in outline for lesson in s["lessons"]),
        "trainers": [link.trainer for link in trainers],
        "prerequisites": [_marked(link.prerequisite, required=link.required) for link in prerequisites],
        "can_read_all_lessons": can_view_course_content(request.user, course),
        "lessons_done": done,  # ids, for the ticks; empty for anonymous visitors
    }


def lesson_frame(lesson, request=None) -> dict:
    """What a lesson page shows around its body, as plain values, kept until the content changes:
    its course (id, path, title, address), its position, the previous and next lessons."""
    from lms.page_cache import content_cached

    def build():
        found = lesson_neighbours(lesson)
        course = found["course"]

        def link(page):
            return {"title": page.title, "url": page.get_url(request)} if page else None

        return {
            "course": course
            and {"pk": course.pk, "path": course.path, "title": course.title, "url": course.get_url(request)},
            "position": found.get("lesson_position"),
            "total": found.get("lesson_total"),
            "previous": link(found["previous_lesson"]),
            "next": link(found["next_lesson"]),
        }

    if getattr(request, "is_preview", False):
        return build()
    host = request.get_host() if request else ""
    return content_cached("lesson-frame", [lesson.pk, host], build)


def lesson_neighbours(lesson) -> dict:
    """The lesson's course, and the previous and next lessons of that course."""
    from .models import CoursePage, LessonPage

    course = CoursePage.objects.ancestor_of(lesson).only("title", "url_path", "path", "depth").first()
    if course is None:
        return {"course": None, "previous_lesson": None, "next_lesson": None}
    siblings = list(
        LessonPage.objects.descendant_of(course).live().order_by("path").only("title", "url_path", "path", "depth")
    )
    position = next((i for i, item in enumerate(siblings) if item.pk == lesson.pk), None)
    previous_lesson = siblings[position - 1] if position else None
    next_lesson = siblings[position + 1] if position is not None and position + 1 < len(siblings) else None
    return {
        "course": course,
        "lesson_position": (position or 0) + 1,
        "lesson_total": len(siblings),
        "previous_lesson": previous_lesson,
        "next_lesson": next_lesson,
    }

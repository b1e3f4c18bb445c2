"""Demo catalogue: the programmes of plan 175/KH-UBND with targets, the STEM courses and their lessons.

Rerunnable: a page that already exists (by slug under its parent) is left as
a manager may have edited it; only what is missing is created.
"""

from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.models import Page, Site

from lms.demo import demo_cover, demo_image, refresh_cover

from . import demo_content as content
from .models import (
    CoursePage,
    CoursePrerequisite,
    CourseTrainer,
    LessonPage,
    ModulePage,
    ProgrammeIndexPage,
    ProgrammePage,
    ProgrammeTarget,
    TrainerProfile,
)


def draw_portrait(colour: str) -> ImageFile:
    canvas = PILImage.new("RGB", (240, 240), "#e5e7eb")
    draw = ImageDraw.Draw(canvas)
    draw.ellipse((70, 30, 170, 130), fill=colour)
    draw.ellipse((30, 140, 210, 320), fill=colour)
    buffer = BytesIO()
    canvas.save(buffer, "PNG")
    return ImageFile(BytesIO(buffer.getvalue()), name="chan-dung.png")


def child(parent: Page, slug: str):
    return parent.get_children().filter(slug=slug).specific().first()


def add(parent: Page, page: Page) -> Page:
    """Publish ``page`` under ``parent`` through a revision, as the admin does."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def load_trainers() -> list[TrainerProfile]:
    colours = ["#0b4f8a", "#b45309", "#166534"]
    profiles = []
    for (honorific, name, position, organisation, bio), colour in zip(content.TRAINERS, colours, strict=True):
        profile = TrainerProfile.objects.filter(name=name).first()
        if profile is None:
            photo = demo_image(f"Chân dung {name} (demo)", lambda c=colour: draw_portrait(c))
            profile = TrainerProfile.objects.create(
                honorific=honorific, name=name, position=position, organisation=organisation, bio=bio, photo=photo
            )
        profiles.append(profile)
    return profiles


def sync_targets(page: ProgrammePage, targets) -> None:
    """A rerun brings an existing programme's targets to the demo's: missing ones added, measures updated."""
    existing = {target.indicator: target for target in ProgrammeTarget.objects.filter(programme=page)}
    for order, (indicator, value, measure) in enumerate(targets):
        target = existing.get(indicator)
        if target is None:
            ProgrammeTarget.objects.create(
                programme=page, indicator=indicator, target=value, measure=measure, sort_order=order
            )
        elif target.measure != measure:
            target.measure = measure
            target.save(update_fields=["measure"])


def load_programmes(home: Page) -> dict[str, ProgrammePage]:
    index = child(home, "chuong-trinh") or add(
        home,
        ProgrammeIndexPage(
            title="Chương trình",
            slug="chuong-trinh",
            intro="<p>Các chương trình đào tạo theo Kế hoạch 175/KH-UBND: khởi nghiệp đổi mới sáng tạo và "
            "giáo dục STEM.</p>",
        ),
    )
    programmes = {}
    for item in content.PROGRAMMES:
        slug = "chuong-trinh-" + item["code"].replace(".", "-")
        page = child(index, slug)
        if page is not None:
            refresh_cover(page, item["art"])
            sync_targets(page, item["targets"])
        else:
            page = ProgrammePage(
                title=item["title"],
                slug=slug,
                code=item["code"],
                summary=item["summary"],
                audience=item["audience"],
                period=item["period"],
                owner_unit=content.OWNER_UNIT,
                partner_units=content.PARTNERS[item["code"][:2]],
                cover_image=demo_cover(item["art"]),
            )
            page.targets = [
                ProgrammeTarget(indicator=indicator, target=target, measure=measure)
                for indicator, target, measure in item["targets"]
            ]
            add(index, page)
        programmes[item["code"]] = page
    return programmes


def load_course(programme: ProgrammePage, item: dict, number: int, trainers) -> CoursePage:
    course = child(programme, item["slug"])
    if course is not None:
        refresh_cover(course, item["art"])
        return course
    course = CoursePage(
        title=item["title"],
        slug=item["slug"],
        summary=item["summary"],
        audience=item["audience"],
        school_levels=item["levels"],
        duration_hours=item["hours"],
        objectives=item["objectives"],
        cover_image=demo_cover(item["art"]),
        syllabus=[
            {"type": "unit", "value": {"title": lesson[0], "hours": str(round(lesson[1] / 60, 1)), "description": ""}}
            for lesson in item["lessons"]
        ],
    )
    course.subjects.add(*item["subjects"])
    course.topics.add(*item["topics"])
    course.trainer_links = [CourseTrainer(trainer=trainer) for trainer in trainers[: 1 + number % 2]]
    if item.get("prerequisite"):
        required = CoursePage.objects.filter(slug=item["prerequisite"]).first()
        if required:
            course.prerequisite_links = [CoursePrerequisite(prerequisite=required)]
    add(programme, course)
    modules: dict[str, ModulePage] = {}
    for title, minutes, free, summary, body, module_title in item["lessons"]:
        parent = course
        if module_title:
            if module_title not in modules:
                modules[module_title] = add(course, ModulePage(title=module_title, slug=f"phan-{len(modules) + 1}"))
            parent = modules[module_title]
        add(
            parent,
            LessonPage(
                title=title,
                slug=f"bai-{LessonPage.objects.descendant_of(course).count() + 1}",
                estimated_minutes=minutes,
                free_preview=free,
                summary=summary,
                body=body,
            ),
        )
    return course


def load(command):
    home = Site.objects.get(is_default_site=True).root_page.specific
    trainers = load_trainers()
    programmes = load_programmes(home)
    for number, item in enumerate(content.COURSES):
        load_course(programmes[item["programme"]], item, number, trainers)

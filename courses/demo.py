"""Demo catalogue: the programmes of plan 175/KH-UBND with targets, the STEM courses and their lessons.

Rerunnable: a page that already exists (by slug under its parent) is left as
a manager may have edited it; only what is missing is created.
"""

import random
from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.models import Page, Site

from lms.demo import demo_image

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


def draw_cover(colour: str, seed: int, motif: str = "circuit") -> ImageFile:
    """A 1200×675 cover of simple shapes (no text, so no font is needed)."""
    rng = random.Random(seed)  # noqa: S311 (decoration only)
    canvas = PILImage.new("RGB", (1200, 675), colour)
    draw = ImageDraw.Draw(canvas)
    light = (255, 255, 255)
    if motif == "circuit":
        for _ in range(14):
            x, y = rng.randrange(0, 1200), rng.randrange(0, 675)
            draw.line([(x, y), (x + rng.randrange(80, 300), y)], fill=light, width=6)
            draw.ellipse((x - 14, y - 14, x + 14, y + 14), outline=light, width=6)
    elif motif == "rocket":
        draw.polygon([(600, 90), (680, 330), (520, 330)], fill=light)
        draw.rectangle((540, 330, 660, 520), fill=light)
        draw.polygon([(540, 520), (470, 600), (540, 580)], fill="#f59e0b")
        draw.polygon([(660, 520), (730, 600), (660, 580)], fill="#f59e0b")
    else:
        for _ in range(18):
            x, y, r = rng.randrange(0, 1200), rng.randrange(0, 675), rng.randrange(20, 90)
            draw.ellipse((x - r, y - r, x + r, y + r), outline=light, width=5)
    buffer = BytesIO()
    canvas.save(buffer, "PNG", optimize=True)
    return ImageFile(BytesIO(buffer.getvalue()), name=f"bia-{seed}.png")


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
    for number, item in enumerate(content.PROGRAMMES):
        slug = "chuong-trinh-" + item["code"].replace(".", "-")
        page = child(index, slug)
        if page is None:
            cover = demo_image(
                f"Bìa chương trình {item['code']} (demo)",
                lambda n=number: draw_cover(["#0b4f8a", "#0e7490", "#166534"][n % 3], 100 + n, "dots"),
            )
            page = ProgrammePage(
                title=item["title"],
                slug=slug,
                code=item["code"],
                summary=item["summary"],
                audience=item["audience"],
                period=item["period"],
                owner_unit=content.OWNER_UNIT,
                partner_units=content.PARTNERS[item["code"][:2]],
                cover_image=cover,
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
        return course
    cover = demo_image(
        f"Bìa khóa học: {item['title']} (demo)",
        lambda: draw_cover(item["colour"], number, ["circuit", "rocket", "dots"][number % 3]),
    )
    course = CoursePage(
        title=item["title"],
        slug=item["slug"],
        summary=item["summary"],
        audience=item["audience"],
        school_levels=item["levels"],
        duration_hours=item["hours"],
        objectives=item["objectives"],
        cover_image=cover,
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


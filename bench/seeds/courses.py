"""Benchmark catalogue: programmes, courses with tags and syllabus, lessons with realistic bodies.

Each lesson body is ~800 words of Vietnamese rich text in four paragraphs,
two images, a callout and a STEM activity, as a real lesson has. The first
lesson of every course is a free preview.
"""

from courses.demo_content import PROGRAMMES
from courses.models import CoursePage, CourseSubject, CourseTopic, LessonPage, ProgrammeIndexPage, ProgrammePage

from .base import (
    bench_images,
    bulk_add_children,
    bulk_tags,
    deterministic_uuid,
    ensure_child,
    index_pages,
    paragraph_html,
    sentence,
    site_home,
)

SUBJECTS = ["Toán", "Vật lý", "Hóa học", "Sinh học", "Tin học", "Công nghệ"]
TOPICS = ["Giáo án STEM", "Năng lượng", "Môi trường", "Robotics", "Khởi nghiệp", "Đánh giá"]
LEVELS = ["tieu_hoc", "thcs", "thpt", "gdnn_gdtx"]


def public_url(page) -> str:
    """The page's address on the default site (its url_path without the home page's part)."""
    return "/" + page.url_path.split("/", 2)[2]


def lesson_body(rng, images) -> list[dict]:
    first, second = rng.sample(images, 2)
    return [
        {"type": "paragraph", "value": "<h2>" + sentence(rng, 6) + "</h2>" + paragraph_html(rng, 200)},
        {"type": "figure", "value": {"image": first.pk, "alt_text": sentence(rng, 6), "caption": "", "credit": ""}},
        {"type": "paragraph", "value": paragraph_html(rng, 200)},
        {
            "type": "callout",
            "value": {"kind": "safety", "title": "An toàn", "text": "<p>" + sentence(rng, 12) + "</p>"},
        },
        {"type": "paragraph", "value": paragraph_html(rng, 200)},
        {
            "type": "stem_activity",
            "value": {
                "title": "Hoạt động: " + sentence(rng, 5),
                "objective": sentence(rng, 16),
                "materials": [
                    rng.choice(["Chai nhựa", "Ống hút", "Pin 9V", "Bìa cứng", "Băng keo"]) for _ in range(4)
                ],
                "steps": [sentence(rng, 12) for _ in range(4)],
                "expected_product": sentence(rng, 12),
            },
        },
        {"type": "figure", "value": {"image": second.pk, "alt_text": sentence(rng, 6), "caption": "", "credit": ""}},
        {"type": "paragraph", "value": paragraph_html(rng, 200)},
    ]


def seed(ctx):
    rng = ctx.rng
    sizes = ctx.sizes
    images = bench_images()
    home = site_home()
    index = ProgrammeIndexPage.objects.child_of(home).first() or ensure_child(
        home, ProgrammeIndexPage(title="Chương trình", slug="chuong-trinh")
    )
    programmes = [
        ProgrammePage(
            title=f"{item['title']} (đợt {number // len(PROGRAMMES) + 1})",
            slug=f"bench-chuong-trinh-{number + 1:02d}",
            code=f"B{number + 1:02d}",
            summary=item["summary"],
            audience=item["audience"],
            period=item["period"],
            description=paragraph_html(rng, 120),
            owner_unit="Sở Khoa học và Công nghệ",
            cover_image=images[number % len(images)],
            translation_key=deterministic_uuid(rng),
        )
        for number, item in ((n, PROGRAMMES[n % len(PROGRAMMES)]) for n in range(sizes["programmes"]))
    ]
    index_pages(bulk_add_children(index, programmes))
    programmes = list(ProgrammePage.objects.child_of(index).filter(slug__startswith="bench-").order_by("path"))

    courses_by_programme = {}
    per_programme = max(1, sizes["courses"] // len(programmes))
    for p_number, programme in enumerate(programmes):
        new = []
        for c_number in range(per_programme):
            number = p_number * per_programme + c_number
            new.append(
                CoursePage(
                    title=f"Khóa học STEM {number + 1:03d}: " + sentence(rng, 4).rstrip("."),
                    slug=f"bench-khoa-hoc-{number + 1:03d}",
                    summary=sentence(rng, 24),
                    duration_hours=rng.choice([12, 16, 24, 40]),
                    objectives=paragraph_html(rng, 80),
                    audience="Giáo viên tiểu học và trung học cơ sở",
                    school_levels=rng.sample(LEVELS, 2),
                    cover_image=images[number % len(images)],
                    syllabus=[
                        {"type": "unit", "value": {"title": sentence(rng, 5), "hours": "4.0", "description": ""}}
                        for _ in range(4)
                    ],
                    translation_key=deterministic_uuid(rng),
                )
            )
        created = bulk_add_children(programme, new)
        bulk_tags(CourseSubject, {c.pk: rng.sample(SUBJECTS, 2) for c in created})
        bulk_tags(CourseTopic, {c.pk: rng.sample(TOPICS, 2) for c in created})
        index_pages(created)
        courses_by_programme[programme.pk] = list(CoursePage.objects.child_of(programme).order_by("path"))

    courses = [course for programme in programmes for course in courses_by_programme[programme.pk]]
    lessons_created = 0
    for course in courses:
        lessons = [
            LessonPage(
                title=f"Bài {number + 1}: " + sentence(rng, 5).rstrip("."),
                slug=f"bai-{number + 1:02d}",
                summary=sentence(rng, 20),
                estimated_minutes=rng.choice([15, 20, 30, 45]),
                free_preview=number == 0,
                body=lesson_body(rng, images),
                translation_key=deterministic_uuid(rng),
            )
            for number in range(sizes["lessons_per_course"])
        ]
        created = bulk_add_children(course, lessons)
        index_pages(created)
        lessons_created += len(created)

    ctx.shared["programmes"] = programmes
    ctx.shared["courses"] = courses
    first_course = courses[0]
    lessons = list(LessonPage.objects.child_of(first_course).order_by("path"))
    ctx.manifest["url.programme"] = public_url(programmes[0])
    ctx.manifest["url.course"] = public_url(first_course)
    ctx.manifest["url.free_lesson"] = public_url(lessons[0])
    ctx.log(f"  catalogue: {len(programmes)} programmes, {len(courses)} courses, {lessons_created} new lessons")

"""Benchmark lesson-plan library: model STEM lesson plans in five activities, tagged by subject and topic."""

from urllib.parse import quote

from stem_lessons.models import StemLessonIndexPage, StemLessonPage, StemLessonSubject, StemLessonTopic

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
from .courses import SUBJECTS, public_url

TOPICS = ["Năng lượng", "Môi trường", "Nước", "Chuyển động", "Ánh sáng", "Nông nghiệp"]


def activities(rng) -> list[dict]:
    return [
        {
            "type": "activity",
            "value": {
                "stage": str(stage),
                "duration": f"{rng.choice([20, 30, 45, 90])} phút",
                "objective": sentence(rng, 14),
                "content": paragraph_html(rng, 80),
                "expected_product": sentence(rng, 10),
                "organisation": "<p>" + sentence(rng, 16) + "</p>",
            },
        }
        for stage in range(1, 6)
    ]


def seed(ctx):
    rng = ctx.rng
    images = bench_images()
    home = site_home()
    index = StemLessonIndexPage.objects.child_of(home).first() or ensure_child(
        home, StemLessonIndexPage(title="Thư viện giáo án STEM", slug="giao-an-stem")
    )
    plans = [
        StemLessonPage(
            title=f"Giáo án STEM {number + 1:03d}: " + sentence(rng, 4).rstrip("."),
            slug=f"bench-giao-an-{number + 1:03d}",
            summary=sentence(rng, 24),
            cover_image=images[number % len(images)],
            grade=rng.randint(1, 12),
            duration_periods=rng.choice([2, 3, 4]),
            author="Nguyễn Thị Hồng Nhung",
            school=f"Trường THCS số {rng.randint(1, 120)}",
            problem=paragraph_html(rng, 60),
            criteria="<ul>" + "".join(f"<li>{sentence(rng, 8)}</li>" for _ in range(3)) + "</ul>",
            activities=activities(rng),
            materials=[
                {"type": "material", "value": {"item": item, "quantity": "4", "cost": 10000}}
                for item in ("Chai nhựa", "Băng keo", "Ống hút")
            ],
            safety_notes="<p>" + sentence(rng, 12) + "</p>",
            translation_key=deterministic_uuid(rng),
        )
        for number in range(ctx.sizes["lesson_plans"])
    ]
    subjects = {plan.slug: rng.sample(SUBJECTS, 2) for plan in plans}
    topics = {plan.slug: rng.sample(TOPICS, 2) for plan in plans}
    created = bulk_add_children(index, plans)
    bulk_tags(StemLessonSubject, {plan.pk: subjects[plan.slug] for plan in created})
    bulk_tags(StemLessonTopic, {plan.pk: topics[plan.slug] for plan in created})
    index_pages(created)
    first_subject = StemLessonSubject.objects.filter(content_object__in=StemLessonPage.objects.child_of(index))
    slug = first_subject.order_by("tag__name").values_list("tag__slug", flat=True).first()
    ctx.manifest["url.lesson_plans_filtered"] = f"{public_url(index)}?mon={quote(slug)}"
    ctx.manifest["url.search"] = "/tim-kiem/?q=giao+an+stem"
    ctx.log(f"  lesson plans: {StemLessonPage.objects.child_of(index).count()}")

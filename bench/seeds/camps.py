"""Benchmark camp materials: steps with pictures for pupils aged 8–15, over every theme."""

from camps.models import CampIndexPage, CampMaterialPage, Theme

from .base import (
    bench_images,
    bulk_add_children,
    deterministic_uuid,
    ensure_child,
    index_pages,
    sentence,
    site_home,
)
from .courses import public_url


def seed(ctx):
    rng = ctx.rng
    images = bench_images()
    home = site_home()
    index = CampIndexPage.objects.child_of(home).first() or ensure_child(
        home, CampIndexPage(title="Trải nghiệm STEM", slug="trai-nghiem-stem")
    )
    themes = [value for value, _label in Theme.choices]
    pages = []
    for number in range(ctx.sizes["camp_pages"]):
        age_min = rng.randint(8, 12)
        pages.append(
            CampMaterialPage(
                title=f"Trải nghiệm {number + 1:03d}: " + sentence(rng, 4).rstrip("."),
                slug=f"bench-trai-nghiem-{number + 1:03d}",
                theme=themes[number % len(themes)],
                age_min=age_min,
                age_max=min(15, age_min + 3),
                summary=sentence(rng, 20),
                cover_image=images[number % len(images)],
                what_to_bring="Chai nhựa\nKéo\nBăng keo",
                steps=[
                    {
                        "type": "step",
                        "value": {
                            "title": sentence(rng, 4),
                            "text": "<p>" + sentence(rng, 30) + "</p>",
                            "image": images[(number + step) % len(images)].pk,
                            "image_alt": sentence(rng, 5),
                        },
                    }
                    for step in range(5)
                ],
                translation_key=deterministic_uuid(rng),
            )
        )
    index_pages(bulk_add_children(index, pages))
    first = CampMaterialPage.objects.child_of(index).order_by("path").first()
    ctx.manifest["url.camp"] = public_url(first)
    ctx.log(f"  camp pages: {CampMaterialPage.objects.child_of(index).count()}")

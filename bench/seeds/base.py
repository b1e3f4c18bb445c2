"""Helpers shared by the seeds of ``bench/seeds/``: pages in bulk, text, images.

Wagtail's ``add_child`` + revision + publish costs tens of milliseconds a
page; the province data set has ~3,000 pages, so pages are written here in
bulk instead: the tree paths are computed once, the base ``wagtailcore_page``
rows go in with ``bulk_create`` and the specific rows with one multi-row
insert per batch. The result is what publishing would leave (live, with
``url_path``, first/last published), without revisions, plus search index
entries written through the search backend's bulk API.
"""

from __future__ import annotations

import uuid
from io import BytesIO

from django.db import connection
from django.utils import timezone
from wagtail.models import Page, Site

WORDS = (
    "giáo dục STEM tích hợp khoa học công nghệ kỹ thuật toán học học sinh giáo viên bài học vấn đề thực tiễn "
    "sản phẩm tiêu chí giải pháp thí nghiệm mô hình năng lượng môi trường nước ánh sáng điện mạch cảm biến "
    "đo đạc dữ liệu biểu đồ nhóm thảo luận trình bày đánh giá điều chỉnh thiết kế chế tạo thử nghiệm an toàn "
    "vật liệu chi phí thời gian tiết học hoạt động mục tiêu năng lực phẩm chất sáng tạo hợp tác giao tiếp "
    "robot lập trình cơ khí lực chuyển động nhiệt độ phản ứng hóa học tế bào sinh học hệ sinh thái nông nghiệp "
    "thành phố trường học cộng đồng địa phương Bình Dương kế hoạch bài dạy giáo án đổi mới sáng tạo khởi nghiệp"
).split()

SENTENCE_OPENERS = [
    "Trong hoạt động này,",
    "Giáo viên hướng dẫn",
    "Học sinh làm việc theo nhóm để",
    "Mục tiêu của phần này là",
    "Sau khi thảo luận,",
    "Để giải quyết vấn đề,",
    "Các nhóm trình bày",
    "Lưu ý rằng",
]


def sentence(rng, words: int = 14) -> str:
    body = " ".join(rng.choice(WORDS) for _ in range(words))
    return f"{rng.choice(SENTENCE_OPENERS)} {body}."


def paragraph_html(rng, words: int) -> str:
    """``words`` words of Vietnamese rich text (a few sentences, sometimes bold)."""
    parts, count = [], 0
    while count < words:
        text = sentence(rng)
        if rng.random() < 0.2:
            text = f"<b>{text}</b>"
        parts.append(text)
        count += 18
    return "<p>" + " ".join(parts) + "</p>"


def deterministic_uuid(rng) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def bench_images(count: int = 6) -> list:
    """A few small Wagtail images shared by every seeded page (created once, found by title)."""
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    colours = ["#0b4f8a", "#b45309", "#166534", "#0e7490", "#7c3aed", "#be123c"]
    images = []
    for number in range(count):
        title = f"Ảnh minh họa benchmark {number + 1}"
        image = Image.objects.filter(title=title).first()
        if image is None:
            buffer = BytesIO()
            PILImage.new("RGB", (800, 450), colours[number % len(colours)]).save(buffer, "PNG")
            image = Image.objects.create(
                title=title, file=ImageFile(BytesIO(buffer.getvalue()), name=f"bench-{number + 1}.png")
            )
        images.append(image)
    return images


def site_home() -> Page:
    return Site.objects.get(is_default_site=True).root_page.specific


def ensure_child(parent: Page, page: Page) -> Page:
    """``page`` under ``parent`` (by slug), created and published the ordinary way if missing."""
    existing = parent.get_children().filter(slug=page.slug).specific().first()
    if existing is not None:
        return existing
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def existing_child_slugs(parent: Page) -> dict[str, int]:
    return dict(Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).values_list("slug", "pk"))


def bulk_add_children(parent: Page, pages: list[Page], *, batch_size: int = 200) -> list[Page]:
    """Add ``pages`` (unsaved, all of one specific class) as live children of ``parent``.

    Pages whose slug already exists under ``parent`` are skipped (the
    command is idempotent); the created ones are returned with their pk.
    """
    if not pages:
        return []
    model = type(pages[0])
    present = existing_child_slugs(parent)
    pages = [page for page in pages if page.slug not in present]
    if not pages:
        return []
    parent = Page.objects.get(pk=parent.pk)  # fresh numchild and path
    last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("-path").first()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    now = timezone.now()
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(model)
    for page in pages:
        step += 1
        page.path = Page._get_path(parent.path, parent.depth + 1, step)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.live = True
        page.has_unpublished_changes = False
        page.draft_title = page.title
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.last_published_at or now
        page.live_revision = None
        if not page.translation_key:
            page.translation_key = uuid.uuid4()
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    specific_fields = list(model._meta.local_concrete_fields)
    for start in range(0, len(pages), batch_size):
        batch = pages[start : start + batch_size]
        bases = [Page(**{f.attname: getattr(page, f.attname) for f in base_fields}) for page in batch]
        Page.objects.bulk_create(bases)
        for page, base in zip(batch, bases, strict=True):
            page.pk = page.id = base.pk
            page.page_ptr_id = base.pk
            page._state.adding = False
        model._base_manager._insert(batch, fields=specific_fields, using=connection.alias)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    return pages


def index_pages(pages: list[Page]) -> None:
    """Write the search index entries of ``pages`` (one model) through the backend's bulk API."""
    from wagtail.search.backends import get_search_backend

    if not pages:
        return
    backend = get_search_backend()
    model = type(pages[0])
    for start in range(0, len(pages), 500):
        backend.add_bulk(model, pages[start : start + 500])


def bulk_tags(through_model, tags_by_object: dict[int, list[str]]) -> None:
    """Tag page rows in bulk through a ``TaggedItemBase`` model (tags created as needed)."""
    from taggit.models import Tag

    names = sorted({name for names in tags_by_object.values() for name in names})
    known = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    for name in names:
        if name not in known:
            known[name] = Tag.objects.create(name=name)  # taggit finds a free slug
    through_model.objects.bulk_create(
        [
            through_model(tag=known[name], content_object_id=object_id)
            for object_id, names in tags_by_object.items()
            for name in names
        ],
        batch_size=2000,
    )

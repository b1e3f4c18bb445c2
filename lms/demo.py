"""The demo: each app's part registered as a loader, and the site's settings with a drawn logo.

An app adds its part of ``manage.py load_demo`` in its ``wagtail_hooks.py``::

    @hooks.register("register_demo_loader")
    def courses_demo():
        from . import demo

        return DemoLoader("courses", demo.load, order=30)

Loaders run in ``order``, each in its own transaction, and must be safe to
run again: they never create anything twice nor overwrite a manager's edits.
The orders in use: accounts 10, the site's settings 15, home 20, courses 30,
lesson plans 40, camps 50, enrolment 60, certificates 70, assessment 80, credentials 85.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail import hooks

HOOK = "register_demo_loader"
DEMO_MARK = "(demo)"
LOGO_TITLE = "Logo Sở KH&CN (demo)"


@dataclass(frozen=True)
class DemoLoader:
    name: str
    load: Callable
    order: int = 100


def demo_loaders() -> list[DemoLoader]:
    return sorted((fn() for fn in hooks.get_hooks(HOOK)), key=lambda loader: (loader.order, loader.name))


def demo_image(title: str, draw):
    """Return the image titled ``title``, creating it with ``draw()`` once.

    A new drawing gets a new title, so a rerun draws it once and leaves the old one be.
    """
    from wagtail.images.models import Image

    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image(title=title, file=draw())
        image.save()
    return image


def is_demo_picture(image) -> bool:
    """Whether ``image`` is one the demo drew (every demo picture's title ends with "(demo)")."""
    return image is not None and image.title.endswith(DEMO_MARK)


def demo_cover(name: str):
    """The illustration ``name`` of ``lms.demo_art.COVERS`` as a library image, drawn once."""
    from . import demo_art

    return demo_image(demo_art.cover_title(name), lambda: demo_art.cover(name))


def demo_step_picture(name: str, number: int):
    """The picture of step ``number`` of the camp activity ``name`` (``lms.demo_art.STEPS``), drawn once."""
    from . import demo_art

    return demo_image(demo_art.step_title(name, number), lambda: demo_art.step(name, number))


def edited_by_people(page) -> bool:
    """Whether anyone has saved a revision of ``page``: the demo saves its own with no user."""
    return page.revisions.exclude(user=None).exists()


def refresh_demo_page(page, update: Callable) -> bool:
    """Let ``update(page)`` bring a page the demo made, and nobody has edited since, up to date with the demo.

    ``update`` changes the page and returns True, or returns False when there is
    nothing to change; a changed page is published as a new revision. A page a
    person has saved is never touched, so a rerun keeps every manager's edit.
    """
    if edited_by_people(page) or not update(page):
        return False
    page.save_revision().publish()
    return True


def swap_cover(page, name: str, field: str = "cover_image") -> bool:
    """Put the illustration ``name`` on ``page`` in place of an older demo picture; True if it changed."""
    current = getattr(page, field)
    if not is_demo_picture(current):
        return False  # no picture, or one a person chose
    picture = demo_cover(name)
    if current.pk == picture.pk:
        return False
    setattr(page, field, picture)
    return True


def refresh_cover(page, name: str) -> bool:
    """Give a demo page nobody has edited the illustration ``name`` in place of an older demo cover."""
    return refresh_demo_page(page, lambda page: swap_cover(page, name))


def draw_logo() -> ImageFile:
    """A simple round emblem, so the demo downloads nothing."""
    size = 240
    canvas = PILImage.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(canvas)
    draw.ellipse((8, 8, size - 8, size - 8), fill="#0b4f8a")
    draw.ellipse((40, 40, size - 40, size - 40), fill="white")
    draw.polygon([(120, 60), (170, 150), (70, 150)], fill="#b45309")
    draw.ellipse((100, 150, 140, 190), fill="#0b4f8a")
    buffer = BytesIO()
    canvas.save(buffer, "PNG")
    return ImageFile(BytesIO(buffer.getvalue()), name="logo-so-khcn.png")


def load_site_settings(command) -> None:
    """The organisation's name, contact, logo and signatory, each written once (a rerun keeps a manager's edits)."""
    from .site import site_settings

    settings = site_settings()
    if settings is None:
        return
    if not settings.organisation_name:
        settings.organisation_name = "Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh"
        settings.short_name = "Sở KH&CN"
        settings.address = "Thủ Dầu Một, Thành phố Hồ Chí Minh"
        settings.contact_email = "lienhe@example.com"
        settings.phone = "0274 3822 000"
        settings.footer = (
            "<p>Thực hiện Kế hoạch số 175/KH-UBND ngày 22/4/2019 về thúc đẩy hoạt động khởi nghiệp "
            "đổi mới sáng tạo.</p>"
        )
        settings.logo = demo_image(LOGO_TITLE, draw_logo)
    if not settings.place and not settings.signatory_name:
        settings.place = "Thủ Dầu Một"
        settings.signatory_title = "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
        settings.signatory_name = "Trần Minh Tuấn"
    settings.save()

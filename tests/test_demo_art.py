"""The demo's illustrations (``lms.demo_art``): every picture draws, shows a subject and stays small; the demo's
pages get them, with step texts saying what each picture shows; a rerun brings the demo's untouched pages up to
date and keeps every page a manager has edited."""

from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage

from camps import demo as camps_demo
from camps.models import CampMaterialPage
from courses import demo_content
from lms import demo_art
from stem_lessons import demo as stem_lessons_demo
from tests.factories import ImageFactory


def looks_drawn(picture: PILImage.Image) -> bool:
    """More than a plain background: many colours, none of them covering nearly everything."""
    pixels = picture.width * picture.height
    colours = picture.convert("RGB").getcolors(pixels)
    return len(colours) > 12 and max(count for count, _ in colours) < 0.8 * pixels


def test_every_cover_is_a_small_1200_by_675_png_that_shows_something():
    for name in demo_art.COVERS:
        data = demo_art.cover(name).read()
        picture = PILImage.open(BytesIO(data))
        assert (picture.format, picture.size) == ("PNG", (1200, 675)), name
        assert len(data) < 60_000, name
        assert looks_drawn(picture), name


def test_every_step_picture_is_a_small_720_by_405_png_that_shows_something():
    for name, steps in demo_art.STEPS.items():
        for number in range(1, len(steps) + 1):
            data = demo_art.step(name, number).read()
            picture = PILImage.open(BytesIO(data))
            assert (picture.format, picture.size) == ("PNG", (720, 405)), (name, number)
            assert len(data) < 30_000, (name, number)
            assert looks_drawn(picture), (name, number)


def test_every_demo_page_names_an_illustration_that_exists():
    named = [item["art"] for item in demo_content.PROGRAMMES + demo_content.COURSES + stem_lessons_demo.PLANS]
    named += [item["art"] for item in camps_demo.MATERIALS]
    assert set(named) <= set(demo_art.COVERS)
    assert len({item["art"] for item in demo_content.PROGRAMMES}) == len(demo_content.PROGRAMMES)  # none twice


def test_every_camp_step_has_a_picture_and_a_text_saying_what_it_shows():
    for item in camps_demo.MATERIALS:
        assert len(demo_art.STEPS[item["art"]]) == len(item["steps"])
        alts = [alt for _title, _html, alt in item["steps"]]
        assert len(set(alts)) == len(alts)
        for title, _html, alt in item["steps"]:
            assert len(alt) > 40 and title not in alt


# --- The loaders ---------------------------------------------------------------------------------------------
def tiny_png(*_args) -> ImageFile:
    buffer = BytesIO()
    PILImage.new("RGB", (16, 9), "white").save(buffer, "PNG")
    return ImageFile(BytesIO(buffer.getvalue()), name="nho.png")


@pytest.fixture
def quick_drawings(monkeypatch):
    """The loaders' logic without the cost of drawing: every illustration is a tiny PNG under its real title."""
    monkeypatch.setattr(demo_art, "cover", tiny_png)
    monkeypatch.setattr(demo_art, "step", tiny_png)


def make_old(page: CampMaterialPage, old, user=None) -> None:
    """Put an older demo's pictures and texts on ``page``, as a revision saved by ``user``."""
    page.cover_image = old
    for number, block in enumerate((b for b in page.steps if b.block_type == "step"), start=1):
        block.value["image"], block.value["image_alt"] = old, f"Minh họa bước {number}"
    page.save_revision(user=user).publish()


def step_pictures(page: CampMaterialPage) -> list[tuple[str, str]]:
    page = CampMaterialPage.objects.get(pk=page.pk)
    return [(b.value["image"].title, b.value["image_alt"]) for b in page.steps if b.block_type == "step"]


@pytest.mark.django_db
def test_camp_materials_get_their_subjects_cover_and_step_pictures(quick_drawings):
    camps_demo.load(None)
    volcano = CampMaterialPage.objects.get(slug="nui-lua-phun-trao")
    assert volcano.cover_image.title == demo_art.cover_title("volcano")
    item = camps_demo.MATERIALS[0]
    assert step_pictures(volcano) == [
        (demo_art.step_title("volcano", number), alt) for number, (_t, _h, alt) in enumerate(item["steps"], start=1)
    ]


@pytest.mark.django_db
def test_a_rerun_gives_untouched_demo_pages_the_new_pictures_and_keeps_a_managers_edit(quick_drawings, manager):
    camps_demo.load(None)
    old = ImageFactory(title="Bìa cũ (demo)")
    untouched = CampMaterialPage.objects.get(slug="nui-lua-phun-trao")
    edited = CampMaterialPage.objects.get(slug="robot-do-line")
    make_old(untouched, old)
    make_old(edited, old, user=manager)
    edited_steps = step_pictures(edited)

    camps_demo.load(None)

    untouched.refresh_from_db()
    assert untouched.cover_image.title == demo_art.cover_title("volcano")
    assert [title for title, _alt in step_pictures(untouched)] == [
        demo_art.step_title("volcano", number) for number in (1, 2, 3)
    ]
    assert not any(alt.startswith("Minh họa bước") for _title, alt in step_pictures(untouched))
    edited.refresh_from_db()
    assert edited.cover_image == old
    assert step_pictures(edited) == edited_steps

    revisions = untouched.revisions.count()
    camps_demo.load(None)
    assert untouched.revisions.count() == revisions  # up to date: a third run changes nothing


@pytest.mark.django_db
def test_a_cover_a_manager_chose_is_kept_even_on_a_page_nobody_saved_since(quick_drawings):
    camps_demo.load(None)
    chosen = ImageFactory(title="Ảnh lớp học thật")
    page = CampMaterialPage.objects.get(slug="tranh-phat-sang")
    CampMaterialPage.objects.filter(pk=page.pk).update(cover_image=chosen)
    camps_demo.load(None)
    page.refresh_from_db()
    assert page.cover_image == chosen

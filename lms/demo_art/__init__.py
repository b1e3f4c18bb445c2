"""Flat illustrations for the demo content, drawn with Pillow (no font, no SVG renderer, nothing downloaded).

``cover(name)`` draws a 1200 × 675 cover of one subject (``COVERS``: the volcano
model, the line-following robot, the water rocket…); ``step(name, number)``
draws a 720 × 405 picture of one step of a camp activity (``STEPS``). Both
return a PNG ``ImageFile`` for ``lms.demo.demo_image``. Demo-only: nothing on
a real site imports this package.
"""

from django.core.files.images import ImageFile

from .canvas import Canvas
from .covers import COVERS
from .steps import STEPS

COVER_WIDTH = 1200
STEP_WIDTH = 720


def cover(name: str) -> ImageFile:
    """The cover picture named ``name`` (a key of ``COVERS``), 1200 × 675."""
    canvas = Canvas(COVER_WIDTH)
    COVERS[name].scene(canvas)
    return canvas.png(f"bia-{name}.png")


def step(name: str, number: int) -> ImageFile:
    """The picture of step ``number`` (from 1) of the activity ``name`` (a key of ``STEPS``), 720 × 405."""
    canvas = Canvas(STEP_WIDTH)
    STEPS[name][number - 1](canvas)
    return canvas.png(f"{name}-buoc-{number}.png")


def cover_title(name: str) -> str:
    """The library title of cover ``name``: what it shows, marked as the demo's."""
    return f"Minh họa: {COVERS[name].subject} (demo)"


def step_title(name: str, number: int) -> str:
    return f"Minh họa: {COVERS[name].subject}, bước {number} (demo)"


__all__ = ["COVERS", "STEPS", "cover", "cover_title", "step", "step_title"]

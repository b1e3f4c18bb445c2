"""A small drawing surface for the demo's flat illustrations, on top of Pillow's ``ImageDraw``.

Every scene is drawn in one logical space of 1200 × 675 units (16:9, the shape
of every cover and step picture), at twice the output size, and scaled down
at the end (each pixel the mean of the four drawn under it), so edges come out smooth without an SVG renderer.
``at(x, y, scale, angle)`` moves the origin, so a thing (a robot, a volcano) is
drawn once in its own units and placed anywhere, at any size, tilted if need be.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1200, 675
SUPERSAMPLE = 2
Point = tuple[float, float]


def mix(colour: str, other: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0–1) of the way towards ``other``, as ``#rrggbb``."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b, strict=True))


class Canvas:
    """Logical 1200 × 675 drawing with a stack of placements (origin, scale, rotation)."""

    def __init__(self, width: int, background: str = "#ffffff"):
        self.width = width
        self.height = round(width * HEIGHT / WIDTH)
        self.k = width * SUPERSAMPLE / WIDTH
        self.image = Image.new("RGB", (width * SUPERSAMPLE, self.height * SUPERSAMPLE), background)
        self.draw = ImageDraw.Draw(self.image)
        self.frames: list[tuple[float, float, float, float]] = [(0.0, 0.0, 1.0, 0.0)]

    # Placement -----------------------------------------------------------
    @contextmanager
    def at(self, x: float, y: float, scale: float = 1.0, angle: float = 0.0) -> Iterator[None]:
        """Draw what follows with its origin at (x, y), ``scale`` times larger, turned ``angle`` degrees."""
        ox, oy = self.point((x, y))
        _, _, s, a = self.frames[-1]
        self.frames.append((ox, oy, s * scale, a + angle))
        try:
            yield
        finally:
            self.frames.pop()

    def point(self, p: Point) -> Point:
        """A logical point of the current placement, in the current placement's parent units."""
        ox, oy, s, a = self.frames[-1]
        x, y = p[0] * s, p[1] * s
        if a:
            r = math.radians(a)
            x, y = x * math.cos(r) - y * math.sin(r), x * math.sin(r) + y * math.cos(r)
        return ox + x, oy + y

    def px(self, p: Point) -> tuple[float, float]:
        x, y = self.point(p)
        return x * self.k, y * self.k

    def length(self, d: float) -> float:
        return d * self.frames[-1][2] * self.k

    @property
    def turned(self) -> bool:
        return bool(self.frames[-1][3] % 360)

    # Shapes --------------------------------------------------------------
    def poly(self, points: Sequence[Point], fill: str) -> None:
        self.draw.polygon([self.px(p) for p in points], fill=fill)

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: str, r: float = 0) -> None:
        """A rectangle, its corners rounded by ``r``."""
        if self.turned:
            r = min(r, abs(x1 - x0) / 2, abs(y1 - y0) / 2)
            corners = ((x1 - r, y0 + r, -90), (x1 - r, y1 - r, 0), (x0 + r, y1 - r, 90), (x0 + r, y0 + r, 180))
            angles = [(cx, cy, math.radians(start + step * 15)) for cx, cy, start in corners for step in range(7)]
            points = [(cx + r * math.cos(a), cy + r * math.sin(a)) for cx, cy, a in angles]
            self.poly(points, fill)
            return
        (a, b), (c, d) = self.px((x0, y0)), self.px((x1, y1))
        box = (min(a, c), min(b, d), max(a, c), max(b, d))
        if r:
            self.draw.rounded_rectangle(box, radius=self.length(r), fill=fill)
        else:
            self.draw.rectangle(box, fill=fill)

    def ellipse(self, cx: float, cy: float, rx: float, ry: float, fill: str | None, outline=None, width=0) -> None:
        x, y = self.px((cx, cy))
        box = (x - self.length(rx), y - self.length(ry), x + self.length(rx), y + self.length(ry))
        self.draw.ellipse(box, fill=fill, outline=outline, width=round(self.length(width)) if width else 1)

    def circle(self, cx: float, cy: float, r: float, fill: str | None, outline=None, width=0) -> None:
        self.ellipse(cx, cy, r, r, fill, outline, width)

    def pie(self, cx: float, cy: float, r: float, start: float, end: float, fill: str) -> None:
        x, y = self.px((cx, cy))
        rr = self.length(r)
        turn = self.frames[-1][3]
        self.draw.pieslice((x - rr, y - rr, x + rr, y + rr), start + turn, end + turn, fill=fill)

    def arc(self, cx: float, cy: float, r: float, start: float, end: float, fill: str, width: float) -> None:
        """A round-ended arc of a circle (angles in degrees, clockwise from three o'clock)."""
        steps = max(8, int(abs(end - start) / 6))
        points = [
            (cx + r * math.cos(math.radians(start + (end - start) * i / steps)),
             cy + r * math.sin(math.radians(start + (end - start) * i / steps)))
            for i in range(steps + 1)
        ]  # fmt: skip
        self.stroke(points, fill, width)

    def ring(self, cx: float, cy: float, rx: float, ry: float, angle: float, fill: str, width: float) -> None:
        """The outline of an ellipse turned ``angle`` degrees (an atom's orbit)."""
        a = math.radians(angle)
        points = []
        for i in range(73):
            t = math.radians(i * 5)
            x, y = rx * math.cos(t), ry * math.sin(t)
            points.append((cx + x * math.cos(a) - y * math.sin(a), cy + x * math.sin(a) + y * math.cos(a)))
        self.stroke(points, fill, width)

    def stroke(self, points: Sequence[Point], fill: str, width: float) -> None:
        """A polyline with round joints and ends."""
        pixels = [self.px(p) for p in points]
        w = self.length(width)
        self.draw.line(pixels, fill=fill, width=max(1, round(w)), joint="curve")
        for x, y in pixels:
            self.draw.ellipse((x - w / 2, y - w / 2, x + w / 2, y + w / 2), fill=fill)

    def glow(self, cx: float, cy: float, r: float, colour: str, strength: int = 170) -> None:
        """A soft halo of light (an LED, a bulb, the sun), blurred on a layer of its own."""
        x, y = self.px((cx, cy))
        rr = self.length(r)
        pad = int(rr * 2.4)
        rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        layer = Image.new("RGBA", (2 * pad, 2 * pad), (*rgb, 0))  # transparent, but of the glow's colour
        ImageDraw.Draw(layer).ellipse((pad - rr, pad - rr, pad + rr, pad + rr), fill=(*rgb, strength))
        layer = layer.filter(ImageFilter.GaussianBlur(rr / 2.5))
        self.image.paste(layer, (int(x - pad), int(y - pad)), layer)

    # Output --------------------------------------------------------------
    def png(self, name: str, colours: int = 128) -> ImageFile:
        """The picture at its output size, as an optimised PNG of at most ``colours`` colours."""
        small = self.image.reduce(SUPERSAMPLE)  # each output pixel the mean of its 2 × 2 drawn pixels
        # The palette is chosen on a quarter-size copy (four times faster, the same colours), then applied.
        sample = small.reduce(4).quantize(colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        small = small.quantize(palette=sample, dither=Image.Dither.NONE)
        buffer = BytesIO()
        small.save(buffer, "PNG", optimize=True)
        return ImageFile(BytesIO(buffer.getvalue()), name=name)

"""A baked badge: a PNG picture that carries the signed credential (Open Badges 3.0 §5.3, "baking").

The JWT goes in an uncompressed ``iTXt`` chunk with the keyword
``openbadgecredential``; a badge wallet or backpack reads it from the
picture, a person sees a round seal with the certificate's number. The
picture is drawn with Pillow (ASCII text only: Pillow's built-in font has no
Vietnamese letters, so the course title stays in the credential).
"""

from __future__ import annotations

from io import BytesIO

from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

KEYWORD = "openbadgecredential"
SIZE = 400
NAVY, GOLD, WHITE = (23, 49, 94), (212, 160, 23), (255, 255, 255)


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow without FreeType: the small bitmap font
        return ImageFont.load_default()


def draw(number: str, year: str) -> Image.Image:
    """The seal: a gold ring, a navy disc, a tick, the number and the year."""
    picture = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(picture)
    pen.ellipse((8, 8, SIZE - 8, SIZE - 8), fill=GOLD)
    pen.ellipse((30, 30, SIZE - 30, SIZE - 30), fill=NAVY)
    pen.line([(130, 170), (180, 220), (275, 120)], fill=WHITE, width=22, joint="curve")
    size = 30
    while size > 14 and pen.textlength(number, font=_font(size)) > SIZE - 110:  # a long number still fits
        size -= 2
    pen.text((SIZE / 2, 275), number, fill=WHITE, font=_font(size), anchor="mm")
    pen.text((SIZE / 2, 320), year, fill=GOLD, font=_font(26), anchor="mm")
    return picture


def bake(picture: Image.Image, token: str) -> bytes:
    """``picture`` as PNG bytes with ``token`` in an ``iTXt`` chunk (uncompressed, no language)."""
    info = PngImagePlugin.PngInfo()
    info.add_itxt(KEYWORD, token, lang="", tkey="", zip=False)
    out = BytesIO()
    picture.save(out, format="PNG", pnginfo=info, optimize=True)
    return out.getvalue()


def unbake(data: bytes) -> str | None:
    """The credential baked into PNG ``data``, or None."""
    with Image.open(BytesIO(data)) as picture:
        picture.load()
        value = picture.text.get(KEYWORD) if hasattr(picture, "text") else None
    return str(value) if value is not None else None

"""Things of the science bench: the volcano model, the water filter, a flask, an atom, a ruler, a leaf.

Each is drawn around its own origin (the middle of its base, unless said
otherwise), in units of the 1200 × 675 scene; place it with ``Canvas.at``.
"""

from .canvas import Canvas, mix
from .palette import (
    AMBER,
    DARK_BROWN,
    GREEN,
    GREY,
    INK,
    LEAF,
    ORANGE,
    PINK,
    PURPLE,
    RED,
    SILVER,
    STEEL,
    TEAL,
    WATER,
    WHITE,
    YELLOW,
)

CLAY = "#b06f45"
CLAY_SHADE = "#94593a"
CLAY_LIGHT = "#c98a5e"
GLASS = "#d6ecf7"
GLASS_EDGE = "#a9d3ea"
MUD = "#a27b52"
VINEGAR = "#fbf1c7"


def tray(c: Canvas, half: float = 300) -> None:
    """A shallow plastic tray seen from the side, its rim at y = 0."""
    c.poly([(-half, 0), (half, 0), (half - 28, 38), (-half + 28, 38)], "#4f7ea8")
    c.rect(-half - 10, -10, half + 10, 8, "#6d9cc6", r=9)


def bottle(c: Canvas, height: float = 250) -> None:
    """A small clear plastic bottle standing at the origin."""
    c.rect(-62, -height * 0.72, 62, 0, GLASS, r=26)
    c.poly([(-62, -height * 0.66), (-22, -height * 0.92), (22, -height * 0.92), (62, -height * 0.66)], GLASS)
    c.rect(-24, -height - 4, 24, -height * 0.9, GLASS_EDGE, r=5)
    c.rect(-40, -height * 0.6, -26, -height * 0.1, WHITE, r=7)  # shine


def cone(c: Canvas, height: float = 260, top: float = 60, base: float = 230, upto: float = 1.0) -> None:
    """The clay cone around the bottle; ``upto`` < 1 leaves it half built."""
    h = height * upto
    w = base - (base - top) * upto
    c.poly([(-base, 0), (-w, -h), (w, -h), (base, 0)], CLAY)
    c.poly([(w * 0.15, -h), (w, -h), (base, 0), (base * 0.32, 0)], CLAY_SHADE)
    for x, y, rx in ((-150, -40, 34), (-88, -118, 26), (-40, -60, 22), (60, -30, 26), (-118, -12, 20)):
        if -y < h - 12:
            c.ellipse(x, y, rx, rx * 0.45, CLAY_LIGHT)
    if upto >= 1:
        c.ellipse(0, -h, w, 17, DARK_BROWN)
        c.ellipse(0, -h + 2, w * 0.55, 9, GLASS_EDGE)


def foam(c: Canvas, top: float = 260, base: float = 230, rim: float = 60) -> None:
    """The fizzing “lava”: a cap over the crater, drips down the cone, puddles on the tray, a bubbling plume."""

    def edge(y: float) -> float:  # half-width of the cone at height y (negative up)
        return base - (base - rim) * (-y / top)

    drips = [(-0.82, 120), (-0.4, 185), (0.05, 95), (0.47, 205), (0.86, 105)]
    cap = top - 70
    c.poly([(-rim - 4, -top), (-edge(-cap), -cap), (edge(-cap), -cap), (rim + 4, -top)], RED)
    for i in range(7):
        c.circle((i - 3) / 3.4 * edge(-cap), -cap, 20, RED)
    for fraction, depth in drips:
        x = fraction * edge(-cap) * 0.96
        bottom = max(-cap + depth, -cap + 20)
        bottom = min(bottom, -16)
        c.stroke([(x, -cap), (x * 1.1, bottom)], RED, 32)
    c.ellipse(-170, -4, 60, 14, RED)
    c.ellipse(150, -4, 52, 13, RED)
    for x, y, r, colour in (
        (0, -top - 10, 58, RED),
        (-44, -top - 60, 54, RED),
        (46, -top - 70, 56, RED),
        (-8, -top - 118, 60, ORANGE),
        (-72, -top - 130, 42, ORANGE),
        (66, -top - 136, 44, ORANGE),
        (10, -top - 176, 44, AMBER),
        (-42, -top - 176, 30, AMBER),
    ):
        c.circle(x, y, r, colour)
    for x, y, r in ((-30, -top - 60, 13), (34, -top - 96, 10), (60, -top - 40, 12), (-66, -top - 120, 9),
                    (4, -top - 150, 11), (-22, -top - 196, 8), (30, -top - 12, 9), (-40, -top - 10, 8)):  # fmt: skip
        c.circle(x, y, r, PINK)
    for x, y, r in ((-132, -top - 150, 14), (136, -top - 118, 12), (-104, -top - 226, 10), (110, -top - 212, 11),
                    (40, -top - 250, 9)):  # fmt: skip
        c.circle(x, y, r, ORANGE)


def volcano(c: Canvas, erupting: bool = True) -> None:
    """The whole model on its tray, fizzing over when ``erupting``."""
    tray(c)
    cone(c)
    if erupting:
        foam(c)


def cup(c: Canvas, liquid: str = VINEGAR, level: float = 0.55) -> None:
    """A clear measuring cup with a handle, standing at the origin."""
    c.arc(62, -70, 34, -80, 80, GLASS_EDGE, 12)
    c.poly([(-60, -140), (60, -140), (50, 0), (-50, 0)], GLASS)
    c.poly([(-60 + 10 * (1 - level), -140 * level), (60 - 10 * (1 - level), -140 * level), (50, 0), (-50, 0)], liquid)
    c.rect(-46, -120, -34, -24, WHITE, r=6)
    for y in (-100, -70, -40):
        c.stroke([(20, y), (40, y)], GLASS_EDGE, 5)


def spoon(c: Canvas) -> None:
    """A teaspoon heaped with baking soda, its bowl at the origin, handle to the right."""
    c.stroke([(30, -8), (200, -60)], SILVER, 16)
    c.ellipse(0, 0, 46, 24, STEEL)
    c.ellipse(-4, -10, 40, 16, WHITE)


def dropper(c: Canvas, colour: str = RED) -> None:
    """A dropper bottle of food colouring pointing down, its tip at the origin."""
    c.poly([(-8, 0), (8, 0), (14, -40), (-14, -40)], GLASS_EDGE)
    c.rect(-30, -130, 30, -40, colour, r=10)
    c.rect(-20, -170, 20, -128, INK, r=8)
    c.ellipse(0, 34, 11, 15, colour)


def soda_box(c: Canvas) -> None:
    """A small box of baking soda standing at the origin (white with a blue band)."""
    c.rect(-60, -150, 60, 0, WHITE, r=8)
    c.rect(-60, -100, 60, -50, "#3f86c7")
    c.circle(0, -125, 14, "#3f86c7")


def clay_ball(c: Canvas, r: float = 34) -> None:
    c.circle(0, -r, r, CLAY)
    c.circle(-r * 0.3, -r * 1.3, r * 0.35, CLAY_LIGHT)


def filter_bottle(c: Canvas) -> None:
    """A cut bottle, neck down, filled with gravel, sand, charcoal and cotton, dripping clear water."""
    c.rect(-126, -430, 126, -196, GLASS_EDGE, r=20)
    c.poly([(-126, -220), (126, -220), (40, -120), (-40, -120)], GLASS_EDGE)
    c.rect(-38, -126, 38, -92, GLASS_EDGE, r=6)
    c.rect(-114, -400, 114, -364, MUD)  # muddy water poured on top
    c.ellipse(0, -400, 114, 10, mix(MUD, WHITE, 0.25))
    c.rect(-114, -364, 114, -300, "#9aa3ad")  # gravel
    for i, (x, y) in enumerate(((-88, -344), (-40, -330), (10, -348), (60, -334), (96, -318), (-70, -312),
                                (-14, -314), (36, -310), (-100, -330), (84, -350))):  # fmt: skip
        c.ellipse(x, y, 22, 15, ["#6f7985", "#c1c8d0", "#858f9b"][i % 3])
    c.rect(-114, -300, 114, -246, "#ecc97e")  # sand
    for x in range(-100, 110, 26):
        c.circle(x, -282 + (x % 3) * 8, 4, "#c9a050")
    c.poly([(-114, -246), (114, -246), (114, -214), (84, -190), (-84, -190), (-114, -214)], "#2c2d33")  # charcoal
    for x, y in ((-80, -228), (-30, -220), (24, -232), (76, -222), (0, -204), (-56, -204), (52, -204)):
        c.poly([(x - 14, y), (x, y - 11), (x + 15, y - 2), (x + 6, y + 11), (x - 10, y + 9)], "#4b4d57")
    c.poly([(-84, -190), (84, -190), (42, -138), (-42, -138)], WHITE)  # cotton
    for x in (-50, -18, 16, 48):
        c.circle(x, -178, 18, WHITE)
    c.rect(-28, -132, 28, -98, WHITE, r=6)
    for y in (-66, -30):
        c.ellipse(0, y, 9, 13, WATER)


def glass(c: Canvas, water: str = WATER, level: float = 0.6, height: float = 180) -> None:
    """A drinking glass at the origin, filled to ``level``."""
    c.poly([(-76, -height), (76, -height), (62, 0), (-62, 0)], GLASS)
    top = -height * level
    c.poly([(-76 + 14 * (1 - level), top), (76 - 14 * (1 - level), top), (62, 0), (-62, 0)], water)
    c.ellipse(0, top, 73 - 14 * (1 - level), 10, mix(water, WHITE, 0.35))
    c.rect(-60, -height + 20, -48, -30, WHITE, r=6)


def flask(c: Canvas, liquid: str = PURPLE) -> None:
    """A conical flask with a bubbling liquid, standing at the origin."""
    c.rect(-30, -260, 30, -170, GLASS, r=4)
    c.rect(-40, -270, 40, -250, GLASS_EDGE, r=8)
    c.poly([(-30, -175), (30, -175), (120, -20), (-120, -20)], GLASS)
    c.rect(-122, -40, 122, 0, GLASS, r=18)
    c.poly([(-74, -100), (74, -100), (120, -20), (-120, -20)], liquid)
    c.rect(-122, -40, 122, 0, liquid, r=18)
    c.ellipse(0, -100, 74, 10, mix(liquid, WHITE, 0.3))
    for x, y, r in ((-30, -60, 12), (24, -40, 9), (50, -76, 7), (0, -140, 10), (-12, -200, 8), (14, -236, 6)):
        c.circle(x, y, r, WHITE if y < -100 else mix(liquid, WHITE, 0.5))
    c.rect(-100, -80, -86, -30, WHITE, r=6)


def atom(c: Canvas, colour: str = TEAL) -> None:
    """An atom, centred on the origin: three orbits and a nucleus."""
    for angle in (0, 60, 120):
        c.ring(0, 0, 150, 52, angle, colour, 12)
    c.circle(0, 0, 34, RED)
    c.circle(-10, -10, 10, mix(RED, WHITE, 0.4))
    for x, y in ((150, 0), (-75, 130), (-75, -130)):
        c.circle(x, y, 16, INK)


def ruler(c: Canvas, length: float = 420) -> None:
    """A yellow ruler lying from the origin to the right, marked every 20 units."""
    c.rect(0, -64, length, 0, YELLOW, r=8)
    for i, x in enumerate(range(20, int(length), 20)):
        c.stroke([(x, -64), (x, -64 + (30 if i % 5 == 4 else 16))], INK, 4)


def set_square(c: Canvas) -> None:
    """A see-through triangle (set square), its right angle at the origin."""
    c.poly([(0, 0), (0, -230), (200, 0)], "#7fc3f0")
    c.poly([(34, -36), (34, -140), (116, -36)], mix("#7fc3f0", WHITE, 0.6))


def leaf(c: Canvas, colour: str = LEAF) -> None:
    """A leaf on its stalk, the stalk's foot at the origin."""
    c.stroke([(0, 0), (6, -40)], GREEN, 10)
    c.poly([(6, -40), (-70, -110), (-86, -190), (-40, -270), (10, -320), (60, -260), (86, -180), (70, -100)], colour)
    c.stroke([(6, -40), (4, -180), (8, -300)], GREEN, 7)
    for y, dx in ((-110, 50), (-160, 60), (-210, 50)):
        c.stroke([(5, y), (-dx, y - 40)], GREEN, 5)
        c.stroke([(5, y + 10), (dx, y - 30)], GREEN, 5)


def microscope(c: Canvas) -> None:
    """A school microscope standing at the origin."""
    c.rect(-110, -30, 110, 0, INK, r=10)
    c.stroke([(60, -30), (60, -190), (10, -260)], GREY, 34)
    c.rect(-70, -120, 40, -100, INK, r=4)
    with c.at(-10, -250, 1, -35):
        c.rect(-24, -80, 24, 70, SILVER, r=8)
        c.rect(-30, -96, 30, -70, INK, r=6)
        c.rect(-16, 70, 16, 100, GREY, r=4)
    c.circle(60, -150, 20, SILVER)

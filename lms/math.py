"""Formulas in text: LaTeX between ``\\( \\)`` (inline) and ``\\[ \\]`` (display), rendered to MathML.

MathML is drawn by Chromium, Firefox and Safari and read by screen readers,
with no script and no CDN, so a formula costs a phone nothing. The
conversion is ``latex2mathml``'s (pinned in requirements.txt); this module
adds what it lacks: it says when LaTeX is wrong (unbalanced braces, unknown
commands, its own errors) instead of drawing something else, and a formula
that cannot be drawn shows its source with the reason, never a broken page.

- :func:`render_math` turns plain text with formulas into safe HTML;
- :func:`math_errors` lists what is wrong, for forms and blocks to refuse.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405  # nosec B405 - only to write XML back; parsing is defusedxml's
from dataclasses import dataclass
from functools import lru_cache

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

MAX_FORMULA_CHARS = 2000
_DELIMITED = re.compile(r"\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\]", re.DOTALL)
_UNKNOWN_COMMAND = re.compile(r">(\\[A-Za-z]+)<")
_ESCAPED_BRACE = re.compile(r"\\[{}]")
_BARE_AMPERSAND = re.compile(r"&(?!#x?[0-9A-Fa-f]+;|[A-Za-z]+;)")
MATHML = "http://www.w3.org/1998/Math/MathML"
ET.register_namespace("", MATHML)
# MathML Core's elements and the presentation attributes latex2mathml writes; anything else
# (e.g. a <script> typed inside \text{}) makes the formula invalid.
ELEMENTS = frozenset(
    "math mrow mi mn mo ms mtext mspace msub msup msubsup mfrac msqrt mroot mover munder munderover mtable mtr "
    "mtd mlabeledtr mstyle mpadded mphantom menclose merror mmultiscripts mprescripts none semantics "
    "annotation".split()
)
ATTRIBUTES = frozenset(
    "display mathvariant stretchy fence separator form lspace rspace width height depth linethickness columnalign "
    "rowalign columnspacing rowspacing columnlines rowlines frame framespacing notation displaystyle scriptlevel "
    "accent accentunder movablelimits largeop symmetric minsize maxsize mathsize mathcolor mathbackground "
    "rowspan columnspan class voffset equalrows equalcolumns".split()
)


@dataclass(frozen=True)
class Segment:
    """A piece of text: plain, or a formula (``display`` when set apart on its own line)."""

    text: str
    formula: bool = False
    display: bool = False


def split_math(text: str) -> list[Segment]:
    """``text`` cut into plain pieces and formulas, in order."""
    segments: list[Segment] = []
    position = 0
    for match in _DELIMITED.finditer(text or ""):
        if match.start() > position:
            segments.append(Segment(text[position : match.start()]))
        display = match.group("display") is not None
        segments.append(Segment(match.group("display" if display else "inline"), formula=True, display=display))
        position = match.end()
    if position < len(text or ""):
        segments.append(Segment(text[position:]))
    return segments


def _braces_balanced(latex: str) -> bool:
    depth = 0
    for char in _ESCAPED_BRACE.sub("", latex):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


@lru_cache(maxsize=2048)
def convert(latex: str, display: bool = False) -> tuple[str, str]:
    """(MathML, "") for valid LaTeX, ("", the reason) otherwise."""
    from latex2mathml.converter import convert as to_mathml

    latex = latex.strip()
    if not latex:
        return "", _("The formula is empty.")
    if len(latex) > MAX_FORMULA_CHARS:
        return "", _("The formula is too long.")
    if not _braces_balanced(latex):
        return "", _("The braces { } do not match.")
    try:
        mathml = to_mathml(latex, display="block" if display else "inline")
    except Exception as error:  # noqa: BLE001 - latex2mathml raises many kinds, all meaning "not valid"
        name = type(error).__name__.removesuffix("Error")
        words = re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()
        return "", _("The LaTeX cannot be read (%(reason)s).") % {"reason": words}
    unknown = _UNKNOWN_COMMAND.search(mathml)
    if unknown:
        return "", _("Unknown command %(command)s.") % {"command": unknown.group(1)}
    safe = _sanitised(mathml)
    if safe is None:
        return "", _("The formula contains characters that cannot be used here (< or >).")
    return safe, ""


def _sanitised(mathml: str) -> str | None:
    """The MathML re-serialised with only MathML elements and attributes (text escaped), or None."""
    try:
        root = defused_fromstring(_BARE_AMPERSAND.sub("&amp;", mathml))
    except (ET.ParseError, DefusedXmlException):
        return None
    prefix = "{" + MATHML + "}"
    for element in root.iter():
        if not element.tag.startswith(prefix) or element.tag[len(prefix) :] not in ELEMENTS:
            return None
        for name in list(element.attrib):
            if name not in ATTRIBUTES:
                del element.attrib[name]
    return ET.tostring(root, encoding="unicode")


def math_errors(text: str) -> list[str]:
    """Every problem of the formulas in ``text``, as sentences naming the formula."""
    errors = []
    stripped = _DELIMITED.sub("", text or "")
    if "\\(" in stripped or "\\[" in stripped:
        errors.append(_("A formula opened with \\( or \\[ is not closed with \\) or \\]."))
    for segment in split_math(text or ""):
        if segment.formula:
            _mathml, error = convert(segment.text, segment.display)
            if error:
                errors.append(_("Formula “%(source)s”: %(error)s") % {"source": segment.text.strip(), "error": error})
    return errors


def _labelled(mathml: str, source: str) -> str:
    """The MathML with its source as accessible name, for readers that do not speak MathML."""
    label = escape(" ".join(source.split()))
    return mathml.replace("<math ", f'<math alttext="{label}" aria-label="{label}" role="math" ', 1)


def render_formula(source: str, *, display: bool = False) -> SafeString:
    """One formula as MathML, or its source with the reason it cannot be drawn."""
    mathml, error = convert(source, display)
    if error:
        return format_html(
            '<span class="math-error"><code>{}</code> <small role="note">{}</small></span>', source.strip(), error
        )
    return mark_safe(_labelled(mathml, source))  # noqa: S308  # nosec B308 B703 - re-serialised by _sanitised, label escaped


def render_math(text: str, *, linebreaks: bool = False) -> SafeString:
    """``text`` escaped, with each formula drawn in MathML (``linebreaks``: newlines become ``<br>``)."""
    parts = []
    for segment in split_math(text or ""):
        if segment.formula:
            parts.append(str(render_formula(segment.text, display=segment.display)))
        else:
            plain = str(escape(segment.text))
            parts.append(plain.replace("\n", "<br>") if linebreaks else plain)
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - every plain piece is escaped above


def has_math(text: str) -> bool:
    return bool(_DELIMITED.search(text or ""))

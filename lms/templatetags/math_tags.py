"""``{{ text|math }}``: plain text with LaTeX formulas drawn in MathML (``lms.math``)."""

from django import template

from lms.math import has_math, render_math

register = template.Library()


@register.filter(name="math")
def math_filter(text):
    """Escaped text, formulas between \\( \\) and \\[ \\] as MathML."""
    return render_math(str(text or ""))


@register.filter
def math_lines(text):
    """Like ``math``, with line breaks kept."""
    return render_math(str(text or ""), linebreaks=True)


@register.filter(name="has_math")
def has_math_filter(text) -> bool:
    """Whether ``text`` holds a formula between \\( \\) or \\[ \\]."""
    return has_math(str(text or ""))

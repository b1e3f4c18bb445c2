"""Formulas (lms.math): LaTeX to MathML on the server, errors said instead of a broken page."""

import pytest
from django.core.exceptions import ValidationError

from courses.blocks import EquationBlock
from lms.math import math_errors, render_math


def test_inline_and_display_formulas_become_mathml_with_an_accessible_name():
    html = render_math(r"Động năng \(W_d = \frac{1}{2} m v^2\) và \[F = m a\]")
    assert html.startswith("Động năng <math")
    assert html.count("<math") == 2
    assert 'aria-label="W_d = \\frac{1}{2} m v^2"' in html
    assert 'display="block"' in html and "<mfrac>" in html


def test_text_around_formulas_is_escaped():
    assert render_math("<b>x</b> & y") == "&lt;b&gt;x&lt;/b&gt; &amp; y"


def test_markup_smuggled_inside_a_formula_is_refused():
    html = render_math(r"\(\text{<script>alert(1)</script>}\)")
    assert "<script" not in html
    assert 'class="math-error"' in html


@pytest.mark.parametrize(
    "latex", [r"\(a^\)", r"\(\frac{a\)", r"\(\foo{x}\)", r"\(\left( x\)", r"\(x_1_2\)", r"\(  \)"]
)
def test_invalid_latex_shows_its_source_and_a_reason(latex):
    html = render_math(latex)
    assert 'class="math-error"' in html and "<code>" in html
    assert math_errors(latex)


def test_an_unclosed_formula_is_reported():
    assert math_errors(r"Vận tốc \(v = s/t") != []
    assert math_errors(r"Vận tốc \(v = s/t\)") == []


def test_the_lessons_equation_block_refuses_wrong_latex_and_draws_right_latex():
    block = EquationBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"text": r"\(\frac{1}{2\)", "image": None, "caption": ""}))
    value = block.clean(block.to_python({"text": r"\(v = \frac{s}{t}\)", "image": None, "caption": ""}))
    assert "<math" in block.render(value)
    plain = block.render(block.to_python({"text": "L = v₀² · sin(2α) / g", "image": None, "caption": ""}))
    assert 'role="math"' in plain and "<math" not in plain

"""E-mail subjects are plain text: no template of one escapes HTML ("Sở KH&amp;CN" in a subject line)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

SUBJECTS = sorted(
    path
    for path in Path(settings.BASE_DIR).glob("*/templates/**/*_subject.txt")
    if ".venv" not in path.parts and "node_modules" not in path.parts
)


def test_there_are_subject_templates_to_check():
    assert len(SUBJECTS) >= 20


@pytest.mark.parametrize("path", SUBJECTS, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_a_subject_template_never_escapes(path):
    # Whatever values it shows now: a subject shown later (a title, a name) must not be escaped either.
    assert "{% autoescape off %}" in path.read_text(encoding="utf-8")
    name = str(path).split("/templates/", 1)[1]
    rendered = render_to_string(
        name,
        {
            "organisation": "Sở KH&CN",
            "team": "Đội “A&B”",
            "assignment": {"title": "Giáo án <STEM> & thực hành"},
            "total": 1,
        },
    )
    assert "&amp;" not in rendered and "&lt;" not in rendered and "&quot;" not in rendered, rendered

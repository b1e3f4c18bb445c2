"""A question as a page shows it, and the answers a page's form sends back.

:class:`Shown` carries only :func:`specs.public_view` of the version (texts and
opaque ids) plus the learner's own answer, until the attempt may be reviewed:
only then are the mark, the right answer and the feedback added. Field names
are ``q<position>`` (``q<position>-<id>`` for the parts of matching, ordering
and cloze), read back by :func:`responses_from`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lms.math import render_math
from lms.text import clean_text

from .cloze import PLACEHOLDER
from .grading import grade
from .specs import public_view, right_answer

MAX_ANSWER_CHARS = 20000


@dataclass
class Shown:
    position: int
    points: object
    view: dict
    response: object
    name: str
    pieces: list = field(default_factory=list)  # cloze: ("text", html) and ("gap", gap, value)
    reviewed: bool = False
    fraction: float | None = None
    score: object = None
    right: list = field(default_factory=list)
    feedback: list = field(default_factory=list)
    comment: str = ""
    image: object = None
    checked: bool = False  # checked during the attempt (immediate feedback): final, shown with its mark
    can_check: bool = False  # the attempt page offers "Check" for this question
    rubric: object = None  # essays marked with a rubric: the rubric (criteria and levels) for the trainer
    levels: dict = field(default_factory=dict)  # {criterion id (str): level id} chosen by the trainer

    @property
    def kind(self) -> str:
        return self.view["kind"]

    @property
    def chosen(self) -> set:
        if isinstance(self.response, list):
            return {str(r) for r in self.response}
        return {str(self.response)} if self.response not in (None, "") else set()

    @property
    def parts(self) -> dict:
        return self.response if isinstance(self.response, dict) else {}

    @property
    def text_answer(self) -> str:
        return self.response if isinstance(self.response, str) else ""

    @property
    def matching_rows(self) -> list:
        return [(p, self.parts.get(p["id"], "")) for p in self.view.get("prompts", [])]

    @property
    def ordering_rows(self) -> list:
        return [(i, str(self.parts.get(i["id"], ""))) for i in self.view.get("items", [])]

    @property
    def is_answered(self) -> bool:
        return self.response not in (None, "", [], {})

    @property
    def state(self) -> str:
        if self.fraction is None:
            return "pending"
        if self.fraction >= 0.999:
            return "right"
        return "partial" if self.fraction > 0 else "wrong"


def _cloze_pieces(view: dict, values: dict) -> list:
    pieces = []
    text = view.get("text", "")
    position = 0
    for match in PLACEHOLDER.finditer(text):
        pieces.append(("text", render_math(text[position : match.start()], linebreaks=True), None))
        gap = view["gaps"].get(match.group(1))
        if gap:
            pieces.append(("gap", gap, str(values.get(gap["id"], ""))))
        position = match.end()
    pieces.append(("text", render_math(text[position:], linebreaks=True), None))
    return pieces


def show(row, *, reviewed: bool = False) -> Shown:
    """``row`` (an AttemptQuestion with its version) as the page shows it."""
    spec = row.version.spec
    shown = Shown(
        position=row.position,
        points=row.points,
        view=public_view(spec, row.order),
        response=row.response,
        name=f"q{row.position}",
        reviewed=reviewed,
    )
    if shown.kind == "cloze":
        shown.pieces = _cloze_pieces(shown.view, shown.parts)
    if reviewed:
        outcome = grade(spec, row.response)
        shown.fraction = float(row.fraction) if row.fraction is not None else outcome.fraction
        shown.score = row.score
        shown.right = right_answer(spec)
        shown.feedback = [f for f in [*outcome.feedback, spec.get("feedback", "")] if f]
        shown.comment = getattr(row, "comment", "")
        shown.levels = getattr(row, "levels", None) or {}
    return shown


def show_during_attempt(row, quiz) -> Shown:
    """A question on the attempt's page: as :func:`show`, except that a question checked with
    immediate feedback is shown with its mark, right answer and feedback, and can no longer change."""
    checked = getattr(row, "checked_at", None) is not None
    shown = show(row, reviewed=checked)
    shown.checked = checked
    shown.can_check = not checked and quiz.review == "immediately" and shown.kind != "essay"
    return shown


def _text(value) -> str:
    return clean_text(str(value or ""))[:MAX_ANSWER_CHARS]


def response_from(data, shown: Shown):
    """The answer to one shown question in a submitted form (None when the form did not carry it)."""
    name = shown.name
    kind = shown.kind
    if kind == "multiple":
        if name not in data and f"{name}-present" not in data:
            return None
        allowed = {c["id"] for c in shown.view["choices"]}
        return [value for value in data.getlist(name) if value in allowed]
    if kind in ("matching", "ordering", "cloze"):
        keys = {
            "matching": [p["id"] for p in shown.view.get("prompts", [])],
            "ordering": [i["id"] for i in shown.view.get("items", [])],
            "cloze": list(shown.view.get("gaps", {})),
        }[kind]
        if not any(f"{name}-{key}" in data for key in keys):
            return None
        return {key: _text(data.get(f"{name}-{key}")) for key in keys if data.get(f"{name}-{key}")}
    if name not in data:
        return None
    if kind == "essay":
        return clean_text(str(data.get(name) or ""), multiline=True)[:MAX_ANSWER_CHARS]
    return _text(data.get(name))


def responses_from(data, shown_questions: list[Shown]) -> dict[int, object]:
    """{position: answer} for every shown question whose answer the form carries."""
    answers = {}
    for shown in shown_questions:
        response = response_from(data, shown)
        if response is not None:
            answers[shown.position] = response
    return answers


def attach_images(shown_questions: list[Shown]) -> list[Shown]:
    """Give each shown question its image (one query for the page)."""
    from wagtail.images import get_image_model

    ids = {s.view.get("image_id") for s in shown_questions if s.view.get("image_id")}
    images = get_image_model().objects.in_bulk(ids) if ids else {}
    for shown in shown_questions:
        shown.image = images.get(shown.view.get("image_id"))
    return shown_questions


def preview(question, options=None) -> dict:
    """The admin's preview of a question (saved or not; ``options`` if not read from it): as a learner
    sees it, then with its answers."""
    import random
    from types import SimpleNamespace

    from .specs import build_spec, draw_order

    spec = build_spec(question, options)
    row = SimpleNamespace(
        position=1,
        points=question.default_points,
        version=SimpleNamespace(spec=spec),
        order=draw_order(spec, random.Random(0)),  # noqa: S311 - a preview's shuffle
        response=None,
        fraction=None,
        score=None,
        comment="",
    )
    return {
        "question": question,
        "as_learner": attach_images([show(row)]),
        "with_answers": attach_images([show(row, reviewed=True)]),
    }

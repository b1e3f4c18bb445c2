"""Pages whose text is searched with Vietnamese diacritics folded, on SQLite and PostgreSQL.

Many learners type without diacritics ("giao an stem"). Neither database's
full-text search folds Vietnamese reliably (SQLite's tokenizer keeps
letters with two marks such as "ễ", and nothing maps "đ" to "d"), so every
searchable page indexes a folded copy of its text (:meth:`FoldedSearchMixin.folded_search_text`)
and the query is folded the same way before Wagtail search runs (the
``search`` app). Title hits are ranked first, and snippets are cut from the
original, accented text with the matched words highlighted.
"""

import re
import unicodedata

from django.utils.html import format_html, format_html_join

from .text import WORD, fold, plain

SNIPPET_CHARS = 220


class FoldedSearchMixin:
    """For page models: index a folded copy of the page's text.

    Subclasses list their text in :meth:`search_text_parts` and add
    ``index.SearchField("folded_search_text")`` to their ``search_fields``.
    """

    def search_text_parts(self) -> list[str]:
        return [self.search_description]

    def folded_search_text(self) -> str:
        return fold(" ".join([self.title, *self.search_text_parts()]))

    def snippet_parts(self) -> list[str]:
        """The text extracts are cut from; override when search_text_parts costs queries."""
        return self.search_text_parts()

    def snippet_source(self) -> str:
        return " ".join(" ".join(plain(part).split()) for part in self.snippet_parts() if part)


def highlight(text: str, terms: list[str], length: int | None = SNIPPET_CHARS):
    """An escaped extract of ``text`` around the first matched term, terms wrapped in <mark>.

    With ``length=None`` the whole text is kept (for titles).
    """
    text = unicodedata.normalize("NFC", " ".join((text or "").split()))
    folded = fold(text)
    spans = []
    for term in terms:
        for match in re.finditer(r"(?<![a-z0-9])" + re.escape(term), folded):
            spans.append((match.start(), match.end()))
    spans.sort()
    start = 0
    if length is None:
        length = len(text)
    elif spans:
        start = max(0, spans[0][0] - length // 4)
        if start:
            start = text.find(" ", start) + 1 or start
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    pairs, cursor = [], start
    for span_start, span_end in spans:
        if span_start < cursor or span_end > end:
            continue
        pairs.append((text[cursor:span_start], text[span_start:span_end]))
        cursor = span_end
    marked = format_html_join("", "{}<mark>{}</mark>", pairs)
    return format_html("{}{}{}{}", "… " if start else "", marked, text[cursor:end], " …" if end < len(text) else "")


def title_tier(title: str, terms: list[str]) -> int:
    """0 when every term is a word of the title, 1 when some are, 2 when none."""
    words = set(WORD.findall(fold(title)))
    found = sum(1 for term in terms if term in words)
    return 0 if found == len(terms) else (1 if found else 2)


def rank(pages, terms: list[str]):
    """Title hits first, keeping the search backend's relevance order within each tier."""
    return [page for _position, page in sorted(enumerate(pages), key=lambda p: (title_tier(p[1].title, terms), p[0]))]


def reindex_published_page(instance, **kwargs) -> None:
    """Signal receiver: index a page again once its tags and inline rows are saved.

    Wagtail indexes a page on ``post_save``, before modelcluster writes the
    page's child rows (tags, trainers), so the index would show the previous
    tags until the next publish.
    """
    from wagtail.search import index

    if hasattr(instance, "folded_search_text"):
        index.insert_or_update_object(instance)


def connect() -> None:
    from wagtail.signals import page_published

    page_published.connect(reindex_published_page, dispatch_uid="catalogue-reindex")

"""Site search that ignores Vietnamese diacritics and case, on SQLite and PostgreSQL.

Many learners type without diacritics ("giao an stem"). Neither database's
full-text search folds Vietnamese reliably (SQLite's tokenizer keeps
letters with two marks such as "ễ", and nothing maps "đ" to "d"), so every
searchable page indexes a folded copy of its text (:meth:`FoldedSearchMixin.folded_search_text`)
and the query is folded the same way before Wagtail search runs. Title hits
are ranked first, and snippets are cut from the original, accented text with
the matched words highlighted.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from html import unescape

from django.utils.html import format_html, format_html_join

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_TERM_CHARS = 40
MAX_RESULTS = 200
SNIPPET_CHARS = 220

_WORD = re.compile(r"[a-z0-9]+")
_TAG = re.compile(r"<[^>]*>")
_SKIP_KEYS = {"type", "id", "url", "kind", "image", "document", "stage", "duration"}


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character without its marks, lower case; always one character long."""
    if char in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)).lower()
    return base if len(base) == 1 else char.lower()


def fold(text: str) -> str:
    """``text`` without diacritics, lower case, with "đ" as "d".

    The result has exactly one character per character of the NFC input, so a
    position found in the folded text is the same position in the original.
    """
    return "".join(fold_char(c) for c in unicodedata.normalize("NFC", text or ""))


def query_terms(query: str) -> list[str]:
    """The distinct search words of a visitor's query, folded, bounded in number and length."""
    terms: list[str] = []
    for word in _WORD.findall(fold(query[:MAX_QUERY_CHARS])):
        word = word[:MAX_TERM_CHARS]
        if word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


def stream_text(raw_data) -> list[str]:
    """The words of a StreamField's raw JSON, without HTML, ids or links.

    Reads the stored data directly, so it costs no query for images or documents.
    """
    texts: list[str] = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in _SKIP_KEYS:
                    walk(v, k)
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, str) and value and not value.startswith(("http://", "https://")):
            texts.append(plain(value))

    walk(list(getattr(raw_data, "raw_data", raw_data) or []))
    return texts


def plain(html_or_text: str) -> str:
    """Rich text as plain text; every tag counts as a space, so list items stay apart.

    Only for indexing and for snippets, which are escaped again before display.
    """
    return " ".join(unescape(_TAG.sub(" ", html_or_text or "")).split())


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


@dataclass
class Hit:
    """One search result as the template shows it."""

    page: object
    title: object
    snippet: object
    kind: str
    locked: bool = False


def title_tier(title: str, terms: list[str]) -> int:
    """0 when every term is a word of the title, 1 when some are, 2 when none."""
    words = set(_WORD.findall(fold(title)))
    found = sum(1 for term in terms if term in words)
    return 0 if found == len(terms) else (1 if found else 2)


def rank(pages, terms: list[str]):
    """Title hits first, keeping the search backend's relevance order within each tier."""
    return [page for _position, page in sorted(enumerate(pages), key=lambda p: (title_tier(p[1].title, terms), p[0]))]


def _kinds():
    from django.utils.translation import gettext_lazy as _

    from camps.models import CampMaterialPage
    from courses.models import CoursePage, LessonPage
    from stem_lessons.models import StemLessonPage

    return {
        "khoa-hoc": (CoursePage, _("Course")),
        "bai-hoc": (LessonPage, _("Lesson")),
        "giao-an": (StemLessonPage, _("STEM lesson plan")),
        "trai-nghiem": (CampMaterialPage, _("Camp and Fablab")),
    }


def search_pages(terms: list[str], kind: str = "") -> tuple[list, bool]:
    """Live public pages matching every term (or, failing that, any term), title hits first.

    Returns the ranked pages (at most MAX_RESULTS, as base Page objects) and
    whether the looser "any word" search was used.
    """
    from wagtail.models import Page

    if not terms:
        return [], False
    kinds = _kinds()
    models = [kinds[kind][0]] if kind in kinds else [model for model, _label in kinds.values()]
    pages = Page.objects.live().public().type(*models)
    hits = _search(pages, models, terms, "and")
    loose = False
    if not hits and len(terms) > 1:
        hits = _search(pages, models, terms, "or")
        loose = bool(hits)
    return rank(hits, terms), loose


def _search(pages, models, terms: list[str], operator: str) -> list:
    """The best MAX_RESULTS of ``pages`` matching ``terms``, by relevance."""
    from django.db import connection

    if connection.vendor == "sqlite":
        ranked = _sqlite_ranked_ids(models, terms, operator, MAX_RESULTS * 2)
        if ranked is not None:
            found = {page.pk: page for page in pages.filter(pk__in=ranked)}
            return [found[pk] for pk in ranked if pk in found][:MAX_RESULTS]
    return list(pages.search(" ".join(terms), operator=operator)[:MAX_RESULTS])


def _sqlite_ranked_ids(models, terms: list[str], operator: str, limit: int) -> list[int] | None:
    """Ids of pages of ``models`` ranked by BM25, the title weighted as Wagtail does, in one
    pass over SQLite's FTS5 index.

    Wagtail's SQLite backend ranks with a correlated subquery that runs the
    full-text match again for every matching page: 20 s for "giao an stem"
    over 3,000 pages. Here the match runs once. None when the index has no
    FTS5 table (Wagtail then searches without it).
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import DatabaseError, connection

    types = [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]
    # Terms are folded words of [a-z0-9] only (query_terms), so quoting them is enough.
    match = "{title body} : (" + f" {operator.upper()} ".join(f'"{term}"' for term in terms) + ")"
    placeholders = ", ".join(["%s"] * len(types))
    # Only placeholders are formatted into the statement; every value is a parameter.
    sql = (
        "SELECT e.object_id, bm25(wagtailsearch_indexentry_fts) * (e.title_norm + 1) AS score "  # noqa: S608  # nosec B608
        "FROM wagtailsearch_indexentry_fts "
        "JOIN wagtailsearch_indexentry e ON wagtailsearch_indexentry_fts.rowid = e.id "
        f"WHERE wagtailsearch_indexentry_fts MATCH %s AND e.content_type_id IN ({placeholders}) "
        "ORDER BY score, e.object_id LIMIT %s"
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, [match, *types, limit])
            rows = cursor.fetchall()
    except DatabaseError:
        return None
    return list(dict.fromkeys(int(object_id) for object_id, _score in rows))


def build_hits(user, pages, terms: list[str]) -> list[Hit]:
    """Search results for one page of results: specific pages, highlighted titles and snippets.

    Lessons the visitor may not read show no extract of their text.
    """
    from wagtail.models import Page

    from courses.models import LessonPage
    from courses.permissions import courses_with_content_for

    specific = {page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in pages]).specific()}
    labels = dict(_kinds().values())
    locked_lessons = [p for p in specific.values() if isinstance(p, LessonPage) and not p.free_preview]
    open_paths = list(courses_with_content_for(user).values_list("path", flat=True)) if locked_lessons else []
    hits = []
    for page in pages:
        item = specific.get(page.pk)
        if item is None:
            continue
        locked = item in locked_lessons and not any(item.path.startswith(path) for path in open_paths)
        snippet = "" if locked else highlight(item.snippet_source(), terms)
        hits.append(
            Hit(
                page=item,
                title=highlight(item.title, terms, length=None),
                snippet=snippet,
                kind=labels.get(type(item), ""),
                locked=locked,
            )
        )
    return hits


def search_context(request) -> dict:
    """Everything the search page shows for the request's ``q``, ``loai`` and ``page``."""
    from courses.catalogue import paginate, querystring_without_page

    query = request.GET.get("q", "")[:MAX_QUERY_CHARS]
    kinds = _kinds()
    kind = request.GET.get("loai", "")
    kind = kind if kind in kinds else ""
    terms = query_terms(query)
    pages, loose = search_pages(terms, kind)
    page_obj = paginate(request, pages, per_page=10)
    return {
        "search_query": query.strip(),
        "terms": terms,
        "kind": kind,
        "kinds": [(key, label) for key, (_model, label) in kinds.items()],
        "loose": loose,
        "page_obj": page_obj,
        "hits": build_hits(request.user, list(page_obj.object_list), terms) if terms else [],
        "filter_query": querystring_without_page(request),
        "too_many": len(pages) >= MAX_RESULTS,
    }

"""Searching the registered page types: the query folded, title hits first, extracts highlighted.

See :mod:`lms.searchable` for the folded index text and :mod:`search.registry`
for how an app adds its page types.
"""

from dataclasses import dataclass

from lms.lists import paginate, querystring_without_page
from lms.searchable import highlight, rank
from lms.text import MAX_QUERY_CHARS, query_terms

from .registry import search_types

MAX_RESULTS = 200


@dataclass
class Hit:
    """One search result as the template shows it."""

    page: object
    title: object
    snippet: object
    kind: str
    locked: bool = False


def search_pages(terms: list[str], kind: str = "") -> tuple[list, bool]:
    """Live public pages matching every term (or, failing that, any term), title hits first.

    Returns the ranked pages (at most MAX_RESULTS, as base Page objects) and
    whether the looser "any word" search was used.
    """
    from wagtail.models import Page

    if not terms:
        return [], False
    kinds = search_types()
    models = [kinds[kind].model] if kind in kinds else [t.model for t in kinds.values()]
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

    Pages the visitor may not read (their type's ``locked``) show no extract of their text.
    """
    from wagtail.models import Page

    specific = {page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in pages]).specific()}
    types = {t.model: t for t in search_types().values()}
    locked_ids: set[int] = set()
    for search_type in types.values():
        of_type = [p for p in specific.values() if type(p) is search_type.model]
        if search_type.locked and of_type:
            locked_ids |= set(search_type.locked(user, of_type))
    hits = []
    for page in pages:
        item = specific.get(page.pk)
        if item is None:
            continue
        locked = item.pk in locked_ids
        snippet = "" if locked else highlight(item.snippet_source(), terms)
        search_type = types.get(type(item))
        hits.append(
            Hit(
                page=item,
                title=highlight(item.title, terms, length=None),
                snippet=snippet,
                kind=search_type.label if search_type else "",
                locked=locked,
            )
        )
    return hits


def search_context(request) -> dict:
    """Everything the search page shows for the request's ``q``, ``loai`` and ``page``."""

    query = request.GET.get("q", "")[:MAX_QUERY_CHARS]
    kinds = search_types()
    kind = request.GET.get("loai", "")
    kind = kind if kind in kinds else ""
    terms = query_terms(query)
    pages, loose = search_pages(terms, kind)
    page_obj = paginate(request, pages, per_page=10)
    return {
        "search_query": query.strip(),
        "terms": terms,
        "kind": kind,
        "kinds": [(key, t.label) for key, t in kinds.items()],
        "loose": loose,
        "page_obj": page_obj,
        "hits": build_hits(request.user, list(page_obj.object_list), terms) if terms else [],
        "filter_query": querystring_without_page(request),
        "too_many": len(pages) >= MAX_RESULTS,
    }

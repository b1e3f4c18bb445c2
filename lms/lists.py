"""Lists with filters that combine in a shareable URL, and pagination.

Used by the programme, course catalogue, lesson-plan library and camp index
pages. Every list costs a constant number of queries: the page of items,
its tags in one prefetch, and the filter options in one query each.
"""

from dataclasses import dataclass, field

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Prefetch, QuerySet
from django.utils.http import urlencode
from taggit.models import Tag

from .collation import vietnamese_order
from .text import vietnamese_key

PER_PAGE = 12


@dataclass
class Filter:
    """One filter of a list: its URL parameter, label, options and the chosen value."""

    name: str
    label: str
    options: list[tuple[str, str]]
    selected: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def selected_label(self) -> str:
        return dict(self.options).get(self.selected, "")


def read_filter(request, name: str, options: list[tuple[str, str]]) -> str:
    """The requested value of a filter, or "" when absent or not one of ``options``."""
    value = request.GET.get(name, "")
    return value if value in {key for key, _label in options} else ""


def read_filters(request, filters: list[Filter]) -> list[str]:
    """Set each filter's ``selected`` from the request; returns the chosen values, in order."""
    for item in filters:
        item.selected = read_filter(request, item.name, item.options)
    return [item.selected for item in filters]


def tag_options(through_model, pages: QuerySet) -> list[tuple[str, str]]:
    """(slug, name) of the tags used on ``pages`` through ``through_model``, in one query."""
    related = through_model._meta.get_field("tag").remote_field.related_name
    lookup = f"{related}__content_object__in"
    tags = Tag.objects.filter(**{lookup: pages}).distinct().values_list("slug", "name")
    return sorted(tags, key=lambda tag: vietnamese_key(tag[1]))  # few: sorted here, in Vietnamese


def prefetch_tags(*names: str) -> list[Prefetch]:
    return [Prefetch(name, queryset=Tag.objects.order_by(vietnamese_order("name"))) for name in names]


def paginate(request, items, per_page: int = PER_PAGE):
    """The requested page of ``items``; a bad or too large page number gives the first or last page."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def querystring_without_page(request) -> str:
    """The current filters as a query string, for pagination links (``&`` first when not empty)."""
    params = [(key, value) for key, value in request.GET.items() if key != "page" and value]
    return "&" + urlencode(params) if params else ""


def list_context(request, page_obj, filters: list[Filter]) -> dict:
    active = [f for f in filters if f.selected]
    return {
        "page_obj": page_obj,
        "items": page_obj.object_list,
        "filters": filters,
        "active_filters": active,
        "filter_query": querystring_without_page(request),
    }

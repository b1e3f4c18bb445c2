from wagtail import hooks

from lms.page_cache import PageCacheRules


@hooks.register("register_page_cache")
def search_results_in_cache():
    """The search's answers are lists of pages: cached for visitors like the pages themselves."""
    return PageCacheRules(views=("search",))

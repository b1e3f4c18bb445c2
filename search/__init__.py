"""The site search: one box over every searchable page type, with or without diacritics.

An app of its own because it serves every content app without belonging to
any: each app registers its page types (``register_search_type``, see
:mod:`search.registry`), and the search names none of them.
"""

"""Kept for the migrations written before the mixin moved down to :mod:`lms.searchable`."""

from lms.searchable import FoldedSearchMixin  # noqa: F401

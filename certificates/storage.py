"""Where issued PDFs and bulk ZIPs live: the project's private storage.

Files are only read by views that check permission first (the learner's
download, a manager's ZIP). Kept as a module-level callable because the
migrations refer to ``certificates.storage.private_storage``.
"""

from lms.storage import private_storage

__all__ = ["private_storage"]

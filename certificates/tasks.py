"""The background tasks of certificates (Django Tasks), each defined beside the service it runs.

``services.issue_for_enrolment`` issues one certificate; ``bulk.issue_chunk``
(a share of a class) and ``bulk.pack_job`` issue a class and pack its ZIP;
``bulk.issue_for_job`` runs the one-learner tasks queued before jobs were cut into chunks. They are named here too
because tasks queued before they moved (the database backend keeps the path)
were queued under ``certificates.tasks``: this module imports the services,
never the reverse.
"""

from .bulk import issue_chunk, issue_for_job, pack_job
from .services import issue_for_enrolment

__all__ = ["issue_chunk", "issue_for_enrolment", "issue_for_job", "pack_job"]

"""The platform every app stands on: installed as an app for its models, templates and tags.

``lms`` is the bottom floor (see docs/architecture.md): the site's settings
(organisation name, logo, contact), the base templates and stylesheet, the
error pages, the page cache and its template tags, text folding, PDFs,
spreadsheets and mail. It imports no other app of the project; the apps
above plug into it through Wagtail hooks (``lms.hooks``).
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    label = "lms"
    verbose_name = _("Site and platform")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import page_cache, searchable, sections
        from .admin_utils import protect_spreadsheet_exports
        from .collation import register_on_sqlite

        connection_created.connect(register_on_sqlite, dispatch_uid="lms.collation")
        self.connect_task_request_ids()
        page_cache.connect_invalidation()
        sections.connect()
        searchable.connect()
        protect_spreadsheet_exports()

    @staticmethod
    def connect_task_request_ids():
        """A task's log lines carry the id of the request that queued it (lms/operations.py)."""
        from django_tasks.signals import task_enqueued, task_finished, task_started

        from . import operations

        task_enqueued.connect(operations.remember_task_request, dispatch_uid="lms.task_request_id")
        task_started.connect(operations.adopt_task_request, dispatch_uid="lms.task_request_id")
        task_finished.connect(operations.forget_task_request, dispatch_uid="lms.task_request_id")

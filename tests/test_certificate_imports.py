"""Certificates (and reports) without import cycles: each task sits beside the service it runs,
the models never import rendering. The rule is the import-linter contract "acyclic" in pyproject.toml."""

from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string
from importlinter.cli import lint_imports

from certificates import bulk, services


def test_no_module_of_certificates_or_reports_takes_part_in_an_import_cycle():
    config = Path(settings.BASE_DIR) / "pyproject.toml"
    assert lint_imports(str(config), limit_to_contracts=("acyclic",), no_cache=True, no_logo=True) == 0


def test_each_task_is_defined_beside_the_service_it_runs():
    assert services.issue_for_enrolment.module_path == "certificates.services.issue_for_enrolment"
    assert bulk.issue_for_job.module_path == "certificates.bulk.issue_for_job"
    assert bulk.pack_job.module_path == "certificates.bulk.pack_job"


def test_tasks_queued_under_their_former_paths_still_run():
    """The database backend keeps a queued task's path: those queued before the move name ``certificates.tasks``."""
    for name, task in [
        ("issue_for_enrolment", services.issue_for_enrolment),
        ("issue_for_job", bulk.issue_for_job),
        ("pack_job", bulk.pack_job),
    ]:
        assert import_string(f"certificates.tasks.{name}") is task

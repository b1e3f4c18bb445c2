"""The report screens, served at /admin/reports/ (see ``lms/urls.py`` for why they are mounted there)."""

from django.urls import path, re_path

from . import manual_views, planning_views, snapshot_views, views

app_name = "reports"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    re_path(r"^export\.(?P<fmt>xlsx|csv)$", views.OverviewView.as_view(), name="overview_export"),
    path("bao-cao-ket-qua.pdf", views.report_pdf, name="pdf"),
    path("programme/<int:pk>/", views.ProgrammeView.as_view(), name="programme"),
    re_path(
        r"^programme/(?P<pk>\d+)/export\.(?P<fmt>xlsx|csv)$",
        views.ProgrammeView.as_view(),
        name="programme_export",
    ),
    path("people/", views.PeopleView.as_view(), name="people"),
    re_path(r"^people/export\.(?P<fmt>xlsx|csv)$", views.PeopleView.as_view(), name="people_export"),
    path("snapshots/", snapshot_views.SnapshotListView.as_view(), name="snapshots"),
    path("snapshots/new/", snapshot_views.SnapshotNewView.as_view(), name="snapshot_new"),
    path("snapshots/<int:pk>/", snapshot_views.SnapshotDetailView.as_view(), name="snapshot"),
    re_path(r"^snapshots/(?P<pk>\d+)/file\.(?P<fmt>pdf|xlsx)$", snapshot_views.snapshot_file, name="snapshot_file"),
    path("snapshots/<int:pk>/submit/", snapshot_views.snapshot_submit, name="snapshot_submit"),
    path("snapshots/<int:pk>/amend/", snapshot_views.snapshot_amend, name="snapshot_amend"),
    path("results/", manual_views.ManualTargetsView.as_view(), name="manual_results"),
    path("results/target/<int:pk>/", manual_views.ManualTargetView.as_view(), name="manual_target"),
    path("results/<int:pk>/evidence/", manual_views.evidence, name="evidence"),
    path("spending/<int:pk>/evidence/", planning_views.spending_evidence, name="spending_evidence"),
    path("transcript/<int:user_id>.pdf", views.reports_only(views.transcript), name="transcript"),
]

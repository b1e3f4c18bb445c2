"""The report screens, served at /admin/reports/ (see ``lms/urls.py`` for why they are mounted there)."""

from django.urls import path, re_path

from . import views

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
    path("transcript/<int:user_id>.pdf", views.reports_only(views.transcript), name="transcript"),
]

"""The quiz pages, in the ``assessment`` namespace (included by ``assessment/urls.py``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("bai-kiem-tra/<int:pk>/", views.quiz_detail, name="quiz"),
    path("bai-kiem-tra/<int:pk>/bat-dau/", views.start, name="quiz_start"),
    path("bai-kiem-tra/<int:pk>/thong-ke/", views.quiz_statistics, name="quiz_statistics"),
    path("bai-kiem-tra/<int:pk>/thong-ke.xlsx", views.quiz_statistics_xlsx, name="quiz_statistics_xlsx"),
    path("bai-kiem-tra/<int:pk>/cau-hoi/<int:question_id>/cham-lai/", views.regrade, name="quiz_regrade"),
    path("cham-bai/bai-kiem-tra/", views.to_mark, name="quiz_to_mark"),
    path(
        "cham-bai/lop/<int:cohort_id>/bai-kiem-tra/<int:quiz_id>/so-diem.xlsx",
        views.quiz_gradebook_export,
        {"fmt": "xlsx"},
        name="quiz_gradebook_xlsx",
    ),
    path(
        "cham-bai/lop/<int:cohort_id>/bai-kiem-tra/<int:quiz_id>/so-diem.csv",
        views.quiz_gradebook_export,
        {"fmt": "csv"},
        name="quiz_gradebook_csv",
    ),
    path("lan-lam/<int:pk>/", views.attempt_page, name="attempt"),
    path("lan-lam/<int:pk>/luu/", views.save, name="attempt_save"),
    path("lan-lam/<int:pk>/nop/", views.finish, name="attempt_finish"),
    path("lan-lam/<int:pk>/ket-qua/", views.review, name="attempt_review"),
    path("lan-lam/<int:pk>/cau/<int:position>/cham/", views.mark, name="attempt_mark"),
]

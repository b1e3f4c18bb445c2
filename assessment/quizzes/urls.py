"""The quiz pages, in the ``assessment`` namespace (included by ``assessment/urls.py``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("bai-kiem-tra/<int:pk>/", views.quiz_detail, name="quiz"),
    path("bai-kiem-tra/<int:pk>/bat-dau/", views.start, name="quiz_start"),
    path("bai-kiem-tra/<int:pk>/thong-ke/", views.quiz_statistics, name="quiz_statistics"),
    path("bai-kiem-tra/<int:pk>/thong-ke.xlsx", views.quiz_statistics_xlsx, name="quiz_statistics_xlsx"),
    path("bai-kiem-tra/<int:pk>/cau-hoi/<int:question_id>/cham-lai/", views.regrade, name="quiz_regrade"),
    path("lan-lam/<int:pk>/", views.attempt_page, name="attempt"),
    path("lan-lam/<int:pk>/luu/", views.save, name="attempt_save"),
    path("lan-lam/<int:pk>/nop/", views.finish, name="attempt_finish"),
    path("lan-lam/<int:pk>/ket-qua/", views.review, name="attempt_review"),
    path("lan-lam/<int:pk>/cau/<int:position>/cham/", views.mark, name="attempt_mark"),
]

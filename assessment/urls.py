from django.urls import path

from .quizzes import urls as quiz_urls
from .views import classwork, files, grading, learner, manage

app_name = "assessment"

urlpatterns = [
    path("bai-tap/<int:pk>/", learner.assignment_detail, name="assignment"),
    path("bai-tap/<int:pk>/bai-lam/", learner.work, name="work"),
    path("bai-tap/<int:pk>/bai-lam/tep/", learner.upload, name="upload"),
    path("bai-tap/<int:pk>/bai-lam/tep/<int:file_id>/xoa/", learner.remove_file, name="remove_file"),
    path("bai-tap/<int:pk>/bai-lam/nop/", learner.submit, name="submit"),
    path("bai-nop/<int:pk>/", learner.submission_detail, name="submission"),
    path("bai-nop/<int:pk>/ban-in/", learner.submission_print, name="submission_print"),
    path("bai-nop/<int:pk>/giao-an.pdf", learner.submission_pdf, name="submission_pdf"),
    path("bai-nop/tep/<int:pk>/tai-ve/", files.download, name="download"),
    path("bai-nop/tep/<int:pk>/xem/", files.preview, name="preview"),
    path("cham-bai/", grading.queue, name="queue"),
    path("cham-bai/<int:pk>/", grading.grade, name="grade"),
    path("cham-bai/<int:pk>/bai-truoc/", grading.neighbour, {"direction": "previous"}, name="grade_previous"),
    path("cham-bai/<int:pk>/bai-sau/", grading.neighbour, {"direction": "next"}, name="grade_next"),
    path("cham-bai/<int:pk>/cham-lan-hai/", grading.second_mark, name="second_mark"),
    path("cham-bai/kiem-dinh/", manage.moderation, name="moderation"),
    path(
        "cham-bai/lop/<int:cohort_id>/bai-tap/<int:assignment_id>/",
        classwork.class_assignment,
        name="class_assignment",
    ),
    path(
        "cham-bai/lop/<int:cohort_id>/bai-tap/<int:assignment_id>/tai-tat-ca/",
        classwork.archive_start,
        name="archive_start",
    ),
    path("cham-bai/tep-nen/<int:pk>/trang-thai/", classwork.archive_status, name="archive_status"),
    path("cham-bai/tep-nen/<int:pk>/tai-ve/", classwork.archive_download, name="archive_download"),
    path(
        "cham-bai/lop/<int:cohort_id>/bai-tap/<int:assignment_id>/so-diem.xlsx",
        manage.gradebook_export,
        {"fmt": "xlsx"},
        name="gradebook_xlsx",
    ),
    path(
        "cham-bai/lop/<int:cohort_id>/bai-tap/<int:assignment_id>/so-diem.csv",
        manage.gradebook_export,
        {"fmt": "csv"},
        name="gradebook_csv",
    ),
    *quiz_urls.urlpatterns,
]

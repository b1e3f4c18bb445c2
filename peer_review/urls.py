from django.urls import path

from . import calibration_views, exemplar_views, views

app_name = "peer_review"

urlpatterns = [
    path("danh-gia-cheo/bai-tap/<int:pk>/", views.assignment, name="assignment"),
    path("danh-gia-cheo/bai-tap/<int:pk>/luyen-cham/", views.calibrate, name="calibrate"),
    path("danh-gia-cheo/bai-tap/<int:pk>/nhan-bai/", views.next_plan, name="next"),
    path("danh-gia-cheo/bai-tap/<int:pk>/cai-dat/", views.settings_page, name="settings"),
    path("danh-gia-cheo/bai-tap/<int:pk>/lop/<int:cohort_id>/", views.board_page, name="board"),
    path(
        "danh-gia-cheo/bai-tap/<int:pk>/lop/<int:cohort_id>/cho-qua-luyen-cham/<int:user_id>/",
        views.release_calibration,
        name="release_calibration",
    ),
    path("danh-gia-cheo/nhan-xet/<int:pk>/", views.review, name="review"),
    path("danh-gia-cheo/nhan-xet/<int:pk>/phan-hoi/", views.feedback, name="feedback"),
    path("danh-gia-cheo/nhan-xet/<int:pk>/tep/<int:file_id>/", views.plan_file, name="file"),
    path("danh-gia-cheo/bai-nop/<int:pk>/", views.plan_page, name="plan"),
    path("danh-gia-cheo/bai-nop/<int:pk>/dong-y/", exemplar_views.consent, name="consent"),
    path("danh-gia-cheo/bai-nop/<int:pk>/de-xuat-mau/", exemplar_views.propose, name="propose"),
    path("danh-gia-cheo/bai-nop/<int:pk>/mau-luyen-cham/", exemplar_views.use_as_example, name="use_as_example"),
    path("danh-gia-cheo/hieu-chuan/", calibration_views.sets, name="trainer_sets"),
    path("danh-gia-cheo/hieu-chuan/bai/<int:pk>/", calibration_views.grade_item, name="trainer_item"),
    path("danh-gia-cheo/hieu-chuan/so-lieu/", calibration_views.agreement, name="agreement"),
    path("danh-gia-cheo/hieu-chuan/so-lieu.xlsx", calibration_views.agreement_export, name="agreement_xlsx"),
]

from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("hoat-dong/lich.ics", views.feed, name="feed"),
    path("hoat-dong/buoi/<int:pk>/lich.ics", views.session_ics, name="session_ics"),
    path("hoat-dong/<int:pk>/dang-ky/", views.register, name="register"),
    path("hoat-dong/dang-ky/doi-email/", views.forget_email, name="forget_email"),
    path("hoat-dong/dang-ky/cam-on/", views.thanks, name="thanks"),
    path("hoat-dong/cua-toi/", views.my_link, name="my_link"),
    path("hoat-dong/cua-toi/<str:token>/", views.mine, name="mine"),
    path("hoat-dong/cua-toi/<str:token>/huy/<int:registration_id>/", views.cancel, name="cancel"),
    path("hoat-dong/cua-toi/<str:token>/dong-y/<int:participant_id>/", views.change_consent, name="consent"),
    path("hoat-dong/cua-toi/<str:token>/xoa-du-lieu/", views.request_erasure, name="erasure"),
    path(
        "hoat-dong/cua-toi/<str:token>/giay-chung-nhan/<int:certificate_id>/",
        views.certificate,
        name="certificate",
    ),
    path(
        "hoat-dong/cua-toi/<str:token>/giay-chung-nhan/<int:certificate_id>/<slug:key>/",
        views.certificate_file,
        name="certificate_file",
    ),
    path("hoat-dong/diem-danh/", views.my_sessions, name="my_sessions"),
    path("hoat-dong/buoi/<int:pk>/diem-danh/", views.checkin, name="checkin"),
    path("hoat-dong/buoi/<int:pk>/diem-danh.pdf", views.door_sheet, name="door_sheet"),
    path("hoat-dong/buoi/<int:pk>/diem-danh/danh-dau/", views.checkin_mark, name="checkin_mark"),
    path("hoat-dong/buoi/<int:pk>/vang-lai/", views.walk_ins, name="walk_ins"),
    path("hoat-dong/buoi/<int:pk>/cap-giay-chung-nhan/", views.issue_certificates, name="issue_certificates"),
]

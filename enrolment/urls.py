from django.urls import path, re_path

from . import trainer_views, views

urlpatterns = [
    path("khoa-hoc-cua-toi/", views.my_courses, name="my_courses"),
    re_path(r"^lich/(?P<token>[A-Za-z0-9_-]+)\.ics$", views.calendar_feed, name="calendar_feed"),
    path("lop/<int:pk>/lich.ics", views.class_calendar, name="class_calendar"),
    path("lop/<int:pk>/ghi-danh/", views.enrol, name="enrolment_enrol"),
    path("ghi-danh/<int:pk>/roi-lop/", views.withdraw, name="enrolment_withdraw"),
    path("bai-hoc/<int:pk>/da-hoc-xong/", views.lesson_done, name="lesson_done"),
    path("moi-tham-gia/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("giang-vien/lop/", trainer_views.classes, name="trainer_classes"),
    path("giang-vien/lop/<int:pk>/", trainer_views.roster, name="trainer_roster"),
    re_path(
        r"^giang-vien/lop/(?P<pk>\d+)/danh-sach\.(?P<fmt>csv|xlsx)$",
        trainer_views.roster_export,
        name="trainer_roster_export",
    ),
    path("giang-vien/lop/<int:pk>/buoi-hoc/them/", trainer_views.session_add, name="trainer_session_add"),
    path("giang-vien/buoi-hoc/<int:pk>/sua/", trainer_views.session_edit, name="trainer_session_edit"),
    path("giang-vien/buoi-hoc/<int:pk>/diem-danh/", trainer_views.attendance, name="attendance_sheet"),
]

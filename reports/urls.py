from django.urls import path

from . import planning_views, views

urlpatterns = [
    path("khoa-hoc-cua-toi/bang-diem.pdf", views.my_transcript, name="my_transcript"),
    path("kho-khan-vuong-mac/", planning_views.report_difficulty, name="report_difficulty"),
]

from django.urls import path

from . import views

urlpatterns = [
    path("khoa-hoc-cua-toi/bang-diem.pdf", views.my_transcript, name="my_transcript"),
]

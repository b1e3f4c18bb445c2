from django.urls import path

from . import views

urlpatterns = [
    path("khoa-hoc-cua-toi/", views.my_courses, name="my_courses"),
]

from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("doi-tac/", views.index, name="index"),
    path("doi-tac/<int:pk>/", views.enrolments, name="enrolments"),
    path("doi-tac/<int:pk>/chung-chi/", views.certificates, name="certificates"),
    path("doi-tac/<int:pk>/tai-ve/<str:table>.<str:fmt>", views.export, name="export"),
]

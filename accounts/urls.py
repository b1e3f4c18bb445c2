from django.urls import path

from . import views

urlpatterns = [
    path("ho-so/", views.profile, name="profile"),
    path("du-lieu-cua-toi/", views.my_data, name="my_data"),
]

from django.urls import path

from . import views

urlpatterns = [
    path("ho-so/", views.profile, name="profile"),
]

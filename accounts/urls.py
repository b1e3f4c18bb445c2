from django.urls import path

from . import views

urlpatterns = [
    path("ho-so/", views.profile, name="profile"),
    path("ho-so/lich/", views.calendar_address, name="calendar_address"),
    path("du-lieu-cua-toi/", views.my_data, name="my_data"),
]

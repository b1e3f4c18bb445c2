from django.urls import path

from . import views

urlpatterns = [
    path("quyen-rieng-tu/", views.privacy, name="privacy"),
]

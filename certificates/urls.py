from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("xac-thuc/", views.lookup, name="lookup"),
    path("xac-thuc/<str:code>/", views.verify, name="verify"),
    path("xac-thuc/<str:code>/kiem-tra-tep/", views.check_pdf, name="check_pdf"),
    path("giay-chung-nhan/", views.my_certificates, name="mine"),
    path("giay-chung-nhan/<int:pk>/tai-ve/", views.download, name="download"),
]

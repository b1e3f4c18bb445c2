from django.urls import path

from . import views

app_name = "credentials"

urlpatterns = [
    path("chung-nhan-so/to-chuc/", views.issuer, name="issuer"),
    path("chung-nhan-so/to-chuc/khoa.json", views.jwks, name="jwks"),
    path("chung-nhan-so/khoa/<str:kid>.json", views.key, name="key"),
    path("chung-nhan-so/trang-thai/<int:pk>/", views.status_list, name="status_list"),
    path("giay-chung-nhan/<int:pk>/chung-nhan-so.json", views.download_json, name="download_json"),
    path("giay-chung-nhan/<int:pk>/huy-hieu.png", views.download_png, name="download_png"),
    path("xac-thuc/<str:code>.json", views.verify_json, name="verify_json"),
]

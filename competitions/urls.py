from django.urls import path

from . import views

app_name = "competitions"

urlpatterns = [
    path("cuoc-thi/<slug:slug>/", views.detail, name="detail"),
    path("cuoc-thi/<slug:slug>/ket-qua/", views.results, name="results"),
    path("cuoc-thi/<slug:slug>/dang-ky/", views.enter, name="enter"),
    path("cuoc-thi/bai-du-thi/<int:pk>/", views.entry, name="entry"),
    path("cuoc-thi/tep/<int:pk>/", views.entry_file, name="entry_file"),
    path("cuoc-thi/vong/<int:pk>/cham/", views.judge, name="judge"),
    path("cuoc-thi/vong/<int:pk>/xung-dot/", views.conflict, name="conflict"),
    path("cuoc-thi/vong/<int:pk>/bai/<int:entry_pk>/", views.score, name="score"),
    path("cuoc-thi/xac-thuc/<str:code>/", views.verify, name="verify"),
]

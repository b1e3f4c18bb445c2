"""The site's URLs plus one page that fails, to see the 500 page as a visitor would."""

from django.urls import include, path


def broken(request):
    raise RuntimeError("A deliberate failure for the 500 page test")


urlpatterns = [path("loi-thu-nghiem/", broken), path("", include("lms.urls"))]

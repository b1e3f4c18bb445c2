# "Khóa học của tôi" (my_courses) moved to enrolment/urls.py, same name and path.
urlpatterns: list = []

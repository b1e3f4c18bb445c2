"""Learner-facing course pages outside the Wagtail page tree.

"Khóa học của tôi" lives in ``enrolment.views.my_courses``.
"""

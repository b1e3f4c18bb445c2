"""factory_boy factories for the whole suite (one file, by convention)."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import Area, SchoolLevel, Subject, User

DEFAULT_PASSWORD = "mat-khau-Thu-nghiem-2026"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Khu vực {n}")


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject
        django_get_or_create = ("name",)

    name = factory.Iterator(["Toán", "Vật lý", "Hóa học", "Sinh học", "Tin học", "Công nghệ"])


class UserFactory(factory.django.DjangoModelFactory):
    """A learner with a confirmed e-mail address and a complete profile."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"giaovien{n}@truong.edu.vn")
    full_name = factory.Iterator(["Nguyễn Thị Hồng Nhung", "Trần Văn Đức", "Lê Minh Châu", "Phạm Thu Trang"])
    organisation = "Trường THCS Nguyễn Du"
    school_level = SchoolLevel.LOWER_SECONDARY
    area = factory.SubFactory(AreaFactory)
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if not create:
            return
        group, _ = Group.objects.get_or_create(name=extracted or roles.LEARNER)
        self.groups.add(group)
        self.save()
        EmailAddress.objects.get_or_create(user=self, email=self.email, defaults={"verified": True, "primary": True})


# --- Catalogue and classes, as the certificates tests need them -------------------
# Plain builder functions (not factory classes), so they cannot clash with the
# factories other apps add for the same models.


def create_programme(title="Bồi dưỡng giáo viên về giáo dục STEM", code=None):
    """A programme; codes default to 2.4, 2.5, ... so that certificate numbers differ."""
    from wagtail.models import Site

    from courses.models import ProgrammeIndexPage, ProgrammePage

    code = code or f"2.{ProgrammePage.objects.count() + 4}"
    home = Site.objects.get(is_default_site=True).root_page
    index = ProgrammeIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=ProgrammeIndexPage(title="Chương trình", slug="chuong-trinh"))
    return index.add_child(
        instance=ProgrammePage(title=title, code=code, slug=f"ct-{ProgrammePage.objects.count() + 1}")
    )


def create_course(programme=None, title="Xây dựng kế hoạch bài dạy STEM", hours=40, lessons=2):
    """A course under ``programme`` with ``lessons`` required lessons."""
    from courses.models import CoursePage, LessonPage

    programme = programme or create_programme()
    course = programme.add_child(
        instance=CoursePage(title=title, duration_hours=hours, slug=f"kh-{CoursePage.objects.count() + 1}")
    )
    for number in range(1, lessons + 1):
        course.add_child(instance=LessonPage(title=f"Bài {number}", slug=f"bai-{number}"))
    return course


def create_cohort(course=None, *, code=None, delivery="online", status="running", sessions=0):
    import datetime

    from enrolment.models import Cohort, Session

    course = course or create_course()
    cohort = Cohort.objects.create(
        course=course,
        code=code or f"STEM-{Cohort.objects.count() + 1:03d}",
        title="Lớp cơ bản khóa 1",
        starts_on=datetime.date(2019, 6, 3),
        ends_on=datetime.date(2019, 6, 28),
        delivery=delivery,
        status=status,
    )
    for day in range(sessions):
        Session.objects.create(
            cohort=cohort,
            date=datetime.date(2019, 6, 3 + day),
            starts_at=datetime.time(8, 0),
            ends_at=datetime.time(11, 0),
            topic=f"Buổi {day + 1}",
        )
    return cohort


def create_enrolment(cohort=None, user=None, status="active"):
    from enrolment.models import Enrolment

    return Enrolment.objects.create(cohort=cohort or create_cohort(), user=user or UserFactory(), status=status)


def create_certificate(user=None, cohort=None, issued_by=None):
    """A certificate issued through the service, for a completed enrolment."""
    from certificates.services import issue

    enrolment = create_enrolment(cohort=cohort, user=user, status="completed")
    return issue(enrolment, issued_by=issued_by)

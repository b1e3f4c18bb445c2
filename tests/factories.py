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


# --- Classes and enrolment (enrolment app) --------------------------------------

import datetime  # noqa: E402
import itertools  # noqa: E402

from django.utils import timezone  # noqa: E402

_page_numbers = itertools.count(1)


def build_course(title="Giáo dục STEM cơ bản", lessons=3, required=None, programme=None):
    """A live course page under a programme, with ``lessons`` live lessons.

    ``required``: how many of the lessons are required (all by default).
    Reuses the programme index under the site's home page when there is one.
    """
    from wagtail.models import Site

    from courses.models import CoursePage, LessonPage, ProgrammeIndexPage, ProgrammePage

    n = next(_page_numbers)
    if programme is None:
        index = ProgrammeIndexPage.objects.first()
        if index is None:
            home = Site.objects.get(is_default_site=True).root_page
            index = home.add_child(instance=ProgrammeIndexPage(title="Chương trình", slug="chuong-trinh"))
        programme = index.add_child(
            instance=ProgrammePage(title=f"Bồi dưỡng giáo viên STEM {n}", slug=f"chuong-trinh-{n}", code="2.4")
        )
    course = programme.add_child(instance=CoursePage(title=title, slug=f"khoa-hoc-{n}", summary="Khóa học thử."))
    required = lessons if required is None else required
    for i in range(lessons):
        course.add_child(
            instance=LessonPage(title=f"Bài {i + 1}", slug=f"bai-{i + 1}", required_for_completion=i < required)
        )
    return course


class CohortFactory(factory.django.DjangoModelFactory):
    """An open online class of 25 with enrolment open now."""

    class Meta:
        model = "enrolment.Cohort"
        skip_postgeneration_save = True

    course = factory.LazyFunction(build_course)
    code = factory.Sequence(lambda n: f"STEM-CB-2019-{n:03d}")
    title = factory.Sequence(lambda n: f"Lớp Giáo dục STEM cơ bản {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=60))
    capacity = 25
    status = "open"

    @factory.post_generation
    def trainers(self, create, extracted, **kwargs):
        if create and extracted:
            self.trainers.set(extracted)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "enrolment.Session"

    cohort = factory.SubFactory(CohortFactory)
    date = factory.LazyFunction(timezone.localdate)
    starts_at = datetime.time(8, 0)
    ends_at = datetime.time(11, 30)
    venue = "Fablab Trường Đại học Thủ Dầu Một"
    topic = factory.Sequence(lambda n: f"Buổi {n + 1}: Thiết kế giáo án STEM")


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """An active enrolment written directly (tests of the services go through them)."""

    class Meta:
        model = "enrolment.Enrolment"

    user = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(CohortFactory)
    status = "active"

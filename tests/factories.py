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


# --- Assessment: a course, a running class, enrolments, rubrics, assignments -------
# Names distinct from the enrolment app's factories, so both can live here.


def _date(*args):
    import datetime

    return datetime.date(*args)


def _days(count):
    import datetime

    return datetime.timedelta(days=count)


def _now():
    from django.utils import timezone

    return timezone.now()


def make_assessment_course(title="Giáo dục STEM cơ bản", programme_title="Bồi dưỡng giáo viên về giáo dục STEM"):
    """A CoursePage under a programme under the home page (created once each)."""
    from django.utils.text import slugify
    from wagtail.models import Site

    from courses.models import CoursePage, ProgrammeIndexPage, ProgrammePage

    home = Site.objects.get(is_default_site=True).root_page
    index = ProgrammeIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=ProgrammeIndexPage(title="Chương trình", slug="chuong-trinh"))
    programme = ProgrammePage.objects.child_of(index).filter(title=programme_title).first()
    if programme is None:
        programme = index.add_child(instance=ProgrammePage(title=programme_title, code="2.4"))
    slug = slugify(f"{title}-{CoursePage.objects.count() + 1}")
    return programme.add_child(instance=CoursePage(title=title, slug=slug, summary="Khóa học thử nghiệm"))


class RunningCohortFactory(factory.django.DjangoModelFactory):
    """A running class of a new course; pass ``trainers=[...]`` to assign trainers."""

    class Meta:
        model = "enrolment.Cohort"
        skip_postgeneration_save = True

    course = factory.LazyFunction(make_assessment_course)
    code = factory.Sequence(lambda n: f"STEM-CB-2026-{n:03d}")
    title = factory.Sequence(lambda n: f"Lớp STEM cơ bản {n}")
    starts_on = factory.LazyFunction(lambda: _date(2026, 3, 2))
    ends_on = factory.LazyFunction(lambda: _date(2026, 6, 30))
    status = "running"

    @factory.post_generation
    def trainers(self, create, extracted, **kwargs):
        if create and extracted:
            self.trainers.set(extracted)


class ActiveEnrolmentFactory(factory.django.DjangoModelFactory):
    """An active enrolment in a running class (the assessment tests hand in work through it)."""

    class Meta:
        model = "enrolment.Enrolment"

    user = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(RunningCohortFactory)
    status = "active"


class RubricFactory(factory.django.DjangoModelFactory):
    """A rubric with ``criteria`` criteria (default 3), each with levels worth 0, 1, 2, 3 points."""

    class Meta:
        model = "assessment.Rubric"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Đánh giá giáo án STEM {n}")

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if not create:
            return
        from assessment.models import RubricCriterion, RubricLevel

        titles = ["Vấn đề thực tiễn", "Tiêu chí sản phẩm", "Tiến trình năm hoạt động", "Tích hợp STEM"]
        count = 3 if extracted is None else extracted
        for position in range(count):
            criterion = RubricCriterion.objects.create(
                rubric=self, sort_order=position, title=titles[position % len(titles)] + f" {position + 1}", weight=1
            )
            for index, (label, points) in enumerate([("Chưa đạt", 0), ("Đạt", 1), ("Khá", 2), ("Tốt", 3)]):
                RubricLevel.objects.create(criterion=criterion, sort_order=index, label=label, points=points)


class AssignmentFactory(factory.django.DjangoModelFactory):
    """An assignment due in a week, lesson-plan form optional, files optional."""

    class Meta:
        model = "assessment.Assignment"

    course = factory.LazyFunction(make_assessment_course)
    title = "Thiết kế giáo án STEM"
    due_at = factory.LazyFunction(lambda: _now() + _days(7))
    rubric = factory.SubFactory(RubricFactory)
    files_required = False

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


# --- Catalogue (courses, stem_lessons, camps) ---------------------------------
# Wagtail pages are created under their parent and published with a revision,
# as a manager would, so the search index and the page tree are realistic.

_image_counter = iter(range(1, 1_000_000))


def make_image(title: str = "Ảnh minh họa", colour: str = "#0b4f8a"):
    """A small PNG drawn with Pillow, saved as a Wagtail image."""
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    buffer = BytesIO()
    PILImage.new("RGB", (320, 180), colour).save(buffer, "PNG")
    return Image.objects.create(
        title=title, file=ImageFile(BytesIO(buffer.getvalue()), name=f"anh-{next(_image_counter)}.png")
    )


def make_document(title: str = "Phiếu học tập"):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    return Document.objects.create(title=title, file=ContentFile(b"%PDF-1.4 demo", name="phieu-hoc-tap.pdf"))


def site_home():
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page.specific


def publish_page(parent, page):
    """Add ``page`` under ``parent``, live, and index it once its tags are saved
    (what publishing from the admin does, without the cost of a revision)."""
    from wagtail.search import index

    parent.add_child(instance=page)
    index.insert_or_update_object(page)
    return page


class TrainerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "courses.TrainerProfile"

    name = factory.Iterator(["Nguyễn Văn Hùng", "Trần Thị Mai", "Đặng Quốc Việt"])
    honorific = "TS."
    position = "Giảng viên"
    organisation = "Trường Đại học Thủ Dầu Một"
    bio = "Nghiên cứu và giảng dạy giáo dục STEM cho giáo viên phổ thông."


def lesson_body(image=None, document=None) -> list[dict]:
    """A realistic lesson body in StreamField JSON: every kind of block."""
    body = [
        {
            "type": "paragraph",
            "value": "<h2>Giáo dục STEM là gì?</h2><p>Giáo dục STEM tích hợp <b>Khoa học</b>, Công nghệ, "
            "Kỹ thuật và Toán học để học sinh giải quyết vấn đề thực tiễn.</p>",
        },
        {
            "type": "callout",
            "value": {"kind": "safety", "title": "", "text": "<p>Đeo kính bảo hộ khi dùng súng bắn keo.</p>"},
        },
        {
            "type": "stem_activity",
            "value": {
                "title": "Chế tạo xe chạy bằng bóng bay",
                "objective": "Vận dụng định luật III Newton.",
                "materials": ["Bóng bay", "Ống hút", "Nắp chai"],
                "steps": ["Lắp trục bánh xe.", "Gắn bóng bay vào ống hút.", "Thổi bóng và thả xe."],
                "expected_product": "Xe chạy được ít nhất 2 m.",
            },
        },
        {"type": "equation", "value": {"text": "v = s / t", "image": None, "caption": "Vận tốc trung bình"}},
        {
            "type": "video",
            "value": {"url": "https://www.youtube.com/watch?v=abcdefghijk", "title": "Giới thiệu STEM", "caption": ""},
        },
    ]
    if image is not None:
        body.append(
            {
                "type": "figure",
                "value": {
                    "image": image.pk,
                    "alt_text": "Học sinh thử xe",
                    "caption": "Thử nghiệm",
                    "credit": "Sở KH&CN",
                },
            }
        )
    if document is not None:
        body.append({"type": "download", "value": {"document": document.pk, "title": "", "description": "Bản in"}})
    return body


def make_programme_index(title: str = "Chương trình"):
    from courses.models import ProgrammeIndexPage

    return publish_page(site_home(), ProgrammeIndexPage(title=title, slug="chuong-trinh"))


def make_programme(index, code: str = "2.4", title: str = "Bồi dưỡng giáo viên về giáo dục STEM", **fields):
    from courses.models import ProgrammePage, ProgrammeTarget

    fields.setdefault("audience", "Giáo viên tiểu học và trung học")
    fields.setdefault("period", "2019")
    page = ProgrammePage(
        title=title, slug=fields.pop("slug", f"chuong-trinh-{code.replace('.', '-')}"), code=code, **fields
    )
    page.targets = [ProgrammeTarget(indicator="Số lớp", target=2, measure="classes")]
    return publish_page(index, page)


def make_course(programme, title: str = "Ý nghĩa của giáo dục STEM", subjects=("Toán",), topics=(), **fields):
    from courses.models import CoursePage

    fields.setdefault("summary", "Khóa học giúp giáo viên hiểu giáo dục STEM.")
    fields.setdefault("duration_hours", 12)
    fields.setdefault("school_levels", ["thcs"])
    page = CoursePage(title=title, slug=fields.pop("slug", None) or _slug(title), **fields)
    page.subjects.add(*subjects)
    page.topics.add(*topics)
    return publish_page(programme, page)


def make_lesson(parent, title: str = "Bài 1: Giáo dục STEM là gì?", free_preview: bool = False, **fields):
    from courses.models import LessonPage

    fields.setdefault("summary", "Khái niệm và ý nghĩa của giáo dục STEM.")
    fields.setdefault("body", lesson_body())
    page = LessonPage(title=title, slug=fields.pop("slug", None) or _slug(title), free_preview=free_preview, **fields)
    return publish_page(parent, page)


def make_lesson_plan_index():
    from stem_lessons.models import StemLessonIndexPage

    return publish_page(site_home(), StemLessonIndexPage(title="Thư viện giáo án STEM", slug="giao-an-stem"))


def activities_json() -> list[dict]:
    stages = ["1", "2", "3", "4", "5"]
    return [
        {
            "type": "activity",
            "value": {
                "stage": stage,
                "duration": "45 phút",
                "objective": f"Mục tiêu của hoạt động {stage}.",
                "content": f"<p>Nội dung hoạt động {stage}.</p>",
                "expected_product": f"Sản phẩm của hoạt động {stage}.",
                "organisation": "<p>Học sinh làm việc theo nhóm 4 người.</p>",
            },
        }
        for stage in stages
    ]


def make_lesson_plan(
    index, title: str = "Giáo án STEM: Tên lửa nước", grade: int = 7, subjects=("Vật lý",), topics=(), **fields
):
    from stem_lessons.models import StemLessonPage

    fields.setdefault("summary", "Học sinh thiết kế tên lửa nước bay xa nhất.")
    fields.setdefault("problem", "<p>Làm sao để tên lửa nước bay xa nhất?</p>")
    fields.setdefault("criteria", "<ul><li>Bay xa ít nhất 20 m.</li></ul>")
    fields.setdefault("activities", activities_json())
    fields.setdefault(
        "materials", [{"type": "material", "value": {"item": "Chai nhựa 1,5 lít", "quantity": "2", "cost": 10000}}]
    )
    fields.setdefault("safety_notes", "<p>Không đứng trước bệ phóng.</p>")
    page = StemLessonPage(title=title, slug=fields.pop("slug", None) or _slug(title), grade=grade, **fields)
    page.subjects.add(*subjects)
    page.topics.add(*topics)
    return publish_page(index, page)


def make_camp_index():
    from camps.models import CampIndexPage

    return publish_page(site_home(), CampIndexPage(title="Trải nghiệm STEM", slug="trai-nghiem-stem"))


def make_camp_material(index, title: str = "Robot dò line", theme: str = "robotics", age_min=10, age_max=15, **fields):
    from camps.models import CampMaterialPage

    fields.setdefault("summary", "Lắp ráp robot đi theo vạch đen.")
    fields.setdefault("what_to_bring", "Bút chì\nSổ tay")
    fields.setdefault(
        "steps",
        [
            {
                "type": "step",
                "value": {"title": "Lắp khung", "text": "<p>Gắn hai động cơ.</p>", "image": None, "image_alt": ""},
            }
        ],
    )
    page = CampMaterialPage(
        title=title,
        slug=fields.pop("slug", None) or _slug(title),
        theme=theme,
        age_min=age_min,
        age_max=age_max,
        **fields,
    )
    return publish_page(index, page)


def _slug(title: str) -> str:
    from lms.text import fold

    return "-".join("".join(c if c.isalnum() else " " for c in fold(title)).split())[:80]


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

"""People: the custom user model and the reference lists their profile uses.

The user logs in with an e-mail address. A Vietnamese name is one field
("Họ và tên", family name first), never split into first and last name.
Areas and subjects are managed lists edited in the admin, not code.
"""

import unicodedata

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class SchoolLevel(models.TextChoices):
    """The school level (cấp học) of a learner's organisation."""

    PRIMARY = "tieu_hoc", _("Primary school")
    LOWER_SECONDARY = "thcs", _("Lower secondary school")
    UPPER_SECONDARY = "thpt", _("Upper secondary school")
    VOCATIONAL = "gdnn_gdtx", _("Vocational / continuing education centre")
    HIGHER = "cd_dh", _("College / university")
    ENTERPRISE = "doanh_nghiep", _("Enterprise")
    OTHER = "khac", _("Other")


class Area(models.Model):
    """An area (địa bàn) used to break reports down geographically."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self):
        return self.name


class Subject(models.Model):
    """A school subject a teacher teaches (môn dạy), e.g. Toán, Vật lý."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")

    def __str__(self):
        return self.name


def school_key(name: str) -> str:
    """The key two spellings of one school share when they differ only in case or spaces.

    Diacritics are kept ("Trường THCS Lê Lợi" and "Truong THCS Le Loi" stay two rows): telling
    a spelling variant from another school is a manager's decision, made with the merge tool.
    """
    return " ".join(unicodedata.normalize("NFC", name or "").split()).casefold()


class School(models.Model):
    """A school or unit people work for (trường, đơn vị), one row per real school.

    The list replaces the free text of the profile: the reports count a school once, and
    partners (a school, a district office) see the people of their school or area. A name
    nobody knew yet, typed at sign-up or found in an import, becomes an unconfirmed school
    that a manager confirms or merges into the right one (``accounts.schools``).
    """

    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    level = models.CharField(_("school level"), max_length=20, choices=SchoolLevel.choices, blank=True)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT, related_name="schools"
    )
    confirmed = models.BooleanField(
        _("confirmed"), default=True, help_text=_("Schools typed at sign-up or found in an import wait for a manager.")
    )
    proposed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        constraints = [
            models.UniqueConstraint(
                fields=["name_key", "area"],
                name="accounts_school_one_name_per_area",
                violation_error_message=_("This area already has a school of that name."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.area})" if self.area_id else self.name

    def save(self, *args, **kwargs):
        self.name = " ".join(unicodedata.normalize("NFC", self.name or "").split())
        self.name_key = school_key(self.name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)
        # The people's profile keeps the school's name as printed (rosters, exports, documents).
        self.people.exclude(organisation=self.name).update(organisation=self.name)

    def clean(self):
        self.name_key = school_key(self.name)
        super().clean()


class EmailUserManager(UserManager):
    """Creates users keyed by e-mail address instead of a username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person with an account: learner, trainer, manager or administrator.

    Roles are Django groups (see ``accounts.roles``); the profile fields feed
    eligibility checks and the reports' breakdowns.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("The school or unit you work for.")
    )
    # The school is the truth; ``organisation`` keeps its name as printed on rosters, exports
    # and documents (written from the school on every save, and by a merge or a renaming).
    school = models.ForeignKey(
        School, verbose_name=_("school"), null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    school_level = models.CharField(_("school level"), max_length=20, choices=SchoolLevel.choices, blank=True)
    subjects = models.ManyToManyField(Subject, verbose_name=_("subjects taught"), blank=True, related_name="teachers")
    area = models.ForeignKey(
        Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=[("vi", "Tiếng Việt"), ("en", "English")], default="vi"
    )
    # E-mails a person may turn off in their profile (``accounts.notifications``); those about
    # their account, enrolment decisions and a revoked certificate are always sent.
    email_certificate_issued = models.BooleanField(_("when a certificate is issued to me"), default=True)
    email_session_reminder = models.BooleanField(_("a reminder the day before a session"), default=True)
    email_due_reminder = models.BooleanField(_("a reminder 48 hours before an assignment is due"), default=True)
    email_feedback_released = models.BooleanField(_("when feedback on my work is released"), default=True)
    # The secret of the private calendar address (``enrolment.calendar``); empty: no address.
    calendar_token = models.CharField(_("calendar address key"), max_length=64, blank=True, db_index=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = EmailUserManager()

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        # NFC: a name typed on some keyboards arrives decomposed (NFD).
        self.full_name = unicodedata.normalize("NFC", " ".join((self.full_name or "").split()))
        if self.school_id is not None:
            self.organisation = self.school.name
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "organisation"}
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        # Vietnamese given names come last: "Nguyễn Thị Hồng Nhung" -> "Nhung".
        return self.full_name.split()[-1] if self.full_name else self.email


class ErasureRequest(models.Model):
    """A person's request to erase their personal data, reviewed by a manager."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        DONE = "done", _("Erased")
        REJECTED = "rejected", _("Rejected")

    user = models.ForeignKey(User, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="pending"), name="one_pending_erasure_per_user"
            )
        ]

    def __str__(self):
        return f"#{self.pk} · {self.get_status_display()}"

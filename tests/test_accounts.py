"""Sign-up, e-mail confirmation, login, logout, password reset and profile."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts import roles
from accounts.models import SchoolLevel, User

from .factories import DEFAULT_PASSWORD, AreaFactory, SubjectFactory, UserFactory

pytestmark = pytest.mark.django_db

STRONG_PASSWORD = "Giao-an-STEM-2026!"


@pytest.fixture
def signup_data():
    area = AreaFactory(name="Dĩ An")
    maths = SubjectFactory(name="Toán")
    physics = SubjectFactory(name="Vật lý")
    return {
        "full_name": "Nguyễn Thị Hồng Nhung",
        "email": "nhung.nguyen@thcs-chuvanan.edu.vn",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
        "organisation": "Trường THCS Chu Văn An",
        "school_level": SchoolLevel.LOWER_SECONDARY,
        "subjects": [maths.pk, physics.pk],
        "area": area.pk,
        "phone": "0912 345 678",
        "accept_privacy": "on",
    }


def signup(client, data, capture):
    with capture(execute=True):
        return client.post(reverse("account_signup"), data)


def confirmation_link(mail) -> str:
    return re.search(r"https?://\S+/tai-khoan/confirm-email/\S+/", mail.body).group(0)


def test_signup_creates_a_learner_with_the_profile_and_sends_a_confirmation(
    client, signup_data, mailoutbox, django_capture_on_commit_callbacks
):
    response = signup(client, signup_data, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    user = User.objects.get(email=signup_data["email"])
    assert user.full_name == "Nguyễn Thị Hồng Nhung"
    assert user.organisation == "Trường THCS Chu Văn An"
    assert user.school_level == SchoolLevel.LOWER_SECONDARY
    assert user.area.name == "Dĩ An"
    assert sorted(s.name for s in user.subjects.all()) == ["Toán", "Vật lý"]
    assert roles.role_names(user) == {roles.LEARNER}
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [signup_data["email"]]
    assert mailoutbox[0].subject == "Xác nhận địa chỉ e-mail"
    assert "Nguyễn Thị Hồng Nhung" in mailoutbox[0].body


def test_signup_stores_a_decomposed_name_composed(client, signup_data, django_capture_on_commit_callbacks):
    import unicodedata

    signup_data["full_name"] = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Nhung")
    signup(client, signup_data, django_capture_on_commit_callbacks)
    user = User.objects.get(email=signup_data["email"])
    assert user.full_name == unicodedata.normalize("NFC", "Nguyễn Thị Hồng Nhung")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "", "Vui lòng nhập họ và tên."),
        ("email", "khong-phai-email", "Vui lòng nhập địa chỉ e-mail hợp lệ"),
        ("password2", "Khac-mat-khau-2026", "Hai mật khẩu không khớp nhau."),
        ("organisation", "", "Vui lòng nhập trường hoặc đơn vị công tác."),
        ("school_level", "", "Vui lòng chọn cấp học."),
        ("school_level", "mau-giao", "Vui lòng chọn cấp học trong danh sách."),
        ("area", "", "Vui lòng chọn địa bàn."),
        ("area", "999999", "Vui lòng chọn địa bàn trong danh sách."),
        ("phone", "abc", "Vui lòng nhập số điện thoại hợp lệ"),
        ("accept_privacy", "", "Vui lòng đọc và đồng ý với thông báo về quyền riêng tư để đăng ký."),
    ],
)
def test_signup_with_bad_input_explains_in_vietnamese_and_creates_nothing(
    client, signup_data, mailoutbox, django_capture_on_commit_callbacks, field, value, message
):
    signup_data[field] = value
    response = signup(client, signup_data, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email=signup_data["email"]).exists()
    assert mailoutbox == []


def test_signup_with_a_weak_password_is_refused_in_vietnamese(client, signup_data, django_capture_on_commit_callbacks):
    signup_data["password1"] = signup_data["password2"] = "12345678"
    response = signup(client, signup_data, django_capture_on_commit_callbacks)
    assert "Mật khẩu này quá phổ biến." in response.content.decode()
    assert not User.objects.filter(email=signup_data["email"]).exists()


def test_signup_with_an_existing_email_creates_nothing_and_warns_the_owner(
    client, signup_data, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email=signup_data["email"])
    signup_data["email"] = signup_data["email"].upper()
    signup(client, signup_data, django_capture_on_commit_callbacks)

    assert User.objects.filter(email__iexact=signup_data["email"]).count() == 1
    # allauth does not reveal that the address is taken; it tells the owner.
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Bạn đã có tài khoản"


def test_confirmation_needs_a_post_and_then_logs_the_learner_in(
    client, signup_data, mailoutbox, django_capture_on_commit_callbacks
):
    signup(client, signup_data, django_capture_on_commit_callbacks)
    link = confirmation_link(mailoutbox[0])
    address = EmailAddress.objects.get(email=signup_data["email"])

    page = client.get(link)
    assert page.status_code == 200
    assert "Xác nhận địa chỉ e-mail" in page.content.decode()
    address.refresh_from_db()
    assert not address.verified, "a GET must not confirm the address"

    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("my_courses"), "a new learner lands on “Khóa học của tôi”"
    address.refresh_from_db()
    assert address.verified
    assert client.session["_auth_user_id"] == str(address.user_id)
    assert client.get(reverse("my_courses")).status_code == 200


def test_a_confirmation_opened_in_another_browser_asks_for_the_password_then_leads_to_my_courses(
    client, signup_data, mailoutbox, django_capture_on_commit_callbacks
):
    signup(client, signup_data, django_capture_on_commit_callbacks)
    link = confirmation_link(mailoutbox[0])
    client.logout()  # another browser: no session of the sign-up

    response = client.post(link)
    assert EmailAddress.objects.get(email=signup_data["email"]).verified
    assert response["Location"] == reverse("account_login") + "?next=" + reverse("my_courses").replace("/", "%2F")
    login = client.post(response["Location"], {"login": signup_data["email"], "password": STRONG_PASSWORD})
    assert login["Location"] == reverse("my_courses")


def test_login_before_confirmation_is_held_back(client, signup_data, django_capture_on_commit_callbacks):
    signup(client, signup_data, django_capture_on_commit_callbacks)
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": signup_data["email"], "password": STRONG_PASSWORD}, follow=True
    )
    assert "Xác nhận địa chỉ e-mail" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_with_email_and_logout_with_post(client, learner):
    response = client.post(reverse("account_login"), {"login": learner.email.upper(), "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(learner.pk)

    # A GET shows a confirmation page and keeps the session.
    assert client.get(reverse("account_logout")).status_code == 200
    assert "_auth_user_id" in client.session
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_login_with_a_wrong_password_explains_in_vietnamese(client, learner):
    response = client.post(reverse("account_login"), {"login": learner.email, "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "Địa chỉ e-mail hoặc mật khẩu không đúng." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_with_empty_fields_explains_in_vietnamese(client, db):
    response = client.post(reverse("account_login"), {"login": "", "password": ""})
    content = response.content.decode()
    assert "Vui lòng nhập địa chỉ e-mail." in content
    assert "Vui lòng nhập mật khẩu." in content


def test_password_reset_by_email_link(client, learner, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": learner.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Đặt lại mật khẩu"
    link = re.search(r"https?://\S+/tai-khoan/password/reset/key/\S+/", mailoutbox[0].body).group(0)

    form_page = client.get(link, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    new_password = "Mat-khau-moi-2026!"
    response = client.post(action, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.check_password(new_password)


def test_password_reset_for_an_unknown_address_reveals_nothing(client, db, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "khong-ton-tai@truong.edu.vn"})
    assert response.status_code == 302


def test_password_reset_with_a_bad_address_explains_in_vietnamese(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "abc"})
    assert "Vui lòng nhập địa chỉ e-mail hợp lệ" in response.content.decode()


def test_profile_edit_saves_the_profile(client, learner):
    client.force_login(learner)
    new_area = AreaFactory(name="Thuận An")
    chemistry = SubjectFactory(name="Hóa học")
    response = client.post(
        reverse("profile"),
        {
            "full_name": "  Nguyễn   Thị Hồng  Nhung ",
            "organisation": "Trường THPT Trịnh Hoài Đức",
            "school_level": SchoolLevel.UPPER_SECONDARY,
            "subjects": [chemistry.pk],
            "area": new_area.pk,
            "phone": "0912345678",
            "language": "vi",
        },
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.full_name == "Nguyễn Thị Hồng Nhung"
    assert learner.area == new_area
    assert list(learner.subjects.all()) == [chemistry]
    assert "Đã lưu hồ sơ của bạn." in client.get(reverse("profile")).content.decode()


def test_profile_edit_with_bad_input_changes_nothing(client, learner):
    client.force_login(learner)
    before = learner.full_name
    response = client.post(reverse("profile"), {"full_name": "", "phone": "12", "language": "vi"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Vui lòng nhập họ và tên." in content
    assert "Vui lòng nhập số điện thoại hợp lệ" in content
    learner.refresh_from_db()
    assert learner.full_name == before


def test_profile_needs_a_login(client, db):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]

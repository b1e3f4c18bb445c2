"""The kinds of activity of plan 175 and the first consent texts (a manager edits them as new versions)."""

import hashlib

from django.db import migrations

KINDS = [
    ("trai-he-stem", "Trại hè STEM", 10),
    ("san-choi-cong-nghe", "Sân chơi công nghệ (robotics)", 20),
    ("fablab", "Buổi sinh hoạt Fablab", 30),
    ("hoi-thao", "Hội thảo", 40),
    ("tap-huan", "Tập huấn chuyên đề", 50),
    ("ngay-hoi-khoi-nghiep", "Ngày hội khởi nghiệp", 60),
]

CHILDREN_TEXT = """Đơn vị tổ chức thu thập họ tên, ngày sinh, trường, lớp và (nếu phụ huynh cho) giới tính của trẻ, cùng họ tên, quan hệ, e-mail và số điện thoại của phụ huynh hoặc người giám hộ, chỉ để tổ chức buổi hoạt động, điểm danh, cấp giấy chứng nhận tham gia và báo cáo số liệu tổng hợp cho Sở.
Thông tin sức khỏe, dị ứng là dữ liệu cá nhân nhạy cảm: chỉ được lưu khi phụ huynh đồng ý riêng, và chỉ người phụ trách buổi hoạt động được xem.
Ảnh chụp trong buổi hoạt động và việc công bố ảnh, sản phẩm của trẻ là những mục đích riêng, phụ huynh có thể đồng ý hoặc không; với trẻ từ đủ 7 tuổi, việc công bố cần cả sự đồng ý của trẻ.
Dữ liệu của trẻ được xóa hoặc ẩn danh (chỉ giữ số liệu thống kê) sau thời hạn lưu trữ. Phụ huynh có thể rút lại sự đồng ý bất cứ lúc nào qua đường liên kết riêng gửi qua e-mail (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15; Nghị định 356/2025/NĐ-CP)."""

ADULTS_TEXT = """Đơn vị tổ chức thu thập họ tên, e-mail, số điện thoại và đơn vị công tác của bạn chỉ để tổ chức buổi hoạt động, điểm danh, cấp giấy chứng nhận tham gia và báo cáo số liệu tổng hợp cho Sở.
Việc chụp ảnh và công bố ảnh là những mục đích riêng, bạn có thể đồng ý hoặc không. Bạn có thể rút lại sự đồng ý bất cứ lúc nào qua đường liên kết riêng gửi qua e-mail (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15)."""


def create(apps, schema_editor):
    Kind = apps.get_model("activities", "ActivityKind")
    ConsentText = apps.get_model("activities", "ConsentText")
    for slug, name, order in KINDS:
        Kind.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})
    for audience, body in (("children", CHILDREN_TEXT), ("adults", ADULTS_TEXT)):
        if not ConsentText.objects.filter(audience=audience).exists():
            ConsentText.objects.create(
                audience=audience, version=1, body=body, sha256=hashlib.sha256(body.encode("utf-8")).hexdigest()
            )


def remove(apps, schema_editor):
    apps.get_model("activities", "ActivityKind").objects.filter(slug__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]

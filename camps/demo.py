"""Demo camp, robotics and Fablab materials: four activities for pupils aged 8–15. Rerunnable."""

from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.models import Site

from courses.demo import add, child, draw_cover
from lms.demo import demo_image

from .models import CampIndexPage, CampMaterialPage, Theme


def draw_step(colour: str, number: int) -> ImageFile:
    """A small step picture: a coloured card with as many dots as the step number."""
    canvas = PILImage.new("RGB", (720, 405), "#f3f6f9")
    draw = ImageDraw.Draw(canvas)
    draw.rounded_rectangle((40, 40, 680, 365), radius=24, outline=colour, width=10)
    for index in range(number):
        x = 120 + index * 140
        draw.ellipse((x - 45, 160, x + 45, 250), fill=colour)
    buffer = BytesIO()
    canvas.save(buffer, "PNG", optimize=True)
    return ImageFile(BytesIO(buffer.getvalue()), name=f"buoc-{number}.png")


def step(title: str, html: str, image=None, alt: str = "") -> dict:
    return {
        "type": "step",
        "value": {"title": title, "text": f"<p>{html}</p>", "image": image.pk if image else None, "image_alt": alt},
    }


MATERIALS = [
    {
        "slug": "nui-lua-phun-trao",
        "title": "Núi lửa phun trào từ giấm và muối nở",
        "theme": Theme.SCIENCE,
        "ages": (8, 11),
        "minutes": 60,
        "colour": "#b91c1c",
        "summary": "Các em nặn mô hình núi lửa và tạo “dung nham” sủi bọt nhờ phản ứng giữa giấm và muối nở.",
        "bring": "Áo cũ hoặc tạp dề\nMột chai nhựa nhỏ đã rửa sạch",
        "steps": [
            ("Nặn núi lửa", "Dùng đất nặn bọc quanh chai nhựa, để hở miệng chai."),
            ("Chuẩn bị “dung nham”", "Cho hai thìa muối nở và vài giọt màu thực phẩm vào chai."),
            ("Phun trào!", "Rót nửa cốc giấm vào chai rồi lùi lại quan sát bọt khí trào ra."),
        ],
        "note": "Giấm có thể làm cay mắt: không dụi mắt, rửa tay sau khi làm.",
    },
    {
        "slug": "robot-do-line",
        "title": "Robot dò line",
        "theme": Theme.ROBOTICS,
        "ages": (11, 15),
        "minutes": 120,
        "colour": "#0b4f8a",
        "summary": "Lắp ráp robot hai bánh có cảm biến hồng ngoại, lập trình để robot đi theo vạch đen.",
        "bring": "Bút chì và sổ tay\nMáy tính bảng hoặc máy tính (nếu có)",
        "steps": [
            ("Lắp khung và động cơ", "Gắn hai động cơ và bánh xe vào khung, nối dây vào mạch điều khiển."),
            ("Gắn cảm biến", "Gắn hai cảm biến hồng ngoại ở đầu robot, cách mặt sàn khoảng 1 cm."),
            (
                "Lập trình",
                "Kéo thả khối lệnh: cảm biến trái thấy vạch đen thì rẽ trái, cảm biến phải thấy vạch đen thì rẽ phải.",
            ),
            ("Thi đua", "Cho robot chạy trên sa bàn, đội nào về đích nhanh nhất mà không ra khỏi vạch sẽ thắng."),
        ],
        "note": "Tháo pin khi lắp ráp hoặc sửa mạch.",
    },
    {
        "slug": "tranh-phat-sang",
        "title": "Tranh phát sáng với mạch điện giấy",
        "theme": Theme.STEM_ART,
        "ages": (9, 13),
        "minutes": 90,
        "colour": "#6d28d9",
        "summary": "Các em vẽ tranh và làm cho các ngôi sao trong tranh phát sáng bằng băng dính đồng, pin cúc áo "
        "và đèn LED.",
        "bring": "Bút màu\nThước kẻ",
        "steps": [
            ("Vẽ tranh", "Vẽ bầu trời đêm, đánh dấu vị trí các ngôi sao sẽ phát sáng."),
            ("Dán mạch", "Dán băng dính đồng ở mặt sau tranh theo sơ đồ, nối tới pin cúc áo."),
            ("Gắn đèn", "Chọc chân đèn LED qua giấy, gập chân dán lên băng dính đồng; chân dài nối cực dương."),
        ],
        "note": "Pin cúc áo rất nguy hiểm nếu nuốt phải: giữ xa các em nhỏ.",
    },
    {
        "slug": "fablab-moc-khoa-cat-laser",
        "title": "Thiết kế móc khóa và cắt laser tại Fablab",
        "theme": Theme.FABLAB,
        "ages": (12, 15),
        "minutes": 120,
        "colour": "#0e7490",
        "summary": "Thiết kế móc khóa hình con vật trên máy tính rồi cắt bằng máy cắt laser tại Fablab.",
        "bring": "Bản phác thảo ý tưởng trên giấy\nGiày kín mũi",
        "steps": [
            ("Phác thảo", "Vẽ hình con vật em thích trên giấy kẻ ô, kích thước 5 × 5 cm."),
            ("Vẽ trên máy", "Vẽ lại hình bằng phần mềm vẽ vector, thêm lỗ xỏ dây đường kính 4 mm."),
            ("Cắt laser", "Anh chị hướng dẫn viên kiểm tra file và vận hành máy cắt trên tấm gỗ 3 mm."),
        ],
        "note": "Chỉ hướng dẫn viên vận hành máy cắt laser; các em quan sát qua nắp kính, không mở nắp.",
    },
]


def load(command):
    home = Site.objects.get(is_default_site=True).root_page.specific
    index = child(home, "trai-nghiem-stem") or add(
        home,
        CampIndexPage(
            title="Trải nghiệm STEM",
            slug="trai-nghiem-stem",
            intro="<p>Tài liệu cho trại hè STEM, sân chơi robotics và buổi sinh hoạt tại Fablab, dành cho các em "
            "từ 8 đến 15 tuổi cùng phụ huynh và thầy cô.</p>",
        ),
    )
    for number, item in enumerate(MATERIALS):
        if child(index, item["slug"]) is not None:
            continue
        colour = item["colour"]
        cover = demo_image(f"Bìa {item['title']} (demo)", lambda c=colour, n=number: draw_cover(c, 300 + n, "dots"))
        steps = []
        for position, (title, html) in enumerate(item["steps"], start=1):
            picture = demo_image(
                f"{item['title']}: bước {position} (demo)", lambda c=colour, p=position: draw_step(c, p)
            )
            steps.append(step(title, html, picture, f"Minh họa bước {position}: {title}"))
        steps.append({"type": "callout", "value": {"kind": "safety", "title": "", "text": f"<p>{item['note']}</p>"}})
        add(
            index,
            CampMaterialPage(
                title=item["title"],
                slug=item["slug"],
                theme=item["theme"],
                age_min=item["ages"][0],
                age_max=item["ages"][1],
                duration_minutes=item["minutes"],
                summary=item["summary"],
                cover_image=cover,
                what_to_bring=item["bring"],
                steps=steps,
            ),
        )

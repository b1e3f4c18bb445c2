"""Demo camp, robotics and Fablab materials: four activities for pupils aged 8–15. Rerunnable."""

from wagtail.models import Site

from courses.demo import add, child
from lms.demo import demo_cover, demo_step_picture, is_demo_picture, refresh_demo_page, swap_cover

from .models import CampIndexPage, CampMaterialPage, Theme


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
        "art": "volcano",
        "summary": "Các em nặn mô hình núi lửa và tạo “dung nham” sủi bọt nhờ phản ứng giữa giấm và muối nở.",
        "bring": "Áo cũ hoặc tạp dề\nMột chai nhựa nhỏ đã rửa sạch",
        "steps": [
            (
                "Nặn núi lửa",
                "Dùng đất nặn bọc quanh chai nhựa, để hở miệng chai.",
                "Chai nhựa đứng giữa khay, đất nặn màu nâu đắp quanh chân chai thành nửa hình nón; bên cạnh là "
                "mấy viên đất nặn.",
            ),
            (
                "Chuẩn bị “dung nham”",
                "Cho hai thìa muối nở và vài giọt màu thực phẩm vào chai.",
                "Mô hình núi lửa bằng đất nặn trên khay; một thìa rắc muối nở trắng và lọ màu thực phẩm nhỏ giọt "
                "đỏ vào miệng núi lửa; bên cạnh là hộp muối nở.",
            ),
            (
                "Phun trào!",
                "Rót nửa cốc giấm vào chai rồi lùi lại quan sát bọt khí trào ra.",
                "Bọt đỏ cam trào lên từ miệng núi lửa, chảy xuống sườn núi và loang ra khay; bên cạnh là chiếc cốc "
                "đã rót hết giấm.",
            ),
        ],
        "note": "Giấm có thể làm cay mắt: không dụi mắt, rửa tay sau khi làm.",
    },
    {
        "slug": "robot-do-line",
        "title": "Robot dò line",
        "theme": Theme.ROBOTICS,
        "ages": (11, 15),
        "minutes": 120,
        "art": "robot",
        "summary": "Lắp ráp robot hai bánh có cảm biến hồng ngoại, lập trình để robot đi theo vạch đen.",
        "bring": "Bút chì và sổ tay\nMáy tính bảng hoặc máy tính (nếu có)",
        "steps": [
            (
                "Lắp khung và động cơ",
                "Gắn hai động cơ và bánh xe vào khung, nối dây vào mạch điều khiển.",
                "Khung robot nhìn từ trên xuống, có hai động cơ màu vàng và một bánh xe đã lắp; bánh xe còn lại, "
                "tua vít và ốc vít đặt bên cạnh.",
            ),
            (
                "Gắn cảm biến",
                "Gắn hai cảm biến hồng ngoại ở đầu robot, cách mặt sàn khoảng 1 cm.",
                "Robot nhìn từ bên hông: bảng cảm biến gắn ở đầu robot, sát mặt sàn, ngay trên vạch đen; dây điện "
                "nối cảm biến với mạch điều khiển.",
            ),
            (
                "Lập trình",
                "Kéo thả khối lệnh: cảm biến trái thấy vạch đen thì rẽ trái, cảm biến phải thấy vạch đen thì rẽ phải.",
                "Máy tính bảng hiện các khối lệnh kéo thả nhiều màu, nối dây với robot dò line.",
            ),
            (
                "Thi đua",
                "Cho robot chạy trên sa bàn, đội nào về đích nhanh nhất mà không ra khỏi vạch sẽ thắng.",
                "Hai robot, một xanh một đỏ, chạy theo vạch đen hình bầu dục trên sa bàn, có cờ đích ca rô.",
            ),
        ],
        "note": "Tháo pin khi lắp ráp hoặc sửa mạch.",
    },
    {
        "slug": "tranh-phat-sang",
        "title": "Tranh phát sáng với mạch điện giấy",
        "theme": Theme.STEM_ART,
        "ages": (9, 13),
        "minutes": 90,
        "art": "glowing-painting",
        "summary": "Các em vẽ tranh và làm cho các ngôi sao trong tranh phát sáng bằng băng dính đồng, pin cúc áo "
        "và đèn LED.",
        "bring": "Bút màu\nThước kẻ",
        "steps": [
            (
                "Vẽ tranh",
                "Vẽ bầu trời đêm, đánh dấu vị trí các ngôi sao sẽ phát sáng.",
                "Bức tranh bầu trời đêm có trăng khuyết và đồi xanh; ba ngôi sao được khoanh tròn để đánh dấu chỗ "
                "gắn đèn; bên cạnh là hai cây bút chì màu.",
            ),
            (
                "Dán mạch",
                "Dán băng dính đồng ở mặt sau tranh theo sơ đồ, nối tới pin cúc áo.",
                "Mặt sau bức tranh: các đường băng dính đồng nối từ pin cúc áo tới ba vị trí ngôi sao; bên cạnh là "
                "cuộn băng dính đồng.",
            ),
            (
                "Gắn đèn",
                "Chọc chân đèn LED qua giấy, gập chân dán lên băng dính đồng; chân dài nối cực dương.",
                "Ba đèn LED gắn trên băng dính đồng ở mặt sau tranh đang sáng vàng; bên cạnh là một đèn LED phóng "
                "to, chân bên phải dài hơn.",
            ),
        ],
        "note": "Pin cúc áo rất nguy hiểm nếu nuốt phải: giữ xa các em nhỏ.",
    },
    {
        "slug": "fablab-moc-khoa-cat-laser",
        "title": "Thiết kế móc khóa và cắt laser tại Fablab",
        "theme": Theme.FABLAB,
        "ages": (12, 15),
        "minutes": 120,
        "art": "laser-keychain",
        "summary": "Thiết kế móc khóa hình con vật trên máy tính rồi cắt bằng máy cắt laser tại Fablab.",
        "bring": "Bản phác thảo ý tưởng trên giấy\nGiày kín mũi",
        "steps": [
            (
                "Phác thảo",
                "Vẽ hình con vật em thích trên giấy kẻ ô, kích thước 5 × 5 cm.",
                "Hình đầu mèo có lỗ xỏ dây được phác bằng bút chì trên giấy kẻ ô vuông.",
            ),
            (
                "Vẽ trên máy",
                "Vẽ lại hình bằng phần mềm vẽ vector, thêm lỗ xỏ dây đường kính 4 mm.",
                "Màn hình máy tính xách tay hiện hình đầu mèo vẽ bằng phần mềm vector, có các điểm neo màu xanh.",
            ),
            (
                "Cắt laser",
                "Anh chị hướng dẫn viên kiểm tra file và vận hành máy cắt trên tấm gỗ 3 mm.",
                "Máy cắt laser đang cắt tấm gỗ bên dưới nắp kính; bên cạnh là móc khóa đầu mèo bằng gỗ đã cắt xong.",
            ),
        ],
        "note": "Chỉ hướng dẫn viên vận hành máy cắt laser; các em quan sát qua nắp kính, không mở nắp.",
    },
]


def steps_of(item) -> list[dict]:
    """The page's steps, each with its picture and a text saying what the picture shows, then the safety note."""
    steps = [
        step(title, html, demo_step_picture(item["art"], position), alt)
        for position, (title, html, alt) in enumerate(item["steps"], start=1)
    ]
    steps.append({"type": "callout", "value": {"kind": "safety", "title": "", "text": f"<p>{item['note']}</p>"}})
    return steps


def swap_step_pictures(page: CampMaterialPage, item) -> bool:
    """Put this demo's step pictures (and their texts) in place of older demo pictures; True if any changed."""
    changed = False
    blocks = [block for block in page.steps if block.block_type == "step"]
    for position, (block, (_title, _html, alt)) in enumerate(zip(blocks, item["steps"], strict=False), start=1):
        current = block.value["image"]
        if not is_demo_picture(current):
            continue
        picture = demo_step_picture(item["art"], position)
        if current.pk != picture.pk:
            block.value["image"], block.value["image_alt"] = picture, alt
            changed = True
    return changed


def refresh(page: CampMaterialPage, item) -> bool:
    """Bring a material the demo made, and nobody has edited, up to this demo's pictures."""

    def update(page) -> bool:
        cover = swap_cover(page, item["art"])
        return swap_step_pictures(page, item) or cover

    return refresh_demo_page(page, update)


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
    for item in MATERIALS:
        existing = child(index, item["slug"])
        if existing is not None:
            refresh(existing, item)
            continue
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
                cover_image=demo_cover(item["art"]),
                what_to_bring=item["bring"],
                steps=steps_of(item),
            ),
        )

"""The news section (issue 17): pages, validation, search, and its items counted toward programme 1.4's targets."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import ProgrammeTarget
from lms.sections import registered
from news.models import NewsItemPage
from reports import tables
from reports.indicators import indicator_values
from reports.period import Period
from search.registry import search_types

from . import factories as f

pytestmark = pytest.mark.django_db

Y2019 = Period.year(2019)


@pytest.fixture
def communication():
    programme = f.ProgrammeFactory(code="1.4", title="Truyền thông về khởi nghiệp đổi mới sáng tạo")
    for order, (indicator, target, measure) in enumerate(
        [
            ("Số phóng sự truyền hình", 10, "television_episodes"),
            ("Kênh mạng xã hội", 1, "social_channels"),
            ("Số tin bài báo chí", 20, "articles"),
        ]
    ):
        ProgrammeTarget.objects.create(
            programme=programme, indicator=indicator, target=target, measure=measure, sort_order=order
        )
    return programme


def test_published_items_count_toward_the_targets_of_their_programme_by_kind(communication):
    other = f.ProgrammeFactory(code="1.2")
    on = datetime.date(2019, 5, 10)
    for _n in range(3):
        f.NewsItemFactory(programme=communication, kind="television", outlet="BTV", published_on=on)
    f.NewsItemFactory(programme=communication, kind="social", outlet="Facebook", published_on=on)
    f.NewsItemFactory(programme=communication, kind="press", published_on=on)
    f.NewsItemFactory(programme=communication, kind="site", outlet="", link="", published_on=on)
    # Not counted: another programme's, another year's, a draft, an unpublished item.
    f.NewsItemFactory(programme=other, kind="press", published_on=on)
    f.NewsItemFactory(programme=communication, kind="press", published_on=datetime.date(2020, 1, 2))
    draft = f.NewsItemFactory(programme=communication, kind="press", published_on=on, live=False)
    assert not draft.live
    gone = f.NewsItemFactory(programme=communication, kind="television", outlet="BTV", published_on=on)
    gone.unpublish()

    figures = indicator_values(Y2019, "programme")
    mine = figures[communication.path]
    assert (mine["television_episodes"], mine["social_channels"], mine["news_articles"]) == (3, 1, 2)
    assert figures[other.path]["news_articles"] == 1
    assert figures["total"]["news_articles"] == 3

    table = tables.targets_table(Y2019, tables.programmes(), figures)
    rows = {row[1].value: row for row in table.rows if row[0].value.startswith("1.4 ")}
    assert rows["Số phóng sự truyền hình"][3].value == 3
    assert rows["Số phóng sự truyền hình"][5].level == "low"
    assert rows["Kênh mạng xã hội"][3].value == 1
    assert rows["Kênh mạng xã hội"][5].level == "reached"
    assert rows["Số tin bài báo chí"][3].value == 2


def test_an_item_published_elsewhere_names_its_outlet_and_link():
    item = NewsItemPage(title="Phóng sự", slug="phong-su", kind="television", published_on=datetime.date(2019, 1, 1))
    with pytest.raises(ValidationError) as error:
        item.clean()
    assert set(error.value.message_dict) == {"outlet", "link"}
    item.kind = "site"
    item.clean()  # an article on this site needs neither


def test_the_index_lists_items_newest_first_and_filters_by_kind(client, django_assert_max_num_queries):
    f.NewsItemFactory(title="Bài báo cũ", published_on=datetime.date(2019, 1, 5))
    f.NewsItemFactory(title="Phóng sự mới", kind="television", outlet="BTV", published_on=datetime.date(2019, 6, 5))
    response = client.get("/tin-tuc/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Phóng sự mới") < html.index("Bài báo cũ")
    assert "05/06/2019" in html
    filtered = client.get("/tin-tuc/?loai=television").content.decode()
    assert "Phóng sự mới" in filtered and "Bài báo cũ" not in filtered


def _index_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/tin-tuc/").status_code == 200
    return len(queries)


def test_the_index_costs_the_same_queries_for_3_or_15_items(client):
    for _n in range(3):
        f.NewsItemFactory()
    _index_queries(client)  # the menu and the site's settings, kept after the first request
    few = _index_queries(client)
    for _n in range(12):
        f.NewsItemFactory()
    assert _index_queries(client) == few


def test_an_item_page_shows_its_outlet_date_and_link(client, communication):
    item = f.NewsItemFactory(programme=communication, title="Ra mắt nhóm tư vấn", outlet="Báo Bình Dương")
    html = client.get(item.url).content.decode()
    assert "Báo Bình Dương" in html and "10/05/2019" in html
    assert 'href="https://baobinhduong.vn/khoi-nghiep"' in html
    assert "1.4 · Truyền thông" in html


def test_news_is_a_section_and_a_search_type(client):
    assert "news.newsindexpage" in [section.model for section in registered()]
    assert search_types()["tin-tuc"].model is NewsItemPage
    f.NewsItemFactory(title="Khởi nghiệp đổi mới sáng tạo ở trường học")
    html = re.sub(r"<[^>]+>", "", client.get("/tim-kiem/?q=khoi+nghiep+truong+hoc").content.decode())
    assert "Khởi nghiệp đổi mới sáng tạo ở trường học" in html

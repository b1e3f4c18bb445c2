import pytest

pytestmark = pytest.mark.django_db


def test_smoke(client, catalogue):
    for page in [
        catalogue.index,
        catalogue.programme,
        catalogue.course,
        catalogue.free,
        catalogue.module,
        catalogue.plans,
        catalogue.plan,
        catalogue.camps,
        catalogue.camp,
    ]:
        r = client.get(page.url)
        assert r.status_code == 200, (page.url, r.status_code)
    r = client.get(catalogue.index.url + "khoa-hoc/")
    assert r.status_code == 200
    print(client.get(catalogue.course.url).content.decode()[-6000:])
    r = client.get("/tim-kiem/?q=giao+an+stem")
    print(r.content.decode()[-3000:])

"""No address, parameter or method a reader can send makes the site answer 500."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

PAGES = ["/en/", "/fa/", "/en/archive/", "/en/archive/2023/", "/en/topics/",
         "/en/topics/press-freedom/", "/en/signatories/", "/en/signatories/executive-board/",
         "/en/statements/statement-1/", "/en/feed/", "/en/feed/atom/",
         "/en/topics/press-freedom/feed/", "/sitemap.xml", "/robots.txt", "/"]

NOT_FOUND = [
    "/en/?page=abc", "/en/?page=999999", "/en/?page=0", "/en/?page=-1", "/en/?page=1e9",
    "/en/?page=" + "9" * 400, "/en/topics/no-such-topic/", "/en/signatories/nobody/",
    "/en/statements/no-such-statement/", "/en/archive/0000/", "/en/archive/1066/",
    "/en/archive/9999/", "/en/archive/abcd/", "/en/archive/20233/", "/xx/", "/de/statements/",
    "/en/statements/" + "a" * 5000 + "/", "/en/topics/%00/", "/en/topics/%ff%fe/",
    "/en/statements/..%2f..%2fetc%2fpasswd/", "/../../etc/passwd", "/static/../settings.py",
    "/en/topics/press-freedom/?page=2", "/en/archive/2023/?page=x",
]


@pytest.fixture(autouse=True)
def content(make_statement, make_topic):
    make_statement(topics=[make_topic()],
                   published_at=datetime(2023, 9, 3, 12, tzinfo=ZoneInfo("Asia/Tehran")))


@pytest.mark.parametrize("url", PAGES)
def test_every_page_answers(client, url):
    assert client.get(url).status_code in (200, 302)


@pytest.mark.parametrize("url", NOT_FOUND)
def test_bad_addresses_and_parameters_answer_404_in_the_site_style(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 404, url
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("h1").get_text() == "Page not found"
    assert soup.find("a", class_="skip-link")


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_wrong_methods_never_500(client, url, method):
    response = getattr(client, method)(url, data="x=1", content_type="text/plain")
    assert response.status_code in (200, 302, 403, 405), (method, url, response.status_code)


@pytest.mark.parametrize("query", ["page=%ff", "page=%00", "page=1&page=2", "page[]=1",
                                   "%ff=%fe", "x=" + "y" * 10000, "page= 2"])
def test_odd_query_strings_never_500(client, query):
    assert client.get(f"/en/?{query}").status_code in (200, 404)


def test_unknown_host_is_400_not_500(client):
    assert client.get("/en/", headers={"host": "evil.example"}).status_code == 400

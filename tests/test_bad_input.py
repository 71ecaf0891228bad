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
         "/en/topics/press-freedom/feed/", "/sitemap.xml", "/robots.txt", "/",
         "/en/comments/feed/", "/en/statements/statement-1/comments/feed/",
         "/en/captcha/new.json"]

NOT_FOUND = [
    "/en/?page=abc", "/en/?page=999999", "/en/?page=0", "/en/?page=-1", "/en/?page=1e9",
    "/en/?page=" + "9" * 400, "/en/topics/no-such-topic/", "/en/signatories/nobody/",
    "/en/statements/no-such-statement/", "/en/archive/0000/", "/en/archive/1066/",
    "/en/archive/9999/", "/en/archive/abcd/", "/en/archive/20233/", "/xx/", "/de/statements/",
    "/en/statements/" + "a" * 5000 + "/", "/en/topics/%00/", "/en/topics/%ff%fe/",
    "/en/statements/..%2f..%2fetc%2fpasswd/", "/../../etc/passwd", "/static/../settings.py",
    "/en/topics/press-freedom/?page=2", "/en/archive/2023/?page=x",
    "/en/comments/1/", "/en/comments/99999999999999999999/", "/en/comments/1/reply/",
    "/en/comments/abc/", "/en/captcha/garbage/image.png", "/en/captcha/garbage/audio.wav",
    "/en/captcha/" + "a" * 3000 + "/image.png", "/en/statements/statement-1/?page=2",
    "/en/statements/statement-1/?page=abc", "/en/statements/statement-1/?page=-3",
    "/en/statements/nothing/comments/feed/",
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


@pytest.mark.parametrize("body", [
    "", "comment=", "comment=%ff%fe", "comment=x&parent=-1", "comment=x&parent=1e99",
    "comment=x&parent=" + "9" * 50, "comment=x&captcha_token=" + "A" * 5000,
    "comment=x&captcha_pass=%00", "comment=x&email=" + "@" * 300, "comment=x&homepage=http://",
    "comment=x&homepage=http://[::1", "comment=x&save=1&preview=1&new_challenge=1",
    "comment=" + "x" * 20000, "comment[]=x&name[]=y", "\x00\x01\x02",
])
def test_malformed_comment_posts_never_500(client, body):
    response = client.post("/en/statements/statement-1/comments/", body,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 400, 403, 413), response.status_code


@pytest.mark.parametrize("content_type", ["application/json", "multipart/form-data; boundary=x",
                                          "text/plain", "application/xml"])
def test_other_content_types_never_500(client, content_type):
    response = client.post("/en/statements/statement-1/comments/", b"{\"comment\": 1}",
                           content_type=content_type)
    assert response.status_code in (200, 400, 403), response.status_code


def test_unknown_host_is_400_not_500(client):
    assert client.get("/en/", headers={"host": "evil.example"}).status_code == 400

"""A link's host that passes for another is shown as an address bar shows it (Punycode);
every other host is shown as typed, Persian ones included."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sokhan.textformat import render
from sokhan.textformat.homographs import as_shown, ascii_form, is_disguised

LINK = '<p dir="auto"><a href="{href}" rel="nofollow ugc noreferrer" dir="ltr">{shown}</a></p>'


@pytest.mark.parametrize(("typed", "href", "shown"), [
    # Two Cyrillic o's in a Latin name; all-Cyrillic letters that spell a Latin word.
    ("https://www.gооgle.com/x", "https://www.gооgle.com/x", "https://www.xn--ggle-55da.com/x"),
    ("www.раураl.com/login", "http://www.раураl.com/login", "www.xn--l-7sba6dbr.com/login"),
    ("https://ѕсоре.com", "https://ѕсоре.com", "https://xn--e1argc3h.com"),
    ("ali@gооgle.com", "mailto:ali@gооgle.com", "ali@xn--ggle-55da.com"),
    ("https://gооgle.com:8080/", "https://gооgle.com:8080/", "https://xn--ggle-55da.com:8080/"),
    # An "@" in the path of a www. address is no user's: the host is still checked.
    ("www.gооgle.com/@user", "http://www.gооgle.com/@user", "www.xn--ggle-55da.com/@user"),
    # Arabic-Indic fives that pass for o's.
    ("https://g٥٥gle.com", "https://g٥٥gle.com", "https://xn--ggle-vfga.com"),
    # Latin letters that pass for ASCII ones: the IPA's script g and alpha, a small
    # capital, a dotless i, a g with a dot (found by the security review).
    ("http://ɡoogle.com/login", "http://ɡoogle.com/login", "http://xn--oogle-qmc.com/login"),
    ("https://ɑpple.com", "https://ɑpple.com", "https://xn--pple-p5b.com"),
    ("https://ᴀpple.com", "https://ᴀpple.com", "https://xn--pple-k13a.com"),
    ("https://paypaı.com", "https://paypaı.com", "https://xn--paypa-r4a.com"),
    ("https://ġoogle.com", "https://ġoogle.com", "https://xn--oogle-v1a.com"),
])
def test_a_look_alike_host_is_shown_in_punycode_and_still_leads_where_typed(typed, href,
                                                                           shown):
    assert render(typed) == LINK.format(href=href, shown=shown)


@pytest.mark.parametrize("typed", [
    "http://نمونه.ایران/صفحه",  # Persian
    "https://пример.рф/",  # Cyrillic under a Cyrillic top-level domain
    "https://例え.jp",  # Han and Hiragana: Japanese
    "http://bücher.de:8080/a",  # Latin with a diacritic
    "https://ɓata.ng", "https://ɔkɔ.gh",  # letters African alphabets write with
    "https://www.google.com",
    "https://خبر۲۴.com",  # Persian digits belong to the Arabic script's name
    "https://ソニー.jp", "https://佐々木.jp",  # Katakana with its long-vowel mark; Han
    "https://日本語abc.jp",  # Latin beside Japanese, as Japanese names mix them
    "https://пример.ru", "https://ελλάδα.gr",  # letters that spell no Latin word
])
def test_a_host_in_one_script_is_shown_as_typed(typed):
    html = render(typed)
    assert f">{typed}</a>" in html


HOST_LETTERS = st.text(alphabet=st.characters(categories=["Ll", "Lu", "Lo", "Nd"]),
                       min_size=1, max_size=12)
hosts = st.lists(HOST_LETTERS, min_size=2, max_size=4).map(".".join)


@given(hosts)
def test_a_host_is_shown_as_typed_or_as_its_ascii_form(host):
    assert as_shown(host) in (host, ascii_form(host))
    assert as_shown(host).isascii() or not is_disguised(host)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1),
       st.text(alphabet="асеорхуіј", min_size=1))
def test_latin_with_any_cyrillic_in_one_label_is_disguised(latin, cyrillic):
    assert is_disguised(f"{latin}{cyrillic}.com") and is_disguised(f"{cyrillic}.com")
    assert not is_disguised(f"{latin}.com")


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=0, max_size=10),
       # ... also a dot typed as a mark of its own after an ASCII letter (diff review)
       st.sampled_from([*"ɡɑᴀᴄᴏſıġċżọạ", "g\u0307", "i\u0307", "o\u0323", "l\u0307"]),
       st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=0, max_size=10))
def test_one_ascii_look_alike_in_an_ascii_name_is_disguised(before, look_alike, after):
    assert is_disguised(f"{before}{look_alike}{after}.com")


# One letter of each script that Chinese, Japanese and Korean write with: Han, Hiragana,
# Katakana, the long-vowel mark and the iteration mark of both kana, Bopomofo, Hangul.
EAST_ASIAN = ["例", "あ", "ア", "ー", "々", "ㄅ", "한"]


@pytest.mark.parametrize("letter", EAST_ASIAN)
def test_latin_may_stand_beside_chinese_japanese_or_korean_but_cyrillic_may_not(letter):
    assert not is_disguised(f"ab{letter}.com")
    assert is_disguised(f"п{letter}.jp")


@pytest.mark.parametrize("host", [
    "한國.kr",  # Korean, in Hangul and Hanja
    "خبر٢٤.com",  # Arabic letters and Arabic-Indic digits: one script
    "abｦ.com", "abＡ.com",  # half- and full-width forms count as the script they are in
    "ɏɏ.com",  # Latin Extended-B, just before the IPA block: written (Ojibwe, Hopi)
    "żółw.pl",  # a dotted letter beside letters with other accents is Polish, not a disguise
])
def test_more_hosts_in_one_script_are_shown_as_typed(host):
    assert as_shown(host) == host


@pytest.mark.parametrize("host", [
    "abc۱۲۳.com",  # Latin with Persian digits
    # The first and last letters of the phonetic blocks that pass for Latin.
    "ɐɐ.com", "ʯʯ.com", "ꟿꟿ.com", "ꬰꬰ.com",
    "ṩecure.com",  # an s with a dot below and one above
])
def test_more_look_alike_hosts_are_disguised(host):
    assert is_disguised(host)
    assert as_shown(host).startswith("xn--")


# The Cyrillic and Greek letters Chromium treats as confusable with Latin ones.
CHROMIUM_LOOK_ALIKES = "асԁеһіјӏорԛѕԝхуъьҽпгѵѡ" "αικνορτυχ"


@pytest.mark.parametrize("letter", CHROMIUM_LOOK_ALIKES)
def test_a_label_spelt_only_with_latin_look_alikes_is_disguised(letter):
    assert is_disguised(f"{letter}{letter}.com")


def test_a_cyrillic_k_alone_is_no_disguise():
    # Chromium leaves it out: a Russian "сок.рф" would otherwise show in Punycode.
    assert not is_disguised("кк.com")

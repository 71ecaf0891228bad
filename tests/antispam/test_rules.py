"""The pure spam rules, the Persian matching key they use, and the dashboard's chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sokhan.antispam import rules
from sokhan.antispam.chart import stacked_bars
from sokhan.antispam.verdict import Reason
from sokhan.persian.normalise import normalise, squeeze


@pytest.mark.parametrize(("value", "accepted"), [("", True), ("   ", True),
                                                 ("http://spam.example", False), ("x", False)])
def test_honeypot(value, accepted):
    assert rules.honeypot(value).accepted is accepted


@pytest.mark.parametrize(("links", "most", "accepted"), [(0, 3, True), (3, 3, True),
                                                        (4, 3, False), (1, 0, False)])
def test_link_limit(links, most, accepted):
    verdict = rules.link_limit(links, most)
    assert verdict.accepted is accepted
    assert verdict.reason is (Reason.ACCEPTED if accepted else Reason.TOO_MANY_LINKS)


@pytest.mark.parametrize(("text", "words", "accepted"), [
    ("Buy CHEAP pills now", ["cheap pills"], False),
    ("buy cheappills", ["cheap pills"], False),
    ("a kind comment", ["cheap pills"], True),
    ("این متن كثيف است", ["کثیف"], False),            # Arabic kaf and yeh typed
    ("این متن کثیف است", ["كثيف"], False),            # the list in Arabic letters
    ("می‌خواهیم", ["میخواهیم"], False),                # ZWNJ
    ("می خواهیم", ["می‌خواهیم"], False),               # space
    ("كِتاب", ["کتاب"], False),                        # harakat
    ("قیمت ۱۲۳", ["123"], False),                      # Persian digits
    ("price ١٢٣", ["۱۲۳"], False),                     # Arabic-Indic digits
    ("anything", [""], True),
])
def test_disallowed_words_match_after_normalisation(text, words, accepted):
    assert rules.disallowed_words(text, words).accepted is accepted


@pytest.mark.parametrize(("a", "b"), [
    ("يك", "یک"), ("ى", "ی"), ("ة", "ه"), ("ۀ", "ه"), ("أ", "ا"), ("إ", "ا"), ("آ", "ا"),
    ("ؤ", "و"), ("مـــن", "من"), ("HELLO", "hello"), ("۱۴۰۲", "1402"), ("٢٠٢٣", "2023"),
    ("سلام‎", "سلام"), ("سَلام", "سلام"), ("Straße", "strasse"),
])
def test_normalise_pairs(a, b):
    assert normalise(a) == normalise(b)


@given(st.text())
def test_normalise_is_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)
    assert " " not in squeeze(text)


def test_duplicate_key_ignores_case_and_spacing():
    assert rules.duplicate_key("Hello   World") == rules.duplicate_key("hello world")
    assert rules.duplicate_key("hello") != rules.duplicate_key("hello!")


def test_rate():
    assert rules.rate(2, 3, Reason.RATE_MINUTE).accepted
    assert rules.rate(3, 3, Reason.RATE_MINUTE).reason is Reason.RATE_MINUTE


def test_chart_is_well_formed_svg_with_a_bar_per_value():
    svg = stacked_bars(["11-01", "11-02"], {"captcha_wrong": [3, 0], "honeypot": [1, 2]},
                       title="Rejections <&>")
    root = ET.fromstring(svg)
    bars = [r for r in root.iter("{http://www.w3.org/2000/svg}rect")
            if r.find("{http://www.w3.org/2000/svg}title") is not None]
    assert len(bars) == 3  # zero values draw nothing
    assert "Rejections &lt;&amp;&gt;" in svg

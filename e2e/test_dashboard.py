"""The moderators' spam chart as a browser draws it, on a right-to-left page too."""

from __future__ import annotations

import pytest

from sokhan.antispam.chart import stacked_bars

LEGEND = """() => [...document.querySelectorAll('svg > text')].filter(t => t.getAttribute('x')
    && t.previousElementSibling && t.previousElementSibling.tagName === 'rect'
    && !t.previousElementSibling.querySelector('title')).map(t => {
      const swatch = t.previousElementSibling.getBBox(), text = t.getBBox();
      return [swatch.x + swatch.width, text.x, text.x + text.width];
    })"""


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
def test_each_legend_name_stands_right_of_its_swatch_and_inside_the_chart(browser,
                                                                          direction):
    svg = stacked_bars(["۰۹/۱۱", "۰۹/۱۲"], {"پیوندهای بیش از حد": [3, 0],
                                            "کپچا: توکن دست‌کاری‌شده یا ساختگی": [1, 2],
                                            "Hidden field filled in (a bot)": [0, 4]},
                       title="Rejections")
    page = browser.new_page(viewport={"width": 900, "height": 600})
    try:
        page.set_content(f'<html dir="{direction}" lang="fa"><body>{svg}</body></html>')
        boxes = page.evaluate(LEGEND)
        assert len(boxes) == 3
        for swatch_end, text_start, text_end in boxes:
            assert swatch_end <= text_start and text_end <= 640
    finally:
        page.close()

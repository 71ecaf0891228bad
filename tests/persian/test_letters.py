"""Arabic yeh and kaf in an address are read as the Persian letters, and nothing else."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sokhan.persian.normalise import normalise, persian_letters


def test_arabic_yeh_alef_maksura_and_kaf_become_persian():
    assert persian_letters("كار-شايسته-ى") == "کار-شایسته-ی"


@given(st.text())
def test_only_those_letters_change(text):
    changed = persian_letters(text)
    assert len(changed) == len(text)
    assert not set(changed) & {"ي", "ى", "ك"}
    assert all(a == b or a in "يىك" for a, b in zip(text, changed, strict=True))
    assert normalise(changed) == normalise(text)  # the matching key already agreed

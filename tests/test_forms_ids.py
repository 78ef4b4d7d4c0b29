"""Project ids: a name whose spelling fits keeps the id it always had; a longer one is cut between
whole words of the word table (fill.js does the same: tests/test_forms_browser.py)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from id_corpus import CUT, CUT_ALIKE, PIECES, SHORT, random_names, sample_names, syllable_id

from generator.forms.project_id import (
    MAX_ID,
    WORD_FREQUENCY,
    _jieba_dictionary,
    _words,
    project_id,
    spelling,
    word_table,
)
from generator.model.base import SLUG
from generator.render.finder import as_script

NO_WORDS: frozenset[str] = frozenset()


def whole(name: str) -> str:
    return "-".join(spelling(unicodedata.normalize("NFC", name), NO_WORDS))


@pytest.mark.parametrize("name", [*SHORT, *(n for n in sample_names() if len(whole(n)) <= MAX_ID)])
def test_a_name_whose_spelling_fits_keeps_the_id_it_had(name: str) -> None:
    assert len(whole(name)) <= MAX_ID
    assert project_id(name) == syllable_id(name) == whole(name)


@pytest.mark.parametrize(("name", "expected"), CUT.items())
def test_a_long_name_is_cut_between_whole_words(name: str, expected: str) -> None:
    assert project_id(name) == expected
    assert syllable_id(name) != expected, "a syllable cut split a word of this name"
    words = spelling(name, _words())
    kept = next(k for k in range(len(words) + 1) if "-".join(words[:k]) == expected)
    assert kept and len("-".join(words[: kept + 1])) > MAX_ID, "as many words as fit"


@pytest.mark.parametrize(("name", "expected"), CUT_ALIKE.items())
def test_a_cut_that_fell_between_words_anyway_is_as_before(name: str, expected: str) -> None:
    assert project_id(name) == syllable_id(name) == expected


def test_the_sample_registrys_long_names_keep_whole_words() -> None:
    names = [n for n in sample_names() if len(whole(n)) > MAX_ID]
    assert len(names) > 10
    for name in names:
        words = spelling(name, _words())
        cut = project_id(name)
        assert cut in {"-".join(words[:k]) for k in range(1, len(words))}, name
        assert len(cut) <= MAX_ID < len("-".join(words[: cut.count("-") + 2])), name
    changed = {n: project_id(n) for n in names if project_id(n) != syllable_id(n)}
    assert changed["轴承工匠创新工作室"] == "zhou-cheng-gong-jiang-chuang-xin"  # was …-chuang-xin-gong


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join))
def test_any_name_gets_its_whole_spelling_or_a_cut_at_a_word(name: str) -> None:
    found = project_id(name)
    assert SLUG.match(found) and len(found) <= MAX_ID
    words = spelling(name, _words())
    assert "-".join(words) == whole(name), "words change where an id is cut, never its spelling"
    if not words:
        assert found.startswith("p-")
    elif len(whole(name)) <= MAX_ID:
        assert found == whole(name) == syllable_id(name)
    elif len(words[0]) > MAX_ID:
        assert found == whole(name)[:MAX_ID] == syllable_id(name)
    else:
        kept = next(k for k in range(1, len(words)) if "-".join(words[:k]) == found)
        assert len("-".join(words[: kept + 1])) > MAX_ID


def test_random_names_that_fit_keep_their_ids() -> None:
    names = [n for n in random_names(3000) if len(whole(n)) <= MAX_ID]
    assert len(names) > 300
    assert [project_id(n) for n in names] == [syllable_id(n) or project_id(n) for n in names]


def test_the_word_table_is_jiebas_frequent_short_words() -> None:
    dictionary = _jieba_dictionary()
    assert dictionary is not None
    expected = set()
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        word, frequency = line.split(" ")[:2]
        if 2 <= len(word) <= 4 and int(frequency) >= WORD_FREQUENCY and all(spelling(c, NO_WORDS) for c in word):
            expected.add(word)
    assert _words() == expected
    assert 25_000 < len(expected) < 40_000
    assert {"邢台", "老年", "大学", "驿站", "帮扶", "劳模", "农民工", "有限公司"} <= expected
    assert all("\u4e00" <= c <= "\u9fff" for w in expected for c in w)
    assert len(as_script("words", 0, word_table()).encode()) < 200_000  # loaded only for a long name
    assert list(word_table()) == sorted(word_table()), "stable: the same site from the same jieba"

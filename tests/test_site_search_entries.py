"""The theme search's extra words for units: any part of a unit's name begins some word."""

from __future__ import annotations

import json
import re
from datetime import datetime

from site_data import EVIL_UNIT, Built, fresh_tree, write_handwritten
from site_fixtures import Visit, theme_search, visit  # noqa: F401 (fixture)

from generator.model.programme import CHINA
from generator.render.context import collect
from generator.render.search_entries import suffixes, unit_search_words
from generator.validate.tree import load_submissions

pytest_plugins = ["site_fixtures"]  # the session fixtures `built`, `served` and `browser`


def test_every_part_of_a_name_begins_some_word() -> None:
    words = suffixes(["西岗区八一路街道总工会"])
    for part in ("八一路", "街道", "总工会", "西岗区八一路街道总工会"):
        assert any(w.startswith(part) for w in words), part
    assert all(len(w) >= 2 for w in words) and len(words) == len(set(words))
    # Untrusted names give only their Han runs: no markup, no spaces, no line breaks.
    assert all(re.fullmatch(r"[\u4e00-\u9fff]+", w) for w in suffixes([EVIL_UNIT]))


def test_each_unit_gets_its_name_parts_and_its_unit_id(tmp_path) -> None:
    root = fresh_tree(tmp_path)
    write_handwritten(root)
    words = unit_search_words(collect(load_submissions(root), datetime(2026, 11, 25, tzinfo=CHINA)))
    assert "八一路街道总工会" in words["xigang-bayi-street"].split()
    assert words["xigang-bayi-street"].endswith("单位编号 xigang-bayi-street")


def test_the_built_index_holds_the_words_escaped_in_the_units_entry(built: Built) -> None:
    index = json.loads((built.site / "search/search_index.json").read_text(encoding="utf-8"))
    street = [d for d in index["docs"] if d["location"] == "units/xigang-bayi-street.html"]
    assert street and "八一路街道总工会" in street[0]["text"]
    fishery = next(d for d in index["docs"] if d["location"] == "units/zhuanghe-fishery.html")
    assert "<img" not in fishery["text"] and "<img" not in fishery["title"]


def test_part_of_a_unit_name_finds_the_unit_in_the_theme_search(visit: Visit) -> None:  # noqa: F811
    visit.go("index.html")
    theme_search(visit.page, "八一路")
    visit.page.locator('.md-search-result__item > a[href*="units/xigang-bayi-street.html"]').first.wait_for()

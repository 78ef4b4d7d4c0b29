"""The theme-search entries for units: any part of a unit's name is the start of some word."""

from __future__ import annotations

import re
from datetime import datetime

from site_data import EVIL_UNIT, fresh_tree, write_handwritten, write_payload_tree

from generator.model.programme import CHINA
from generator.render.context import collect
from generator.render.search_entries import suffixes, unit_entries
from generator.submissions import load_submissions

SEPARATOR = re.compile(r"[\s\u200b\u3000\-、。，．？！；：（）《》“”‘’·…—]+")  # mkdocs.yml's search separator


def test_every_part_of_a_name_begins_some_word() -> None:
    words = suffixes(["西岗区八一路街道总工会"])
    for part in ("八一路", "街道", "总工会", "西岗区八一路街道总工会"):
        assert any(w.startswith(part) for w in words), part
    assert all(len(w) >= 2 for w in words) and len(words) == len(set(words))


def test_unit_entries_carry_the_name_its_parts_and_the_unit_id(tmp_path) -> None:
    root = fresh_tree(tmp_path)
    write_handwritten(root)
    write_payload_tree(root)
    site = collect(load_submissions(root), datetime(2026, 11, 25, tzinfo=CHINA))
    entries = {e.location: e for e in unit_entries(site)}
    street = entries["units/xigang-bayi-street.html"]
    tokens = SEPARATOR.split(street.text)
    assert street.title == "西岗区八一路街道总工会"
    assert any(t.startswith("八一路") for t in tokens) and "单位编号 xigang-bayi-street" in street.text
    assert "大连市西岗区总工会" in tokens  # its parent, by name
    # Untrusted names stay text: the caller escapes; the suffixes hold only Han characters.
    evil = entries["units/zhuanghe-fishery.html"]
    assert evil.title == EVIL_UNIT and all(re.fullmatch(r"[\u4e00-\u9fff]+", w) for w in suffixes([EVIL_UNIT]))

"""The theme's search in Chinese: jieba with a user dictionary of unit names (real build, real Chromium)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import run_process
from site_data import EVIL_PARENT, EVIL_UNIT, TODAY, Built, fresh_tree, write_handwritten
from site_fixtures import Visit, theme_search, visit  # noqa: F401 (fixtures)

from generator.render.search_dict import FIXED_TERMS, dictionary_words

pytest_plugins = ["site_fixtures"]  # the session fixtures `built` and `served`, and `browser`

PORT = "大连港集团有限公司工会"  # jieba alone cuts it into 大连港|集团|有限公司|工会


def _index(built: Built) -> dict:
    return json.loads((built.site / "search/search_index.json").read_text(encoding="utf-8"))


def _tokens(index: dict, location: str) -> list[str]:
    """The words the theme's search indexes for one entry: markup dropped, text split at the separator."""
    text = next(d["text"] for d in index["docs"] if d["location"] == location)
    return [t for t in re.split(index["config"]["separator"], re.sub(r"<[^>]*>", " ", text)) if t]


def test_a_unit_name_is_one_word_where_prose_names_it(built: Built) -> None:
    index = _index(built)
    assert PORT in _tokens(index, "units/dalian-port.html")  # its own page
    assert PORT in _tokens(index, "units/shiye.html")  # its parent's list of grassroots units
    listed = _tokens(index, "units.html")
    registry = yaml.safe_load((built.root / "submissions/units.yaml").read_text(encoding="utf-8"))
    plain = [u["名称"] for u in registry["单位"] if re.fullmatch(r"[\u4e00-\u9fff]+", u["名称"])]
    assert len(plain) > 30
    assert [n for n in plain if n not in listed] == []
    home = _tokens(index, "index.html")
    assert "创新成果奖" in home and "创优成果奖" in home  # fixed terms of the rules, kept whole too


def test_the_user_dictionary_holds_only_chinese_words_and_stays_out_of_the_site(built: Built) -> None:
    words = (built.root / ".build/search/userdict.txt").read_text(encoding="utf-8").splitlines()
    assert PORT in words and set(FIXED_TERMS) <= set(words)
    # Unit names from the registry are untrusted: only their runs of Han characters become words.
    assert "工会" in words and "庄河市总工会" in words
    assert [w for w in words if not re.fullmatch(r"[\u4e00-\u9fff]{2,}", w)] == []
    assert len(words) == len(set(words))
    assert not list(built.site.rglob("userdict.txt"))


def test_dictionary_words_are_the_han_runs_of_each_name() -> None:
    assert dictionary_words([EVIL_UNIT, EVIL_PARENT, "《劳动者》编辑部", "第24中学 工会\n2"]) == [
        "工会",
        "庄河市总工会",
        "劳动者",
        "编辑部",
        "中学",
    ]


def _result_pages(seen: Visit, expected: str) -> list[str]:
    """The result pages once `expected` is among them (the list of the previous query stays until then)."""
    seen.page.locator(f'.md-search-result__item > a[href^="{seen.base}{expected}"]').first.wait_for()
    hrefs = seen.page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
    return [h.removeprefix(seen.base).split("?")[0].split("#")[0] for h in hrefs]


def test_typing_a_unit_name_into_the_theme_search_finds_the_units_page(visit: Visit, built: Built) -> None:  # noqa: F811
    visit.go("index.html")
    for name, unit in ((PORT, "dalian-port"), ("西岗区八一路街道总工会", "xigang-bayi-street")):
        theme_search(visit.page, name)
        found = _result_pages(visit, f"units/{unit}.html")
        # The name is one word: no page turns up for a part of it (集团, 有限公司, 街道) alone.
        assert [page for page in found if name not in built.html(page)] == []


def test_a_build_without_jieba_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An environment set up before jieba became a dependency: a clear message, not an internal error."""
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "jieba.py").write_text("raise ImportError('jieba is not installed here')\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(hide))
    root = fresh_tree(tmp_path / "repo")
    write_handwritten(root)
    result = run_process("build", "--now", TODAY, cwd=root)  # a fresh process: jieba is already imported here
    assert result.code == 1
    assert "缺少中文分词组件 jieba" in result.out and "pip install -e ." in result.out
    assert "Traceback" not in result.out + result.err and "内部错误" not in result.out + result.err
    assert not (root / "site").exists()


def test_the_theme_search_finds_a_project_by_its_name_first(visit: Visit) -> None:  # noqa: F811
    visit.go("index.html")
    theme_search(visit.page, "法律援助驿站")
    found = _result_pages(visit, "2026/projects/legal-aid-station.html")
    assert found[0] == "2026/projects/legal-aid-station.html"

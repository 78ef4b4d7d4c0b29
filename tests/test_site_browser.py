"""The built site in Debian's headless Chromium: find, filter, open, print, and nothing leaves the site."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli
from playwright.sync_api import Browser, Page
from site_data import EVIL_NAME, TODAY, fresh_tree, write_synthetic
from site_fixtures import Visit, serving, theme_search, visiting

pytest_plugins = ["site_fixtures"]  # the session fixtures `built` and `served`, and `browser`

A4_POINTS = (595.28, 841.89)


def rows(page: Page) -> list[str]:
    return page.locator(".sc-registry-table tbody tr td:first-child").all_inner_texts()


def test_home_finds_a_project_by_a_word_from_the_middle_of_its_name(visit: Visit) -> None:
    page = visit.go("index.html")
    page.fill(".sc-finder-q", "分公司")
    hit = page.locator(".sc-finder-hit a").first
    hit.wait_for()
    assert hit.inner_text() == "第一分公司职工书屋提质工程"
    hit.click()
    page.wait_for_url(re.compile(r"/2026/projects/branch-one-reading-room\.html$"))
    assert page.locator("h1[data-sc-title]").inner_text() == "第一分公司职工书屋提质工程"
    assert page.title().startswith("第一分公司职工书屋提质工程 - ")


def test_the_finder_matches_part_of_a_unit_name(visit: Visit) -> None:
    page = visit.go("index.html")
    page.fill(".sc-finder-q", "八一路")
    page.locator(".sc-finder-hit").first.wait_for()
    assert "社区法律援助驿站建设" in page.locator(".sc-finder-hit a").all_inner_texts()
    page.fill(".sc-finder-q", "没有这样的项目名称")
    page.locator(".sc-finder-summary", has_text="没有找到").wait_for()


def test_the_year_table_filters_by_status_tier_parent_and_text(visit: Visit) -> None:
    page = visit.go("2026/index.html")
    page.locator(".sc-registry-table tbody tr").first.wait_for()
    everything = rows(page)
    assert "社区法律援助驿站建设" in everything
    filters = page.locator(".sc-filter select")
    filters.nth(4).select_option("已撤回")
    assert sorted(rows(page)) == sorted(["区域性行业工资集体协商", "=SUM(1,2)撤回理由测试"])
    filters.nth(0).select_option("工会领导机关")
    assert rows(page) == ["区域性行业工资集体协商"]
    filters.nth(4).select_option("")
    filters.nth(0).select_option("")
    filters.nth(1).select_option("大连市西岗区总工会")
    assert sorted(rows(page)) == sorted(["社区法律援助驿站建设", "=SUM(1,2)撤回理由测试"])
    filters.nth(1).select_option("")
    page.fill(".sc-filter-text input", "书屋")
    page.wait_for_function("document.querySelectorAll('.sc-registry-table tbody tr').length === 1")
    assert rows(page) == ["第一分公司职工书屋提质工程"]
    assert page.locator(".sc-count").inner_text().endswith("符合条件 1 个")


def test_a_project_page_opens_from_the_year_table(visit: Visit) -> None:
    page = visit.go("2026/index.html")
    page.locator(".sc-registry-table a", has_text="社区法律援助驿站建设").click()
    page.wait_for_url(re.compile(r"/2026/projects/legal-aid-station\.html$"))
    steps = page.locator(".sc-timeline li")
    assert "待审核汇总" in steps.first.inner_text() and "已立项" in steps.nth(1).inner_text()
    assert page.locator(".sc-fields").inner_text().count("经审核，同意报送。") == 1


def test_script_payloads_in_every_field_execute_nothing(visit: Visit) -> None:
    for rel in [
        "2026/projects/evil.html",
        "2026/forms/evil.html",
        "2026/projects/withdrawn-evil.html",
        "units/zhuanghe-fishery.html",
        "units/zhuanghe.html",
        "units.html",
        "stats.html",
        "2026/results.html",
        "registry.html",
    ]:
        page = visit.go(rel)
        page.mouse.move(300, 400)
        page.mouse.click(300, 400)
    page = visit.go("2026/index.html")
    page.locator(".sc-registry-table tbody tr").first.wait_for()
    page.fill(".sc-filter-text input", "pwned")
    page.wait_for_function("document.querySelectorAll('.sc-registry-table tbody tr').length === 1")
    assert rows(page) == [EVIL_NAME]  # shown as text, exactly as filed
    page = visit.go("index.html")
    page.fill(".sc-finder-q", "pwned")
    page.locator(".sc-finder-hit").first.wait_for()
    theme_search(page, "onerror")  # the theme's search renders the index's text too
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("window.__sentinel") == "clean"


def test_no_page_requests_anything_outside_the_site(visit: Visit) -> None:
    for rel in [
        "index.html",
        "guide.html",
        "registry.html",
        "results.html",
        "stats.html",
        "units.html",
        "units/xigang.html",
        "2026/index.html",
        "2026/results.html",
        "2026/projects/legal-aid-station.html",
        "2026/forms/legal-aid-station.html",
        "2025/index.html",
        "404.html",
    ]:
        visit.go(rel)
        visit.page.wait_for_timeout(150)
    assert any(u.endswith("/search/search_index.json") for u in visit.inside)
    assert any("/data/table-2026.js" in u for u in visit.inside)
    # visit.outside is asserted empty by the fixture


def _pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    text = pdf.decode("latin-1")
    pages = re.findall(r"/Type\s*/Page(?![s\w])", text)
    boxes = [(float(w), float(h)) for w, h in re.findall(r"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", text)]
    assert len(boxes) == len(pages)
    return boxes


@pytest.mark.parametrize("project", ["legal-aid-station", "night-school", "long-form", "evil"])
def test_the_printed_form_is_exactly_one_a4_page(visit: Visit, project: str) -> None:
    page = visit.go(f"2026/forms/{project}.html")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate(
        "(() => { const s = document.querySelector('.sc-sheet'); return s.scrollHeight <= s.clientHeight + 1; })()"
    ), "text would be cut off"
    boxes = _pdf_pages(page.pdf(prefer_css_page_size=True, print_background=True))
    assert len(boxes) == 1
    (width, height), (a4w, a4h) = boxes[0], A4_POINTS
    assert abs(width - a4w) < 2 and abs(height - a4h) < 2


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A year with a few hundred projects, served: enough rows for paging and sorting."""
    root = fresh_tree(tmp_path_factory.mktemp("many"))
    write_synthetic(root, 260, 2026)
    assert run_cli("build", "--now", TODAY, cwd=root).code == 0
    with serving(Path(root) / "site") as address:
        yield address


def test_the_year_table_pages_and_sorts_hundreds_of_rows(browser: Browser, many: str) -> None:
    for visit in visiting(browser, many):
        page = visit.go("2026/index.html")
        page.locator(".sc-registry-table tbody tr").first.wait_for()
        assert len(rows(page)) == 50
        assert page.locator(".sc-page").inner_text() == "第 1 / 6 页"
        first_page = rows(page)
        page.locator(".sc-pager button", has_text="下一页").click()
        assert page.locator(".sc-page").inner_text() == "第 2 / 6 页"
        assert set(rows(page)).isdisjoint(first_page)
        page.locator(".sc-sort", has_text="项目名称").click()
        ordered = page.evaluate("""() => { const c = new Intl.Collator('zh-Hans-CN');
            const names = [...document.querySelectorAll('.sc-registry-table tbody tr td:first-child')]
              .map(td => td.innerText); return names.every((n, i) => i === 0 || c.compare(names[i-1], n) <= 0); }""")
        assert ordered
        assert page.locator(".sc-page").inner_text() == "第 1 / 6 页"

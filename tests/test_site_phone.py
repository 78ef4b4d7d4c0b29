"""Every kind of page at desktop (1366×900) and phone (390×844) size in Debian's Chromium: nothing
scrolls sideways, the year table turns into cards, views are shareable by address, and a reader
finds the awards and a project's status within two clicks of the home page.

Screenshots of every page at both sizes are kept in `.build/screenshots/` (git-ignored)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from conftest import REPO
from playwright.sync_api import Browser, Page
from site_data import Built, fresh_tree
from site_fixtures import PAGES, Visit, published, visiting, whole_year_site

pytest_plugins = ["site_fixtures"]  # the session fixture `browser`
SHOTS = REPO / ".build/screenshots"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
DAY = "2026-12-05"  # after the 2026 通报: every kind of page has content


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return whole_year_site(fresh_tree(tmp_path_factory.mktemp("phone")), DAY)


@pytest.fixture(scope="module")
def address(site: Built) -> Iterator[str]:
    with published(site.site) as base:
        yield base


@pytest.fixture
def phone(browser: Browser, address: str) -> Iterator[Visit]:
    for visit in visiting(browser, address):
        visit.page.set_viewport_size({"width": 390, "height": 844})
        yield visit


def _overflow(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("size", list(SIZES))
def test_no_page_scrolls_sideways(browser: Browser, address: str, size: str) -> None:
    width, height = SIZES[size]
    SHOTS.mkdir(parents=True, exist_ok=True)
    wide = {}
    for visit in visiting(browser, address):
        visit.page.set_viewport_size({"width": width, "height": height})
        for name, rel in PAGES.items():
            page = visit.go(rel)
            if name in ("year", "unit"):
                page.locator(".sc-registry-table tbody tr, .sc-list tbody tr").first.wait_for()
            page.screenshot(path=str(SHOTS / f"{size}-{name}.png"), full_page=True)
            if _overflow(page) > 0:
                wide[name] = page.evaluate("document.documentElement.scrollWidth")
    assert wide == {}, f"pages wider than {width}px: {wide}"


def test_on_a_phone_the_year_table_is_a_stack_of_labelled_cards(phone: Visit) -> None:
    page = phone.go("2026/index.html")
    row = page.locator(".sc-registry-table tbody tr").first
    row.wait_for()
    assert page.locator(".sc-registry-table thead").is_hidden()
    box = row.bounding_box()
    assert box is not None and box["width"] <= 390
    cells = row.locator("td")
    assert cells.nth(1).evaluate("td => getComputedStyle(td, '::before').content") == '"单位"'
    # One card is about as tall as its seven labelled lines, not one character per line.
    assert box["height"] < 400


def test_the_printable_form_fits_the_phone_screen_and_still_prints_one_a4_page(phone: Visit) -> None:
    page = phone.go("2026/forms/street-b.html")
    sheet = page.locator(".sc-sheet")
    box = sheet.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    pdf = page.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1  # one A4 page, zoom or not


def test_the_printable_form_is_readable_on_a_phone(phone: Visit) -> None:
    """Reflowed at the phone's width at full type size, not the A4 sheet scaled down to 0.45."""
    page = phone.go("2026/forms/street-b.html")
    sheet = page.locator(".sc-sheet")
    assert sheet.evaluate("s => s.style.zoom") in ("", "1")
    assert sheet.evaluate("s => parseFloat(getComputedStyle(s.querySelector('td')).fontSize)") >= 14


def test_the_notice_has_a_way_back_and_a_print_button_that_do_not_print(phone: Visit) -> None:
    page = phone.go("2026/tongbao-2026.html")
    assert page.get_by_role("button", name="打印通报").is_visible()
    page.emulate_media(media="print")
    assert page.locator(".sc-notice-bar").is_hidden()
    page.emulate_media(media="screen")
    page.get_by_role("link", name="← 返回 2026 年评选结果").click()
    page.wait_for_url(re.compile(r"/2026/results\.html$"))


def test_a_reader_finds_the_years_awards_within_two_clicks(phone: Visit) -> None:
    page = phone.go("index.html")
    page.locator(".sc-latest a", has_text="2026 年“双创”成果评选结果通报").click()  # click 1
    page.wait_for_url(re.compile(r"/2026/results\.html$"))
    awarded = (
        page.locator(".sc-award").inner_text()
        if page.locator(".sc-award").count() == 1
        else " ".join(page.locator(".sc-award").all_inner_texts())
    )
    assert "劳动争议调解网络" in awarded and "社区职工服务驿站" in awarded
    assert "大工发〔2026〕40号" in page.locator(".sc-notice").inner_text()
    assert _overflow(page) <= 0


def test_a_reader_finds_a_projects_status_within_two_clicks(phone: Visit) -> None:
    page = phone.go("index.html")
    page.fill(".sc-finder-q", "八一路")  # part of the unit's name, no year chosen
    hit = page.locator(".sc-finder-hit a", has_text="社区职工服务驿站")
    hit.click()  # click 1
    page.wait_for_url(re.compile(r"/2026/projects/street-b\.html$"))
    lead = page.locator(".sc-lead").first
    assert "获创优成果奖" in lead.inner_text()
    assert lead.bounding_box()["y"] < 844  # type: ignore[index]  # on the first screen


def test_the_finder_finds_a_unit_by_the_name_people_use(phone: Visit) -> None:
    page = phone.go("index.html")
    page.fill(".sc-finder-q", "八一路街道工会")  # the registry says 西岗区八一路街道总工会
    page.locator(".sc-finder-hit a", has_text="社区职工服务驿站").wait_for()
    assert "西岗区八一路街道总工会" in page.locator(".sc-finder-hit").first.inner_text()


def test_the_finder_searches_every_year_and_suggests_another_year(phone: Visit) -> None:
    page = phone.go("index.html")
    page.fill(".sc-finder-q", "线上调解")  # a 2025 project
    page.locator(".sc-finder-hit").first.wait_for()
    assert "2025 年" in page.locator(".sc-finder-hit").first.inner_text()
    assert "find=" in page.url
    page.select_option(".sc-finder-year", "2026")
    other = page.locator(".sc-finder-other", has_text="2025 年 1 个")
    other.click()
    page.locator(".sc-finder-hit a", has_text="劳动争议线上调解平台").wait_for()
    assert "fy=2025" in page.url
    shared = phone.go(page.url.removeprefix(phone.base))  # the same address, opened anew
    shared.locator(".sc-finder-hit a", has_text="劳动争议线上调解平台").wait_for()
    assert shared.locator(".sc-finder-year").input_value() == "2025"


def test_the_tables_filters_and_sort_live_in_the_address(phone: Visit) -> None:
    page = phone.go("2026/index.html?status=%E5%B7%B2%E6%92%A4%E5%9B%9E")  # 已撤回
    page.locator(".sc-registry-table tbody tr").first.wait_for()
    assert page.locator(".sc-registry-table tbody tr").count() == 1
    assert page.locator(".sc-filter select").nth(4).input_value() == "已撤回"
    page.locator(".sc-filter select").nth(4).select_option("")
    page.locator(".sc-filter-sort select").select_option("name:desc")  # the header is hidden on a phone
    assert "sort=name" in page.url and "dir=desc" in page.url and "status=" not in page.url
    again = phone.go(page.url.removeprefix(phone.base))
    again.locator(".sc-registry-table tbody tr").first.wait_for()
    names = again.locator(".sc-registry-table tbody tr td:first-child").all_inner_texts()
    assert len(names) == 4 and again.locator("th[aria-sort=descending]").count() == 1


def test_the_year_page_does_not_jump_when_its_table_arrives(phone: Visit) -> None:
    """The table's rows come after the first paint (held here until then): what follows the table
    must not move (a layout shift the reader sees, and Lighthouse's CLS)."""
    page = phone.page
    held: list = []
    page.route("**/data/table-*.js", lambda route: held.append(route))
    page.add_init_script(
        "window.__shift = 0; new PerformanceObserver(list => list.getEntries().forEach(e => {"
        " if (!e.hadRecentInput) { window.__shift += e.value; } })).observe({type: 'layout-shift', buffered: true});"
    )
    page.goto(phone.base + "2026/index.html", wait_until="domcontentloaded")
    page.locator(".sc-loading").wait_for()
    page.wait_for_function("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.wait_for_timeout(200)
    assert len(held) == 1
    held[0].continue_()
    page.locator(".sc-registry-table tbody tr").first.wait_for()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__shift") < 0.01

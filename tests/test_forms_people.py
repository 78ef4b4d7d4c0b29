"""在线填报 as a clerk meets it, in Debian's Chromium on one built site: the form knows the calendar
(before, in and after each tier's window, by her own clock), takes dates as people write them,
finds her unit by the names people use, and survives a malformed address."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from playwright.sync_api import Browser, Page
from site_data import HANDWRITTEN, Built, Project, fresh_tree, units, write_forwarding, write_project
from site_fixtures import Elements, serving

from generator import signing
from generator.model.programme import CHINA

pytest_plugins = ["site_fixtures"]  # `browser`
BUILT_AT = "2026-03-01"
# Registered before the build: a project the office may track.
EARLY = Project(2026, "zhongshan", "early-bird", "职工技能提升早班车", day="02-20")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = fresh_tree(tmp_path_factory.mktemp("people"))
    registry = units()
    for p in [*HANDWRITTEN, EARLY]:
        write_project(root, p, registry)
    # 西岗区总工会 has not forwarded 八一路街道's registration yet: its 审核汇总 is made in the form.
    write_forwarding(root, [p for p in HANDWRITTEN if registry[p.unit].get("上级") != "xigang"], registry)
    result = run_cli("build", "--now", BUILT_AT, cwd=root)
    assert result.code == 0, result.out + result.err
    return Built(root, None, result.out)


@pytest.fixture(scope="module")
def address(site: Built) -> Iterator[str]:
    with serving(site.site) as base:
        yield base


def open_form(browser: Browser, address: str, at: datetime, *, touch: bool = False, hash: str = "") -> Page:
    context = browser.new_context(
        viewport={"width": 390 if touch else 1366, "height": 844}, has_touch=touch, is_mobile=touch
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.clock.set_fixed_time(at)
    page.goto(address + "fill.html" + hash)
    page.wait_for_load_state("load")
    page.errors = errors  # type: ignore[attr-defined]
    return page


def choose(page: Page, typed: str) -> None:
    page.locator("#sc-unit").fill(typed)
    page.locator("#sc-unit-list [role=option]").first.click()
    page.locator("form.sc-fill-form:not([hidden])").wait_for()


def at(day: str, hour: int = 10) -> datetime:
    y, m, d = map(int, day.split("-"))
    return datetime(y, m, d, hour, tzinfo=CHINA)


# ---- the calendar ----

# (the clerk's day, the unit typed, what the form says, the year of the file, a year choice offered)
CALENDAR = [
    (
        "2026-01-05",
        "八一路",
        "现在填写的是 2026 年度的立项申报：基层工会报送所属上级截止日是 2026 年 3 月 10 日，还有 64 天",
        2026,
        False,
    ),
    ("2026-03-10", "八一路", "今天就是截止日", 2026, False),
    ("2026-03-11", "八一路", "2026 年度的立项申报已经截止（基层工会报送所属上级截止：2026 年 3 月 10 日）", 2027, True),
    ("2026-03-11", "西岗区总工会", "立项截止日是 2026 年 3 月 20 日，还有 9 天", 2026, False),
    ("2026-03-21", "西岗区总工会", "现在填写的是 2027 年度的立项申报", 2027, True),
    ("2026-12-03", "八一路", "按《评选办法》，不按时申报立项的不能参加评选", 2027, True),
]


@pytest.mark.parametrize(("day", "typed", "said", "year", "offered"), CALENDAR)
def test_the_form_says_which_years_window_is_open_and_files_for_it(
    browser: Browser, address: str, day: str, typed: str, said: str, year: int, offered: bool
) -> None:
    page = open_form(browser, address, at(day))
    try:
        choose(page, typed)
        assert said in page.locator("#sc-window").inner_text()
        assert page.locator("#sc-year").is_visible() is offered
        assert page.evaluate("window.scFill.state.year") == year
    finally:
        page.context.close()


def test_after_the_deadline_the_late_year_explains_the_exception_path(browser: Browser, address: str) -> None:
    page = open_form(browser, address, at("2026-12-03"))
    try:
        choose(page, "八一路")
        page.get_by_role("radio", name="补报 2026 年度（已截止，须考评办公室先准予例外）").check()
        text = page.locator("#sc-window").inner_text()
        assert "检查会拒收" in text and "submissions/2026/bangongshi/exceptions.yaml" in text
        assert page.evaluate("window.scFill.state.year") == 2026
    finally:
        page.context.close()


def test_before_a_unit_is_chosen_both_tiers_deadlines_are_shown(browser: Browser, address: str) -> None:
    page = open_form(browser, address, at("2026-12-03"))
    try:
        text = page.locator("#sc-window").inner_text()
        assert "正在受理 2027 年度立项申报" in text and "2027 年 3 月 10 日" in text and "2027 年 3 月 20 日" in text
    finally:
        page.context.close()


# ---- dates ----

SPELLINGS = [
    "20260305",
    "2026-3-5",
    "2026/3/5",
    "2026.3.5",
    "2026年3月5日",
    "２０２６－０３－０５",
    "２０２６年３月５日",
    " 2026 / 03 / 05 ",
]


def test_dates_as_people_write_them_become_iso(browser: Browser, address: str) -> None:
    page = open_form(browser, address, at("2026-03-05"))
    try:
        help_text = page.locator("#sc-unit-help").inner_text()  # a mouse and keyboard: the keys' hint
        assert "方向键" in help_text and "点选" not in help_text
        choose(page, "八一路")
        field = page.locator('form.sc-fill-form:not([hidden]) [data-label="本单位意见·日期"] [data-input]')
        for spelt in SPELLINGS:
            field.fill(spelt)
            field.blur()
            assert field.input_value() == "2026-03-05", spelt
        field.fill("20260230")
        field.blur()
        page.locator("form.sc-fill-form:not([hidden]) button[type=submit]").click()
        error = page.locator('form.sc-fill-form:not([hidden]) [data-label="本单位意见·日期"] .sc-fill-error')
        assert "2026-02-30" in error.inner_text()
    finally:
        page.context.close()


def test_a_phone_gets_a_date_picker(browser: Browser, address: str) -> None:
    page = open_form(browser, address, at("2026-03-05"), touch=True)
    try:
        choose(page, "八一路")
        field = page.locator('form.sc-fill-form:not([hidden]) [data-label="本单位意见·日期"] [data-input]')
        assert field.get_attribute("type") == "date"
        assert field.input_value() == "2026-03-05"  # today, China time
        help_text = page.locator("#sc-unit-help").inner_text()  # the tapping hint, as the page first showed it
        assert "点选本单位" in help_text and "方向键" not in help_text and "Ctrl" not in help_text
    finally:
        page.context.close()


# ---- finding one's unit ----

# (what she types, the unit that must come first)
TYPED = [
    ("周水子街道工会", "甘井子区周水子街道总工会"),
    ("大连地铁工会", "大连地铁运营有限公司工会"),
    ("西岗区总工会", "大连市西岗区总工会"),
    ("西岗总工会", "大连市西岗区总工会"),
    ("八一路街道工会", "西岗区八一路街道总工会"),
    ("瓦轴", "瓦房店轴承股份有限公司工会"),
    ("24中", "大连市第二十四中学工会"),
    ("高新区总工会", "大连高新技术产业园区总工会"),
    ("大连港工会", "大连港集团有限公司工会"),
    ("  中山区 人民医院 ", "大连市中山区人民医院工会"),
]


def test_a_unit_is_found_by_the_names_people_use_best_first(browser: Browser, address: str) -> None:
    page = open_form(browser, address, at("2026-03-05"))
    try:
        page.locator("#sc-unit").wait_for()
        page.wait_for_function("window.scFill.state.data !== null")
        found = {typed: page.evaluate("q => window.scFill.matches(q).map(u => u.name)", typed) for typed, _ in TYPED}
        firsts = {typed: (names or [None])[0] for typed, names in found.items()}
        assert firsts == dict(TYPED)
        assert page.evaluate("window.scFill.matches('工会').length") == 30  # a common word lists the first 30
        assert page.evaluate("window.scFill.matches('轴承工匠').length") == 0  # not any two characters
    finally:
        page.context.close()


# ---- the address ----


@pytest.mark.parametrize(
    "hash", ["#%E0%A4%A", "#edit=2026/xigang-bayi-street/__proto__", "#edit=2026/__proto__/x", "#edit="]
)
def test_a_malformed_address_is_told_not_thrown(browser: Browser, address: str, hash: str) -> None:
    page = open_form(browser, address, at("2026-03-05"), hash=hash)
    try:
        page.wait_for_function("window.scFill.state.data !== null")
        assert page.errors == []  # type: ignore[attr-defined]
        assert page.evaluate("window.scFill.state.editing") in (None, {})
        if "edit=" in hash:
            assert page.locator("#sc-editing").is_visible()
    finally:
        page.context.close()


# ---- one set of signing instructions ----


@pytest.mark.parametrize("where", [".github/pull_request_template.md", "README.md"])
def test_the_written_signing_steps_are_the_forms_and_the_guides(where: str) -> None:
    text = (REPO / where).read_text(encoding="utf-8")
    assert [step for step in signing.STEPS if f"{step}。" not in text] == []


def test_the_built_form_and_guide_give_every_signing_step(site: Built) -> None:
    for page in ("fill.html", "guide.html"):
        text = Elements.of(site.html(page)).plain
        assert [step for step in signing.STEPS if step not in text] == [], page
    assert "Submit review" in signing.CLICK_PATH and "/合并" in signing.MERGE


# ---- 审核汇总 by the parent ----


def test_a_parent_makes_its_forwarding_list_in_the_form_and_check_accepts_it(
    browser: Browser, address: str, site: Built, tmp_path: Path
) -> None:
    page = open_form(browser, address, at("2026-03-12"))
    try:
        choose(page, "西岗区总工会")
        page.get_by_role("radio", name="审核汇总：对所属基层工会立项申报的审核意见（上级单位填写）").check()
        entry = page.locator(
            "#sc-forward fieldset[data-entry]", has_text="西岗区八一路街道总工会：社区法律援助驿站建设"
        )
        entry.wait_for()
        assert page.locator("form.sc-fill-form:not([hidden])").count() == 0  # the registration form is away
        page.locator("#sc-forward button[type=submit]").click()
        assert "还有 3 处需要修改" in page.locator("#sc-forward [data-summary]").inner_text()  # 结论, 意见, 签字
        entry.get_by_role("radio", name="同意上报", exact=True).check()
        entry.locator('[data-label="意见"] [data-input]').fill("经审核，同意上报。")
        entry.locator('[data-label="领导签字"] [data-input]').fill("张志刚")
        entry.locator('[data-label="日期"] [data-input]').fill("2026年3月12日")
        entry.locator('[data-label="日期"] [data-input]').blur()
        page.locator("#sc-forward button[type=submit]").click()
        page.locator("#sc-result").wait_for()
        path = page.locator("#sc-path").inner_text()
        text = page.locator("#sc-yaml").text_content() or ""
    finally:
        page.context.close()
    assert path == "submissions/2026/xigang/forwarding.yaml"
    assert "    日期: 2026-03-12" in text and "  - 单位: xigang-bayi-street" in text
    assert "    审核结论: 同意上报" in text
    repo = tmp_path / "repo"
    shutil.copytree(site.root / "submissions", repo / "submissions")
    (repo / path).write_text(text, encoding="utf-8")
    result = run_cli("check", path, cwd=repo)
    assert result.code == 0, result.out + result.err


@pytest.mark.parametrize(
    "spelt", ["20260305", "2026-3-5", "2026/3/5", "2026.3.5", "2026年3月5日", "２０２６年３月５日"]
)
def test_check_hints_the_corrected_date(site: Built, tmp_path: Path, spelt: str) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(site.root / "submissions", repo / "submissions")
    path = repo / "submissions/2026/xigang/night-school.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("日期: 2026-03-12", f"日期: {spelt}"), encoding="utf-8")
    result = run_cli("check", "--format", "json", str(path.relative_to(repo)), cwd=repo)
    hints = [f["hint"] for f in json.loads(result.out)["findings"] if f["code"] == "E204"]
    assert hints == ["写成 2026-03-05（年-月-日，用英文短横线）。"]


def test_the_office_adds_a_tracking_record_in_the_form_and_check_accepts_it(
    browser: Browser, address: str, site: Built, tmp_path: Path
) -> None:
    page = open_form(browser, address, at("2026-04-10"))
    try:
        choose(page, "市总工会办公室")
        page.get_by_role("radio", name="跟踪考核记录：对已立项项目的跟踪考核（上级单位或考评办公室填写）").check()
        entry = page.locator("#sc-track fieldset[data-entry]", has_text="职工技能提升早班车")
        entry.wait_for()
        page.locator("#sc-track button[type=submit]").click()
        assert "还没有列入任何项目" in page.locator("#sc-track [data-summary]").inner_text()  # none ticked yet
        entry.get_by_role("checkbox", name="列入本次跟踪考核").check()
        entry.get_by_role("radio", name="实地调查").check()
        entry.locator('[data-label="情况"] [data-input]').fill("早班车每周三开课，已培训 120 人次。")
        entry.locator('[data-label="记录人"] [data-input]').fill("于波")
        entry.locator('[data-label="佐证"] [data-input]').fill("https://example.org/a.jpg\n\nhttps://example.org/b.pdf")
        page.locator("#sc-track button[type=submit]").click()
        page.locator("#sc-result").wait_for()
        path = page.locator("#sc-path").inner_text()
        text = page.locator("#sc-yaml").text_content() or ""
    finally:
        page.context.close()
    assert path == "submissions/2026/bangongshi/tracking.yaml"
    assert "  - 单位: zhongshan\n    项目: early-bird\n    日期: 2026-04-10" in text
    assert '      - "https://example.org/b.pdf"' in text
    repo = tmp_path / "repo"
    shutil.copytree(site.root / "submissions", repo / "submissions")
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(text, encoding="utf-8")
    result = run_cli("check", path, cwd=repo)
    assert result.code == 0, result.out + result.err


def test_a_refusal_without_a_reason_is_told_in_checks_words_and_then_accepted(
    browser: Browser, address: str, site: Built, tmp_path: Path
) -> None:
    page = open_form(browser, address, at("2026-03-12"))
    try:
        choose(page, "西岗区总工会")
        page.get_by_role("radio", name="审核汇总：对所属基层工会立项申报的审核意见（上级单位填写）").check()
        entry = page.locator("#sc-forward fieldset[data-entry]", has_text="社区法律援助驿站建设")
        entry.get_by_role("radio", name="不同意上报").check()
        entry.locator('[data-label="意见"] [data-input]').fill("经审核，暂不同意上报。")
        entry.locator('[data-label="领导签字"] [data-input]').fill("张志刚")
        entry.locator('[data-label="领导签字"] [data-input]').press("Tab")
        page.locator("#sc-forward button[type=submit]").click()
        error = entry.locator('[data-label="审核结论"] .sc-fill-error')
        assert error.locator(".sc-fill-message").inner_text() == "审核结论是“不同意上报”，但没有写理由"
        assert error.locator(".sc-fill-code").inner_text() == "代码 E315"
        assert page.locator("#sc-result").is_hidden()
        entry.locator('[data-label="理由"] [data-input]').fill("项目内容与去年立项项目重复。")
        page.locator("#sc-forward button[type=submit]").click()
        page.locator("#sc-result").wait_for()
        assert error.inner_text() == ""
        path, text = page.locator("#sc-path").inner_text(), page.locator("#sc-yaml").text_content() or ""
    finally:
        page.context.close()
    repo = tmp_path / "repo"
    shutil.copytree(site.root / "submissions", repo / "submissions")
    (repo / path).write_text(text, encoding="utf-8")
    result = run_cli("check", path, cwd=repo)
    assert result.code == 0, result.out + result.err


def test_a_list_whose_window_has_not_opened_says_when_it_opens_and_offers_no_file(
    browser: Browser, address: str
) -> None:
    page = open_form(browser, address, at("2026-03-15"))
    try:
        choose(page, "市总工会办公室")
        page.get_by_role("radio", name="跟踪考核记录：对已立项项目的跟踪考核（上级单位或考评办公室填写）").check()
        page.locator("#sc-track").wait_for()
        page.wait_for_function("window.scFill.state.unitData !== null")
        assert (
            "2026 年度的跟踪考核在立项截止（2026 年 3 月 20 日）以后才开始受理"
            in page.locator("#sc-window").inner_text()
        )
        assert page.locator("#sc-track fieldset[data-entry]").count() == 0
        assert page.locator("#sc-track [data-none]").is_visible()
    finally:
        page.context.close()

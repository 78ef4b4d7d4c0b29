"""推荐上报 in the web form, as a leadership organ's clerk meets it in Debian's Chromium: the projects
it may recommend (its own and its grassroots units', 立项 and not yet recommended), 符合标准 as
criteria she adds and removes, offered by their words for the project's tier and chosen category,
the recommendation window by her own clock, and a file that `check` accepts."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from axe_check import BAD, WIDTHS, violations
from conftest import run_cli
from playwright.sync_api import Browser, Locator, Page
from site_data import HANDWRITTEN, Built, Project, fresh_tree, q, units, write_forwarding, write_project
from site_fixtures import serving

from generator.model.programme import CHINA
from generator.model.rules import Category, Tier, criteria_for
from generator.read.yaml_tree import parse_tree, to_data

pytest_plugins = ["site_fixtures"]  # `browser`
BUILT_AT = "2026-06-01"  # registered, tracked, before the recommendation deadline
# 西岗区人民广场街道's project: its last 认定 is 不予认定, so 西岗区总工会 is not offered it.
REJECTED = Project(2026, "xigang-renmin-square", "square-choir", "广场职工合唱团", day="03-06")
# 中山区人民医院's project: 中山区总工会 has recommended it already.
DONE = Project(2026, "zhongshan-hospital", "nurse-care", "护士职业关爱行动", day="03-06")
MODE = "推荐上报：推荐本单位和所属基层工会符合评选标准的项目（工会领导机关填写）"
OWN = "大连市西岗区总工会：职工夜校“技能加油站”"
UNITS = "西岗区八一路街道总工会：社区法律援助驿站建设"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = fresh_tree(tmp_path_factory.mktemp("recommend"))
    registry = units()
    projects = [*HANDWRITTEN, REJECTED, DONE]
    for p in projects:
        write_project(root, p, registry)
    write_forwarding(root, projects, registry)
    folder = root / "submissions/2026"
    (folder / "xigang/tracking.yaml").write_text(
        "跟踪考核记录:\n  - 单位: xigang-renmin-square\n    项目: square-choir\n    日期: 2026-05-10\n"
        f"    方式: 实地调查\n    情况: {q('合唱团没有组建起来。')}\n    认定: 不予认定\n    记录人: 张志刚\n",
        encoding="utf-8",
    )
    (folder / "zhongshan/recommendation.yaml").write_text(
        "推荐上报:\n  - 单位: zhongshan-hospital\n    项目: nurse-care\n    申报类别: 创优成果\n    符合标准:\n"
        f"      - 标准: JC-CY-1\n        佐证: {q('获市总工会表彰。')}\n    推荐意见:\n      意见: {q('同意推荐。')}\n"
        "      领导签字: 李文静\n      日期: 2026-05-20\n",
        encoding="utf-8",
    )
    result = run_cli("build", "--now", BUILT_AT, cwd=root)
    assert result.code == 0, result.out + result.err
    return Built(root, None, result.out)


@pytest.fixture(scope="module")
def address(site: Built) -> Iterator[str]:
    with serving(site.site) as base:
        yield base


def at(day: str) -> datetime:
    y, m, d = map(int, day.split("-"))
    return datetime(y, m, d, 10, tzinfo=CHINA)


def open_form(browser: Browser, address: str, day: str = "2026-06-10", width: int = 1366) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.clock.set_fixed_time(at(day))
    page.goto(address + "fill.html")
    page.wait_for_load_state("load")
    page.errors = errors  # type: ignore[attr-defined]
    return page


def recommending(page: Page, typed: str = "西岗区总工会") -> Locator:
    page.locator("#sc-unit").fill(typed)
    page.locator("#sc-unit-list [role=option]").first.click()
    page.get_by_role("radio", name=MODE).check()
    form = page.locator("#sc-recommend")
    form.wait_for()
    return form


def entry(page: Page, name: str) -> Locator:
    found = page.locator("#sc-recommend fieldset[data-entry]", has_text=name)
    found.wait_for()
    return found


def offered(item: Locator) -> list[str]:
    """The criteria an item offers, as she reads them."""
    return [
        t.strip() for t in item.locator('[data-label="符合标准·标准"] label.sc-fill-choice:visible').all_inner_texts()
    ]


def texts(tier: Tier, category: Category) -> list[str]:
    return [c.text for c in criteria_for(tier, category)]


def pick(item: Locator, n: int, evidence: str) -> None:
    item.locator('[data-label="符合标准·标准"] label.sc-fill-choice:visible').nth(n).locator("input").check()
    item.locator('[data-label="符合标准·佐证"] [data-input]').fill(evidence)


def opinion(found: Locator, signer: str) -> None:
    found.locator('[data-label="推荐意见·意见"] [data-input]').fill("经研究，同意推荐。")
    found.locator('[data-label="推荐意见·领导签字"] [data-input]').fill(signer)
    found.locator('[data-label="推荐意见·日期"] [data-input]').fill("2026年6月10日")
    found.locator('[data-label="推荐意见·日期"] [data-input]').blur()


def generate(page: Page) -> tuple[str, str]:
    page.locator("#sc-recommend button[type=submit]").click()
    page.locator("#sc-result").wait_for()
    return page.locator("#sc-path").inner_text(), page.locator("#sc-yaml").text_content() or ""


def check(site: Built, tmp: Path, path: str, text: str):
    repo = tmp / "repo"
    shutil.copytree(site.root / "submissions", repo / "submissions")
    target = repo / path
    if target.exists():  # the form gave the entries to append at the file's end
        text = target.read_text(encoding="utf-8") + text
    target.write_text(text, encoding="utf-8")
    return run_cli("check", path, cwd=repo)


def test_a_body_recommends_its_own_and_its_units_projects_and_check_accepts_the_file(
    browser: Browser, address: str, site: Built, tmp_path: Path
) -> None:
    page = open_form(browser, address)
    try:
        form = recommending(page)
        assert "现在填写的是 2026 年度的推荐上报：推荐上报截止日是 2026 年 11 月 15 日，还有 158 天" in (
            page.locator("#sc-window").inner_text()
        )
        names = form.locator("fieldset[data-entry] > legend").all_inner_texts()
        assert names == [OWN, UNITS]  # not 广场职工合唱团 (不予认定), nor another body's units
        assert page.locator("form.sc-fill-form:not([hidden])").count() == 0

        street = entry(page, UNITS)
        assert street.get_by_role("radio", name="创优成果").is_checked()  # as the registration intended
        item = street.locator(".sc-fill-item").first
        assert offered(item) == texts(Tier.GRASSROOTS, Category.EXCELLENCE)
        assert "JC-" not in street.inner_text() and "LD-" not in street.inner_text()  # words, not codes
        street.get_by_role("radio", name="创新成果").check()
        assert offered(item) == texts(Tier.GRASSROOTS, Category.INNOVATION)
        street.get_by_role("checkbox", name="列入本次推荐上报").check()
        pick(item, 1, "2026 年 5 月在全市工会工作会议上介绍经验。")
        street.get_by_role("button", name="添加一条符合标准").click()
        pick(street.locator(".sc-fill-item").nth(1), 0, "驿站做法写进《西岗区职工服务工作要点》：\n每周两次律师坐班。")
        opinion(street, "张志刚")

        own = entry(page, OWN)
        own.get_by_role("checkbox", name="列入本次推荐上报").check()
        assert offered(own.locator(".sc-fill-item").first) == []  # no category yet: nothing to choose from
        assert "请先选择“申报类别”" in own.locator("[data-unmatched]").inner_text()
        own.get_by_role("radio", name="创优成果").check()
        assert offered(own.locator(".sc-fill-item").first) == texts(Tier.ORGAN, Category.EXCELLENCE)
        pick(own.locator(".sc-fill-item").first, 2, "“技能加油站”经验在市总工会经验交流会上介绍。")
        opinion(own, "张志刚")

        path, text = generate(page)
        assert page.errors == []  # type: ignore[attr-defined]
    finally:
        page.context.close()
    assert path == "submissions/2026/xigang/recommendation.yaml"
    data = to_data(parse_tree(text, "recommendation.yaml"))[0]
    assert data["推荐上报"] == [
        {
            "单位": "xigang",
            "项目": "night-school",
            "申报类别": "创优成果",
            "符合标准": [{"标准": "LD-CY-3", "佐证": "“技能加油站”经验在市总工会经验交流会上介绍。"}],
            "推荐意见": {"意见": "经研究，同意推荐。", "领导签字": "张志刚", "日期": "2026-06-10"},
        },
        {
            "单位": "xigang-bayi-street",
            "项目": "legal-aid-station",
            "申报类别": "创新成果",
            "符合标准": [
                {"标准": "JC-CX-2", "佐证": "2026 年 5 月在全市工会工作会议上介绍经验。"},
                {"标准": "JC-CX-1", "佐证": "驿站做法写进《西岗区职工服务工作要点》：\n每周两次律师坐班。"},
            ],
            "推荐意见": {"意见": "经研究，同意推荐。", "领导签字": "张志刚", "日期": "2026-06-10"},
        },
    ]
    result = check(site, tmp_path, path, text)
    assert result.code == 0, result.out + result.err


def test_a_criterion_is_added_and_removed_and_one_always_stays(browser: Browser, address: str) -> None:
    page = open_form(browser, address, width=390)
    try:
        recommending(page)
        street = entry(page, UNITS)
        items = street.locator(".sc-fill-item")
        assert items.count() == 1 and items.first.get_by_role("button", name="删除这一条").is_disabled()
        items.first.locator('[data-label="符合标准·佐证"] [data-input]').fill("甲")
        street.get_by_role("button", name="添加一条符合标准").click()
        assert items.count() == 2
        assert items.nth(1).locator("legend").first.inner_text() == "符合标准第 2 条"
        assert items.nth(1).locator("[data-input]:focus").count() == 1  # she goes on in the new one
        items.nth(1).locator('[data-label="符合标准·佐证"] [data-input]').fill("乙")
        pick(items.nth(1), 0, "乙")
        ids = page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
        assert len(ids) == len(set(ids))
        names = page.evaluate("[...document.querySelectorAll('#sc-recommend input[type=radio]')].map(e => e.name)")
        assert len(set(names)) == 2 + 3  # each entry's 申报类别 and each of its three criteria choose alone
        items.first.get_by_role("button", name="删除这一条").click()
        assert items.count() == 1
        assert items.first.locator("legend").first.inner_text() == "符合标准第 1 条"
        assert items.first.locator('[data-label="符合标准·佐证"] [data-input]').input_value() == "乙"
        assert items.first.get_by_role("button", name="删除这一条").is_disabled()
        assert street.get_by_role("button", name="添加一条符合标准").evaluate("e => e === document.activeElement")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.errors == []  # type: ignore[attr-defined]
    finally:
        page.context.close()


def test_what_is_missing_is_told_at_its_field_and_nothing_is_offered(browser: Browser, address: str) -> None:
    page = open_form(browser, address)
    try:
        recommending(page)
        street = entry(page, UNITS)
        street.get_by_role("checkbox", name="列入本次推荐上报").check()
        page.locator("#sc-recommend button[type=submit]").click()
        summary = page.locator("#sc-recommend [data-summary]").inner_text()
        assert "还有 4 处需要修改" in summary  # 标准, 佐证, 意见, 领导签字
        chosen = street.locator('[data-label="符合标准·标准"] .sc-fill-error')
        assert chosen.locator(".sc-fill-message").inner_text() == "“符合标准·标准”不能为空"
        assert street.locator('[data-label="符合标准·标准"] label:visible input').first.evaluate(
            "e => e === document.activeElement"
        )
        assert page.locator("#sc-result").is_hidden()
    finally:
        page.context.close()


# (her day, what the form says, whether projects are listed, the late note in the result)
WINDOW = [
    ("2026-03-15", "2026 年度的推荐上报在立项截止（2026 年 3 月 20 日）以后才开始受理", False, ""),
    ("2026-11-15", "今天就是截止日", True, ""),
    (
        "2026-11-20",
        "2026 年度的推荐上报已经截止（推荐上报截止：2026 年 11 月 15 日）",
        True,
        "这是补报 2026 年度的推荐上报",
    ),
]


@pytest.mark.parametrize(("day", "said", "listed", "late"), WINDOW)
def test_the_recommendation_follows_its_window_by_her_clock(
    browser: Browser, address: str, day: str, said: str, listed: bool, late: str
) -> None:
    page = open_form(browser, address, day)
    try:
        form = recommending(page)
        window = page.locator("#sc-window").inner_text()
        assert said in window
        if late:
            assert "submissions/2026/bangongshi/exceptions.yaml" in window and "检查会拒收" in window
        page.wait_for_function("window.scFill.state.unitData !== null")
        assert (form.locator("fieldset[data-entry]").count() > 0) is listed
        assert form.locator("[data-none]").is_visible() is not listed
        if listed:
            street = entry(page, UNITS)
            street.get_by_role("checkbox", name="列入本次推荐上报").check()
            pick(street.locator(".sc-fill-item").first, 0, "全市推广。")
            opinion(street, "张志刚")
            generate(page)
            assert late in page.locator("#sc-late").inner_text()
    finally:
        page.context.close()


def test_only_a_leadership_organ_recommends(browser: Browser, address: str) -> None:
    page = open_form(browser, address)
    try:
        page.locator("#sc-unit").fill("八一路")
        page.locator("#sc-unit-list [role=option]").first.click()
        assert page.locator("#sc-mode").is_hidden()
        recommending(page, "事业发展部")  # for the units directly under the city federation
        assert page.locator("#sc-recommend fieldset[data-entry] > legend").all_inner_texts() == [
            "大连港集团有限公司工会：第一分公司职工书屋提质工程"
        ]
        recommending(page, "中山区总工会")  # its unit's project is recommended already: only its own is left
        names = page.locator("#sc-recommend fieldset[data-entry] > legend").all_inner_texts()
        assert names == ["大连市中山区总工会：区域性行业工资集体协商"]
    finally:
        page.context.close()


@pytest.mark.parametrize("size", list(WIDTHS))
def test_axe_finds_no_serious_or_critical_violation_in_the_recommendation_form(
    browser: Browser, address: str, size: str
) -> None:
    page = open_form(browser, address, width=WIDTHS[size][0])
    try:
        recommending(page)
        street = entry(page, UNITS)
        street.get_by_role("checkbox", name="列入本次推荐上报").check()
        street.get_by_role("button", name="添加一条符合标准").click()
        entry(page, OWN).get_by_role("checkbox", name="列入本次推荐上报").check()  # no category: the note
        page.locator("#sc-recommend button[type=submit]").click()  # the mistakes shown
        page.locator("#sc-recommend .sc-fill-error:not(:empty)").first.wait_for()
        bad = [v for v in violations(page) if v["impact"] in BAD]
    finally:
        page.context.close()
    assert bad == []

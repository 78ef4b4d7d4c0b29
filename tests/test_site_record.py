"""The site built from a real history shows the record: landing times, exceptions, the audit's banner.

One history, built once with `shuangchuang build --landings`, read in Debian's Chromium: the
timeline says when each step landed on main and through which pull request, the typed date only as
"表上日期"; the office's exception is on the project page and the year page with its reason and
approver; an award rewritten after the 通报 puts "记录核对发现问题" on the pages it affects.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import SAMPLE, run_cli
from gitrepo import ZHANG_ACCOUNT, GitRepo, landing, new_repo, write_landings
from lifecycle_tree import FORWARDING, REVIEW
from playwright.sync_api import Browser
from record_steps import EXCEPTIONS, FORWARDED, REVIEWED, SQUARE_FORWARDED, STEPS, STREET_B, merge
from site_fixtures import browser, serving  # noqa: F401  (the module's Chromium)

FORWARDING_LATE = FORWARDING.replace("2026-03-10", "2026-03-18") + SQUARE_FORWARDED
GRANT = f"""例外:
  - 文件: {FORWARDED}
    原因: 人民广场街道总工会的材料因系统故障延误，经考评领导小组同意补报。
    新截止日期: 2026-03-31
    批准人: 于波
    批准日期: 2026-03-21
"""


@dataclass
class History:
    root: Path
    site: Path
    build_out: str


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    root = tmp_path_factory.mktemp("record")
    (root / "submissions").mkdir()
    (root / "submissions/units.yaml").write_bytes((SAMPLE / "units.yaml").read_bytes())
    repo: GitRepo = new_repo(root)
    commits = {}
    for name, (files, when) in STEPS.items():
        commits[name] = merge(repo, name, dict(files), when)
        if name == "forwarded":
            commits["granted"] = merge(repo, "grant", {EXCEPTIONS: GRANT}, "2026-03-21T10:00:00")
            commits["late"] = merge(repo, "late-forward", {FORWARDED: FORWARDING_LATE}, "2026-03-23T10:00:00")
    commits["rewritten"] = merge(
        repo, "rewrite", {REVIEWED: REVIEW.replace("拟授奖: 创优成果奖", "拟授奖: 不授奖")}, "2026-12-02T10:00:00"
    )
    forge = write_landings(
        tmp_path_factory.mktemp("forge"),
        [
            landing(
                commits["registered"],
                7,
                "2026-03-08T02:00:00Z",
                approvers=(ZHANG_ACCOUNT,),
                arrived={STREET_B: "2026-03-06T01:15:00Z"},
            ),
            landing(commits["forwarded"], 9, "2026-03-18T02:00:00Z", approvers=(ZHANG_ACCOUNT,)),
            landing(commits["granted"], 11, "2026-03-21T02:00:00Z", approvers=("bangongshi-yubo",)),
            landing(commits["late"], 13, "2026-03-23T02:00:00Z", approvers=(ZHANG_ACCOUNT,)),
        ],
    )
    built = run_cli("build", "--now", "2026-12-05", "--landings", str(forge), cwd=root)
    assert built.code == 0, built.out + built.err
    return History(root, root / "site", built.out)


@pytest.fixture(scope="module")
def served(history: History) -> Iterator[str]:
    with serving(history.site) as address:
        yield address


def text_of(chromium: Browser, url: str) -> tuple[str, bool]:
    """The page's visible text, and whether the record's banner is visible."""
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(url)
        page.wait_for_load_state("load")
        alert = page.locator("[data-sc-record-alert]")
        return page.locator("article").inner_text(), alert.count() > 0 and alert.first.is_visible()
    finally:
        page.close()


def test_the_timeline_shows_when_each_step_landed_and_the_typed_date_only_beside_it(
    browser: Browser,  # noqa: F811
    served: str,
) -> None:
    text, _ = text_of(browser, served + "2026/projects/square-c.html")
    # Forwarded by PR #13 on 3/23 (under the exception), though the form says 3/22.
    assert "2026 年 3 月 23 日 10:00 经合并请求 #13 合并入主分支" in text
    assert "表上日期：2026 年 3 月 22 日" in text
    street, _ = text_of(browser, served + "2026/projects/street-b.html")
    # The parent's opinion on street-b was signed in PR #9 on 3/18: not credited to #13.
    assert "合并请求 #9" in street and "2026 年 3 月 18 日 10:00" in street
    assert f"批准人（平台账号）：{ZHANG_ACCOUNT}" in street
    # The hand-over to the parent is judged by when the content arrived: the forge's record says so.
    assert "内容于 2026 年 3 月 6 日 09:15 送达平台" in street


def test_the_exception_is_shown_on_the_project_page_and_the_year_page_with_reason_and_approver(
    browser: Browser,  # noqa: F811
    served: str,
) -> None:
    for page in ("2026/projects/square-c.html", "2026/index.html"):
        text, _ = text_of(browser, served + page)
        assert "逾期申报例外" in text, page
        assert "系统故障延误" in text and "批准人：于波" in text and "2026 年 3 月 31 日" in text, page
        assert "合并请求 #11" in text, page


def test_a_finding_of_the_audit_puts_the_banner_on_the_pages_it_affects(
    browser: Browser,  # noqa: F811
    served: str,
    history: History,
) -> None:
    for page in ("2026/projects/street-b.html", "2026/index.html", "2026/results.html"):
        text, shown = text_of(browser, served + page)
        assert shown and "记录核对发现问题" in text and "E457" not in text, page
        assert "通报（大工发〔2026〕40号）发出之后" in text, page
    # The page shows the record as it stood at the 通报, not the award rewritten afterwards.
    street, _ = text_of(browser, served + "2026/projects/street-b.html")
    assert "获创优成果奖。" in street and "拟授奖：不授奖" not in street
    assert "2026 年 11 月 20 日 10:00" in street and "2026 年 12 月 2 日" not in street  # credited as on record
    # A project whose own files nobody touched after the fact carries no banner... but the review
    # is every reviewed project's: square-c was not recommended, so it is clean.
    _, shown = text_of(browser, served + "2026/projects/square-c.html")
    assert not shown


def test_the_home_page_says_the_record_has_problems(
    browser: Browser,  # noqa: F811
    served: str,
) -> None:
    text, shown = text_of(browser, served + "index.html")
    assert shown and "记录核对发现问题" in text and "1 处" in text

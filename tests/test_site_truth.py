"""The site tells the truth at every point of the year: stage, counts, results, feed, pending filings.

One small year of real filings (tests/lifecycle_tree.py) is written as it would exist on each day,
built with the real `shuangchuang build` (mkdocs included), and every figure the pages show is
compared with what the files say.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from conftest import run_cli
from fakeforge import FakeForge
from lifecycle_tree import FILES, REVIEW, write_year
from site_data import Built, fresh_tree

ATOM = "{http://www.w3.org/2005/Atom}"
REVIEW_ONLY = REVIEW[: REVIEW.index("主席办公会议审定:")]
WITHDRAWAL_LINE = "撤回:"


def _files_on(day: str) -> dict[str, str]:
    """The year's filings as they would stand on `day` (sections appear as they are written)."""
    files: dict[str, str] = {}
    if day >= "2026-03-05":
        files.update({k: v for k, v in FILES.items() if k.endswith(("organ-a.yaml", "street-b.yaml", "square-c.yaml"))})
        files["xigang/organ-w.yaml"] = FILES["xigang/organ-w.yaml"].split(WITHDRAWAL_LINE)[0]
        files["xigang/forwarding.yaml"] = FILES["xigang/forwarding.yaml"]
    if day >= "2026-06-01":
        files["xigang/organ-w.yaml"] = FILES["xigang/organ-w.yaml"]
    if day >= "2026-06-12":
        files["xigang/tracking.yaml"] = FILES["xigang/tracking.yaml"]
    if day >= "2026-11-10":
        files["xigang/recommendation.yaml"] = FILES["xigang/recommendation.yaml"]
    if day >= "2026-11-20" and day != "2026-12-01":  # 12-01: the case, no review filed at all
        files["bangongshi/review.yaml"] = REVIEW_ONLY
    if day >= "2026-11-28" and day != "2026-12-01":
        files["bangongshi/review.yaml"] = REVIEW
    return files


def build_on(base: Path, day: str, env: dict[str, str] | None = None) -> Built:
    root = fresh_tree(base)
    files = _files_on(day)
    if files:  # write_year writes the whole year when given nothing
        write_year(root, files)
    result = run_cli("build", "--now", day, cwd=root, env=env)
    assert result.code == 0, result.out + result.err
    return Built(root, None, result.out)


def text_of(html: str, css_class: str) -> str:
    """The text of the first element with `css_class` (tags dropped, space collapsed)."""
    start = html.index(f'class="{css_class}')
    end = html.index("</section>", start) if "<section" in html[max(0, start - 40) : start] else start + 1200
    return " ".join(re.sub(r"<[^>]+>", " ", html[start:end].split(">", 1)[1]).split())


def main_text(html: str) -> str:
    body = html[html.index('<div class="sc ') :]
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


@pytest.fixture(scope="module")
def built_on(tmp_path_factory: pytest.TempPathFactory):
    """Builds by day, each made once per module (the same tree is never built twice)."""
    cache: dict[str, Built] = {}

    def get(day: str) -> Built:
        if day not in cache:
            cache[day] = build_on(tmp_path_factory.mktemp(day), day)
        return cache[day]

    return get


# day → (stage, countdown year, deadline shown, counts of the current year's badges, projects)
DAYS = {
    "2026-02-01": ("立项申报", 2026, "2026 年 3 月 10 日", {}, 0),
    "2026-03-15": ("审核汇总", 2026, "2026 年 3 月 20 日", {"待审核汇总": 1, "已立项": 3}, 4),
    "2026-06-15": (
        "项目实施与跟踪考核",
        2026,
        "2026 年 11 月 15 日",
        {"逾期未立项": 1, "已撤回": 1, "已立项": 1, "实施中": 1},
        4,
    ),
    "2026-11-22": ("评审中", 2026, "2026 年 11 月 30 日", {"逾期未立项": 1, "已撤回": 1, "评审中": 2}, 4),
    "2026-12-01": ("评审与审定", 2026, "2026 年 11 月 30 日", {"逾期未立项": 1, "已撤回": 1, "评审中": 2}, 4),
    "2026-12-05": (
        "结果已通报",
        2027,
        "2027 年 3 月 10 日",
        {"逾期未立项": 1, "已撤回": 1, "获创新成果奖": 1, "获创优成果奖": 1},
        4,
    ),
}


@pytest.mark.parametrize("day", list(DAYS))
def test_the_home_page_stage_and_counts_follow_the_filings_through_the_year(built_on, day: str) -> None:
    stage, year, deadline, counts, projects = DAYS[day]
    built = built_on(day)
    home = built.html("index.html")
    card = text_of(home, "sc-card sc-stage")
    assert f"{year} 年当前阶段" in card and stage in card and deadline in card, card
    figures = text_of(home, "sc-card sc-figures")
    shown = {m.group(1): int(m.group(2)) for m in re.finditer(r"(\S+) (\d+) 个(?!项目)", figures)}
    shown.pop("推荐省总", None)
    assert shown == counts, figures
    if projects:
        assert f"{projects} 个项目" in figures
        year_page = main_text(built.html("2026/index.html"))
        assert f"共 {projects} 个项目" in year_page
        for status, n in counts.items():
            assert f"{status} {n} 个" in year_page
    # What the calendar alone would claim is never said before it is on record.
    if day != "2026-12-05":
        assert "结果已通报" not in home and "已通报" not in main_text(built.html("registry.html"))
        assert not (built.site / "2026/tongbao-2026.html").exists()
        assert not list((built.site / "2026").glob("exports/2026-results.*"))
    if day == "2026-12-01":
        assert "已过 1 天" in card and "尚未通报" in card
    # The guide shows the calendar a filer plans for: this year's until its results are due, then the next.
    planned = int(day[:4]) + (1 if day[5:] > "11-30" else 0)
    assert f'id="calendar">{planned} 年日程' in built.html("guide.html")


def test_after_the_announcement_every_page_gives_the_same_results(built_on) -> None:
    built = built_on("2026-12-05")
    home = text_of(built.html("index.html"), "sc-card sc-latest")
    assert "大工发〔2026〕40号" in home
    assert "创新成果奖：1 项" in home and "创优成果奖：1 项" in home and "推荐上报省总工会：1 项" in home
    results = main_text(built.html("2026/results.html"))
    assert "创新成果奖（1 项）" in results and "创优成果奖（1 项）" in results and "推荐上报省总工会（1 项）" in results
    assert "文号 大工发〔2026〕40号" in results and "印发日期 2026 年 11 月 28 日" in results
    assert "公示期 2026 年 11 月 30 日至2026 年 12 月 6 日" in results  # from programme.yaml's 公示
    assert "联系人：于波" in results and "电话：0411-82345678" in results
    index = main_text(built.html("results.html"))
    assert re.search(r"2026 年 1 项 1 项 1 项 大工发〔2026〕40号", index), index
    # The award and 推荐省总 are both shown: the province never hides the award.
    project = main_text(built.html("2026/projects/organ-a.html"))
    assert "获创新成果奖 推荐省总" in project
    printable = (built.site / "2026/tongbao-2026.html").read_text(encoding="utf-8")
    assert "大工发〔2026〕40号" in printable and "劳动争议调解网络" in printable
    assert (built.site / "2026/exports/2026-results.csv").is_file()


def test_a_grassroots_form_is_not_called_registered_before_its_parent_forwards_it(tmp_path: Path) -> None:
    built = build_on(tmp_path, "2026-03-09")
    page = built.html("2026/projects/street-b.html")
    lead = text_of(page, "sc-lead")
    assert "待审核汇总" in lead and "已立项" not in lead
    assert "已立项" not in page[page.index('id="timeline"') :]


def test_the_timeline_names_each_file_by_its_kind_and_keeps_the_link(built_on) -> None:
    built = built_on("2026-12-05")
    timeline = built.html("2026/projects/street-b.html").split('id="timeline"')[1].split("</ol>")[0]
    kinds = re.findall(r'title="submissions/[^"]+">([^<]+)</a>', timeline)
    assert kinds[:3] == ["立项申报表", "审核汇总", "跟踪考核记录"] and "推荐上报" in kinds and "评审与审定结果" in kinds
    assert ">submissions/" not in timeline  # paths are not the visible text
    assert "https://github.com/dlftu-sample/shuangchuang/blob/" in timeline


def test_the_guide_says_the_calendar_was_adjusted_only_when_a_day_moved(tmp_path: Path) -> None:
    built = build_on(tmp_path, "2026-03-01")  # programme.yaml restates 2026's registration day
    assert "已由考评办公室调整" not in built.html("guide.html")
    programme = built.root / "submissions/programme.yaml"
    programme.write_text(
        programme.read_text(encoding="utf-8").replace(
            "立项截止: 2026-03-20\n    说明: 2026 年按《评选办法》规定的日期执行，3 月 20 日为星期五，不调整。",
            "立项截止: 2026-03-23\n    说明: 3 月 20 日后顺延至星期一。",
        ),
        encoding="utf-8",
    )
    assert run_cli("build", "--now", "2026-03-01", cwd=built.root).code == 0
    guide = built.html("guide.html")
    assert "本年度日程已由考评办公室调整：3 月 20 日后顺延至星期一。" in guide and "2026 年 3 月 23 日" in guide


def test_the_atom_feed_is_well_formed_with_ids_and_dates(built_on) -> None:
    built = built_on("2026-12-05")
    feed = ET.fromstring((built.site / "feed.xml").read_bytes())
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{tag}") or "").strip(), tag
    entries = feed.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids)) >= 5 and all(i and i.startswith("tag:") for i in ids)
    times = [datetime.fromisoformat(e.findtext(f"{ATOM}updated") or "") for e in entries]
    assert all(t.tzinfo is not None for t in times) and times == sorted(times, reverse=True)
    assert datetime.fromisoformat(feed.findtext(f"{ATOM}updated") or "") == times[0]
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles[0] == "2026 年评选结果通报（大工发〔2026〕40号）"
    assert "2026 年评审会已召开" in titles and "2026 年推荐上报截止" in titles
    for e in entries:
        link = e.find(f"{ATOM}link")
        assert link is not None and link.get("href", "").startswith("https://dlftu-sample.github.io/shuangchuang/2026/")
    # The same build a week earlier has no announcement yet, and its ids do not change.
    earlier = ET.fromstring(built_on("2026-11-22").site.joinpath("feed.xml").read_bytes())
    earlier_ids = {e.findtext(f"{ATOM}id") for e in earlier.findall(f"{ATOM}entry")}
    assert earlier_ids < set(ids) and not any("announcement" in i for i in earlier_ids if i)


SHA = "3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a"


def _pull(number: int, author: str, title: str = "申报", html_url: str = "") -> dict:
    return {
        "number": number,
        "title": title,
        "user": {"login": author},
        "state": "open",
        "created_at": "2026-03-01T01:00:00Z",
        "head": {"sha": SHA, "ref": f"pr{number}", "repo": {"full_name": f"{author}/shuangchuang"}},
        "base": {"sha": "0" * 40, "ref": "main", "repo": {"full_name": "dlftu-sample/shuangchuang"}},
        "merged_at": None,
        "html_url": html_url,
    }


def _forge(forge: FakeForge) -> dict[str, str]:
    repo = "/repos/dlftu-sample/shuangchuang"
    forge.route(
        "GET",
        f"{repo}/pulls",
        [
            _pull(7, "xigang-bayi-street-tianbao", "<script>alert(1)</script>", "javascript:alert(1)"),
            _pull(8, "xigang-bayi-street-tianbao", "docs"),
            _pull(9, "someone-else"),  # anyone may open one: no received filing of the unit
        ],
    )
    forge.route(
        "GET",
        f"{repo}/pulls/7/files",
        [
            {"filename": "submissions/2026/xigang-bayi-street/new-station.yaml"},
            {"filename": "submissions/2026/../../etc/passwd.yaml"},
            {"filename": "submissions/2026/xigang-renmin-square/not-theirs.yaml"},  # another unit's path
            {"filename": "README.md"},
        ],
    )
    forge.route("GET", f"{repo}/pulls/8/files", [{"filename": "README.md"}])
    forge.route("GET", f"{repo}/pulls/9/files", [{"filename": "submissions/2026/xigang-bayi-street/fake.yaml"}])
    run = {
        "id": 1,
        "path": ".github/workflows/checks.yml",
        "event": "pull_request_target",
        "head_branch": "main",
        "created_at": "2026-03-01T01:01:00Z",
        "status": "completed",
    }
    forge.route(
        "GET",
        f"{repo}/actions/workflows/checks.yml/runs",
        {
            "total_count": 2,
            "workflow_runs": [
                {**run, "display_title": f"检查 #7 {SHA}", "conclusion": "failure"},
                {**run, "id": 2, "display_title": f"检查 #9 {SHA}", "conclusion": "success"},
            ],
        },
    )
    return {
        "GITHUB_TOKEN": "read-only-test-token",
        "GITHUB_API_URL": forge.url,
        "GITHUB_REPOSITORY": "dlftu-sample/shuangchuang",
    }


def test_open_filing_pull_requests_are_listed_as_received_awaiting_review(tmp_path: Path) -> None:
    with FakeForge() as forge:
        built = build_on(tmp_path, "2026-03-15", env=_forge(forge))
        asked = [r.path for r in forge.requests]
        assert all(r.headers.get("Authorization") == "Bearer read-only-test-token" for r in forge.requests)
    assert "/repos/dlftu-sample/shuangchuang/pulls" in asked
    unit = built.html("units/xigang-bayi-street.html")
    pending = text_of(unit, "sc-pending")
    assert "已收到，待审核（1 份）" in pending and "立项申报表" in pending and "new-station" in pending
    assert "合并请求 #7" in pending and "检查未通过" in pending
    assert 'href="https://github.com/dlftu-sample/shuangchuang/pull/7"' in unit
    assert "javascript:" not in unit and "alert(1)" not in unit
    assert "已收到，待审核" in built.html("2026/index.html")
    assert "已收到，待审核" not in built.html("units/xigang.html")
    assert "fake" not in pending and "已收到，待审核" not in built.html("units/xigang-renmin-square.html")
    assert "1 份待审核的申报文件" in built.output
    assert not any("check-runs" in path for path in asked)


def test_built_offline_the_pending_list_is_simply_absent(tmp_path: Path, built_on) -> None:
    built = built_on("2026-03-15")
    assert "已收到，待审核" not in built.html("units/xigang-bayi-street.html")
    with FakeForge() as forge:
        env = _forge(forge)
    # The forge is gone (its port closed): the build still succeeds, says so, and lists nothing.
    down = build_on(tmp_path / "down", "2026-03-15", env=env)
    assert "已收到，待审核" not in down.html("units/xigang-bayi-street.html")
    assert "未能读取代码托管平台的合并请求" in down.output


def test_the_missing_page_speaks_chinese_and_every_page_announces_the_feed(built_on) -> None:
    built = built_on("2026-12-05")
    missing = built.html("404.html")
    assert "找不到这个页面" in missing and "Not found" not in missing
    assert "<title>找不到这个页面 - 大连市工会工作“双创”成果</title>" in missing
    for rel, href in (("index.html", "feed.xml"), ("2026/projects/organ-a.html", "../../feed.xml")):
        assert f'<link rel="alternate" type="application/atom+xml" title="通报与进展" href="{href}">' in built.html(rel)


def test_a_unit_page_shows_its_unit_id(built_on) -> None:
    page = built_on("2026-03-15").html("units/xigang-bayi-street.html")
    assert "单位编号：<code>xigang-bayi-street</code>" in page


def test_the_sites_scripts_never_write_markup() -> None:
    """Data reaches the page through textContent and DOM APIs only (filing text is in the data files)."""
    assets = Path(__file__).resolve().parent.parent / "generator/render/assets"
    scripts = {js.name: js.read_text(encoding="utf-8") for js in assets.glob("*.js")}
    assert {"site.js", "finder.js", "table.js"} <= set(scripts)
    for name, code in scripts.items():
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function", code), (
            name
        )

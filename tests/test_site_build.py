"""The public site built by `shuangchuang build` (real filings, real git, real `mkdocs build --strict`)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import struct
import zipfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from conftest import REPO, SAMPLE, run_cli
from gitrepo import GitRepo
from markupsafe import Markup
from site_data import HANDWRITTEN, TODAY, Built, fresh_tree, write_handwritten
from site_fixtures import Elements

from generator.model.programme import CHINA
from generator.model.review import Announcement, Approval
from generator.model.rules import Category
from generator.render.context import collect
from generator.render.frame import SHELL, TITLE_SLOT, frame_source
from generator.render.pages import page
from generator.render.tree import DocsTree
from generator.validate.tree import load_submissions

pytest_plugins = ["site_fixtures"]  # the session fixtures `built` and `served`
REPO_URL = "https://github.com/dlftu-sample/shuangchuang"
SITE_URL = "https://dlftu-sample.github.io/shuangchuang/"  # programme.yaml's 网站地址: the site's own address


def parse(html: str) -> Elements:
    return Elements.of(html)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_build_says_where_to_open_the_site(built: Built) -> None:
    assert (built.site / "index.html").is_file()
    assert "site/index.html" in built.output
    assert "python -m http.server -d" in built.output


def test_every_image_keeps_its_space_while_it_loads_and_screenshots_wait_until_scrolled_to(built: Built) -> None:
    """A phone reads the text first: each <img> is given its file's own pixel size (no shift when
    it arrives), and the guide's screenshots, below that text, load only when scrolled near."""
    seen = 0
    for html in html_pages(built.site):
        for tag, attrs in parse(html.read_text(encoding="utf-8")).tags:
            if tag != "img":
                continue
            seen += 1
            image = (html.parent / attrs["src"]).resolve()
            width, height = struct.unpack(">II", image.read_bytes()[16:24])  # a PNG's IHDR
            assert (attrs.get("width"), attrs.get("height")) == (str(width), str(height)), (html, attrs["src"])
            if "sc-guide-shot" in attrs.get("class", ""):
                assert attrs.get("loading") == "lazy", attrs["src"]
    assert seen >= 3  # the guide's three screenshots at least


def test_every_kind_of_page_exists(built: Built) -> None:
    for rel in [
        "index.html",
        "guide.html",
        "registry.html",
        "results.html",
        "stats.html",
        "units.html",
        "units/xigang-bayi-street.html",
        "2026/index.html",
        "2026/results.html",
        "2025/index.html",
        "2026/projects/legal-aid-station.html",
        "2026/forms/legal-aid-station.html",
        "2025/projects/online-mediation.html",
    ]:
        assert (built.site / rel).is_file(), rel


def last_change(root: Path, path: str) -> str:
    """The first-parent commit of HEAD that last changed `path`."""
    return GitRepo(root).git("log", "-1", "--first-parent", "--format=%H", "--", path).strip()


def test_project_page_shows_the_form_status_opinions_and_record_links(built: Built) -> None:
    page_html = built.html("2026/projects/legal-aid-station.html")
    assert "社区法律援助驿站建设" in page_html
    assert "西岗区八一路街道总工会" in page_html and "大连市西岗区总工会" in page_html
    assert "每周两次律师坐班" in page_html
    assert "经审核，同意报送。" in page_html  # the parent's opinion, from its forwarding list
    assert ">已立项</span>" in page_html
    path = "submissions/2026/xigang-bayi-street/legal-aid-station.yaml"
    version = last_change(built.root, path)  # the file's own last commit: the same from build to build
    assert version != built.commit
    assert f'href="{REPO_URL}/blob/{version}/{path}"' in page_html
    assert f'href="{REPO_URL}/commits/{version}/{path}"' in page_html


def test_a_withdrawn_project_shows_its_status_and_reason(built: Built) -> None:
    page_html = built.html("2026/projects/wage-talks.html")
    assert ">已撤回</span>" in page_html
    assert "因机构调整，本项目并入全区整体工作" in page_html


def test_home_shows_the_stage_next_deadline_days_left_and_this_years_figures(built: Built) -> None:
    home = built.html("index.html")
    assert "评审与审定" in home
    assert "通报评选结果截止" in home and "2026 年 11 月 30 日" in home
    assert "还有 <strong>5</strong> 天" in home  # 25 November → 30 November
    projects_2026 = len(list((built.root / "submissions/2026").glob("*/*.yaml"))) - len(
        list((built.root / "submissions/2026").glob("*/forwarding.yaml"))
    )
    assert f"<strong>{projects_2026}</strong> 个项目" in home


def test_every_page_says_it_is_sample_data(built: Built) -> None:
    pages = [p for p in html_pages(built.site) if p.name != "404.html"]
    assert len(pages) > 20
    missing = [p for p in pages if "示例数据" not in p.read_text(encoding="utf-8")]
    assert missing == []


def test_project_pages_are_not_in_the_navigation_and_are_one_short_entry_each_in_the_search(built: Built) -> None:
    home = built.html("index.html")
    nav = home[home.index('<nav class="md-tabs"') : home.index("</nav>", home.index('<nav class="md-tabs"'))]
    assert "projects/" not in nav and "项目名录" in nav
    index = json.loads((built.site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = [d["location"] for d in index["docs"]]
    assert any(loc.startswith("guide.html") for loc in locations)
    assert not [loc for loc in locations if "/forms/" in loc]
    projects = [d for d in index["docs"] if "/projects/" in d["location"]]
    assert len(projects) == len(list(built.site.glob("20*/projects/*.html")))  # one entry a project
    legal = next(d for d in projects if d["location"] == "2026/projects/legal-aid-station.html")
    assert "社区法律援助驿站建设" in legal["title"].replace("\u200b", "")
    assert len(legal["text"]) < 200 and "八一路" in legal["text"].replace("\u200b", "")


def test_filing_text_never_becomes_markup(built: Built) -> None:
    """Payloads sit in every text field of a filing and of the unit registry; none turns into markup."""
    checked = 0
    for path in html_pages(built.site):
        doc = parse(path.read_text(encoding="utf-8"))
        for tag, attrs in doc.tags:
            assert not [a for a in attrs if a.startswith("on")], (path, tag, attrs)
            for name in ("href", "src"):
                assert not attrs.get(name, "").strip().lower().startswith("javascript:"), (path, attrs)
            assert tag != "img" or attrs.get("src") != "x", path
        assert not [s for s in doc.scripts if "pwned" in s or "alert(" in s], path
        checked += 1
    evil = built.html("2026/projects/evil.html")
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in evil
    assert "[x](javascript:window.__pwned=3)" in evil  # Markdown link syntax left as text
    assert "{: onclick=&#34;window.__pwned=4&#34; }" in evil or "{: onclick=&quot;window.__pwned=4&quot; }" in evil
    assert "--8&lt;-- &#34;/etc/passwd&#34;" in evil and "root:x:0:0" not in evil
    assert "{{ 7*7 }}" in evil and ">49<" not in evil
    assert checked > 20


def test_frames_hold_only_our_constant_front_matter_and_the_slot(built: Built) -> None:
    """MkDocs sees no page text at all: every .md file it is given is one of a few frames."""
    sources = list((built.root / ".build/cache/frames/docs").rglob("*.md"))
    assert sources and {p.read_text(encoding="utf-8") for p in sources} == {frame_source()}
    assert len(sources) < 20  # the top-level pages and one shell per folder, not one per project
    assert not list(built.site.rglob(f"{SHELL}.html"))
    assert not [p for p in html_pages(built.site) if TITLE_SLOT in p.read_text(encoding="utf-8")]
    sitemap = (built.site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}2026/projects/legal-aid-station.html</loc>" in sitemap and SHELL not in sitemap
    assert sitemap.count("<loc>") == len(html_pages(built.site)) - 1  # every page but 404.html
    assert sitemap.count(f"<loc>{SITE_URL}") == sitemap.count("<loc>")  # absolute, from the site's address


def test_every_page_has_its_own_canonical_address_description_and_footer(built: Built) -> None:
    seen: dict[str, str] = {}
    for path in html_pages(built.site):
        rel = path.relative_to(built.site).as_posix()
        if rel == "404.html":
            continue
        tags = Elements.of(path.read_text(encoding="utf-8")).tags
        canonical = [a["href"] for t, a in tags if t == "link" and a.get("rel") == "canonical"]
        assert canonical == [SITE_URL + rel], rel
        description = [a["content"] for t, a in tags if t == "meta" and a.get("name") == "description"]
        assert len(description) == 1 and description[0], rel
        seen[rel] = description[0]
    assert len(set(seen.values())) > len(seen) * 0.9  # one each, not one for the whole site
    assert "社区法律援助驿站建设" in seen["2026/projects/legal-aid-station.html"]
    footer = Elements.of(built.html("2026/projects/legal-aid-station.html")).plain
    assert "主办：大连市总工会" in footer and "0411-82345678" in footer and "本页更新于 2026 年" in footer


def test_the_404_page_links_back_under_the_sites_path(built: Built) -> None:
    hrefs = [a.get("href", "") for t, a in Elements.of(built.html("404.html")).tags if t in ("a", "link")]
    own = [h for h in hrefs if h.startswith("/")]
    assert own and all(h.startswith("/shuangchuang/") for h in own), own


def test_a_page_title_is_escaped_wherever_the_theme_shows_it(built: Built) -> None:
    evil = built.html("2026/projects/evil.html")
    escaped = "&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=alert(7)&gt;"
    assert f"<title>{escaped} - " in evil
    topic = evil[evil.index('data-md-component="header-topic"') :]
    assert topic[: topic.index("</span>")].strip().endswith(escaped)


_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")
_RESOURCE_ATTRS = {"src", "srcset", "data", "poster", "background", "xlink:href"}


def _external(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or bool(urlsplit(url).scheme in ("http", "https"))


def test_no_page_loads_anything_from_outside_the_site(built: Built) -> None:
    offenders = []
    for path in html_pages(built.site):
        doc = parse(path.read_text(encoding="utf-8"))
        for tag, attrs in doc.tags:
            for name, value in attrs.items():
                urls = [u.split()[0] for u in value.split(",") if u.strip()] if name == "srcset" else [value]
                if name in _RESOURCE_ATTRS and any(_external(u) for u in urls):
                    offenders.append((path.name, tag, name, value))
            canonical = attrs.get("rel") == "canonical" and attrs.get("href", "").startswith(SITE_URL)  # not loaded
            if tag == "link" and _external(attrs.get("href", "")) and not canonical:
                offenders.append((path.name, tag, "href", attrs["href"]))
            if (
                tag == "a"
                and _external(attrs.get("href", ""))
                and not attrs["href"].startswith((REPO_URL + "/", SITE_URL))
            ):
                offenders.append((path.name, tag, "href", attrs["href"]))
            if _CSS_URL.search(attrs.get("style", "")) and _external(_CSS_URL.search(attrs["style"]).group(1) or ""):
                offenders.append((path.name, tag, "style", attrs["style"]))
        for style in doc.styles:
            offenders += [(path.name, "style", m) for m in _CSS_URL.findall(style) if any(_external(u) for u in m if u)]
    for css in built.site.rglob("*.css"):
        for match in _CSS_URL.findall(css.read_text(encoding="utf-8")):
            offenders += [(css.name, u) for u in match if u and _external(u)]
    ours = [*built.site.joinpath("assets/sc").glob("*.js"), *built.site.joinpath("data").glob("*.js")]
    assert len(ours) >= 5
    # An address, not a help text that says how one begins ("以 https:// 开头", the tracking form's 佐证).
    offenders += [(js.name, "url") for js in ours if re.search(r"https?://\w|['\"]//", js.read_text(encoding="utf-8"))]
    assert offenders == []


def test_every_link_inside_the_site_leads_to_a_file(built: Built) -> None:
    broken = []
    for path in html_pages(built.site):
        base = "file://" + path.as_posix()
        for tag, attrs in parse(path.read_text(encoding="utf-8")).tags:
            target = attrs.get("href") if tag in ("a", "link") else attrs.get("src")
            if not target or target.startswith(("#", "mailto:")) or _external(target):
                continue
            if target.startswith("/"):  # 404.html links from the path of the site's address
                prefix = urlsplit(SITE_URL).path
                absolute = built.site.as_posix() + "/" + target.removeprefix(prefix)
                if not target.startswith(prefix):
                    broken.append((path.relative_to(built.site).as_posix(), target))
            else:
                absolute = urljoin(base, target)
            resolved = Path(urlsplit(absolute).path)
            if not (resolved.is_file() or (resolved / "index.html").is_file()):
                broken.append((path.relative_to(built.site).as_posix(), target))
    assert broken == []


def _script_json(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index(",", text.index(",") + 1) + 1 : text.rindex(")")])


def test_finder_index_and_registry_table_hold_every_project(built: Built) -> None:
    finder = _script_json(built.site / "data/finder-2026.js")
    table = _script_json(built.site / "data/table-2026.js")
    expected = {p.stem for p in (built.root / "submissions/2026").glob("*/*.yaml") if p.stem != "forwarding"}
    assert {row[0] for row in finder["p"]} == expected
    assert {row[0] for row in table["rows"]} == expected
    row = next(r for r in finder["p"] if r[0] == "branch-one-reading-room")
    assert row[1] == "第一分公司职工书屋提质工程" and finder["u"][row[2]] == "大连港集团有限公司工会"
    withdrawn = next(r for r in table["rows"] if r[0] == "wage-talks")
    assert table["statuses"][withdrawn[3]] == "已撤回"


def test_exports_are_csv_with_bom_xlsx_and_json(built: Built) -> None:
    exports = built.site / "2026/exports"
    raw = (exports / "2026-registry.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    records = json.loads((exports / "2026-registry.json").read_text(encoding="utf-8"))
    assert rows[0][:3] == ["年度", "项目编号", "项目名称"]
    assert len(rows) - 1 == len(records) == len(_script_json(built.site / "data/table-2026.js")["rows"])
    by_id = {r[1]: r for r in rows[1:]}
    assert by_id["legal-aid-station"][2] == "社区法律援助驿站建设"
    assert by_id["withdrawn-evil"][2] == "'=SUM(1,2)撤回理由测试"  # defused for Excel
    assert next(r for r in records if r["项目编号"] == "withdrawn-evil")["项目名称"] == "=SUM(1,2)撤回理由测试"
    with zipfile.ZipFile(exports / "2026-registry.xlsx") as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
        strings = book.read("xl/sharedStrings.xml").decode("utf-8")
    assert "<f>" not in sheet and "社区法律援助驿站建设" in strings and "=SUM(1,2)撤回理由测试" in strings
    year_page = built.html("2026/index.html")
    assert 'href="../2026/exports/2026-registry.xlsx"' in year_page
    # 2026 is not announced: no results file is written, and none is offered.
    assert not list(exports.glob("2026-results.*")) and "2026-results" not in year_page


def test_form_page_carries_the_record_address_commit_and_qr_code(built: Built) -> None:
    form = built.html("2026/forms/legal-aid-station.html")
    assert "附件2" in form and "大连市基层工会“双创”成果立项申报表" in form
    path = "submissions/2026/xigang-bayi-street/legal-aid-station.yaml"
    version = last_change(built.root, path)
    assert f"{REPO_URL}/blob/{version}/{path}" in form
    assert f"记录版本号：<code>{version}</code>" in form
    assert '<svg viewBox="0 0' in form and 'class="segno"' in form
    assert "扫描二维码" in form
    assert "领导签字" in form and "（盖章）" in form
    organ = built.html("2026/forms/night-school.html")
    assert "附件1" in organ and "单位意见" in organ and "所属区市县总工会、产业工会、市总部门意见" not in organ


def test_unit_page_lists_its_projects_across_years(built: Built) -> None:
    unit = built.html("units/xigang.html")
    assert "职工夜校“技能加油站”" in unit
    assert "西岗区八一路街道总工会" in unit  # its grassroots units


def test_statistics_page_has_svg_charts_and_tables(built: Built) -> None:
    stats = built.html("stats.html")
    assert stats.count('<svg class="sc-chart"') >= 5
    assert "按所属上级" in stats and "按评选内容" in stats and "按类别" in stats and "历年立项与获奖项目数" in stats
    assert "<td>大连市西岗区总工会</td>" in stats


def test_results_page_groups_awards_by_award_and_tier_and_lists_provincial_picks(tmp_path: Path) -> None:
    root = fresh_tree(tmp_path)
    write_handwritten(root)
    subs = load_submissions(root)
    site = collect(subs, datetime(2026, 12, 5, tzinfo=CHINA))
    year = next(y for y in site.years if y.year == 2026)
    approval = Approval.model_validate({"日期": "2026-11-28", "会议": "2026年第20次主席办公会议"})
    notice = Announcement.model_validate({"日期": "2026-11-30", "文号": "大工发〔2026〕40号"})
    awards = {
        "legal-aid-station": Category.EXCELLENCE,
        "branch-one-reading-room": Category.INNOVATION,
        "night-school": Category.INNOVATION,
    }
    for view in year.projects:
        view.record = replace(
            view.record,
            award=awards.get(view.id),
            to_province=view.id == "night-school",
            approval=approval,
            announcement=notice,
        )
    year = replace(year, projects=list(year.projects))  # a fresh view: its figures are counted anew
    tree = DocsTree()
    page(
        tree,
        "2026/results.md",
        "2026 年评选结果",
        "year_results.html.j2",
        year=year,
        site=site,
        programme=subs.programme,
    )
    html = tree.pages["2026/results.md"].body()
    innovation, excellence = html.index("创新成果奖（2 项）"), html.index("创优成果奖（1 项）")
    assert innovation < excellence
    organ, grassroots = html.index("工会领导机关（1 项）"), html.index("基层工会（1 项）")
    assert innovation < organ < grassroots < excellence
    assert html.index("第一分公司职工书屋提质工程") > grassroots
    assert (
        "推荐上报省总工会（1 项）" in html and "职工夜校“技能加油站”" in html[html.index("推荐上报省总工会（1 项）") :]
    )


def test_an_invalid_filing_stops_the_build_with_the_messages_of_check(tmp_path: Path) -> None:
    root = fresh_tree(tmp_path)
    write_handwritten(root)
    bad = root / "submissions/2026/xigang/broken.yaml"
    bad.write_text("表: 领导机关立项申报表\n项目名称：夜校\n", encoding="utf-8")
    checked = run_cli("check", cwd=root)
    result = run_cli("build", "--now", TODAY, cwd=root)
    assert result.code == 1
    findings = [line for line in checked.lines if "错误[" in line]
    assert findings and all(line in result.lines for line in findings)
    assert "submissions/2026/xigang/broken.yaml:2:" in result.out
    assert not (root / "site").exists()
    assert bad.read_text(encoding="utf-8") == "表: 领导机关立项申报表\n项目名称：夜校\n"


def test_a_rebuild_leaves_no_page_of_a_removed_filing(tmp_path: Path) -> None:
    root = fresh_tree(tmp_path)
    write_handwritten(root)
    assert run_cli("build", "--now", TODAY, cwd=root).code == 0
    assert (root / "site/2026/projects/night-school.html").is_file()
    (root / "submissions/2026/xigang/night-school.yaml").unlink()
    assert run_cli("build", "--now", TODAY, cwd=root).code == 0
    assert not (root / "site/2026/projects/night-school.html").exists()
    assert "night-school" not in (root / "site/data/finder-2026.js").read_text(encoding="utf-8")
    cached = json.loads((root / ".build/cache/qr.json").read_text(encoding="utf-8"))
    assert len(cached["codes"]) == len(HANDWRITTEN) - 1  # one QR code per remaining project, none for the removed one


def test_the_shipped_sample_data_builds_with_names_statuses_and_awards(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE, tmp_path / "submissions")
    result = run_cli("build", "--now", TODAY, cwd=tmp_path)
    assert result.code == 0, result.out + result.err
    site = collect(load_submissions(tmp_path), datetime.fromisoformat(TODAY + "T23:59:59").replace(tzinfo=CHINA))
    records = [p.record for y in site.years for p in y.projects]
    assert records, "the sample data has registrations"
    for r in records:
        html = (tmp_path / f"site/{r.year}/projects/{r.project_id}.html").read_text("utf-8").replace("&#34;", '"')
        assert f">{r.registration.model.project_name}</h1>" in html
        assert f">{r.status}</span>" in html
    awarded = [r for r in records if r.award]
    assert awarded, "the sample data has a year with results"
    for r in awarded:
        results = (tmp_path / f"site/{r.year}/results.html").read_text("utf-8").replace("&#34;", '"')
        section = results[results.index(f"{r.award.award}（") :]
        assert r.registration.model.project_name in section
    assert (tmp_path / "site/search/search_index.json").is_file()


def test_the_handwritten_projects_each_have_a_page(built: Built) -> None:
    for p in HANDWRITTEN:
        assert f">{p.name}</h1>" in built.html(f"{p.year}/projects/{p.id}.html")


def test_the_serve_hook_generates_fills_and_keeps_the_pages_on_an_error(tmp_path: Path, monkeypatch, caplog) -> None:
    """`mkdocs serve`/`mkdocs build` by hand: the hook (loaded by MkDocs from mkdocs.yml) generates the
    frames before the search plugin starts and fills the pages after the build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = fresh_tree(tmp_path)
    write_handwritten(root)
    monkeypatch.chdir(root)  # as `mkdocs serve` runs: the jieba dictionary's path is relative
    (root / ".build/docs").mkdir(parents=True)  # MkDocs checks docs_dir before any hook runs
    page = root / "site/2026/projects/night-school.html"
    config = None

    def mkdocs_build() -> str:
        nonlocal config
        config = load_config(
            config_file=str(REPO / "mkdocs.yml"), docs_dir=str(root / ".build/docs"), site_dir=str(root / "site")
        )
        config.plugins.on_startup(command="serve", dirty=False)
        build(config)
        return page.read_text(encoding="utf-8")

    try:
        assert "职工夜校" in mkdocs_build()
        assert not list((root / "site").rglob(f"{SHELL}.html"))
        filing = root / "submissions/2026/xigang/night-school.yaml"
        filing.write_text(filing.read_text(encoding="utf-8").replace("职工夜校", "职工周末夜校"), encoding="utf-8")
        assert "职工周末夜校" in mkdocs_build()
        (root / "submissions/2026/xigang/broken.yaml").write_text("项目名称：夜校\n", encoding="utf-8")
        assert "职工周末夜校" in mkdocs_build()  # the preview keeps the last good pages
        assert any("broken.yaml" in r.getMessage() for r in caplog.records)
    finally:
        if config is not None:
            config.plugins.on_shutdown()


def test_a_frame_whose_slots_moved_stops_the_fill_with_a_message() -> None:
    import pytest

    from generator.render.frame import BODY_SLOT, CANONICAL_SLOT, DESCRIPTION_SLOT, FOOTER_SLOT, Frame, FrameError

    head = f'<meta content="{DESCRIPTION_SLOT}">{CANONICAL_SLOT}'
    with pytest.raises(FrameError, match="found \\[1, 1, 1, 1\\] and 1"):
        Frame.parse(f"{head}<title>{TITLE_SLOT}</title><article>{BODY_SLOT}</article><f>{FOOTER_SLOT}</f>", "x.html")
    with pytest.raises(FrameError, match="found \\[1, 0, 1, 1\\] and 2"):
        Frame.parse(f"{CANONICAL_SLOT}<title>{TITLE_SLOT}</title><h>{TITLE_SLOT}</h>{BODY_SLOT}{FOOTER_SLOT}", "x.html")
    frame = Frame.parse(
        f"{head}<title>{TITLE_SLOT} - 站</title><h>{TITLE_SLOT}</h><article>{BODY_SLOT}</article><f>{FOOTER_SLOT}</f>",
        "x.html",
    )
    filled = frame.fill("<b>名</b>", Markup("<p>正文</p>"), '"说明"', "https://x.example/a.html", "<联系>")
    assert filled == (
        '<meta content="&#34;说明&#34;"><link rel="canonical" href="https://x.example/a.html">'
        "<title>&lt;b&gt;名&lt;/b&gt; - 站</title><h>&lt;b&gt;名&lt;/b&gt;</h><article><p>正文</p></article>"
        "<f>&lt;联系&gt;</f>"
    )
    assert frame.fill("名", Markup("")).startswith('<meta content=""><title>')  # no address: no canonical link

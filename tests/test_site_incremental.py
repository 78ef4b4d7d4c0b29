"""A rebuild writes only what changed, and gives the bytes a clean build gives (issue 23, target 4)."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from conftest import run_cli
from gitrepo import GitRepo, landing, write_landings
from site_data import TODAY, fresh_tree, git_commit, write_handwritten, write_synthetic

from generator.model.programme import CHINA

PROJECT = "submissions/2026/xigang-bayi-street/legal-aid-station.yaml"
OTHER = "submissions/2026/dalian-port/branch-one-reading-room.yaml"
RENDERED = re.compile(r"其中 (\d+) 个页面有改动、重新生成，(\d+) 个页面与上次相同")
# The filings are imported before the grassroots deadline (3 月 10 日), so that edits dated before
# it count; an edit after 立项截止 (3 月 20 日) does not, and the record says so on the site.
IMPORTED = "2026-03-06T10:00:00+08:00"


def build(root: Path, *options: str) -> int:
    """Build; the number of pages rendered (every page when the build says nothing of kept ones)."""
    result = run_cli("build", "--now", TODAY, *options, cwd=root)
    assert result.code == 0, result.out + result.err
    found = RENDERED.search(result.out)
    return int(found.group(1)) if found else -1


def commit(root: Path, message: str, when: str) -> str:
    return GitRepo(root).commit(message, when)


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def stamps(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-written filings and forty more, committed and built once."""
    root = fresh_tree(tmp_path_factory.mktemp("incremental"))
    (root / ".gitignore").write_text("site/\n.build/\n", encoding="utf-8")  # as the repository's own
    write_handwritten(root)
    write_synthetic(root, 40, 2026)
    git_commit(root, IMPORTED)
    assert build(root) == -1  # the first build renders everything and says nothing of kept pages
    return root


def edit(root: Path, words: str, rel: str = PROJECT) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('主要内容: "', f'主要内容: "{words}', 1), encoding="utf-8")
    assert path.read_text(encoding="utf-8") != text


def clean_build(root: Path, into: Path, *options: str) -> dict[str, bytes]:
    """The same commit built from nothing (no .build, no site), in a copy of the repository."""
    shutil.copytree(root, into, ignore=shutil.ignore_patterns(".build", "site"))
    build(into, *options)
    return files(into / "site")


def test_a_rebuild_without_changes_renders_no_page_and_writes_no_page(tree: Path) -> None:
    before = stamps(tree / "site")
    assert build(tree) == 0
    assert stamps(tree / "site") == before


def test_a_one_file_change_renders_its_pages_and_leaves_the_rest(tree: Path) -> None:
    before = stamps(tree / "site")
    edit(tree, "本次补充了一段说明。")
    commit(tree, "Edit one registration", "2026-03-07T10:00:00+08:00")
    rendered = build(tree)
    after = stamps(tree / "site")
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    assert "2026/projects/legal-aid-station.html" in changed and "2026/forms/legal-aid-station.html" in changed
    assert "本次补充了一段说明。" in (tree / "site/2026/projects/legal-aid-station.html").read_text(encoding="utf-8")
    # Another project of the same unit and year, its form, and a unit the change does not concern stay as they were.
    untouched = [rel for rel in after if rel.startswith("2026/projects/") and "legal-aid-station" not in rel]
    assert untouched and not changed & set(untouched)
    assert "units/zhongshan.html" not in changed
    assert 0 < rendered < len(after) // 4
    assert len(changed) <= rendered + 1  # the theme's 404 page is not ours


def test_a_rebuild_after_a_change_gives_the_bytes_of_a_clean_build(tree: Path, tmp_path: Path) -> None:
    edit(tree, "又改了一次。")
    commit(tree, "Edit it again", "2026-03-08T10:00:00+08:00")
    build(tree)
    assert files(tree / "site") == clean_build(tree, tmp_path / "clean")


def test_the_forges_landings_change_the_pages_they_verify(tree: Path, tmp_path: Path) -> None:
    """`--landings` (the forge's merge record) changes what the pages say of each landing: a rebuild with
    them, and without them again, gives a clean build's bytes each time."""
    path = tree / PROJECT
    path.write_text(path.read_text(encoding="utf-8").replace("同意申报。", "同意申报，请审核。", 1), encoding="utf-8")
    commit(tree, "A new opinion", "2026-03-08T12:00:00+08:00")
    repo = GitRepo(tree)
    log = repo.git("log", "--first-parent", "--format=%H %cI", "-4").split("\n")
    record = [landing(sha, 40 + n, when) for n, (sha, when) in enumerate(line.split() for line in log if line)]
    landings = write_landings(tmp_path, record)
    assert build(tree, "--landings", str(landings)) != 0  # every credit is now the forge's: most pages change
    page = (tree / "site/2026/projects/legal-aid-station.html").read_text(encoding="utf-8")
    assert "签字核对：经" in page and "合并请求 #40</a>" in page  # the opinion's pull request, from the forge only
    assert files(tree / "site") == clean_build(tree, tmp_path / "with", "--landings", str(landings))
    build(tree)
    assert files(tree / "site") == clean_build(tree, tmp_path / "without")


def test_a_removed_project_leaves_no_page_behind(tree: Path, tmp_path: Path) -> None:
    (tree / PROJECT).unlink()
    commit(tree, "Remove a registration", "2026-03-09T10:00:00+08:00")
    build(tree)
    site = files(tree / "site")
    assert "2026/projects/legal-aid-station.html" not in site and "2026/forms/legal-aid-station.html" not in site
    assert site == clean_build(tree, tmp_path / "clean")


def test_a_change_the_record_does_not_count_shows_the_record_and_its_finding(tree: Path, tmp_path: Path) -> None:
    """After 立项截止 the record is fixed: the site keeps the content on record and shows the audit's
    finding (the project's page, the year's, the home page's banner); the rebuild gives a clean build's bytes."""
    before = (tree / "site/2026/projects/branch-one-reading-room.html").read_text(encoding="utf-8")
    edit(tree, "截止以后才改的内容。", OTHER)
    commit(tree, "Edit a registration after its deadline", "2026-04-01T10:00:00+08:00")
    rendered = build(tree)
    page = (tree / "site/2026/projects/branch-one-reading-room.html").read_text(encoding="utf-8")
    finding = "立项截止时间 2026-03-20 23:59:59 已过"
    assert page != before and "截止以后才改的内容。" not in page and finding in page
    assert "记录核对发现问题" in (tree / "site/index.html").read_text(encoding="utf-8")
    assert rendered > 0 and finding not in (tree / "site/2026/projects/night-school.html").read_text(encoding="utf-8")
    assert files(tree / "site") == clean_build(tree, tmp_path / "clean")


def test_a_new_contact_in_the_settings_reaches_every_footer(tree: Path, tmp_path: Path) -> None:
    settings = tree / "submissions/programme.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("0411-82345678", "0411-87654321"), encoding="utf-8")
    commit(tree, "The office's new telephone", "2026-04-02T10:00:00+08:00")
    build(tree)
    for rel in (
        "index.html",
        "units/zhongshan.html",
        "2026/projects/night-school.html",
        "2026/forms/night-school.html",
    ):
        assert "电话 0411-87654321" in (tree / "site" / rel).read_text(encoding="utf-8"), rel
    assert files(tree / "site") == clean_build(tree, tmp_path / "clean")


def test_the_frames_chrome_alone_is_in_every_pages_digest(tree: Path, tmp_path: Path) -> None:
    """The footer, the site's address and the default description are not in any page's context: a new
    one alone renders every page again, and the sitemap and canonical links follow the address."""
    from generator.render.build import build_site, generate
    from generator.render.generate import DOCS_DIR
    from generator.render.pages import chrome_for
    from generator.validate.tree import load_submissions

    now = datetime.fromisoformat(TODAY + "T12:00:00").replace(tzinfo=CHINA)

    def api_build(root: Path, footer: str, address: str) -> tuple[int, int]:
        generated = generate(load_submissions(root), now)
        generated.write_dictionary(root / DOCS_DIR)
        chrome = replace(chrome_for(generated.site), footer=footer, address=address, description="默认的页面说明")
        result, done = build_site(root, generated, chrome)
        assert result.ok, result.messages
        return done.rendered, done.pages

    api_build(tree, "联系：一号。", "https://a.example.org/sc/")
    rendered, pages = api_build(tree, "联系：二号。", "https://b.example.org/sc/")
    assert rendered == pages
    home = (tree / "site/index.html").read_text(encoding="utf-8")
    assert "联系：二号。" in home and '<link rel="canonical" href="https://b.example.org/sc/index.html">' in home
    assert "https://b.example.org/sc/units.html" in (tree / "site/sitemap.xml").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    shutil.copytree(tree, clean, ignore=shutil.ignore_patterns(".build", "site"))
    api_build(clean, "联系：二号。", "https://b.example.org/sc/")
    assert files(tree / "site") == files(clean / "site")
    build(tree)  # back to the settings' own chrome for the tests below


def test_a_page_changed_by_hand_in_site_is_written_again(tree: Path) -> None:
    page = tree / "site/index.html"
    page.write_text("changed by hand", encoding="utf-8")
    build(tree)
    assert "changed by hand" not in page.read_text(encoding="utf-8")


def test_a_build_that_stopped_half_way_leaves_no_record_to_trust(tree: Path) -> None:
    """The record is taken off the disk while a build runs; without it, every page is written."""
    record = tree / ".build/cache/site.json"
    assert record.is_file()
    record.unlink()  # as a build that stopped after taking it
    (tree / "site/units.html").write_bytes(b"half-written")
    assert build(tree) == -1
    assert b"half-written" not in (tree / "site/units.html").read_bytes()


def test_a_committed_site_and_record_are_a_plant_and_nothing_of_them_is_kept(tree: Path, tmp_path: Path) -> None:
    """A record whose digests match, committed with pages of its own: the build keeps none of it."""
    copy = tmp_path / "planted"
    shutil.copytree(tree, copy)
    (copy / "site/units.html").write_bytes(b"<script>planted()</script>")
    record = copy / ".build/cache/site.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    stat = (copy / "site/units.html").stat()
    data["files"]["units.html"][1:] = [stat.st_size, int(stat.st_mtime)]  # as if the plant were ours
    record.write_text(json.dumps(data), encoding="utf-8")
    GitRepo(copy).git("add", "-f", "site", ".build/cache")
    commit(copy, "Plant a page and its record", "2026-06-01T10:00:00+08:00")
    assert build(copy) == -1  # everything rendered: nothing kept
    assert b"planted" not in (copy / "site/units.html").read_bytes()
    assert record.read_text(encoding="utf-8") == json.dumps(data)  # the plant is neither trusted nor rewritten


def test_a_cut_that_is_not_of_its_own_run_is_not_used(tmp_path: Path) -> None:
    from generator.render.search_dict import Cuts

    dictionary = tmp_path / "userdict.txt"
    dictionary.write_text("西岗区\n", encoding="utf-8")
    cache = tmp_path / "cuts.json"
    key = Cuts(cache, dictionary, dictionary_loaded=True).key
    cuts = {"西岗区": ["<img src=x onerror=alert(1)>"], "工会": ["工", "会"], "总工会": ["总工会"]}
    cache.write_text(json.dumps({"key": key, "cuts": cuts}, ensure_ascii=False), encoding="utf-8")
    assert Cuts(cache, dictionary, dictionary_loaded=True).known == {"工会": ["工", "会"], "总工会": ["总工会"]}

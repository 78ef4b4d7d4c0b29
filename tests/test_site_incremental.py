"""A rebuild writes only what changed, and gives the bytes a clean build gives (issue 23, target 4)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import run_cli
from gitrepo import GitRepo
from site_data import TODAY, fresh_tree, git_commit, write_handwritten, write_synthetic

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


def test_a_removed_project_leaves_no_page_behind(tree: Path, tmp_path: Path) -> None:
    (tree / PROJECT).unlink()
    commit(tree, "Remove a registration", "2026-03-09T10:00:00+08:00")
    build(tree)
    site = files(tree / "site")
    assert "2026/projects/legal-aid-station.html" not in site and "2026/forms/legal-aid-station.html" not in site
    assert site == clean_build(tree, tmp_path / "clean")


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


def test_a_cut_that_is_not_of_its_own_run_is_not_used(tmp_path: Path) -> None:
    from generator.render.search_dict import Cuts

    dictionary = tmp_path / "userdict.txt"
    dictionary.write_text("西岗区\n", encoding="utf-8")
    cache = tmp_path / "cuts.json"
    key = Cuts(cache, dictionary, dictionary_loaded=True).key
    cuts = {"西岗区": ["<img src=x onerror=alert(1)>"], "工会": ["工", "会"], "总工会": ["总工会"]}
    cache.write_text(json.dumps({"key": key, "cuts": cuts}, ensure_ascii=False), encoding="utf-8")
    assert Cuts(cache, dictionary, dictionary_loaded=True).known == {"工会": ["工", "会"], "总工会": ["总工会"]}

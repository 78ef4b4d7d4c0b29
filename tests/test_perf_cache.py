"""The filings cache: a warm run reads only what changed and finds exactly what a cold run finds."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SAMPLE

from generator import cache
from generator.validate.tree import load_submissions

ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, env=ENV, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The frozen sample tree, with a cross-file finding (E302, line 5) and a per-file one (E201),
    committed in a real git repository."""
    shutil.copytree(SAMPLE, tmp_path / "submissions")
    form = tmp_path / "submissions/2026/xigang/xigang-new-employment-forms.yaml"
    text = form.read_text(encoding="utf-8")
    form.write_text(text.replace("单位: 大连市西岗区总工会", "单位: 大连市中山区总工会", 1), encoding="utf-8")
    broken = tmp_path / "submissions/2026/xigang/broken.yaml"
    broken.write_text(text.replace("项目名称:", "项目明称:", 1), encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "sample")
    return tmp_path


def shown(root: Path, **kwargs) -> list[str]:
    return [f.to_text() for f in load_submissions(root, **kwargs).findings]


def test_a_warm_run_reads_only_the_registry_settings_and_files_with_findings(repo: Path, reads: list[str]) -> None:
    cold = shown(repo)
    assert len(reads) > 60
    reads.clear()
    warm = shown(repo)
    assert warm == cold
    assert sorted(reads) == [
        "submissions/2026/xigang/broken.yaml",
        "submissions/programme.yaml",
        "submissions/units.yaml",
    ]


def test_warm_cold_and_uncached_runs_find_the_same_with_the_same_positions(repo: Path) -> None:
    first, warm, uncached = shown(repo), shown(repo), shown(repo, use_cache=False)
    assert first == warm == uncached
    # The form is cached (its only finding is a rule's): its position is found again from the file.
    assert any(
        line.startswith("submissions/2026/xigang/xigang-new-employment-forms.yaml:5:5: 错误[E302]") for line in warm
    )
    assert any("E201" in line or "E210" in line for line in warm)


def test_a_changed_file_is_read_again_committed_or_not(repo: Path, reads: list[str]) -> None:
    shown(repo)
    target = repo / "submissions/2026/xigang-renmin-square"
    form = next(target.glob("*.yaml"))
    rel = form.relative_to(repo).as_posix()
    form.write_text(form.read_text(encoding="utf-8").replace("项目名称:", "项目名目:", 1), encoding="utf-8")
    reads.clear()
    dirty = shown(repo)
    assert rel in reads and any(line.startswith(rel) and "E210" in line for line in dirty)
    git(repo, "commit", "-q", "-am", "edit")
    reads.clear()
    assert shown(repo) == dirty and rel in reads  # a file with findings is never cached


def test_an_untracked_file_is_read_every_time(repo: Path, reads: list[str]) -> None:
    new = repo / "submissions/2026/xigang/night-school-copy.yaml"
    shutil.copy(repo / "submissions/2026/xigang/xigang-new-employment-forms.yaml", new)
    shown(repo)
    reads.clear()
    shown(repo)
    assert "submissions/2026/xigang/night-school-copy.yaml" in reads


def test_a_changed_registry_or_code_version_reads_everything_again(
    repo: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown(repo)
    units = repo / "submissions/units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace("名称: 大连市总工会办公室", "名称: 大连市总工会办公厅", 1),
        encoding="utf-8",
    )
    reads.clear()
    shown(repo)
    assert len(reads) > 60
    reads.clear()
    shown(repo)
    assert len(reads) == 3
    monkeypatch.setattr(cache, "code_version", lambda: "another version of the code")
    reads.clear()
    shown(repo)
    assert len(reads) > 60


def test_the_cache_lives_outside_the_repository_and_can_be_switched_off(
    repo: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown(repo)
    stored = list(cache.cache_folder().glob("filings-*.pickle"))  # type: ignore[union-attr]
    assert stored and all(repo not in p.parents for p in stored)
    assert not any(p.name.startswith("filings-") for p in repo.rglob("*"))
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    reads.clear()
    shown(repo)
    assert len(reads) > 60


def test_a_damaged_cache_file_is_ignored(repo: Path, reads: list[str]) -> None:
    cold = shown(repo)
    for stored in cache.cache_folder().glob("filings-*.pickle"):  # type: ignore[union-attr]
        whole = stored.read_bytes()
        stored.write_bytes(whole[: len(whole) // 2])  # cut short, as a full disk or a killed run leaves it
    reads.clear()
    assert shown(repo) == cold and len(reads) > 60


def test_check_no_cache_on_the_command_line_finds_the_same(repo: Path, cli) -> None:
    warm, again, cold = cli("check", cwd=repo), cli("check", cwd=repo), cli("check", "--no-cache", cwd=repo)
    assert warm.code == again.code == cold.code == 1
    assert warm.out == again.out == cold.out


def test_a_cache_of_another_format_is_ignored(repo: Path, reads: list[str]) -> None:
    cold = shown(repo)
    for stored in cache.cache_folder().glob("filings-*.pickle"):  # type: ignore[union-attr]
        stored.write_text('{"schema": 1, "key": "x", "files": {}}', encoding="utf-8")  # the old JSON cache
    reads.clear()
    assert shown(repo) == cold and len(reads) > 60


def test_cached_models_are_the_models_a_cold_run_validates(repo: Path) -> None:
    cold = {f.path: f.model for f in load_submissions(repo, use_cache=False).filings}
    load_submissions(repo)
    warm = {f.path: f.model for f in load_submissions(repo).filings}
    assert warm.keys() == cold.keys() and len(warm) > 60
    assert all(type(warm[p]) is type(cold[p]) and warm[p] == cold[p] for p in cold)

"""The filings cache: a warm run reads only what changed and finds exactly what a cold run finds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE
from gitrepo import GitRepo

from generator import cache
from generator.validate.tree import load_submissions


@pytest.fixture
def sample_repo(tmp_path: Path) -> Path:
    """The frozen sample tree, with a cross-file finding (E302, line 5) and a per-file one (E201),
    committed in a real git repository."""
    shutil.copytree(SAMPLE, tmp_path / "submissions")
    form = tmp_path / "submissions/2026/xigang/xigang-new-employment-forms.yaml"
    text = form.read_text(encoding="utf-8")
    form.write_text(text.replace("单位: 大连市西岗区总工会", "单位: 大连市中山区总工会", 1), encoding="utf-8")
    broken = tmp_path / "submissions/2026/xigang/broken.yaml"
    broken.write_text(text.replace("项目名称:", "项目明称:", 1), encoding="utf-8")
    GitRepo.init(tmp_path).commit("sample", "2026-03-01T09:00:00+08:00")
    return tmp_path


def shown(root: Path, **kwargs) -> list[str]:
    return [f.to_text() for f in load_submissions(root, **kwargs).findings]


def test_a_warm_run_reads_only_the_registry_settings_and_files_with_findings(
    sample_repo: Path, reads: list[str]
) -> None:
    cold = shown(sample_repo)
    assert len(reads) > 60
    reads.clear()
    warm = shown(sample_repo)
    assert warm == cold
    assert sorted(reads) == [
        "submissions/2026/xigang/broken.yaml",
        "submissions/programme.yaml",
        "submissions/units.yaml",
    ]


def test_warm_cold_and_uncached_runs_find_the_same_with_the_same_positions(sample_repo: Path) -> None:
    first, warm, uncached = shown(sample_repo), shown(sample_repo), shown(sample_repo, use_cache=False)
    assert first == warm == uncached
    # The form is cached (its only finding is a rule's): its position is found again from the file.
    assert any(
        line.startswith("submissions/2026/xigang/xigang-new-employment-forms.yaml:5:5: 错误[E302]") for line in warm
    )
    assert any("E201" in line or "E210" in line for line in warm)


def test_a_changed_file_is_read_again_committed_or_not(sample_repo: Path, reads: list[str]) -> None:
    shown(sample_repo)
    target = sample_repo / "submissions/2026/xigang-renmin-square"
    form = next(target.glob("*.yaml"))
    rel = form.relative_to(sample_repo).as_posix()
    form.write_text(form.read_text(encoding="utf-8").replace("项目名称:", "项目名目:", 1), encoding="utf-8")
    reads.clear()
    dirty = shown(sample_repo)
    assert rel in reads and any(line.startswith(rel) and "E210" in line for line in dirty)
    GitRepo(sample_repo).commit("edit", "2026-03-02T09:00:00+08:00")
    reads.clear()
    assert shown(sample_repo) == dirty and rel in reads  # a file with findings is never cached


def test_an_untracked_file_is_read_every_time(sample_repo: Path, reads: list[str]) -> None:
    new = sample_repo / "submissions/2026/xigang/night-school-copy.yaml"
    shutil.copy(sample_repo / "submissions/2026/xigang/xigang-new-employment-forms.yaml", new)
    shown(sample_repo)
    reads.clear()
    shown(sample_repo)
    assert "submissions/2026/xigang/night-school-copy.yaml" in reads


def test_a_changed_registry_or_code_version_reads_everything_again(
    sample_repo: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown(sample_repo)
    units = sample_repo / "submissions/units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace("名称: 大连市总工会办公室", "名称: 大连市总工会办公厅", 1),
        encoding="utf-8",
    )
    reads.clear()
    shown(sample_repo)
    assert len(reads) > 60
    reads.clear()
    shown(sample_repo)
    assert len(reads) == 3
    monkeypatch.setattr(cache, "code_version", lambda: "another version of the code")
    reads.clear()
    shown(sample_repo)
    assert len(reads) > 60


def test_the_cache_lives_outside_the_repository_and_can_be_switched_off(
    sample_repo: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown(sample_repo)
    stored = list(cache.cache_folder().glob("filings-*.pickle"))  # type: ignore[union-attr]
    assert stored and all(sample_repo not in p.parents for p in stored)
    assert not any(p.name.startswith("filings-") for p in sample_repo.rglob("*"))
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    reads.clear()
    shown(sample_repo)
    assert len(reads) > 60


def test_a_damaged_cache_file_is_ignored(sample_repo: Path, reads: list[str]) -> None:
    cold = shown(sample_repo)
    for stored in cache.cache_folder().glob("filings-*.pickle"):  # type: ignore[union-attr]
        whole = stored.read_bytes()
        stored.write_bytes(whole[: len(whole) // 2])  # cut short, as a full disk or a killed run leaves it
    reads.clear()
    assert shown(sample_repo) == cold and len(reads) > 60


def test_check_no_cache_on_the_command_line_finds_the_same(sample_repo: Path, cli) -> None:
    warm, again, cold = (
        cli("check", cwd=sample_repo),
        cli("check", cwd=sample_repo),
        cli("check", "--no-cache", cwd=sample_repo),
    )
    assert warm.code == again.code == cold.code == 1
    assert warm.out == again.out == cold.out


def test_a_cache_of_another_format_is_ignored(sample_repo: Path, reads: list[str]) -> None:
    cold = shown(sample_repo)
    for stored in cache.cache_folder().glob("filings-*.pickle"):  # type: ignore[union-attr]
        stored.write_text('{"schema": 1, "key": "x", "files": {}}', encoding="utf-8")  # the old JSON cache
    reads.clear()
    assert shown(sample_repo) == cold and len(reads) > 60


def test_cached_models_are_the_models_a_cold_run_validates(sample_repo: Path) -> None:
    cold = {f.path: f.model for f in load_submissions(sample_repo, use_cache=False).filings}
    load_submissions(sample_repo)
    warm = {f.path: f.model for f in load_submissions(sample_repo).filings}
    assert warm.keys() == cold.keys() and len(warm) > 60
    assert all(type(warm[p]) is type(cold[p]) and warm[p] == cold[p] for p in cold)

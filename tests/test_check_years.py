"""`check --base` reads the years a change touches: no rule spans years, so a one-file change costs
one year, not the whole history. A change to anything outside the year folders (the registry, the
settings, code) reads every year."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE, run_cli
from gitrepo import ORGAN, GitRepo

from generator.validate.tree import load_submissions

OLD = "submissions/2025/bangfu/bangfu-precise-aid.yaml"  # on main, with a cross-file finding (E302)
NEW = "submissions/2026/xigang/district-mediation.yaml"
NOW = "2026-03-08T10:00:00"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """The frozen sample on main, with a 2025 filing that names another unit (E302)."""
    shutil.copytree(SAMPLE, tmp_path / "submissions")
    repo = GitRepo.init(tmp_path)
    old = tmp_path / OLD
    text = old.read_text(encoding="utf-8")
    unit = next(line for line in text.splitlines() if line.startswith("单位:"))
    old.write_text(text.replace(unit, "单位: 大连市西岗区总工会", 1), encoding="utf-8")
    repo.commit("The sample", "2026-01-05T09:00:00+08:00")
    repo.branch("pr")
    return repo


def paths_with_findings(repo: GitRepo) -> set[str]:
    result = run_cli("check", "--base", "main", "--now", NOW, "--format", "json", cwd=repo.root)
    assert result.code in (0, 1), result.err
    return {f["path"] for f in json.loads(result.out)["findings"]}


def files_checked(repo: GitRepo) -> int:
    result = run_cli("check", "--base", "main", "--now", NOW, cwd=repo.root)
    [summary] = [line for line in result.lines if line.startswith("检查完毕")]
    return int(summary.split("：")[1].split(" ")[0])


def test_a_change_in_one_year_reads_that_year_only(repo: GitRepo) -> None:
    repo.write(NEW, ORGAN.format(name="区级劳动争议调解网络"))
    found = paths_with_findings(repo)
    assert NEW in found  # its own findings (unsigned: no approval was given)
    assert not any(p.startswith("submissions/2025/") for p in found)
    in_2026 = len(list((repo.root / "submissions/2026").rglob("*.yaml")))
    assert files_checked(repo) == in_2026 + 2  # and the registry and the settings
    whole = run_cli("check", "--now", NOW, "--format", "json", cwd=repo.root)
    assert OLD in {f["path"] for f in json.loads(whole.out)["findings"]}  # a plain check reads every year


@pytest.mark.parametrize("outside", ["submissions/units.yaml", "submissions/programme.yaml", "README.md"])
def test_a_change_outside_the_year_folders_reads_every_year(repo: GitRepo, outside: str) -> None:
    path = repo.root / outside
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    repo.write(outside, before + "# 注释\n")
    repo.git("add", outside)  # code outside submissions/ counts once git knows it
    assert OLD in paths_with_findings(repo)


def test_a_change_in_two_years_reads_both(repo: GitRepo) -> None:
    repo.write(NEW, ORGAN.format(name="区级劳动争议调解网络"))
    old = repo.root / OLD
    repo.write(OLD, old.read_text(encoding="utf-8") + "# 注释\n")
    found = paths_with_findings(repo)
    assert {NEW, OLD} <= found


def test_a_deleted_file_counts_for_its_year(repo: GitRepo) -> None:
    repo.remove(OLD)
    assert files_checked(repo) == len(list((repo.root / "submissions/2025").rglob("*.yaml"))) + 2


def test_reading_some_years_keeps_the_other_years_cached(repo: GitRepo, reads: list[str]) -> None:
    whole = load_submissions(repo.root)  # fills the cache
    assert any(p.startswith("submissions/2025/") for p in reads)
    reads.clear()
    some = load_submissions(repo.root, years={2026})
    assert reads and not any(p.startswith("submissions/2025/") for p in reads)
    assert {f.path for f in some.filings} == {
        f.path for f in whole.filings if not f.path.startswith("submissions/2025/")
    }
    reads.clear()
    again = load_submissions(repo.root)  # 2025's entries were kept: only files with findings are read
    assert [f.to_text() for f in again.findings] == [f.to_text() for f in whole.findings]
    assert set(reads) <= {"submissions/units.yaml", "submissions/programme.yaml", OLD}

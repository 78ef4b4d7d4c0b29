"""The git layer (generator/history/gitproc.py): GitPython underneath, our controlled environment,
Chinese errors."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from gitrepo import GitRepo, isolated_env

from generator.history import gitproc

pytestmark = pytest.mark.git


@pytest.mark.parametrize("data", [b"", b"x: 1\n", "项目名称: 驿站\n".encode(), bytes(range(256)) * 40])
def test_blob_id_is_the_id_git_gives_the_same_bytes(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "f").write_bytes(data)
    expected = subprocess.run(
        ["git", "hash-object", "--no-filters", str(tmp_path / "f")],
        capture_output=True,
        text=True,
        check=True,
        env=isolated_env(),
    ).stdout.strip()
    assert gitproc.blob_id(data) == expected


def test_a_folder_that_is_no_repository_is_said_so_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(gitproc.GitError, match="不是 git 仓库") as caught:
        gitproc.text(tmp_path, "rev-parse", "HEAD")
    assert caught.value.not_a_repository


def test_a_repository_above_the_root_is_never_used(tmp_path: Path) -> None:
    GitRepo.init(tmp_path)
    inner = tmp_path / "inner"
    inner.mkdir()
    with pytest.raises(gitproc.GitError) as caught:
        gitproc.text(inner, "rev-parse", "--show-toplevel")
    assert caught.value.not_a_repository


def test_git_dir_in_the_environment_does_not_redirect_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ours").mkdir()
    (tmp_path / "other").mkdir()
    ours = GitRepo.init(tmp_path / "ours")
    other = GitRepo.init(tmp_path / "other")
    monkeypatch.setenv("GIT_DIR", str(other.root / ".git"))
    assert Path(gitproc.text(ours.root, "rev-parse", "--show-toplevel").strip()) == ours.root.resolve()


def test_pathspecs_are_literal_and_chinese_paths_unquoted(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path)
    repo.write("submissions/*.yaml", "a: 1\n")
    repo.write("submissions/驿站.yaml", "b: 2\n")
    repo.commit("Two files", "2026-03-01T09:00:00+08:00")
    listed = gitproc.split_z(gitproc.text(repo.root, "ls-files", "-z", "--", "submissions/*.yaml"))
    assert listed == ["submissions/*.yaml"]
    assert "submissions/驿站.yaml" in gitproc.text(repo.root, "ls-files")


def test_blobs_are_read_fresh_after_a_new_commit(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path)
    repo.write("a.yaml", "v: 1\n")
    repo.commit("One", "2026-03-01T09:00:00+08:00")
    assert gitproc.file_at(repo.root, "HEAD", "a.yaml") == b"v: 1\n"
    repo.write("a.yaml", "v: 2\n")
    repo.write("empty.yaml", "")
    repo.commit("Two", "2026-03-02T09:00:00+08:00")
    assert gitproc.read_blobs(repo.root, ["HEAD:a.yaml", "HEAD:empty.yaml", "HEAD:absent", "HEAD"]) == {
        "HEAD:a.yaml": b"v: 2\n",
        "HEAD:empty.yaml": b"",
    }


def test_a_missing_git_program_is_a_chinese_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "repo").mkdir()
    repo = GitRepo.init(tmp_path / "repo")
    gitproc.close_all()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(gitproc.GitError, match="找不到 git 程序") as caught:
        gitproc.text(repo.root, "rev-parse", "HEAD")
    assert caught.value.unrunnable

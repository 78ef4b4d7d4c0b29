"""git as plain subprocesses: the log read in pieces as git writes it is the log read whole, the
audit follows only submissions/ without asking git for a pathspec, and no command imports a git
library."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SAMPLE, imported_after, run_cli
from gitrepo import ORGAN, ZHANG, GitRepo, new_repo
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.history import gitproc
from generator.history.audit import audit
from generator.history.changes import RevisionError
from generator.history.gitlog import LogEntry, LogParser, first_parent_log, parse_log
from generator.validate.tree import load_submissions

XIGANG = "submissions/2026/xigang/mediation.yaml"
# A name that looks like a commit record, holds a line break and characters of three bytes each.
ODD = "submissions/2026/xigang/\x1e0000000000000000000000000000000000000000\n中文 名.yaml"


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, bytes]:
    """A repository whose log has odd names, an empty subject, a merge and a code-only commit,
    with the bytes of the audit's `git log`."""
    tree = tmp_path_factory.mktemp("log")
    (tree / "submissions").mkdir()
    for name in ("units.yaml", "programme.yaml"):
        shutil.copy(SAMPLE / name, tree / "submissions" / name)
    repo = new_repo(tree)
    repo.branch("pr")
    repo.write(XIGANG, ORGAN.format(name="调解网络"))
    repo.write(ODD, "x: 1\n")
    repo.commit("西岗区立项", "2026-03-01T09:00:00+08:00", ZHANG)
    repo.checkout("main")
    repo.merge("pr", "2026-03-02T09:00:00+08:00", "Merge pull request #7 from xigang/pr")
    repo.write("generator/code.py", "x = 1\n")
    repo.commit("Code only", "2026-03-03T09:00:00+08:00")
    repo.write("submissions/2026/xigang/night-school.yaml", ORGAN.format(name="职工夜校"))
    repo.git("add", "-A")
    when = "2026-03-04T09:00:00+08:00"
    repo.git(
        "commit",
        "-q",
        "--allow-empty-message",
        "-m",
        "",
        env={
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_DATE": when,
            "GIT_AUTHOR_NAME": ZHANG[0],
            "GIT_AUTHOR_EMAIL": ZHANG[1],
            "GIT_COMMITTER_NAME": ZHANG[0],
            "GIT_COMMITTER_EMAIL": ZHANG[1],
        },
    )
    log = first_parent_log(repo.root, "HEAD")
    command = log._proc.args  # the very command the audit runs
    log.close()
    output = subprocess.run(command, cwd=repo.root, capture_output=True, check=True).stdout
    return repo, output


Shape = list[tuple[list[str], list[tuple[str, str]]]]


def _shape(entries: list[LogEntry]) -> Shape:
    return [(e.fields, e.files) for e in entries]


def test_the_log_read_whole_has_every_commit_and_odd_names_as_they_are(history: tuple[GitRepo, bytes]) -> None:
    _, output = history
    entries = parse_log(output.decode("utf-8"), 4)
    assert [e.fields[2] for e in entries] == [
        "",
        "Code only",
        "Merge pull request #7 from xigang/pr",
        "Registry and settings",
    ]
    assert ("A", ODD) in entries[2].files and ("A", "generator/code.py") in entries[1].files


def _pieces(output: bytes, cuts: list[int]) -> Shape:
    parser = LogParser(4)
    seen = []
    at = 0
    for cut in [*sorted(cuts), len(output)]:
        seen += parser.feed_bytes(output[at:cut])
        at = cut
    seen += parser.end()
    assert seen == [f for e in parser.entries for f in e.files]  # every file is reported once, as it comes
    return _shape(parser.entries)


def test_the_log_cut_anywhere_in_two_reads_as_the_whole(history: tuple[GitRepo, bytes]) -> None:
    _, output = history
    whole = _shape(parse_log(output.decode("utf-8"), 4))
    for cut in range(len(output) + 1):  # every byte: inside a token, a character, at each NUL
        assert _pieces(output, [cut]) == whole


def test_the_log_read_byte_by_byte_reads_as_the_whole(history: tuple[GitRepo, bytes]) -> None:
    _, output = history
    assert _pieces(output, list(range(len(output)))) == _shape(parse_log(output.decode("utf-8"), 4))


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_the_log_cut_in_many_pieces_reads_as_the_whole(history: tuple[GitRepo, bytes], data: st.DataObject) -> None:
    _, output = history
    cuts = data.draw(st.lists(st.integers(0, len(output)), max_size=12))
    assert _pieces(output, cuts) == _shape(parse_log(output.decode("utf-8"), 4))


def test_the_audit_counts_the_commits_that_touched_submissions(history: tuple[GitRepo, bytes]) -> None:
    repo, _ = history
    report = audit(repo.root, load_submissions(repo.root, only=[]))
    assert report.commits == 3  # not the code-only commit
    assert report.landings[XIGANG].last_pull is None  # a merge message names no pull request the forge vouches for
    assert "submissions/2026/xigang/night-school.yaml" in report.landings


def test_a_folder_inside_another_repository_is_not_a_repository(tmp_path: Path) -> None:
    outer = GitRepo.init(tmp_path)
    inner = tmp_path / "export"
    (inner / "submissions").mkdir(parents=True)
    outer.write("export/submissions/programme.yaml", "示例数据: true\n")
    outer.commit("An export inside a repository", "2026-01-05T09:00:00+08:00")
    with pytest.raises(RevisionError, match="不是 git 仓库"):
        audit(inner, load_submissions(inner, only=[]))


def test_a_history_git_cannot_read_is_a_clear_error(tree: Path) -> None:
    repo = new_repo(tree)
    with pytest.raises(RevisionError, match="无法读取“no-such-branch”的提交历史"):
        audit(repo.root, load_submissions(repo.root, only=[]), "no-such-branch")


@pytest.mark.parametrize("args", [("audit",), ("check", "--base", "HEAD")])
def test_commands_that_read_history_ask_git_through_gitpython(
    history: tuple[GitRepo, bytes], args: tuple[str, ...]
) -> None:
    repo, _ = history
    modules = imported_after("--root", str(repo.root), *args)
    assert "generator.history.gitproc" in modules
    assert "git.cmd" in modules  # GitPython is the git layer (design §7)


def test_the_audit_command_reads_the_history_it_started(history: tuple[GitRepo, bytes]) -> None:
    repo, _ = history
    listed = run_cli("audit", "--list", cwd=repo.root)
    assert "已审计 3 个第一父提交" in listed.out
    assert f"{XIGANG}\t" in listed.out


def test_blob_ids_of_more_paths_than_one_command_line_takes(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path)
    paths = [f"submissions/2026/xigang/p{i}.yaml" for i in range(gitproc.PATHS_PER_COMMAND * 2 + 50)]
    for i, path in enumerate(paths):
        repo.write(path, f"x: {i}\n")
    repo.commit("Many files", "2026-03-01T09:00:00+08:00")
    found = gitproc.blob_ids(repo.root, repo.head(), [*paths, "submissions/2026/xigang/absent.yaml"])
    assert sorted(found) == sorted(paths)
    contents = gitproc.read_blobs(repo.root, [found[paths[7]], f"{repo.head()}:{paths[8]}", f"{repo.head()}:nothing"])
    assert contents == {found[paths[7]]: b"x: 7\n", f"{repo.head()}:{paths[8]}": b"x: 8\n"}

"""The workflow's change check (.github/scripts/check-change.sh) on real merges, as CI runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from gitrepo import ORGAN, ZHANG, ZHANG_ACCOUNT, GitRepo, isolated_env, new_repo, review, write_reviews

SCRIPT = REPO / ".github/scripts/check-change.sh"


@pytest.fixture
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `.venv/bin/shuangchuang` is in CI: the console entry point, here from the source tree."""
    wrapper = tmp_path_factory.mktemp("bin") / "shuangchuang"
    wrapper.write_text(f'#!/bin/sh\nPYTHONPATH="{REPO}" exec "{sys.executable}" -m generator "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return wrapper


def run_script(repo: GitRepo, program: Path, summary: Path, **env: str) -> subprocess.CompletedProcess[str]:
    extra = {"SHUANGCHUANG": str(program), "GITHUB_STEP_SUMMARY": str(summary), **env}
    return subprocess.run(
        ["bash", str(SCRIPT)], cwd=repo.root, capture_output=True, text=True, env=isolated_env(extra), timeout=120
    )


def pull_request(tree: Path, year: int) -> GitRepo:
    """GitHub's test merge of a pull request that registers a leadership organ's project in `year`."""
    repo = new_repo(tree)
    repo.branch("pr")
    repo.write(
        f"submissions/{year}/xigang/mediation.yaml",
        ORGAN.format(name="调解网络").replace("2026-03-05", f"{year}-03-05"),
    )
    repo.commit("Register", f"{year}-03-01T09:00:00+08:00", ZHANG)
    repo.checkout("main")
    repo.git("checkout", "-q", "--detach")
    repo.merge("pr", f"{year}-03-02T09:00:00+08:00")
    return repo


def test_a_late_pull_request_fails_with_annotations_and_a_summary_table(
    tree: Path, program: Path, tmp_path: Path
) -> None:
    repo = pull_request(tree, 2020)  # the system clock is long past 20 March 2020
    summary = tmp_path / "summary.md"
    result = run_script(repo, program, summary, OPENED_AT="2020-03-01T01:00:00Z")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "::error file=submissions/2020/xigang/mediation.yaml,line=1,col=1,title=错误[E402]::" in result.stdout
    table = summary.read_text(encoding="utf-8")
    assert "<tr><td>错误</td><td>E402</td><td>submissions/2020/xigang/mediation.yaml:1:1</td>" in table


def test_an_on_time_pull_request_approved_by_its_signer_passes(tree: Path, program: Path, tmp_path: Path) -> None:
    repo = pull_request(tree, 2099)
    approvals = write_reviews(
        tmp_path, [review(ZHANG_ACCOUNT, repo.git("rev-parse", "HEAD^2").strip(), "2099-03-06T02:00:00Z")]
    )
    result = run_script(
        repo,
        program,
        tmp_path / "summary.md",
        OPENED_AT="2099-03-01T01:00:00Z",
        STARTED_AT="2099-03-07T01:00:00Z",
        APPROVALS_FILE=str(approvals),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "与基准版本" in result.stdout


def test_without_a_merge_commit_the_merge_queue_base_is_used(tree: Path, program: Path, tmp_path: Path) -> None:
    repo = new_repo(tree)
    base = repo.head()
    repo.write("submissions/2020/xigang/mediation.yaml", ORGAN.format(name="调解网络"))
    repo.commit("Register", "2020-03-01T09:00:00+08:00", ZHANG)
    result = run_script(repo, program, tmp_path / "summary.md", QUEUE_BASE=base)
    assert result.returncode == 1 and f"与基准版本 {base[:10]}" in result.stdout


def test_nothing_from_the_event_is_run_as_code(tree: Path, program: Path, tmp_path: Path) -> None:
    repo = pull_request(tree, 2099)
    marker = tmp_path / "pwned"
    result = run_script(
        repo, program, tmp_path / "summary.md", OPENED_AT=f"$(touch {marker})", QUEUE_HEAD_REF=f"`touch {marker}`"
    )
    assert result.returncode == 2 and "不是 ISO 8601 时间" in result.stderr
    assert not marker.exists()

"""Arrival from the forge (`check --check-runs`): content is on time when the forge saw it on time."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli
from fakeforge import check_run, check_runs
from gitrepo import GRASSROOTS, LINNA, GitRepo

BAYI = "submissions/2026/xigang-bayi-street/legal-aid.yaml"


@pytest.fixture
def repo(pr_repo: GitRepo) -> GitRepo:
    """Here a change is prepared on the branch `pr` (conftest's `pr_repo`)."""
    return pr_repo


def check(
    repo: GitRepo, *runs: dict, now: str = "2026-03-15T10:00:00", opened: str | None = None
) -> tuple[int, list[dict]]:
    file = repo.root.parent / "runs.json"
    file.write_text(json.dumps(check_runs(*runs)), encoding="utf-8")
    args = ["check", "--base", "main", "--now", now, "--check-runs", str(file), "--format", "json"]
    if opened:
        args += ["--opened-at", opened]
    result = run_cli(*args, cwd=repo.root)
    assert result.code in (0, 1), result.err
    return result.code, [f for f in json.loads(result.out)["findings"] if f["code"].startswith("E40")]


def test_an_early_opened_pull_request_with_content_pushed_late_is_late(repo: GitRepo) -> None:
    repo.write(BAYI, GRASSROOTS.format(name="占位"))
    placeholder = repo.commit("Placeholder", "2025-03-01T09:00:00+08:00", LINNA)
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    real = repo.commit("The real content, backdated", "2026-03-01T09:00:00+08:00", LINNA)
    runs = (check_run(placeholder, "2025-03-01T01:05:00Z", run_id=1), check_run(real, "2026-03-12T02:00:00Z", run_id=2))
    code, findings = check(repo, *runs, opened="2025-03-01T09:00:00")
    assert code == 1 and [f["code"] for f in findings] == ["E401"]
    assert "2026-03-12 10:00:00" in findings[0]["message"] and "平台检查记录" in findings[0]["message"]


def test_content_first_seen_on_time_stays_on_time_after_later_pushes_elsewhere(repo: GitRepo) -> None:
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    first = repo.commit("Register", "2026-03-09T09:00:00+08:00", LINNA)
    repo.write("submissions/2026/xigang-bayi-street/说明.md", "补充说明\n")
    later = repo.commit("Another file", "2026-03-12T09:00:00+08:00", LINNA)
    _, findings = check(repo, check_run(first, "2026-03-09T01:00:00Z"), check_run(later, "2026-03-12T01:00:00Z"))
    assert findings == []


def test_without_a_record_of_the_forge_the_content_arrives_now(repo: GitRepo) -> None:
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Register, dated early by its author", "2026-03-01T09:00:00+08:00", LINNA)
    _, findings = check(repo, now="2026-03-11T00:00:00", opened="2026-03-01T09:00:00")
    assert [f["code"] for f in findings] == ["E401"]
    assert "本次检查开始的时间" in findings[0]["message"]


@pytest.mark.parametrize(
    "run",
    [
        {"app": "some-other-app"},  # a check run of another app (anyone with write access can post one)
        {"head_sha": "0" * 40},  # a commit this repository does not have (e.g. force-pushed away)
    ],
)
def test_runs_that_prove_nothing_are_ignored(repo: GitRepo, run: dict) -> None:
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    head = repo.commit("Register", "2026-03-01T09:00:00+08:00", LINNA)
    made = check_run(run.get("head_sha", head), "2026-03-05T01:00:00Z", app=run.get("app", "github-actions"))
    _, findings = check(repo, made, now="2026-03-11T09:00:00")
    assert [f["code"] for f in findings] == ["E401"]


def test_an_opening_later_than_now_is_a_usage_error(repo: GitRepo) -> None:
    result = run_cli(
        "check", "--base", "main", "--now", "2026-03-10T09:00:00", "--opened-at", "2026-03-11T09:00:00", cwd=repo.root
    )
    assert result.code == 2
    assert "--opened-at（2026-03-11 09:00:00）晚于 --now（2026-03-10 09:00:00）" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("content", "said"), [("{not json", "不是 JSON"), ('[{"head_sha": "xyz"}]', "第 1 条记录的 head_sha")]
)
def test_a_broken_check_runs_file_is_a_usage_error(repo: GitRepo, content: str, said: str) -> None:
    file = repo.root.parent / "runs.json"
    file.write_text(content, encoding="utf-8")
    result = run_cli("check", "--base", "main", "--check-runs", str(file), cwd=repo.root)
    assert result.code == 2 and said in result.err and "Traceback" not in result.err

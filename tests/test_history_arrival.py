"""Arrival from the forge (`check --arrivals`): content is on time when the forge recorded it on time.

The records are what `shuangchuang forge arrivals` writes: a commit the pull request had, the
server-set time the forge recorded it, and optionally each path's blob there (for commits this
clone does not have, such as force-pushed-away heads)."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli
from gitrepo import GRASSROOTS, LINNA, GitRepo

BAYI = "submissions/2026/xigang-bayi-street/legal-aid.yaml"


@pytest.fixture
def repo(pr_repo: GitRepo) -> GitRepo:
    """Here a change is prepared on the branch `pr` (conftest's `pr_repo`)."""
    return pr_repo


def record(commit: str, at: str, blobs: dict[str, str] | None = None) -> dict:
    entry: dict = {"commit": commit, "at": at, "source": f"平台工作流运行记录（{commit[:7]}）"}
    if blobs is not None:
        entry["blobs"] = blobs
    return entry


def check(
    repo: GitRepo, *records: dict, now: str = "2026-03-15T10:00:00", opened: str | None = None
) -> tuple[int, list[dict]]:
    file = repo.root.parent / "arrivals.json"
    file.write_text(json.dumps(list(records)), encoding="utf-8")
    args = ["check", "--base", "main", "--now", now, "--arrivals", str(file), "--format", "json"]
    if opened:
        args += ["--opened-at", opened]
    result = run_cli(*args, cwd=repo.root)
    assert result.code in (0, 1), result.err
    return result.code, [f for f in json.loads(result.out)["findings"] if f["code"].startswith("E40")]


def blob(repo: GitRepo, path: str) -> str:
    return repo.git("rev-parse", f"HEAD:{path}").strip()


def test_an_early_opened_pull_request_with_content_pushed_late_is_late(repo: GitRepo) -> None:
    repo.write(BAYI, GRASSROOTS.format(name="占位"))
    placeholder = repo.commit("Placeholder", "2025-03-01T09:00:00+08:00", LINNA)
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    real = repo.commit("The real content, backdated", "2026-03-01T09:00:00+08:00", LINNA)
    records = (record(placeholder, "2025-03-01T01:05:00Z"), record(real, "2026-03-12T02:00:00Z"))
    code, findings = check(repo, *records, opened="2025-03-01T09:00:00")
    assert code == 1 and [f["code"] for f in findings] == ["E401"]
    assert "2026-03-12 10:00:00" in findings[0]["message"] and "平台工作流运行记录" in findings[0]["message"]


def test_content_first_seen_on_time_stays_on_time_after_later_pushes_elsewhere(repo: GitRepo) -> None:
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    first = repo.commit("Register", "2026-03-09T09:00:00+08:00", LINNA)
    repo.write("submissions/2026/xigang-bayi-street/说明.md", "补充说明\n")
    later = repo.commit("Another file", "2026-03-12T09:00:00+08:00", LINNA)
    _, findings = check(repo, record(first, "2026-03-09T01:00:00Z"), record(later, "2026-03-12T01:00:00Z"))
    assert findings == []


def test_a_force_pushed_away_head_proves_arrival_by_its_blobs(repo: GitRepo) -> None:
    """The commit is gone from this clone; the forge's trees API said what it held."""
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Register", "2026-03-09T09:00:00+08:00", LINNA)
    gone = "1" * 40
    _, findings = check(repo, record(gone, "2026-03-09T01:00:00Z", {BAYI: blob(repo, BAYI)}), now="2026-03-12T10:00")
    assert findings == []
    _, other = check(repo, record(gone, "2026-03-09T01:00:00Z", {BAYI: "2" * 40}), now="2026-03-12T10:00")
    assert [f["code"] for f in other] == ["E401"]


def test_never_earlier_than_the_pull_request_was_opened(repo: GitRepo) -> None:
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    head = repo.commit("Register", "2026-03-01T09:00:00+08:00", LINNA)
    _, findings = check(repo, record(head, "2026-03-09T01:00:00Z"), opened="2026-03-11T09:00:00")
    assert [f["code"] for f in findings] == ["E401"] and "2026-03-11 09:00:00" in findings[0]["message"]


def test_without_a_record_of_the_forge_the_content_arrives_now(repo: GitRepo) -> None:
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Register, dated early by its author", "2026-03-01T09:00:00+08:00", LINNA)
    _, findings = check(repo, now="2026-03-11T00:00:00", opened="2026-03-01T09:00:00")
    assert [f["code"] for f in findings] == ["E401"]
    assert "本次检查开始的时间" in findings[0]["message"]


def test_a_record_of_a_commit_this_clone_lacks_and_no_blobs_proves_nothing(repo: GitRepo) -> None:
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Register", "2026-03-01T09:00:00+08:00", LINNA)
    _, findings = check(repo, record("0" * 40, "2026-03-05T01:00:00Z"), now="2026-03-11T09:00:00")
    assert [f["code"] for f in findings] == ["E401"]


def test_an_opening_later_than_now_is_a_usage_error(repo: GitRepo) -> None:
    result = run_cli(
        "check", "--base", "main", "--now", "2026-03-10T09:00:00", "--opened-at", "2026-03-11T09:00:00", cwd=repo.root
    )
    assert result.code == 2
    assert "--opened-at（2026-03-11 09:00:00）晚于 --now（2026-03-10 09:00:00）" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("{not json", "不是 JSON"),
        ('[{"commit": "xyz", "at": "2026-03-01T00:00:00Z"}]', "第 1 条的 commit"),
        (f'[{{"commit": "{"a" * 40}", "at": "2026-03-01T00:00:00"}}]', "第 1 条的 at"),  # no time zone
        ("{}", "应是记录的列表"),
    ],
)
def test_a_broken_arrivals_file_is_a_usage_error(repo: GitRepo, content: str, said: str) -> None:
    file = repo.root.parent / "arrivals.json"
    file.write_text(content, encoding="utf-8")
    result = run_cli("check", "--base", "main", "--arrivals", str(file), cwd=repo.root)
    assert result.code == 2 and said in result.err and "Traceback" not in result.err

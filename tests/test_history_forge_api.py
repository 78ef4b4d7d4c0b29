"""The reviews the workflow fetches from the forge's API (`shuangchuang forge reviews`, the one client
in generator/forge/, here against a fake API on 127.0.0.1) sign a filing in `check`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from fakeforge import FakeForge
from gitrepo import CLERK, GRASSROOTS, LINNA_ACCOUNT, ZHANG_ACCOUNT, GitRepo, new_repo, review

BAYI = "submissions/2026/xigang-bayi-street/legal-aid.yaml"
REVIEWS = "/repos/dlftu-sample/shuangchuang/pulls/7/reviews"


def fetch(forge: FakeForge, out: Path, token: str = "t0ken") -> subprocess.CompletedProcess[str]:
    env = {
        "GITHUB_API_URL": forge.url,
        "GITHUB_REPOSITORY": "dlftu-sample/shuangchuang",
        "GH_TOKEN": token,
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(REPO),
    }
    return subprocess.run(
        [sys.executable, "-m", "generator", "forge", "reviews", "7", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.fixture
def filed(tree: Path) -> GitRepo:
    repo = new_repo(tree)
    repo.branch("pr")
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Register", "2026-03-05T10:00:00+08:00", CLERK)
    return repo


def check(repo: GitRepo, approvals: Path) -> list[str]:
    result = run_cli(
        "check",
        "--base",
        "main",
        "--now",
        "2026-03-08T10:00:00",
        "--format",
        "json",
        "--approvals",
        str(approvals),
        cwd=repo.root,
    )
    assert result.code in (0, 1), result.err
    return [f["code"] for f in json.loads(result.out)["findings"]]


def test_an_approval_fetched_from_the_forge_signs_the_filing(filed: GitRepo, tmp_path: Path) -> None:
    out = tmp_path / "reviews.json"
    with FakeForge() as forge:
        forge.route("GET", REVIEWS, [review(LINNA_ACCOUNT, filed.head(), "2026-03-08T02:00:00Z")])
        result = fetch(forge, out)
    assert result.returncode == 0, result.stderr
    [request] = forge.requests
    assert request.headers["Authorization"] == "Bearer t0ken" and "per_page=100" in request.query
    assert check(filed, out) == []


def test_the_wrong_leaders_approval_fetched_from_the_forge_does_not(filed: GitRepo, tmp_path: Path) -> None:
    out = tmp_path / "reviews.json"
    with FakeForge() as forge:
        forge.route("GET", REVIEWS, [review(ZHANG_ACCOUNT, filed.head(), "2026-03-08T02:00:00Z")])
        assert fetch(forge, out).returncode == 0
    assert check(filed, out) == ["E420"]


def test_every_page_of_reviews_is_read(filed: GitRepo, tmp_path: Path) -> None:
    """Pages are followed by the Link header, as GitHub paginates."""
    out = tmp_path / "reviews.json"
    comments = [review(f"user{i}", filed.head(), "2026-03-07T02:00:00Z", state="COMMENTED") for i in range(100)]
    with FakeForge() as forge:
        second = f"{forge.url}{REVIEWS}?per_page=100&page=2"
        forge.route("GET", f"{REVIEWS}?per_page=100", comments, headers={"Link": f'<{second}>; rel="next"'})
        forge.route(
            "GET", f"{REVIEWS}?per_page=100&page=2", [review(LINNA_ACCOUNT, filed.head(), "2026-03-08T02:00:00Z")]
        )
        assert fetch(forge, out).returncode == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 101
    assert check(filed, out) == []


def test_a_forge_error_is_reported_in_chinese_without_a_traceback(tmp_path: Path) -> None:
    with FakeForge() as forge:
        forge.route("GET", REVIEWS, {"message": "Bad credentials"}, status=401)
        result = fetch(forge, tmp_path / "reviews.json")
    assert result.returncode == 2 and "平台接口" in result.stderr and "HTTP 401" in result.stderr
    assert "Bad credentials" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "reviews.json").exists()

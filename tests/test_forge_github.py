"""The GitHub client (generator/forge/github.py) against the fake forge's GitHub dialect on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fakeforge import FakeForge, FakeGitHub
from gitrepo import GRASSROOTS, LINNA, GitRepo, isolated_env, new_repo

from generator.forge import ForgeError, connect
from generator.forge.base import Forge

REPO = "dlftu-sample/shuangchuang"
BAYI = "submissions/2026/xigang-bayi-street/legal-aid.yaml"
CHECKS = ".github/workflows/checks.yml"


class World:
    def __init__(self, repo: GitRepo, bare: Path, api: FakeForge, github: FakeGitHub, forge: Forge) -> None:
        self.repo, self.bare, self.api, self.github, self.forge = repo, bare, api, github, forge

    def push(self, ref: str) -> str:
        self.repo.git("push", "-q", "--force", str(self.bare), f"HEAD:{ref}")
        return self.repo.head()

    def at(self, when: str) -> None:
        self.github.now = datetime.fromisoformat(when)


@pytest.fixture
def world(tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    repo = new_repo(tree)
    bare = tmp_path_factory.mktemp("forge") / "forge.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True, env=isolated_env())
    repo.git("push", "-q", str(bare), "main:main")
    with FakeForge() as api:
        github = FakeGitHub(REPO, bare).attach(api)
        forge = connect("github", api.url, REPO, "t0ken", {"GITHUB_SERVER_URL": "https://github.com"})
        yield World(repo, bare, api, github, forge)


def opened(world: World, number: int = 1, when: str = "2026-03-05T09:00:00+08:00") -> str:
    world.repo.branch("pr")
    world.repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    world.repo.commit("Register", when, LINNA)
    head = world.push(f"refs/pull/{number}/head")
    world.at(when)
    world.github.open(number, "bayi-clerk", head, "pr", "bayi-clerk/shuangchuang")
    return head


def test_the_pull_and_its_reviews_are_read_with_the_forges_times(world: World) -> None:
    head = opened(world)
    world.at("2026-03-06T10:00:00+08:00")
    world.github.review(1, "xigang-linna")
    world.github.dismiss(world.github.review(1, "someone"))
    pull = world.forge.pull(1)
    assert (pull.author, pull.head_sha, pull.head_repo, pull.base_ref) == (
        "bayi-clerk",
        head,
        "bayi-clerk/shuangchuang",
        "main",
    )
    assert pull.created_at == datetime(2026, 3, 5, 1, 0, tzinfo=UTC) and pull.merged_at is None
    assert [(r.account, r.state) for r in world.forge.reviews(1)] == [
        ("xigang-linna", "APPROVED"),
        ("someone", "DISMISSED"),
    ]
    assert world.api.requests[0].headers["Authorization"] == "Bearer t0ken"


def test_arrival_records_are_only_mains_checks_runs_for_this_pull_request(world: World) -> None:
    head = opened(world)
    world.at("2026-03-05T09:00:05+08:00")
    world.github.run(CHECKS, "pull_request_target", "main", f"检查 #1 {head}", "0" * 40)
    world.at("2026-03-01T09:00:00+08:00")  # runs that prove nothing, however early
    world.github.run(CHECKS, "workflow_dispatch", "main", f"检查 #1 {head}", head)
    world.github.run(CHECKS, "pull_request_target", "evil", f"检查 #1 {head}", head)
    world.github.run(".github/workflows/other.yml", "pull_request_target", "main", f"检查 #1 {head}", head)
    world.github.run(CHECKS, "pull_request_target", "main", f"检查 #2 {head}", head)
    world.github.check_runs.append({"name": "检查申报文件", "head_sha": head, "started_at": "2026-03-01T00:00:00Z"})
    [record] = world.forge.arrival_records(1)
    assert record.commit == head and record.at == datetime(2026, 3, 5, 1, 0, 5, tzinfo=UTC)
    assert world.forge.check_state(world.forge.pull(1)) == "pending"


def test_blob_ids_come_from_the_trees_api(world: World) -> None:
    head = opened(world)
    blob = world.repo.git("rev-parse", f"HEAD:{BAYI}").strip()
    assert world.forge.blob_ids(head, [BAYI, "submissions/nothing.yaml", "submissions"]) == {BAYI: blob}


def test_merge_refuses_a_moved_head_and_a_missing_status_then_merges(world: World) -> None:
    head = opened(world)
    world.github.merger = lambda number, sha, title: "a" * 40
    with pytest.raises(ForgeError, match="409"):
        world.forge.merge(1, "b" * 40, "Merge pull request #1")
    with pytest.raises(ForgeError, match="405"):
        world.forge.merge(1, head, "Merge pull request #1")
    world.forge.set_status(head, "合并检查", "success", "通过")
    assert world.forge.merge(1, head, "Merge pull request #1") == "a" * 40
    landing = world.forge.landing("a" * 40)
    assert landing is not None and landing.number == 1 and landing.merged_by == "merge-identity"


def test_addresses_for_people(world: World) -> None:
    assert world.forge.pull_url(3) == f"https://github.com/{REPO}/pull/3"
    assert world.forge.new_file_url("main", "submissions/2026/x", "a.yaml") == (
        f"https://github.com/{REPO}/new/main/submissions/2026/x?filename=a.yaml"
    )
    assert world.forge.edit_url("main", BAYI) == f"https://github.com/{REPO}/edit/main/{BAYI}"


def test_a_bad_repository_name_or_platform_is_said_in_chinese() -> None:
    with pytest.raises(ForgeError, match="所有者/仓库"):
        connect("github", "https://api.github.com", "../../x", "t")
    with pytest.raises(ForgeError, match="不认识的平台"):
        connect("svn", "https://example.org", REPO, "t")


def test_the_forge_command_writes_the_records_for_the_workflows(world: World, tmp_path: Path) -> None:
    from conftest import run_cli

    head = opened(world)
    world.at("2026-03-05T09:00:05+08:00")
    world.github.run(CHECKS, "pull_request_target", "main", f"检查 #1 {head}", "0" * 40)
    world.github.merger = lambda number, sha, title: "c" * 40
    env = {"GITHUB_API_URL": world.api.url, "GITHUB_REPOSITORY": REPO, "GH_TOKEN": "t0ken"}
    paths = tmp_path / "paths"
    paths.write_bytes(f"{BAYI}\0".encode())
    out = tmp_path / "arrivals.json"
    done = run_cli("forge", "arrivals", "1", str(out), "--paths-from", str(paths), cwd=world.repo.root, env=env)
    assert done.code == 0, done.err
    [record] = json.loads(out.read_text(encoding="utf-8"))
    blob = world.repo.git("rev-parse", f"HEAD:{BAYI}").strip()
    assert record["commit"] == head and record["at"] == "2026-03-05T01:00:05+00:00" and record["blobs"] == {BAYI: blob}
    assert run_cli("forge", "status", head, "合并检查", "success", "通过", cwd=world.repo.root, env=env).code == 0
    merged = run_cli("forge", "merge", "1", head, "Merge pull request #1", cwd=world.repo.root, env=env)
    assert merged.code == 0 and merged.out.strip() == "c" * 40
    landings = tmp_path / "landings.json"
    assert run_cli("forge", "landings", str(landings), "c" * 40, cwd=world.repo.root, env=env).code == 0
    [landing] = json.loads(landings.read_text(encoding="utf-8"))
    assert landing["number"] == 1 and landing["commit"] == "c" * 40
    refused = run_cli("forge", "merge", "1", head, "again", cwd=world.repo.root, env=env)
    assert refused.code == 2 and "错误：平台接口" in refused.err and "Traceback" not in refused.err


def test_the_offices_issue_is_opened_once_updated_then_closed_and_nobody_elses_is_touched(world: World) -> None:
    opened(world)  # a pull request: GitHub's issues list includes it; it is never the issue
    world.github.pulls[1]["title"] = "记录核对发现问题"
    planted = world.github.issue("记录核对发现问题", "不是工作流开的", login="someone")
    for _ in range(120):  # the office's issue on the second page of the list
        world.github.issue("别的问题", "")
    first = world.forge.open_issue("记录核对发现问题", "第一次")
    assert first not in (1, planted["number"]) and world.github.issues[first]["user"]["login"] == "github-actions[bot]"
    assert world.forge.open_issue("记录核对发现问题", "第二次") == first
    assert world.github.issues[first]["body"] == "第二次" and planted["body"] == "不是工作流开的"
    assert [i["number"] for i in world.github.open_issues("记录核对发现问题")] == [planted["number"], first]
    assert world.forge.close_issue("记录核对发现问题", "已无问题") == first
    assert world.github.issues[first]["state"] == "closed" and planted["state"] == "open"
    assert world.github.comments[first][-1]["body"] == "已无问题"
    assert world.forge.close_issue("记录核对发现问题", "已无问题") is None


def test_a_persons_token_finds_the_issues_that_person_opened(world: World) -> None:
    world.github.people["t0ken"] = "dlftu-it-wanglei"
    mine = world.github.issue("记录核对发现问题", "旧", login="dlftu-it-wanglei")
    world.github.issue("记录核对发现问题", "工作流的")
    assert world.forge.open_issue("记录核对发现问题", "新") == mine["number"] and mine["body"] == "新"


def test_the_forge_command_opens_updates_and_closes_the_issue(world: World, tmp_path: Path) -> None:
    from conftest import run_cli

    env = {"GITHUB_API_URL": world.api.url, "GITHUB_REPOSITORY": REPO, "GH_TOKEN": "t0ken"}
    body = tmp_path / "issue.md"
    body.write_text("## 记录核对发现问题\n\n发现 1 条问题。\n", encoding="utf-8")
    done = run_cli("forge", "issue", "记录核对发现问题", str(body), cwd=world.repo.root, env=env)
    assert done.code == 0, done.err
    [issue] = world.github.open_issues("记录核对发现问题")
    assert issue["body"] == body.read_text(encoding="utf-8") and f"#{issue['number']}" in done.out
    closed = run_cli("forge", "issue", "--close", "记录核对发现问题", cwd=world.repo.root, env=env)
    assert closed.code == 0 and issue["state"] == "closed", closed.err
    assert "记录核对已无问题" in world.github.comments[issue["number"]][-1]["body"]
    again = run_cli("forge", "issue", "--close", "记录核对发现问题", cwd=world.repo.root, env=env)
    assert again.code == 0 and "无需关闭" in again.out
    missing = run_cli("forge", "issue", "记录核对发现问题", cwd=world.repo.root, env=env)
    assert missing.code == 2 and "内容文件" in missing.err and "Traceback" not in missing.err


def test_landings_carry_the_pull_requests_reviews(world: World, tmp_path: Path) -> None:
    from conftest import run_cli

    head = opened(world)
    world.at("2026-03-06T09:00:00+08:00")
    world.github.review(1, "linna-bayi", "APPROVED", head)
    world.github.pulls[1].update(merged_at="2026-03-06T02:00:00Z", merge_commit_sha="c" * 40, state="closed")
    env = {"GITHUB_API_URL": world.api.url, "GITHUB_REPOSITORY": REPO, "GH_TOKEN": "t0ken"}
    out = tmp_path / "landings.json"
    assert run_cli("forge", "landings", str(out), "c" * 40, cwd=world.repo.root, env=env).code == 0
    [landing] = json.loads(out.read_text(encoding="utf-8"))
    assert landing["reviews"] == [
        {"account": "linna-bayi", "state": "APPROVED", "commit_id": head, "submitted_at": "2026-03-06T01:00:00+00:00"}
    ]
    from generator.history.landings import read_landings

    assert read_landings(out)["c" * 40].approvers == ("linna-bayi",)

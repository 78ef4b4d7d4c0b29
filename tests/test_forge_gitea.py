"""The Gitea/Forgejo client against the fake forge's Gitea dialect, over real HTTP on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fakeforge import FakeForge, GiteaRepo, gitea_user

from generator.forge import ForgeError, connect
from generator.forge.gitea import GiteaForge

A, B, C, D = ("a" * 40, "b" * 40, "c" * 40, "d" * 40)
REPO = "dlftu-sample/shuangchuang"


@pytest.fixture(params=["gitea", "forgejo"])
def served(request: pytest.FixtureRequest) -> Iterator[tuple[GiteaRepo, GiteaForge]]:
    with FakeForge() as forge:
        repo = GiteaRepo(repo=REPO, dialect=request.param, now="2026-03-05T10:00:00+08:00").attach(forge)
        client = GiteaForge(f"{forge.url}/api/v1", REPO, "t", dialect=request.param)
        yield repo, client


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def test_connect_picks_the_gitea_client_with_the_api_under_the_server_url() -> None:
    env = {"GITHUB_SERVER_URL": "https://git.dlftu.internal", "GITHUB_REPOSITORY": REPO, "FORGE_TOKEN": "t"}
    forge = connect("forgejo", env=env)
    assert isinstance(forge, GiteaForge) and forge.dialect == "forgejo"
    assert forge.http.api_url == "https://git.dlftu.internal/api/v1"
    assert forge.pull_url(7) == "https://git.dlftu.internal/dlftu-sample/shuangchuang/pulls/7"


def test_a_pull_request_reads_with_server_set_times_in_any_zone(served: tuple[GiteaRepo, GiteaForge]) -> None:
    repo, client = served
    repo.open_pull(7, head=A, author="xigang-clerk", head_repo="xigang-clerk/shuangchuang", ref="legal-aid")
    pull = client.pull(7)
    assert (pull.number, pull.author, pull.head_sha, pull.head_ref, pull.base_ref) == (
        7,
        "xigang-clerk",
        A,
        "legal-aid",
        "main",
    )
    assert pull.head_repo == "xigang-clerk/shuangchuang"
    assert pull.created_at == utc("2026-03-05T02:00:00+00:00")
    assert (pull.state, pull.merged_at, pull.merge_sha) == ("open", None, None)


def test_open_pulls_reads_every_page_past_the_servers_cap(served: tuple[GiteaRepo, GiteaForge]) -> None:
    repo, client = served
    repo.cap = 20  # a server whose MAX_RESPONSE_ITEMS is below what the client asks for
    for n in range(1, 74):
        repo.open_pull(n, head=f"{n:040x}", author=f"clerk{n}")
    repo.pulls[3]["state"] = "closed"
    numbers = sorted(p.number for p in client.open_pulls())
    assert numbers == [n for n in range(1, 74) if n != 3]


def test_reviews_map_gitea_states_and_a_dismissed_approval_is_no_approval(
    served: tuple[GiteaRepo, GiteaForge],
) -> None:
    repo, client = served
    repo.open_pull(7, head=B, author="clerk")
    repo.review(7, "wangjun", "APPROVED", A, stale=True)  # given on an older head: still an approval of A
    repo.review(7, "linna", "APPROVED", B)
    repo.dismiss(7, "linna")  # withdrawn by a maintainer
    repo.review(7, "zhaolei", "REQUEST_CHANGES", B)
    repo.review(7, "sunli", "COMMENT", B)
    repo.review(7, "chenhao", "PENDING", B)
    repo.review(7, "office", "REQUEST_REVIEW", "")  # a review request: nobody reviewed
    states = [(r.account, r.state, r.commit_id) for r in client.reviews(7)]
    assert states == [
        ("wangjun", "APPROVED", A),
        ("linna", "DISMISSED", B),
        ("zhaolei", "CHANGES_REQUESTED", B),
        ("sunli", "COMMENTED", B),
        ("chenhao", "PENDING", B),
    ]


def test_reviews_are_read_across_pages(served: tuple[GiteaRepo, GiteaForge]) -> None:
    repo, client = served
    repo.open_pull(7, head=B, author="clerk")
    for i in range(65):
        repo.review(7, f"r{i}", "COMMENT", B)
    repo.review(7, "linna", "APPROVED", B)
    reviews = client.reviews(7)
    assert len(reviews) == 66 and reviews[-1].account == "linna" and reviews[-1].state == "APPROVED"


def test_arrival_records_are_the_first_actions_status_of_every_head_including_force_pushed_away_ones(
    served: tuple[GiteaRepo, GiteaForge],
) -> None:
    repo, client = served
    repo.now = "2026-03-09T21:00:00+08:00"
    repo.open_pull(7, head=A, author="clerk")
    repo.actions_status(A, "pending")
    repo.now = "2026-03-09T21:01:00+08:00"
    repo.actions_status(A, "success")
    repo.now = "2026-03-12T08:00:00+08:00"
    repo.push(7, [B], force=True)  # A is gone from the pull request's commits
    repo.actions_status(B, "pending")
    records = client.arrival_records(7)
    first: dict[str, datetime] = {}
    for r in records:
        first.setdefault(r.commit, r.at)
    assert first == {A: utc("2026-03-09T21:00:00+08:00"), B: utc("2026-03-12T08:00:00+08:00")}
    assert [r.at for r in records] == sorted(r.at for r in records)
    assert "平台提交状态" in records[0].source


def test_the_timelines_push_records_prove_arrival_without_any_status(served: tuple[GiteaRepo, GiteaForge]) -> None:
    repo, client = served
    repo.now = "2026-03-09T21:00:00+08:00"
    repo.open_pull(7, head=A, author="clerk")
    repo.now = "2026-03-09T22:00:00+08:00"
    repo.push(7, [B])  # no run has started yet: no status on B
    repo.now = "2026-03-12T08:00:00+08:00"
    repo.push(7, [C], force=True)
    records = [(r.commit, r.at) for r in client.arrival_records(7)]
    assert records == [
        (B, utc("2026-03-09T22:00:00+08:00")),
        (B, utc("2026-03-12T08:00:00+08:00")),
        (C, utc("2026-03-12T08:00:00+08:00")),
    ]
    assert all("推送记录" in r.source for r in client.arrival_records(7))


def test_statuses_of_other_contexts_or_other_writers_are_not_arrival_records(
    served: tuple[GiteaRepo, GiteaForge],
) -> None:
    repo, client = served
    repo.open_pull(7, head=A, author="clerk")
    repo.actions_status(A, "success", context="tests.yml / 测试 (pull_request)")  # another job
    repo.actions_status(
        A, "success", context="checks.yml / 检查申报文件 (pull_request)"
    )  # a branch's copy, other event
    repo._add_status(A, "checks.yml / 检查申报文件 (pull_request_target)", "success", gitea_user("maintainer"))
    assert client.arrival_records(7) == []
    assert client.check_state(client.pull(7)) == "none"


def test_the_newer_context_spelling_by_workflow_name_counts_too(served: tuple[GiteaRepo, GiteaForge]) -> None:
    repo, client = served
    repo.open_pull(7, head=A, author="clerk")
    repo.actions_status(A, "failure", context="检查 / 检查申报文件 (pull_request_target)")
    assert [r.commit for r in client.arrival_records(7)] == [A]
    assert client.check_state(client.pull(7)) == "failure"


def test_a_status_cannot_be_written_for_a_commit_the_server_lacks(served: tuple[GiteaRepo, GiteaForge]) -> None:
    repo, client = served
    repo.open_pull(7, head=A, author="clerk")
    with pytest.raises(ForgeError, match="HTTP 422"):
        client.set_status(D, "合并检查", "success", "检查通过")
    client.set_status(A, "合并检查", "success", "检查通过", "http://forge/run/1")
    assert repo.statuses[A][-1]["context"] == "合并检查" and repo.statuses[A][-1]["created_at"] == repo.now
    with pytest.raises(ForgeError, match="提交状态"):
        client.set_status(A, "合并检查", "neutral", "")


def test_check_state_follows_the_latest_status_of_the_head(served: tuple[GiteaRepo, GiteaForge]) -> None:
    repo, client = served
    repo.open_pull(7, head=A, author="clerk")
    repo.actions_status(A, "pending")
    assert client.check_state(client.pull(7)) == "pending"
    repo.now = "2026-03-05T10:00:30+08:00"
    repo.actions_status(A, "success")
    assert client.check_state(client.pull(7)) == "success"


def test_blob_ids_read_the_recursive_tree_page_by_page(served: tuple[GiteaRepo, GiteaForge]) -> None:
    repo, client = served
    tree = {f"submissions/2026/u{i}/p.yaml": f"{i:040x}" for i in range(2500)}
    repo.trees[A] = tree
    wanted = ["submissions/2026/u0/p.yaml", "submissions/2026/u2499/p.yaml", "submissions/2026/none.yaml"]
    assert client.blob_ids(A, wanted) == {w: tree[w] for w in wanted[:2]}
    with pytest.raises(ForgeError, match="不是提交编号"):
        client.blob_ids("main", wanted)


def test_merge_sends_the_judged_head_and_refuses_when_the_head_moved(served: tuple[GiteaRepo, GiteaForge]) -> None:
    repo, client = served
    repo.open_pull(7, head=A, author="clerk")
    repo.push(7, [B])
    with pytest.raises(ForgeError, match="新的提交"):
        client.merge(7, A, "合并 #7")
    assert repo.pulls[7]["merged"] is False
    repo.now = "2026-03-20T23:59:59+08:00"
    sha = client.merge(7, B, "合并 #7")
    assert sha == repo.pulls[7]["merge_commit_sha"]
    landing = client.landing(sha)
    assert landing is not None and (landing.number, landing.merged_by) == (7, "shuangchuang-merge")
    assert landing.merged_at == utc("2026-03-20T15:59:59+00:00")
    assert client.pull(7).merge_sha == sha


def test_a_commit_of_a_pull_request_is_not_its_landing(served: tuple[GiteaRepo, GiteaForge]) -> None:
    repo, client = served
    repo.open_pull(7, head=A, author="clerk")
    assert client.landing(A) is None  # the server answers the pull request, but A is not its merge
    assert client.landing(C) is None  # 404: no pull request


def test_comments_go_to_the_pull_request(served: tuple[GiteaRepo, GiteaForge]) -> None:
    repo, client = served
    repo.open_pull(7, head=A, author="clerk")
    client.comment(7, "检查未通过：E420")
    assert repo.comments[7] == ["检查未通过：E420"]


def test_pull_files_read_every_page(served: tuple[GiteaRepo, GiteaForge]) -> None:
    repo, client = served
    repo.open_pull(7, head=A, author="clerk")
    repo.pull_files[7] = [f"submissions/2026/u/{i}.yaml" for i in range(120)]
    assert client.pull_files(7) == repo.pull_files[7]


def test_web_addresses_are_giteas_pages() -> None:
    client = GiteaForge("https://git.example/api/v1", REPO, "", dialect="gitea")
    assert client.new_file_url("main", "submissions/2026/xigang", "社区.yaml") == (
        "https://git.example/dlftu-sample/shuangchuang/_new/main/submissions/2026/xigang?filename=%E7%A4%BE%E5%8C%BA.yaml"
    )
    assert client.edit_url("main", "submissions/2026/x/p.yaml") == (
        "https://git.example/dlftu-sample/shuangchuang/_edit/main/submissions/2026/x/p.yaml"
    )
    assert client.pull_url(12) == "https://git.example/dlftu-sample/shuangchuang/pulls/12"


def test_an_unreachable_server_is_a_chinese_error() -> None:
    client = GiteaForge("http://127.0.0.1:9/api/v1", REPO, "", dialect="forgejo")
    with pytest.raises(ForgeError, match="无法连接平台接口"):
        client.pull(1)


def test_the_offices_issue_is_opened_once_updated_then_closed_and_nobody_elses_is_touched(
    served: tuple[GiteaRepo, GiteaForge],
) -> None:
    repo, client = served
    repo.open_pull(1, head=A, author="bayi-clerk")
    repo.pulls[1]["title"] = "记录核对发现问题"  # a pull request of that title is never the issue
    planted = repo.issue("记录核对发现问题", "不是工作流开的", gitea_user("someone"))
    first = client.open_issue("记录核对发现问题", "第一次")
    assert first not in (1, planted["number"]) and repo.issues[first]["user"]["id"] == -2
    for _ in range(60):  # past the server's cap of 50 per page
        repo.issue("别的问题", "")
    assert client.open_issue("记录核对发现问题", "第二次") == first
    assert repo.issues[first]["body"] == "第二次" and planted["body"] == "不是工作流开的"
    assert client.close_issue("记录核对发现问题", "已无问题") == first
    assert repo.issues[first]["state"] == "closed" and planted["state"] == "open"
    assert repo.issue_comments[first] == ["已无问题"]
    assert client.close_issue("记录核对发现问题", "已无问题") is None


def test_duplicates_the_old_script_opened_are_closed_into_the_oldest(served: tuple[GiteaRepo, GiteaForge]) -> None:
    repo, client = served
    older = repo.issue("记录核对发现问题", "旧的")
    newer = repo.issue("记录核对发现问题", "又开了一个")
    assert client.open_issue("记录核对发现问题", "最新") == older["number"]
    assert older["body"] == "最新" and newer["state"] == "closed"
    assert f"#{older['number']}" in repo.issue_comments[newer["number"]][0]

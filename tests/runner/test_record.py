"""Issue 18 on the simulated runner: audit.yml on every push to main, main's code, the forge's time.

A clean history gives the status 记录核对 success and no issue; an after-the-fact edit (a frozen
registration's 主要内容 changed by a later merge) gives failure and the one issue 记录核对发现问题; a
second push updates that issue instead of opening another; a correcting change closes it. The same
through the Forgejo workflow (.forgejo/workflows/audit.yml, deploy/intranet/audit-main.sh)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gitrepo import ORGAN, ZHANG

from .gitea_scenario import GiteaSite
from .harness import Job
from .scenario import REPOSITORY, Site

XIGANG = "submissions/2026/xigang/mediation.yaml"
TITLE = "记录核对发现问题"
REGISTERED = ORGAN.format(name="调解网络")
EDITED = REGISTERED.replace("调解网络。", "调解网络和网上调解平台。")
assert EDITED != REGISTERED


def land(site: Site | GiteaSite, number: int, text: str, when: str, path: str = XIGANG) -> str:
    """Pull request N (one commit writing `path`) merged into main by the forge at `when`: the merge
    commit pushed to the forge's main, the pull request merged on the forge's record at that moment."""
    site.author.checkout("main")
    site.author.branch(f"pr{number}")
    site.author.write(path, text)
    site.author.commit(f"Change #{number}", when, ZHANG)
    site.push(number, when, f"pr{number}")
    head = site.forge.sha(f"refs/pull/{number}/head")
    merged = site.forge._merge(site.forge.sha("main"), head, "refs/heads/main", when, f"Merge pull request #{number}")
    site.author.git("fetch", "-q", str(site.forge.root), "main")
    site.author.checkout("main")
    site.author.git("reset", "-q", "--hard", "FETCH_HEAD")
    if isinstance(site, Site):
        site.github.pulls[number].update(
            state="closed", merged_at=site.github.pulls[number]["created_at"], merge_commit_sha=merged
        )
        site.github.pulls[number]["merged_by"] = {"login": "merge-identity"}
    else:
        site.gitea.pulls[number].update(state="closed", merged=True, merged_at=site.gitea.now, merge_commit_sha=merged)
        site.gitea.known.add(merged)
    return merged


def pushed_to_main(site: Site, now: str) -> Job:
    """audit.yml's job for the push of main's head, as GitHub runs it."""
    sha = site.forge.sha("main")
    event = {"ref": "refs/heads/main", "after": sha, "repository": {"full_name": REPOSITORY}}
    return site.runner.run("audit.yml", "audit", "push", event, None, now, "refs/heads/main", sha)


def record_status(site: Site, sha: str) -> list[str]:
    return [s["state"] for s in site.github.statuses.get(sha, []) if s["context"] == "记录核对"]


def test_the_record_of_main_is_loud_on_each_push_and_its_issue_is_one_until_corrected(site: Site) -> None:
    clean = land(site, 1, REGISTERED, "2026-03-15T09:00:00+08:00")
    job = pushed_to_main(site, "2026-03-15T09:01:00+08:00")
    assert job.ran and job.ok, job.out
    assert record_status(site, clean) == ["success"] and site.github.issues == {}

    edited = land(site, 2, EDITED, "2026-05-06T10:00:00+08:00")  # after the 20 March deadline
    job = pushed_to_main(site, "2026-05-06T10:01:00+08:00")
    assert job.ran and not job.ok
    assert record_status(site, edited) == ["failure"]
    [issue] = site.github.open_issues(TITLE)
    assert issue["user"]["login"] == "github-actions[bot]" and "E454" in issue["body"] and edited[:12] in issue["body"]

    again = land(site, 3, REGISTERED.replace("调解网络。", "调解网络和调解平台。"), "2026-05-07T10:00:00+08:00")
    job = pushed_to_main(site, "2026-05-07T10:01:00+08:00")
    assert not job.ok and record_status(site, again) == ["failure"]
    assert site.github.open_issues(TITLE) == [issue] and len(site.github.issues) == 1
    assert again[:12] in issue["body"]

    corrected = land(site, 4, REGISTERED, "2026-05-08T10:00:00+08:00")
    job = pushed_to_main(site, "2026-05-08T10:01:00+08:00")
    assert job.ok, job.out
    assert record_status(site, corrected) == ["success"]
    assert issue["state"] == "closed" and site.github.open_issues(TITLE) == []
    assert "没有发现问题" in site.github.comments[issue["number"]][-1]["body"]


@pytest.fixture
def forgejo(tmp_path_factory: pytest.TempPathFactory, tree: Path) -> Iterator[GiteaSite]:
    made = GiteaSite.create(tmp_path_factory.mktemp("forgejo-record"), tree)
    yield made
    made.close()


def forgejo_push(site: GiteaSite, now: str) -> Job:
    site.at(now)
    sha = site.forge.sha("main")
    event = {"ref": "refs/heads/main", "after": sha, "repository": {"full_name": REPOSITORY}}
    return site.runner.run("audit.yml", "audit", "push", event, None, now, "refs/heads/main", sha)


def forgejo_status(site: GiteaSite, sha: str) -> list[str]:
    return [s["status"] for s in site.gitea.statuses.get(sha, []) if s["context"] == "记录核对"]


def test_the_forgejo_record_of_main_is_loud_and_keeps_one_issue(forgejo: GiteaSite) -> None:
    site = forgejo
    clean = land(site, 1, REGISTERED, "2026-03-15T09:00:00+08:00")
    job = forgejo_push(site, "2026-03-15T09:01:00+08:00")
    assert job.ran and job.ok, job.out
    assert forgejo_status(site, clean) == ["success"] and site.gitea.issues == {}

    edited = land(site, 2, EDITED, "2026-05-06T10:00:00+08:00")
    job = forgejo_push(site, "2026-05-06T10:01:00+08:00")
    assert job.ran and not job.ok
    assert forgejo_status(site, edited) == ["failure"]
    [issue] = site.gitea.open_issues(TITLE)
    assert issue["user"]["id"] == -2 and "E454" in issue["body"]

    again = land(site, 3, REGISTERED.replace("调解网络。", "调解网络和调解平台。"), "2026-05-07T10:00:00+08:00")
    job = forgejo_push(site, "2026-05-07T10:01:00+08:00")
    assert not job.ok and forgejo_status(site, again) == ["failure"]
    assert site.gitea.open_issues(TITLE) == [issue] and len(site.gitea.issues) == 1 and again[:12] in issue["body"]

    corrected = land(site, 4, REGISTERED, "2026-05-08T10:00:00+08:00")
    job = forgejo_push(site, "2026-05-08T10:01:00+08:00")
    assert job.ok, job.out
    assert forgejo_status(site, corrected) == ["success"] and issue["state"] == "closed"
    assert "没有发现问题" in site.gitea.issue_comments[issue["number"]][-1]

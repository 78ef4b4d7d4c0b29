"""Issue 17 on the simulated runner: main's code judges, the forge's clock proves, nobody judged holds a key.

Each scenario is an attack (or an honest filing the old design judged wrongly) played through the
real workflows: the event GitHub would send, the workflow file GitHub would read (main's for
pull_request_target and issue_comment), actions/checkout's ref/path, the fake forge's own clock.
"""

from __future__ import annotations

import json

from gitrepo import GRASSROOTS, LINNA, LINNA_ACCOUNT, ORGAN, ZHANG, ZHANG_ACCOUNT

from .harness import git
from .scenario import API, Site

BAYI = "submissions/2026/xigang-bayi-street/legal-aid.yaml"
XIGANG = "submissions/2026/xigang/mediation.yaml"
CHECK = "检查本次变更（格式、日程、签字人）"
MERGE = "按此刻检查，通过则合并"
LATE = "::error file=submissions/2026/xigang/mediation.yaml,line=1,col=1,title=错误[E402]::"


def organ_filing(site: Site, number: int, pushed: str, path: str = XIGANG, branch: str = "pr") -> str:
    site.author.branch(branch)
    site.author.write(path, ORGAN.format(name="调解网络"))
    site.author.commit("Register", pushed, ZHANG)
    return site.push(number, pushed, branch)


def test_an_on_time_filing_signed_by_its_leader_is_green(site: Site) -> None:
    organ_filing(site, 1, "2026-03-15T09:00:00+08:00")
    site.approve(1, ZHANG_ACCOUNT, "2026-03-15T10:00:00+08:00")
    job = site.checks_job(1, now="2026-03-15T10:05:00+08:00")
    assert job.ran and job.ok, job.out
    assert "与基准版本" in job.step(CHECK).out


def test_a_pull_request_that_rewrites_the_checker_to_pass_everything_still_gets_red_for_its_late_filing(
    site: Site,
) -> None:
    site.author.branch("pr")
    site.author.write(XIGANG, ORGAN.format(name="调解网络"))
    main_py = site.author.root / "generator/__main__.py"
    main_py.write_text("import sys\nprint('没有发现问题')\nsys.exit(0)\n", encoding="utf-8")
    site.author.commit("A late filing, and a checker that finds nothing", "2026-03-21T10:00:00+08:00", ZHANG)
    site.push(2, "2026-03-21T10:00:00+08:00")
    site.approve(2, ZHANG_ACCOUNT, "2026-03-21T10:01:00+08:00")
    job = site.checks_job(2, now="2026-03-21T10:02:00+08:00")
    check = job.step(CHECK)
    assert check.code == 1, job.out
    assert LATE in check.out
    # The code change itself needs the maintainers' signature, by main's ownership table.
    assert "generator/__main__.py" in check.out and "E420" in check.out


def grassroots_filing(site: Site, number: int, pushed: str, branch: str = "pr") -> str:
    site.author.branch(branch)
    site.author.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    site.author.commit("Register, dated early by its author", "2026-03-01T09:00:00+08:00", LINNA)
    return site.push(number, pushed, branch)


def test_a_check_run_posted_with_an_early_start_time_proves_no_arrival(site: Site) -> None:
    head = grassroots_filing(site, 3, "2026-03-11T10:00:00+08:00")  # the grassroots deadline was 10 March
    site.approve(3, LINNA_ACCOUNT, "2026-03-11T10:01:00+08:00")
    # Anyone's workflow with `checks: write` can post this, as the GitHub Actions app, any started_at:
    site.github.check_runs.append(
        {
            "id": 1,
            "name": "检查申报文件",
            "head_sha": head,
            "status": "completed",
            "conclusion": "success",
            "started_at": "2026-03-09T01:00:00Z",
            "app": {"slug": "github-actions"},
        }
    )
    # …and a run of a workflow at the same path on another branch, titled like ours, earlier:
    site.at("2026-03-09T09:00:00+08:00")
    site.github.run(".github/workflows/checks.yml", "workflow_dispatch", "evil", f"检查 #3 {head}", head)
    job = site.checks_job(3, now="2026-03-11T10:05:00+08:00")
    check = job.step(CHECK)
    assert check.code == 1, job.out
    assert f"::error file={BAYI},line=1,col=1,title=错误[E401]::" in check.out
    assert "2026-03-11 10:00:00" in check.out  # the run GitHub created for the push: the only evidence


def test_a_forged_passing_check_run_does_not_get_a_late_filing_merged(site: Site) -> None:
    head = organ_filing(site, 4, "2026-03-21T10:00:00+08:00")
    site.approve(4, ZHANG_ACCOUNT, "2026-03-21T10:01:00+08:00")
    for name in ("检查申报文件", "截止时间复核", "合并检查"):
        site.github.check_runs.append({"name": name, "head_sha": head, "status": "completed", "conclusion": "success"})
    job = site.comment(4, "/合并", at="2026-03-21T11:00:00+08:00")
    assert job.ran and job.step(MERGE).code == 1, job.out
    assert site.github.merges == [] and site.github.pulls[4]["state"] == "open"
    [comment] = site.github.comments[4]
    assert "未合并" in comment["body"] and "E402" in comment["body"]
    assert site.forge.sha("main") == site.github.pulls[4]["base"]["sha"]


def test_a_fork_filing_approved_by_a_signer_without_write_access_is_green_and_merged(site: Site) -> None:
    site.author.branch("fork-branch")
    site.author.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    site.author.commit("Register", "2026-03-05T08:55:00+08:00", LINNA)
    head = site.push(5, "2026-03-05T09:00:00+08:00", "fork-branch", fork="bayi-clerk/shuangchuang")
    assert site.github.pulls[5]["head"]["repo"]["full_name"] == "bayi-clerk/shuangchuang"
    site.approve(5, LINNA_ACCOUNT, "2026-03-06T09:00:00+08:00")  # a registered signer, no write access
    checks = site.checks_job(5, now="2026-03-05T09:01:00+08:00", action="opened")
    assert checks.step(CHECK).code == 0, checks.out
    job = site.comment(5, "/合并", at="2026-03-06T10:00:00+08:00", by=LINNA_ACCOUNT)
    assert job.ok, job.out
    [merged] = site.github.merges
    assert merged["head"] == head and site.forge.sha("main") == merged["sha"]
    assert [s["state"] for s in site.github.statuses[head] if s["context"] == "合并检查"] == ["success"]
    assert git(site.forge.root, "cat-file", "-t", f"main:{BAYI}") == "blob"


def test_content_that_arrived_before_the_deadline_stays_on_time_after_a_force_push(site: Site) -> None:
    site.author.branch("pr")
    site.author.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    site.author.commit("Register", "2026-03-09T09:00:00+08:00", LINNA)
    first = site.push(6, "2026-03-09T09:00:00+08:00")
    # After the deadline (10 March), the same content is rebased onto a new commit and force-pushed:
    site.author.git(
        "-c",
        "user.name=林娜",
        "-c",
        "user.email=linna@bayi.example.org",
        "commit",
        "-q",
        "--amend",
        "-m",
        "Reworded",
        env={"GIT_COMMITTER_DATE": "2026-03-12T09:00:00+08:00"},
    )
    second = site.push(6, "2026-03-12T09:00:00+08:00")
    assert first != second
    site.approve(6, LINNA_ACCOUNT, "2026-03-12T09:30:00+08:00")
    job = site.checks_job(6, now="2026-03-12T10:00:00+08:00")
    check = job.step(CHECK)
    assert check.code == 0, job.out
    assert "E401" not in check.out


def test_merging_at_the_deadline_holds_at_the_moment_of_merge_without_a_queue(site: Site) -> None:
    organ_filing(site, 7, "2026-03-20T09:00:00+08:00")
    site.approve(7, ZHANG_ACCOUNT, "2026-03-20T10:00:00+08:00")
    site.author.checkout("main")
    organ_filing(site, 8, "2026-03-20T09:00:00+08:00", "submissions/2026/xigang/second.yaml", "pr8")
    site.approve(8, ZHANG_ACCOUNT, "2026-03-20T10:00:00+08:00")
    on_time = site.comment(7, "/合并", at="2026-03-20T23:59:59+08:00")
    assert on_time.ok, on_time.out
    assert [m["number"] for m in site.github.merges] == [7]
    late = site.comment(8, "/合并", at="2026-03-21T00:00:01+08:00")
    assert late.step(MERGE).code == 1
    assert [m["number"] for m in site.github.merges] == [7]
    assert "E402" in site.github.comments[8][0]["body"]


def test_comments_that_are_not_a_merge_command_start_nothing(site: Site) -> None:
    organ_filing(site, 9, "2026-03-15T09:00:00+08:00")
    assert not site.comment(9, "辛苦了", at="2026-03-15T10:00:00+08:00").ran


def test_a_dismissed_approval_signs_nothing(site: Site) -> None:
    organ_filing(site, 10, "2026-03-15T09:00:00+08:00")
    review = site.approve(10, ZHANG_ACCOUNT, "2026-03-15T10:00:00+08:00")
    site.github.dismiss(review)
    check = site.checks_job(10, now="2026-03-15T10:05:00+08:00").step(CHECK)
    assert check.code == 1 and "E420" in check.out


def test_the_deploy_job_publishes_only_main_through_the_protected_environment(site: Site) -> None:
    site.author.branch("feature")
    deploy = site.author.root / ".github/workflows/deploy.yml"
    deploy.write_text(deploy.read_text(encoding="utf-8").replace("只发布主分支", "随便发布"), encoding="utf-8")
    site.author.commit("A branch copy of deploy.yml", "2026-03-05T09:00:00+08:00", ZHANG)
    branch = site.dispatched("deploy.yml", "deploy", "feature", "2026-03-05T10:00:00+08:00", source="feature")
    assert not branch.ran  # `if: github.ref == 'refs/heads/main'` on main's and the branch's copy alike
    on_main = site.runner.run(
        "deploy.yml",
        "build",
        "workflow_dispatch",
        {"inputs": {}},
        None,
        "2026-03-05T10:00:00+08:00",
        "refs/heads/main",
        site.forge.sha("main"),
        until="只发布主分支",
    )
    assert on_main.step("只发布主分支").code == 0
    rules = (site.author.root / ".github/BRANCH_PROTECTION.md").read_text(encoding="utf-8")
    assert "github-pages" in rules and "部署分支：只允许 main" in rules


def test_the_pending_filings_api_calls_are_the_forge_clients(site: Site) -> None:
    """The judge asked the forge only through `shuangchuang forge` (one client): what it asked."""
    organ_filing(site, 11, "2026-03-15T09:00:00+08:00")
    site.approve(11, ZHANG_ACCOUNT, "2026-03-15T10:00:00+08:00")
    site.checks_job(11, now="2026-03-15T10:05:00+08:00")
    asked = {r.path for r in site.api.requests}
    assert f"{API}/pulls/11" in asked and f"{API}/pulls/11/reviews" in asked
    assert f"{API}/actions/workflows/checks.yml/runs" in asked
    assert not any("check-runs" in path for path in asked)
    assert json.dumps(sorted(asked))


def test_a_pull_request_in_conflict_with_main_still_gets_its_run_and_is_told_why(site: Site) -> None:
    site.author.write(XIGANG, ORGAN.format(name="主分支上的版本"))
    site.author.commit("On main", "2026-03-01T09:00:00+08:00", ZHANG)
    site.push_main()
    site.author.branch("pr12", "main~1")
    site.author.write(XIGANG, ORGAN.format(name="另一个版本"))
    site.author.commit("Conflicting", "2026-03-02T09:00:00+08:00", ZHANG)
    head = site.push(12, "2026-03-02T09:00:00+08:00", "pr12")
    assert [r["display_title"] for r in site.github.runs] == [f"检查 #12 {head}"]  # the evidence exists
    check = site.checks_job(12, now="2026-03-02T09:01:00+08:00").step(CHECK)
    assert check.code == 1 and "::error title=与主分支有冲突::" in check.out


def test_each_merge_is_judged_against_the_main_the_merge_before_it_left(site: Site) -> None:
    """Two registrations under one name by one unit: each alone is fine, together the rules refuse
    the second; the second `/合并`, made before the first merged, is judged after it."""
    organ_filing(site, 13, "2026-03-15T09:00:00+08:00")
    site.approve(13, ZHANG_ACCOUNT, "2026-03-15T10:00:00+08:00")
    site.author.checkout("main")
    organ_filing(site, 14, "2026-03-15T09:00:00+08:00", "submissions/2026/xigang/mediation-copy.yaml", "pr14")
    site.approve(14, ZHANG_ACCOUNT, "2026-03-15T10:00:00+08:00")
    alone = site.checks_job(14, now="2026-03-15T10:05:00+08:00").step(CHECK)
    assert alone.code == 0, alone.out
    assert site.comment(13, "/合并", at="2026-03-15T11:00:00+08:00").ok
    second = site.comment(14, "/合并", at="2026-03-15T11:00:01+08:00")
    assert second.step(MERGE).code == 1, second.out
    assert [m["number"] for m in site.github.merges] == [13]
    [comment] = site.github.comments[14]
    assert "未合并" in comment["body"] and "E3" in comment["body"], comment["body"]  # a rule across filings

"""The workflows' own scripts on a simulated GitHub runner (see harness.py for what is simulated)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from gitrepo import EXCEPTIONS, GRASSROOTS, LINNA, ORGAN, YUBO, ZHANG

from .scenario import Site

BAYI = "submissions/2026/xigang-bayi-street/legal-aid.yaml"
XIGANG = "submissions/2026/xigang/mediation.yaml"
OFFICE_EXCEPTIONS = "submissions/2026/bangongshi/exceptions.yaml"
ERROR = "::error file="

root_only = pytest.mark.skipif(os.geteuid() != 0, reason="a workspace owned by another uid needs root to make")


def register_grassroots(site: Site, number: int, opened: str, pushed: str) -> str:
    site.author.branch(f"pr{number}")
    site.author.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    site.author.commit("Register", pushed, LINNA)
    return site.open_pull(number, opened, f"pr{number}")


def register_organ(site: Site, number: int, opened: str, path: str = XIGANG, name: str = "调解网络") -> str:
    site.author.branch(f"pr{number}")
    site.author.write(path, ORGAN.format(name=name))
    site.author.commit("Register", opened, ZHANG)
    return site.open_pull(number, opened, f"pr{number}")


@root_only
def test_the_workspace_is_one_git_refuses_without_the_scripts_help(site: Site) -> None:
    """The simulation reproduces the container: root, a foreign-owned workspace, a fresh HOME."""
    ws = site.runner.workspace(site.forge.sha("main"))
    assert ws.stat().st_uid != os.geteuid()
    proc = subprocess.run(
        ["git", "rev-parse", "HEAD"],
        cwd=ws,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(site.runner.scratch)},
    )
    assert proc.returncode != 0 and "dubious ownership" in proc.stderr


def test_a_valid_filing_passes_with_its_summary(site: Site) -> None:
    register_grassroots(site, 1, "2026-03-05T09:00:00+08:00", "2026-03-05T08:55:00+08:00")
    site.saw(1, "2026-03-05T09:00:30+08:00")
    job = site.pull_request_job(1, now="2026-03-05T09:01:00+08:00")
    assert job.ok, job.out
    check = job.step("检查本次变更（格式、日程、签字人）")
    assert check.code == 0 and "与基准版本" in check.out and ERROR not in check.out
    assert job.summary.startswith("## 申报文件检查\n\n检查完毕：") and "没有发现问题" in job.summary
    assert job.step("审核分派（CODEOWNERS）是否与单位名录一致").code == 0


def test_a_late_filing_fails_with_an_annotation_on_the_file(site: Site) -> None:
    register_organ(site, 2, "2026-03-21T00:00:30+08:00")
    site.saw(2, "2026-03-21T00:00:40+08:00")
    job = site.pull_request_job(2, now="2026-03-21T00:01:00+08:00")
    check = job.step("检查本次变更（格式、日程、签字人）")
    assert check.code == 1
    assert f"{ERROR}{XIGANG},line=1,col=1,title=错误[E402]::" in check.out
    assert "<td>E402</td>" in job.summary and f"{XIGANG}:1:1" in job.summary
    # the other filing checks still run and report after the failure
    assert job.step("JSON Schema 是否最新").code == 0


def test_an_early_opened_pull_request_with_late_content_is_late(site: Site) -> None:
    site.author.branch("pr3")
    site.author.write(BAYI, GRASSROOTS.format(name="占位"))
    site.author.commit("Placeholder", "2026-02-01T09:00:00+08:00", LINNA)
    site.open_pull(3, "2026-02-01T09:00:00+08:00", "pr3")
    site.saw(3, "2026-02-01T09:01:00+08:00")
    site.author.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    site.author.commit("The real content, dated before the deadline by its author", "2026-03-09T09:00:00+08:00", LINNA)
    site.open_pull(3, "2026-02-01T09:00:00+08:00", "pr3")
    job = site.pull_request_job(3, now="2026-03-12T10:00:00+08:00")
    check = job.step("检查本次变更（格式、日程、签字人）")
    assert check.code == 1, check.out + check.err
    assert f"{ERROR}{BAYI},line=1,col=1,title=错误[E401]::" in check.out
    assert "2026-03-12 10:00:00" in check.out  # the arrival: this run is the first to see the content


def test_content_the_forge_saw_on_time_stays_on_time(site: Site) -> None:
    register_grassroots(site, 4, "2026-03-10T23:00:00+08:00", "2026-03-10T22:59:00+08:00")
    site.saw(4, "2026-03-10T23:59:59+08:00")
    job = site.pull_request_job(4, now="2026-03-12T10:00:00+08:00", action="submitted")
    assert job.step("检查本次变更（格式、日程、签字人）").code == 0, job.out


def test_a_merge_queue_entry_made_at_23_59_is_on_time_though_its_job_starts_after_midnight(site: Site) -> None:
    register_organ(site, 5, "2026-03-20T09:00:00+08:00")
    site.saw(5, "2026-03-20T09:01:00+08:00")
    job = site.queue_job(5, queued_at="2026-03-20T23:59:00+08:00", now="2026-03-21T00:03:00+08:00")
    check = job.step("检查本次变更（格式、日程、签字人）")
    assert check.code == 0, check.out + check.err
    late = site.queue_job(5, queued_at="2026-03-21T00:00:00+08:00", now="2026-03-21T00:03:00+08:00")
    assert f"{ERROR}{XIGANG},line=1,col=1,title=错误[E402]::" in late.step("检查本次变更（格式、日程、签字人）").out


def test_the_deadline_recheck_flips_late_pull_requests_on_a_fresh_merge_and_survives_a_failing_call(site: Site) -> None:
    late = register_organ(site, 6, "2026-03-15T09:00:00+08:00")
    site.author.checkout("main")
    excused = register_organ(site, 7, "2026-03-15T09:00:00+08:00", "submissions/2026/xigang/excused.yaml", "调解网络二")
    site.author.checkout("main")
    unlucky = register_organ(site, 8, "2026-03-15T09:00:00+08:00", "submissions/2026/xigang/unlucky.yaml", "调解网络三")
    site.forge.test_merge(7, "2026-03-15T09:00:00+08:00")  # GitHub's merge ref, made before the exception
    site.author.checkout("main")
    site.author.write(
        OFFICE_EXCEPTIONS, EXCEPTIONS.format(path="submissions/2026/xigang/excused.yaml", until="2026-03-31")
    )
    site.author.commit("Grant an exception", "2026-03-20T15:00:00+08:00", YUBO)
    site.push_main()
    site.failing_heads.add(unlucky)
    job = site.scheduled_recheck(now="2026-03-21T00:01:00+08:00")
    results = {r["head_sha"]: r for r in site.recorded}
    assert set(results) == {late, excused}  # the 502 for #8 did not stop the others
    assert results[late]["name"] == "截止时间复核" and results[late]["conclusion"] == "failure"
    assert "已逾期" in results[late]["output"]["title"] and "E402" in results[late]["output"]["summary"]
    assert results[excused]["conclusion"] == "success"  # judged with the exception now on main
    step = job.step("复核并记录结果")
    assert step.code == 1 and "#8 的复核结果未能写入" in step.out


def test_the_recheck_reports_a_conflict_with_main(site: Site) -> None:
    site.author.write(XIGANG, ORGAN.format(name="主分支上的版本"))
    site.author.commit("On main", "2026-03-01T09:00:00+08:00", ZHANG)
    site.push_main()
    site.author.branch("pr9", "main~1")
    site.author.write(XIGANG, ORGAN.format(name="另一个版本"))
    site.author.commit("Conflicting", "2026-03-02T09:00:00+08:00", ZHANG)
    head = site.open_pull(9, "2026-03-02T09:00:00+08:00", "pr9")
    site.scheduled_recheck(now="2026-03-05T10:05:00+08:00")
    [result] = site.recorded
    assert (result["head_sha"], result["conclusion"], result["output"]["title"]) == (head, "failure", "与主分支有冲突")


def test_a_deploy_dispatched_on_another_branch_is_refused(site: Site) -> None:
    job = site.dispatched_deploy("feature", now="2026-03-05T10:00:00+08:00")
    guard = job.step("只发布主分支")
    assert guard.code == 1 and "::error title=只能发布主分支::" in guard.out and "refs/heads/feature" in guard.out
    assert not job.ok
    main = site.dispatched_deploy("main", now="2026-03-05T10:00:00+08:00")
    assert main.step("只发布主分支").code == 0


@pytest.mark.parametrize(
    ("path", "code"),
    [(BAYI, "false"), ("generator/new_module.py", "true"), ("submissions/schemas/units.schema.json", "true")],
)
def test_the_tests_run_only_when_something_besides_filings_changed(site: Site, path: str, code: str) -> None:
    site.author.branch("pr10")
    site.author.write(path, GRASSROOTS.format(name="社区法律援助驿站") if path == BAYI else "x = 1\n")
    site.author.commit("Change", "2026-03-05T09:00:00+08:00", LINNA)
    site.open_pull(10, "2026-03-05T09:00:00+08:00", "pr10")
    job = site.pull_request_job(10, now="2026-03-05T09:01:00+08:00", job="changes")
    assert job.ok, job.out
    assert job.outputs["diff"] == {"code": code}


def test_when_git_cannot_read_the_workspace_the_check_says_why(site: Site) -> None:
    register_organ(site, 11, "2026-03-05T09:00:00+08:00")
    merge = site.forge.test_merge(11, "2026-03-05T09:00:00+08:00")
    ws = site.runner.workspace(merge)
    (ws / ".git/HEAD").write_text("garbage\n", encoding="utf-8")
    job = site.runner.run(
        "checks.yml",
        "filing",
        "pull_request",
        {"pull_request": site.pulls[11]},
        ws,
        "2026-03-05T09:01:00+08:00",
        "refs/pull/11/merge",
        merge,
    )
    check = job.step("检查本次变更（格式、日程、签字人）")
    assert check.code == 2
    assert "::error title=git 无法读取仓库::" in check.out and "git 给出的原因是：fatal: " in check.out
    assert "neither a merge commit" not in check.out


def test_the_reviews_are_fetched_and_passed_once_check_accepts_them(site: Site) -> None:
    """Approvals are signatures (`check --approvals FILE`): the script passes the forge's reviews
    when the installed `check` has that option, and only then."""
    register_organ(site, 12, "2026-03-05T09:00:00+08:00")
    review = {
        "id": 1,
        "user": {"login": "zhang"},
        "state": "APPROVED",
        "commit_id": site.pulls[12]["head"]["sha"],
        "submitted_at": "2026-03-05T02:00:00Z",
    }
    site.api.route("GET", "/repos/dlftu-sample/shuangchuang/pulls/12/reviews", [review])
    site.runner.program = """#!/bin/sh
if [ "$2" = "--help" ]; then echo "  --approvals 文件  批准记录"; exit 0; fi
while [ $# -gt 0 ]; do
  if [ "$1" = "--approvals" ]; then cat "$2"; fi
  shift
done
"""
    job = site.pull_request_job(12, now="2026-03-05T10:00:00+08:00", action="submitted")
    check = job.step("检查本次变更（格式、日程、签字人）")
    assert check.code == 0 and json.loads(check.out) == [review]

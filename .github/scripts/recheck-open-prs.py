#!/usr/bin/env python3
"""Re-check every open pull request at the current time and record the result as the check run
"截止时间复核" (made by the GitHub Actions app, so nobody can fake it with a commit status of the
same name) on its head.

Each pull request is judged on a fresh merge of its head into the current main (not GitHub's
possibly stale refs/pull/N/merge), with the forge's check runs as the proof of when its content
arrived, by main's installed program (`shuangchuang`), which reads the pull request's files as
data and never runs them. One pull request's failure (a conflict, an API error) is reported and
never stops the others; the job fails at the end when any result could not be recorded.

Environment: STARTED_AT (the job's start: "now" for every pull request), GITHUB_API_URL,
GITHUB_REPOSITORY, GH_TOKEN, RUNNER_TEMP; optional SHUANGCHUANG (the program), MAIN_REF.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import forge  # the sibling script, standard library only

CHECK = "截止时间复核"
WORKSPACE = Path.cwd()
GIT_ID = ["-c", "user.name=截止时间复核", "-c", "user.email=recheck@invalid", "-c", "commit.gpgsign=false"]


def git(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *GIT_ID, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_with_token(dict(os.environ)) if args[0] == "fetch" else None,
    )


def _with_token(env: dict[str, str]) -> dict[str, str]:
    """Fetch with the job's token (a private repository), as actions/checkout does: an HTTP header
    for the server only, passed as command-scope config in the environment, never on a command line."""
    token, server = env.get("GH_TOKEN"), env.get("GITHUB_SERVER_URL", "")
    if not token or not server.startswith("https://"):
        return env
    basic = base64.b64encode(f"x-access-token:{token}".encode()).decode()
    index = int(env.get("GIT_CONFIG_COUNT", "0"))
    env.update(
        {
            "GIT_CONFIG_COUNT": str(index + 1),
            f"GIT_CONFIG_KEY_{index}": f"http.{server}/.extraheader",
            f"GIT_CONFIG_VALUE_{index}": f"AUTHORIZATION: basic {basic}",
        }
    )
    return env


def judge(number: int, head: str, opened: str, main: str, now: str, work: Path) -> tuple[str, str, str]:
    """(conclusion, title, summary) for one pull request."""
    fetched = git("fetch", "-q", "--no-tags", "origin", f"+refs/pull/{number}/head:refs/recheck/{number}")
    if fetched.returncode != 0:
        return "failure", "无法取得合并请求的内容", f"git fetch 失败：{fetched.stderr.strip()}"
    tree = work / f"pr-{number}"
    git("worktree", "add", "-q", "--detach", str(tree), main)
    try:
        merged = git("merge", "-q", "--no-ff", "--no-edit", "-m", f"复核 #{number}", f"refs/recheck/{number}", cwd=tree)
        if merged.returncode != 0:
            return (
                "failure",
                "与主分支有冲突",
                "这个合并请求与当前主分支有冲突，请先在合并请求中解决冲突，再等待下一次复核。",
            )
        args = ["--root", str(tree), "check", "--base", "HEAD^1", "--now", now, "--opened-at", opened]
        runs = work / f"check-runs-{number}.json"
        try:
            forge._write(str(runs), forge.check_runs(number))
            args += ["--check-runs", str(runs)]
        except forge.ForgeError as exc:
            print(f"::warning title=#{number} 未能取得平台检查记录::{exc}；送达时间按本次复核的时间计算")
        if "--approvals" in run_program(["check", "--help"], work).stdout:
            reviews = work / f"reviews-{number}.json"
            forge._write(str(reviews), forge.reviews(number))
            args += ["--approvals", str(reviews)]
        result = run_program(args, work)
    finally:
        git("worktree", "remove", "--force", str(tree))
    print(f"::group::#{number}（{head[:10]}）")
    print(result.stdout + result.stderr)
    print("::endgroup::")
    if result.returncode == 0:
        return "success", "按复核时间检查通过", f"按 {now} 的时间，以与当前主分支合并后的内容复核通过。"
    verdict = "已逾期或有错误" if result.returncode == 1 else "检查无法运行"
    tail = "\n".join(result.stdout.strip().splitlines()[-30:])
    return (
        "failure",
        f"按复核时间检查未通过：{verdict}",
        f"按 {now} 的时间，以与当前主分支合并后的内容复核：\n\n```\n{tail}\n```",
    )


def run_program(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    program = os.environ.get("SHUANGCHUANG", "shuangchuang")
    if os.sep in program:  # a path relative to the workspace; the program runs elsewhere
        program = str(WORKSPACE / program)
    return subprocess.run([program, *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8")


def main() -> int:
    now = os.environ["STARTED_AT"]
    main_ref = os.environ.get("MAIN_REF", "origin/main")
    if git("fetch", "-q", "--no-tags", "origin", "+refs/heads/main:refs/remotes/origin/main").returncode != 0:
        print("::warning title=未能更新主分支::按取出时的主分支复核")
    main_sha = git("rev-parse", "--verify", main_ref).stdout.strip()
    unrecorded: list[int] = []
    work = Path(tempfile.mkdtemp(dir=os.environ.get("RUNNER_TEMP")))
    for pr in forge.open_pulls():
        try:
            number, head, opened = int(pr["number"]), str(pr["head"]["sha"]), str(pr["created_at"])
        except (KeyError, TypeError, ValueError):
            continue
        try:
            conclusion, title, summary = judge(number, head, opened, main_sha, now, work)
        except (forge.ForgeError, OSError) as exc:
            conclusion, title, summary = "failure", "复核出错", f"复核这个合并请求时出错：{exc}。下一次复核会重试。"
        try:
            forge.set_check(head, conclusion, title, summary, CHECK)
            print(f"#{number}: {conclusion}（{title}）")
        except forge.ForgeError as exc:
            print(f"::error title=#{number} 的复核结果未能写入::{exc}")
            unrecorded.append(number)
    if unrecorded:
        print(f"::error title=部分复核结果未能写入::{'、'.join(f'#{n}' for n in unrecorded)}；其余合并请求已复核。")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

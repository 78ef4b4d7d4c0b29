"""Benchmark: `audit` and `check --base` on a synthetic history of 2,000 commits and 10,000 files.

Run as a script: `python tests/benchmarks/bench_history.py [--commits 2000] [--files 10000]`.
The repository is written with one `git fast-import` stream (not a process per commit).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from generator.clock import Clock  # noqa: E402
from generator.history.audit import audit  # noqa: E402
from generator.history.change_check import check_change  # noqa: E402
from generator.model.programme import CHINA  # noqa: E402
from generator.model.units import UnitRegistry  # noqa: E402
from generator.validate.tree import load_submissions  # noqa: E402

ORGAN = """表: 领导机关立项申报表
单位: {unit}
项目名称: 项目{i}
主要内容: |
  第 {i} 个合成项目的主要内容。
单位意见:
  意见: 同意申报。
  领导签字: 某某
  日期: {year}-03-05
评选内容:
  - 协调劳动关系
"""
ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(root: Path, *args: str, stdin: bytes | None = None) -> str:
    proc = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, env=ENV, check=True)
    return proc.stdout.decode()


def organs(root: Path) -> list[tuple[str, str]]:
    subs = load_submissions(root, only=[])
    assert isinstance(subs.units, UnitRegistry)
    return [(u.id, u.name) for u in subs.units.units if u.parent is None]


def data(text: str | bytes) -> bytes:
    raw = text.encode() if isinstance(text, str) else text
    return b"data %d\n" % len(raw) + raw + b"\n"


def stream(root: Path, commits: int, files: int) -> bytes:
    """One fast-import stream: the registry first, then `files` registrations over `commits` commits."""
    units = organs(root)
    per_commit = max(1, files // commits)
    out = bytearray()
    start = datetime(2016, 1, 4, 9, 0, tzinfo=CHINA)
    for n in range(commits + 1):
        when = start + timedelta(hours=44 * n)  # ~10 years, across every deadline
        out += b"commit refs/heads/main\n"
        out += b"committer Bench <bench@example.org> %d +0800\n" % int(when.timestamp())
        out += data(f"commit {n}")
        if n == 0:
            for name in ("units.yaml", "programme.yaml"):
                out += b"M 100644 inline submissions/%s\n" % name.encode() + data(
                    (root / "submissions" / name).read_bytes()
                )
            continue
        if n % 200 == 0:  # the office adjusts the calendar now and then: the audit reads each version
            text = (root / "submissions/programme.yaml").read_text(encoding="utf-8")
            text += f"日程调整:\n  {when.year}:\n    通报截止: {when.year}-11-30\n    说明: 第 {n} 次提交时确认。\n"
            out += b"M 100644 inline submissions/programme.yaml\n" + data(text)
        for k in range(per_commit):
            i = (n - 1) * per_commit + k
            unit_id, unit_name = units[i % len(units)]
            text = ORGAN.format(unit=unit_name, i=i, year=when.year)
            out += b"M 100644 inline submissions/%d/%s/p%d.yaml\n" % (when.year, unit_id.encode(), i) + data(text)
    return bytes(out)


def build(root: Path, commits: int, files: int) -> float:
    began = time.perf_counter()
    git(root, "init", "-q", "-b", "main")
    git(root, "fast-import", "--quiet", stdin=stream(root, commits, files))
    git(root, "reset", "-q", "--hard", "main")
    return time.perf_counter() - began


def one_file_change(root: Path) -> None:
    git(root, "checkout", "-q", "-b", "pr")
    target = root / "submissions/2026/xigang/bench-new.yaml"
    target.write_text(ORGAN.format(unit="大连市西岗区总工会", i="新", year=2026), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "-c", "user.name=张志刚", "-c", "user.email=zhangzhigang@xigang.example.org", "commit", "-q", "-m", "new")


def timed(label: str, fn, repeat: int = 3):
    best, result = float("inf"), None
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - began)
    print(f"{label:<52} {best * 1000:8.0f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--files", type=int, default=10000)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-history-"))
    try:
        (root / "submissions").mkdir()
        for name in ("units.yaml", "programme.yaml"):
            text = (ROOT / "submissions" / name).read_text(encoding="utf-8")
            if name == "programme.yaml":
                text = "\n".join(line for line in text.splitlines() if not line.startswith("审计起点")) + "\n"
            (root / "submissions" / name).write_text(text, encoding="utf-8")
        print(f"built {args.commits} commits, {args.files} files in {build(root, args.commits, args.files):.1f} s")
        subs = timed("load_submissions (all files, for reference)", lambda: load_submissions(root))
        # The floor of issue 13's table: the one git log the audit cannot do without.
        log = ["git", "log", "--first-parent", "--name-status"]
        timed(
            "git log --first-parent --name-status (reference)",
            lambda: subprocess.run(log, cwd=root, capture_output=True, env=ENV, check=True),
        )
        report = timed("audit (one first-parent git log pass)", lambda: audit(root, subs))
        print(f"  {report.commits} commits, {len(report.landings)} landings, {len(report.late())} late")
        one_file_change(root)
        clock = Clock.from_args("2026-03-15T10:00:00", None)
        subs = load_submissions(root)
        change = timed(
            "check --base, history part (diff, calendar, signers)", lambda: check_change(root, "main", clock, subs)
        )
        print(f"  {len(change.changes)} changed file(s), {len(change.findings)} finding(s)")
        cli = [sys.executable, "-m", "generator", "check", "--base", "main", "--now", "2026-03-15T10:00:00"]
        timed(
            "check --base, whole command (loads all files)",
            lambda: subprocess.run(cli, cwd=root, capture_output=True, env={**ENV, "PYTHONPATH": str(ROOT)}),
            repeat=1,
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()

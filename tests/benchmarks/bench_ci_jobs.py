"""Wall time of the filing job, step by step, and of the test job's test command.

    python tests/benchmarks/bench_ci_jobs.py [--tests]

1. The filing job's install (.github/scripts/install-check.sh) in a clean copy of this commit:
   once to warm a private pip cache, then again from a fresh venv with the warm cache (what a
   hosted runner does after actions/setup-python restores the cache), each command timed.
   This step uses the package registry (pip), which is why it is a script and not a test.
2. The filing job itself on the simulated runner (tests/runner): every step of checks.yml's
   `filing` job on GitHub's test merge of a pull request with one registration.
3. The filing job's environment as check-env.sh makes it: cold, with a warm pip cache, and
   restored from main's cache (actions/cache/restore, as checks.yml must do); then the filer's
   answer: the environment plus the job's steps.
4. With --tests: the test job's command (the last line of .ci/run) on this machine.
This machine is shared, so wall times can be several times the CPU times printed beside them; a
hosted runner's wall time is close to the CPU time plus network waits. Not measured (they need GitHub): queueing for a runner, actions/checkout's fetch over the
network, actions/setup-python's cache download.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "tests"), str(REPO)]


def install_timings(work: Path) -> list[tuple[str, float]]:
    """Each command of install-check.sh, timed with bash's xtrace (PS4 carries a timestamp)."""
    env = {**os.environ, "PIP_CACHE_DIR": str(work / "pip-cache")}
    # PS4 is set inside: bash ignores it from the environment when run as root.
    trace = "PS4='+|$EPOCHREALTIME|'; set -x; source .github/scripts/install-check.sh"
    proc = subprocess.run(["bash", "-c", trace], cwd=work / "repo", env=env, capture_output=True, text=True, check=True)
    ended = time.time()
    marks = [m.groups() for m in re.finditer(r"(?m)^\++\|([0-9.]+)\|(.*)$", proc.stderr)]
    timed = [
        (command, (float(marks[i + 1][0]) if i + 1 < len(marks) else ended) - float(stamp))
        for i, (stamp, command) in enumerate(marks)
    ]
    return [(command, seconds) for command, seconds in timed if command.startswith("python3")]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_install() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "repo").mkdir()
        archive = subprocess.run(["git", "archive", "HEAD"], cwd=REPO, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(work / "repo")], input=archive, check=True)
        cold = install_timings(work)
        shutil.rmtree(work / "repo/.venv")
        started, used = time.monotonic(), children_cpu()
        warm = install_timings(work)
        total, cpu = time.monotonic() - started, children_cpu() - used
    print("filing job install (install-check.sh), cold pip cache:")
    for command, seconds in cold:
        print(f"  {seconds:6.2f} s  {command}")
    print("filing job install, fresh venv, warm pip cache:")
    for command, seconds in warm:
        print(f"  {seconds:6.2f} s  {command}")
    print(f"  {total:6.2f} s  total wall time ({cpu:.2f} s of CPU: user + system)")


def env_timings(pip_cache: Path | None = None) -> dict[str, float]:
    """The filing job's environment through .github/scripts/check-env.sh, in a clean clone of this
    commit: cold (no venv, an empty pip cache: every wheel downloaded), warm pip cache (no venv), and
    restored (the venv as actions/cache/restore puts it back from main's cache: only the stamp is
    checked). Uses the package registry (pip)."""
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run(["git", "clone", "-q", str(REPO), str(work / "judge")], check=True)
        env = {**os.environ, "PIP_CACHE_DIR": str(pip_cache or work / "pip-cache")}
        script = ["bash", str(work / "judge/.github/scripts/check-env.sh"), "install", str(work / "judge")]
        for label in ("cold", "warm pip cache", "restored from main's cache"):
            if label == "warm pip cache":
                shutil.rmtree(work / "venv")
            started = time.monotonic()
            subprocess.run([*script, str(work / "venv")], env=env, check=True, capture_output=True)
            times[label] = time.monotonic() - started
    return times


def bench_env() -> dict[str, float]:
    times = env_timings()
    print("filing job environment (check-env.sh install):")
    for label, seconds in times.items():
        print(f"  {seconds:6.2f} s  {label}")
    return times


def bench_filing_job() -> float:
    import pytest  # noqa: F401  (the runner package imports test helpers that import pytest)
    from conftest import SAMPLE
    from gitrepo import GRASSROOTS, LINNA, LINNA_ACCOUNT
    from runner.scenario import Site

    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        (tree / "submissions").mkdir(parents=True)
        for name in ("units.yaml", "programme.yaml"):
            shutil.copy(SAMPLE / name, tree / "submissions" / name)
        (Path(tmp) / "forge").mkdir()
        site = Site.create(Path(tmp) / "forge", tree)
        try:
            site.author.branch("pr")
            site.author.write(
                "submissions/2026/xigang-bayi-street/legal-aid.yaml", GRASSROOTS.format(name="社区法律援助驿站")
            )
            site.author.commit("Register", "2026-03-05T08:55:00+08:00", LINNA)
            site.push(1, "2026-03-05T09:00:00+08:00")  # opened: GitHub creates the run of main's checks.yml
            site.approve(1, LINNA_ACCOUNT, "2026-03-05T09:00:00+08:00")
            started = time.monotonic()
            job = site.checks_job(1, now="2026-03-05T09:01:00+08:00", action="opened")
            total = time.monotonic() - started
        finally:
            site.close()
    print("filing job on the simulated runner (checks.yml, job `filing`):")
    for step in job.steps:
        shown = f"{step.seconds:6.2f} s" if step.code is not None else "   -    "
        shown += f" (CPU {step.cpu:5.2f} s)" if step.code is not None else " " * 17
        print(f"  {shown}  {step.name}{'  (' + step.note + ')' if step.note else ''}  exit={step.code}")
    print(f"  {total:6.2f} s  total, including the harness preparing the test merge and the workspace")
    return total


def bench_tests() -> None:
    command = (REPO / ".ci/run").read_text(encoding="utf-8").strip().splitlines()[-1]
    started = time.monotonic()
    proc = subprocess.run(command, shell=True, cwd=REPO, capture_output=True, text=True)
    print(f"test job command `{command}`: {time.monotonic() - started:.1f} s; {proc.stdout.strip().splitlines()[-1]}")


def filer_answer(env: dict[str, float], job: float) -> list[tuple[str, float]]:
    """From the job's start to its verdict: the environment, then the job's own steps (the harness
    stands in for the install). Not counted: queueing, checkout over the network, the cache download."""
    return [
        ("warm (the checker's environment restored from main's cache)", env["restored from main's cache"] + job),
        ("cold (no cache at all: every wheel downloaded)", env["cold"] + job),
    ]


if __name__ == "__main__":
    bench_install()
    env = bench_env()
    job = bench_filing_job()
    print("the filer's answer, from the job's start to its verdict:")
    for label, seconds in filer_answer(env, job):
        print(f"  {seconds:6.2f} s  {label}")
    if "--tests" in sys.argv:
        bench_tests()

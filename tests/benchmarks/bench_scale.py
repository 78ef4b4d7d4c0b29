"""Issue 23's table in one run: each step of this project beside the floor it cannot go below.

    python tests/benchmarks/bench_scale.py --n 1000 10000 [--runs 3] [--json out.json]
    python tests/benchmarks/bench_scale.py --n 20 --quick        # what the test runs

For each N, a synthetic repository (`synth.py`: registry, a year of N registrations with their
lifecycle, a git history landing them) is written to a temp folder, and each step runs in a fresh
process beside its floor, alternately (paired runs), `--runs` times; the table gives the medians
of the seconds, the peak memory of each process (its own `ru_maxrss`, reported by a small launcher that
forks it: see measure.py) and the ratio.

    full `check` (no cache)        PyYAML CSafeLoader read + parse of the same files
    one-file `check --base` (warm) python: parse that file, one small pydantic model, GitPython's diff
      a new year's filing, beside N of the year before: check --base reads the years a change touches
    the same, in the N filings' year  the same floor
      a filing added to the year of the N: that year is read whole (from the cache)
    `shuangchuang --version`       python -c "import yaml"
    `audit`                        the same `git log --first-parent --name-status` read through GitPython
    `build` (fresh checkout)       bare `mkdocs build` of as many pages of the same size, same theme, search
                                   (bare_site.py: each page mirrored at its path, as long, searched or not as ours)
    rebuild after a one-file change  a build of the same commit in a fresh clone (byte-identical or not)

Then the flatness of the one-file check in N and, unless --no-ci-job, the filing job on the runner
harness (tests/runner: checks.yml's `filing` job, its install replaced by the harness).

A measurement, not a test: nothing here passes or fails on time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bare_site
import synth
from measure import baseline, measured

REPO = synth.REPO
PY = sys.executable
NOW = f"{synth.YEAR}-12-01T10:00:00"
PR_NOW = f"{synth.YEAR + 1}-03-05T10:00:00"
SAME_YEAR_NOW = f"{synth.YEAR}-03-05T10:00:00"
PARSE_FLOOR = """
import sys, yaml
with open(sys.argv[1], encoding="utf-8") as listed:  # a list: 100,000 paths are too long for argv
    paths = listed.read().splitlines()
for path in paths:
    with open(path, "rb") as f:
        yaml.load(f.read(), Loader=yaml.CSafeLoader)
"""
# What a one-file `check --base` cannot avoid with the chosen libraries: parse that file, validate one
# small pydantic model, and GitPython opening the repository and running the diff against the base.
BASE_FLOOR = """
import sys, yaml, pydantic, git
class Form(pydantic.BaseModel):
    name: str
    unit: str
with open(sys.argv[1], "rb") as f:
    data = yaml.load(f.read(), Loader=yaml.CSafeLoader)
Form.model_validate({"name": str(data.get("项目名称")), "unit": str(data.get("单位"))})
repo = git.Repo(".")
repo.commit("main").diff(None)
"""
# What the audit cannot avoid: the same first-parent log, read through GitPython.
AUDIT_FLOOR = """
import git
git.Repo(".").git.log("--first-parent", "--no-renames", "--name-status", "-z", "--format=%x00%H%x00%ct%x00%s")
"""
STEPS = [
    "full `check`",
    "one-file `check --base`",
    "one-file `check --base`, same year",
    "`shuangchuang --version`",
    "`audit`",
    "`build`",
    "rebuild after a one-file change",
]
KEYS = dict(zip(["check", "base", "base-same-year", "version", "audit", "build", "rebuild"], STEPS, strict=True))
GITPYTHON_BASE = "python: parse that file, one small pydantic model, GitPython opens the repository and runs the diff"


@dataclass
class Run:
    seconds: float
    mib: float


@dataclass
class Row:
    n: int
    step: str
    ours: Run
    floor_name: str
    floor: Run

    @property
    def ratio(self) -> float:
        return self.ours.seconds / self.floor.seconds if self.floor.seconds else float("nan")

    @property
    def memory_ratio(self) -> float:
        return self.ours.mib / self.floor.mib if self.floor.mib else float("nan")


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, ok: tuple[int, ...] = (0, 1)) -> Run:
    """One process: wall seconds and its own peak memory (measured from a launcher, see measure.py)."""
    done = measured(cmd, cwd, env or _env())
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}) in {cwd}:\n{done.stderr[-3000:]}")
    return Run(done.seconds, done.mib)


def _env(**extra: str) -> dict[str, str]:
    env = {**synth.ENV, "PYTHONPATH": str(REPO), **extra}
    env.pop("SHUANGCHUANG_NO_CACHE", None)
    env.update(extra)
    return env


def paired(
    ours: list[str],
    floor: list[str],
    cwd: Path,
    runs: int,
    ours_env: dict[str, str] | None = None,
    floor_cwd: Path | None = None,
    before=None,
) -> tuple[Run, Run]:
    mine, theirs = [], []
    for _ in range(runs):
        if before:
            before()
        mine.append(run(ours, cwd, ours_env))
        theirs.append(run(floor, floor_cwd or cwd))
    return _median(mine), _median(theirs)


def _median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.seconds for r in runs), statistics.median(r.mib for r in runs))


def cli(*args: str) -> list[str]:
    return [PY, "-m", "generator", *args]


def measure(n: int, runs: int, build_runs: int, scratch: Path, steps: set[str] | None = None) -> list[Row]:
    """The rows of one N (`steps`: only these of KEYS' names)."""
    wanted = set(STEPS) if steps is None else {KEYS[k] for k in steps}
    root = scratch / f"n{n}"
    synth.make_repo(root, n)
    files = sorted(str(p) for p in (root / "submissions").rglob("*.yaml") if "schemas" not in p.parts)
    cache_home = scratch / f"cache-{n}"
    cold = _env(SHUANGCHUANG_NO_CACHE="1", XDG_CACHE_HOME=str(cache_home))
    warm = _env(XDG_CACHE_HOME=str(cache_home))
    rows = []
    if STEPS[0] in wanted:
        listed = scratch / f"files-{n}.txt"
        listed.write_text("\n".join(files), encoding="utf-8")
        ours, floor = paired(cli("check", "--now", NOW), [PY, "-c", PARSE_FLOOR, str(listed)], root, runs, cold)
        rows.append(Row(n, STEPS[0], ours, "PyYAML `CSafeLoader` read + parse of the same files", floor))
    if STEPS[4] in wanted:
        ours, floor = paired(cli("audit"), [PY, "-c", AUDIT_FLOOR], root, runs)
        rows.append(
            Row(n, STEPS[4], ours, "the same `git log --first-parent --name-status` read through GitPython", floor)
        )
    for step, year, now in ((STEPS[1], synth.YEAR + 1, PR_NOW), (STEPS[2], synth.YEAR, SAME_YEAR_NOW)):
        if step not in wanted:
            continue
        run(cli("check", "--now", NOW), root, warm)  # the cache, as main's last check left it
        changed, approvals = synth.one_file_change(root, year)
        ours, floor = paired(
            cli("check", "--base", "main", "--now", now, "--approvals", str(approvals)),
            [PY, "-c", BASE_FLOOR, str(root / changed)],
            root,
            runs,
            warm,
        )
        rows.append(Row(n, step, ours, GITPYTHON_BASE, floor))
        synth.git(root, "checkout", "-q", "main")
    if STEPS[3] in wanted:
        ours, floor = paired(cli("--version"), [PY, "-c", "import yaml"], root, runs)
        rows.append(Row(n, STEPS[3], ours, '`python -c "import yaml"`', floor))
    if STEPS[5] in wanted or STEPS[6] in wanted:
        built = _build_row(n, root, scratch, build_runs)
        rows.append(built)
        if STEPS[6] in wanted:
            rows.append(_rebuild_row(n, root, scratch, built, build_runs))
    shutil.rmtree(root, ignore_errors=True)
    return sorted(rows, key=lambda r: STEPS.index(r.step))


def _build_row(n: int, root: Path, scratch: Path, runs: int) -> Row:
    """Each of our builds as the deploy makes it, from a fresh checkout (no QR cache in .build/cache, no
    filing cache), beside the bare MkDocs project that mirrors the pages of our first build."""
    build = cli("--root", str(root), "build", "--now", NOW)
    cache_home = scratch / f"build-cache-{n}"
    env = _env(XDG_CACHE_HOME=str(cache_home))

    def ours() -> Run:
        shutil.rmtree(root / ".build/cache", ignore_errors=True)
        shutil.rmtree(cache_home, ignore_errors=True)
        return run(build, REPO, env, ok=(0,))

    first = ours()
    pages = sum(1 for p in (root / "site").rglob("*.html") if p.name != "404.html")
    bare = scratch / f"bare-{n}"
    config = bare_site.mirror(root / "site", bare, root / ".build/search/userdict.txt")
    floor_cmd = [PY, "-m", "mkdocs", "build", "-q", "-f", str(config)]
    mine, theirs = [first], [run(floor_cmd, bare, ok=(0,))]
    for _ in range(runs - 1):
        mine.append(ours())
        theirs.append(run(floor_cmd, bare, ok=(0,)))
    shutil.rmtree(bare, ignore_errors=True)
    return Row(
        n,
        STEPS[5],
        _median(mine),
        f"bare `mkdocs build`, {pages:,} pages of the same size, same theme and search",
        _median(theirs),
    )


def _rebuild_row(n: int, root: Path, scratch: Path, full: Row, runs: int) -> Row:
    """After our last build, one registration of the crowded year edited and committed; the rebuild
    beside the full build of the same commit in a fresh clone (whose output must be the same bytes)."""
    build = cli("--root", str(root), "build", "--now", NOW)
    env = _env(XDG_CACHE_HOME=str(scratch / f"build-cache-{n}"))
    mine, theirs, same = [], [], True
    for k in range(runs):
        path = sorted((root / f"submissions/{synth.YEAR}").rglob("p*.yaml"))[n // 2 + k]
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("主要内容: |\n", f"主要内容: |\n  第 {k + 1} 次修改。\n", 1), encoding="utf-8")
        synth.git(root, "-c", "user.name=Bench", "-c", "user.email=bench@example.org", "commit", "-qam", f"edit {k}")
        mine.append(run(build, REPO, env, ok=(0,)))
        clean = scratch / f"clean-{n}"
        shutil.rmtree(clean, ignore_errors=True)
        synth.git(root.parent, "clone", "-q", str(root), str(clean))
        clean_env = _env(XDG_CACHE_HOME=str(scratch / f"clean-cache-{n}-{k}"))
        theirs.append(run(cli("--root", str(clean), "build", "--now", NOW), REPO, clean_env, ok=(0,)))
        same = same and _same_tree(root / "site", clean / "site")
        shutil.rmtree(clean, ignore_errors=True)
    floor = f"a build of the same commit in a fresh clone (output {'byte-identical' if same else 'DIFFERENT'})"
    return Row(n, STEPS[6], _median(mine), floor, _median(theirs))


def _same_tree(a: Path, b: Path) -> bool:
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    if files != sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file()):
        return False
    return all((a / f).read_bytes() == (b / f).read_bytes() for f in files)


def flatness(rows: list[Row]) -> list[str]:
    """Target 1's second half: the one-file check in the crowded year, at the largest N against the smallest."""
    same = sorted((r for r in rows if r.step == STEPS[2]), key=lambda r: r.n)
    if len(same) < 2:
        return []
    small, large = same[0], same[-1]
    return [
        f"one-file `check --base`, same year: {large.ours.seconds:.2f} s at {large.n:,} against "
        f"{small.ours.seconds:.2f} s at {small.n:,}: {large.ours.seconds / small.ours.seconds:.2f}× (target ≤ 1.2×)"
    ]


def ci_job() -> list[str]:
    """The filing job on the simulated runner (tests/runner): its steps, the install stood in for."""
    import bench_ci_jobs

    total = bench_ci_jobs.bench_filing_job()
    return [f"filing job on the runner harness (its steps; the install stood in for): {total:.2f} s"]


def table(rows: list[Row]) -> str:
    lines = ["| N | step | this project | floor measured in the same run | ratio |", "|---|---|---|---|---|"]
    for r in rows:
        lines.append(
            f"| {r.n:,} | {r.step} | {r.ours.seconds:.2f} s, {r.ours.mib:.0f} MiB | {r.floor_name}, "
            f"{r.floor.seconds:.2f} s, {r.floor.mib:.0f} MiB | {r.ratio:.2f}× time, "
            f"{r.memory_ratio:.2f}× memory |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000], help="registrations per run")
    parser.add_argument("--runs", type=int, default=3, help="paired runs per step (medians reported)")
    parser.add_argument("--build-runs", type=int, default=None, help="paired runs of the build (default: --runs)")
    parser.add_argument("--quick", action="store_true", help="one run of each (the test's smoke run)")
    parser.add_argument("--json", type=Path, default=None, help="also write the rows here")
    parser.add_argument("--steps", nargs="+", choices=list(KEYS), default=None, help="only these rows (default: all)")
    parser.add_argument("--no-ci-job", action="store_true", help="leave out the filing job on the runner harness")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    build_runs = 1 if args.quick else (args.build_runs or args.runs)
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}, "
        f"memory resolution {baseline():.1f} MiB (a launched `true`)",
        flush=True,
    )
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as scratch:
        for n in args.n:
            rows.extend(measure(n, runs, build_runs, Path(scratch), set(args.steps) if args.steps else None))
            print(table([r for r in rows if r.n == n]), flush=True)
    print("\n" + table(rows))
    for line in flatness(rows):
        print(line)
    if not args.no_ci_job:
        for line in ci_job():
            print(line)
    if args.json:
        args.json.write_text(
            json.dumps(
                [{**asdict(r), "ratio": r.ratio, "memory_ratio": r.memory_ratio} for r in rows],
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()

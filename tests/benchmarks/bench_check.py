"""How long `shuangchuang check` takes on the sample tree and on the tree copied N times.

    python tests/benchmarks/bench_check.py              # sample, x100
    python tests/benchmarks/bench_check.py --copies 100 300 --profile

A copy keeps the tree valid: every registration is copied within its year under a new project
id (`<id>-cNNN`) and a new project name, and every forwarding list gains the copies of its
items, so the copy exercises the same rules as the sample, with no findings. Times are wall
clock of the real CLI in a fresh process (best of --runs), plus the loader in-process.
A measurement, not a test: nothing here passes or fails on time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from generator.filings import parse_filing  # noqa: E402
from generator.paths import FilingPath, Kind, classify  # noqa: E402
from generator.read.source import Source  # noqa: E402
from generator.validate.tree import load_submissions  # noqa: E402

ITEM = re.compile(r"^  - 单位: (?P<unit>\S+)\n    项目: (?P<project>\S+)\n(?P<rest>(?:    .*\n)+)", re.M)


def copy_tree(target: Path, copies: int) -> int:
    """The sample submissions/, each registration `copies` times; returns the number of files."""
    shutil.copytree(REPO / "submissions", target / "submissions")
    years = sorted(p for p in (target / "submissions").iterdir() if re.fullmatch(r"20\d\d", p.name))
    for year in years:
        for form in sorted(year.glob("*/*.yaml")):
            where = classify(form.relative_to(target).as_posix())
            kind = where.kind if isinstance(where, FilingPath) else None
            if kind is Kind.FORWARDING:
                _multiply_forwarding(form, copies)
            elif kind is Kind.REGISTRATION:
                _multiply_registration(form, copies)  # later filings (tracking, review…) stay as they are
    return sum(1 for p in (target / "submissions").rglob("*.yaml") if "schemas" not in p.parts)


def _multiply_registration(form: Path, copies: int) -> None:
    text = form.read_text(encoding="utf-8")
    for k in range(1, copies):
        renamed = re.sub(r"^(项目名称: )(.*)$", lambda m, k=k: f"{m[1]}{m[2]}（第{k}批）", text, count=1, flags=re.M)
        (form.parent / f"{form.stem}-c{k:03d}.yaml").write_text(renamed, encoding="utf-8")


def _multiply_forwarding(form: Path, copies: int) -> None:
    text = form.read_text(encoding="utf-8")
    items = [m.group(0) for m in ITEM.finditer(text)]
    extra = [
        item.replace(f"项目: {m['project']}\n", f"项目: {m['project']}-c{k:03d}\n")
        for k in range(1, copies)
        for item, m in zip(items, ITEM.finditer(text), strict=True)
    ]
    form.write_text(text + "".join(extra), encoding="utf-8")


def time_cli(root: Path, runs: int) -> tuple[float, str]:
    best, out = float("inf"), ""
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "generator", "check"],
            cwd=root,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        )
        best = min(best, time.perf_counter() - start)
        out = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr
        if proc.returncode != 0:
            raise SystemExit(f"check failed on {root}:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return best, out


def time_in_process(root: Path, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subs = load_submissions(root)
        best = min(best, time.perf_counter() - start)
        assert subs.ok
    return best


def time_bombs() -> None:
    where = classify("submissions/2026/xigang/bomb.yaml")
    laughs = "a: &a [哈, 哈]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    for name, text in [
        ("billion laughs", laughs),
        ("[[[…]]] 10,000 deep", "[" * 10_000 + "]" * 10_000),
        ("256 KB of one flat list", "[" + "哈," * 80_000 + "]"),
    ]:
        start = time.perf_counter()
        _, findings = parse_filing(where, Source(where.path, text))  # type: ignore[arg-type]
        took = (time.perf_counter() - start) * 1000
        print(f"  {name:28s} {took:8.2f} ms  → {findings[0].code}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, nargs="*", default=[100])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile the loader on the largest tree")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}")
    print(f"{'tree':>12s} {'files':>7s} {'CLI (s)':>9s} {'files/s':>9s} {'in-process (s)':>15s}")
    cases = [("sample", REPO, None)]
    with tempfile.TemporaryDirectory() as scratch:
        for n in args.copies:
            root = Path(scratch) / f"x{n}"
            cases.append((f"x{n}", root, copy_tree(root, n)))
        for name, root, _ in cases:
            files = load_submissions(root).files
            cli, summary = time_cli(root, args.runs)
            inner = time_in_process(root, args.runs)
            print(f"{name:>12s} {files:7d} {cli:9.3f} {files / cli:9.0f} {inner:15.3f}   {summary}")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(load_submissions, cases[-1][1])
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    print("Bombs, parsed in-process:")
    time_bombs()


if __name__ == "__main__":
    main()

"""Benchmark: the public site at scale, beside bare MkDocs. Run:

    python tests/benchmarks/bench_site.py [N ...]        # default 1000 10000

Writes N synthetic registrations for one year (every sample unit, grassroots ones forwarded by
their parents) as real files into a temp repository, then runs `shuangchuang build` in a real
process and reports its wall time and peak memory (its own max RSS, see measure.py), the size of the output,
and the size of the search indexes. Beside it, the floor: a bare `mkdocs build` (same theme,
same search plugin and settings, no hook) of as many pages as the site has, at the same paths,
with the same search exclusions, each a plain Markdown page of the same size as that page's
content. The first build of a tree also encodes every QR code (no .build/cache yet); then
--runs paired runs (ours, then bare) are timed and their medians compared. Also builds the
shipped sample data. Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "tests/benchmarks"))

import bare_site  # noqa: E402
import measure  # noqa: E402
from site_data import fresh_tree, write_synthetic  # noqa: E402

NOW = "2026-11-25"


@dataclass
class Run:
    seconds: float
    peak_mib: float


def measured(cmd: list[str], cwd: Path) -> Run:
    """Wall time and the process's own peak RSS, from a launcher (measure.py: not the benchmark's RSS)."""
    done = measure.measured(cmd, cwd, keep_stdout=True)
    if done.returncode != 0:
        raise SystemExit(done.stdout + done.stderr)
    return Run(done.seconds, done.mib)


def build(root: Path) -> Run:
    return measured([sys.executable, "-m", "generator", "--root", str(root), "build", "--now", NOW], REPO)


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def report(label: str, root: Path, run: Run, projects: int) -> None:
    site = root / "site"
    pages = sum(1 for _ in site.rglob("*.html"))
    search = _size(site / "search/search_index.json")
    finder = sum(_size(p) for p in (site / "data").glob("finder-*.js"))
    table = sum(_size(p) for p in (site / "data").glob("table-*.js"))
    per = f"{finder / projects:.0f} B/项目" if projects else "-"
    print(
        f"{label}: build {run.seconds:.1f} s, peak {run.peak_mib:.0f} MiB, {pages} pages, "
        f"site {_size(site) / 1e6:.1f} MB; theme search index {search / 1e3:.0f} KB; "
        f"finder {finder / 1e3:.0f} KB ({per}); table data {table / 1e3:.0f} KB"
    )


def bare_build(config: Path) -> Run:
    return measured([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config)], config.parent)


def main(counts: list[int], runs: int) -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample"
        shutil.copytree(REPO / "submissions", sample / "submissions")
        report("sample data", sample, build(sample), len(list((sample / "submissions").glob("20*/*/*.yaml"))))
        for count in counts:
            root = fresh_tree(Path(tmp) / f"n{count}")
            write_synthetic(root, count, 2026)
            # The first build encodes every QR code (a fresh checkout without .build/cache); the
            # paired runs after it reuse them, as a rebuild after a merge does.
            cold = build(root)
            report(f"{count} filings, first build", root, cold, count)
            bare = bare_site.mirror(root / "site", Path(tmp) / f"bare{count}", root / ".build/search/userdict.txt")
            ours, floor = [], []
            for _ in range(runs):
                ours.append(build(root))
                floor.append(bare_build(bare))
            pages = sum(1 for _ in (root / "site").rglob("*.html"))
            rows.append((count, pages, cold, ours, floor))
            shutil.rmtree(root)
            shutil.rmtree(bare.parent)
    print()
    print("| N | pages | first build s | build s | bare MkDocs s | ratio | build MiB | bare MiB | ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    for count, pages, cold, ours, floor in rows:
        t, ft = statistics.median(r.seconds for r in ours), statistics.median(r.seconds for r in floor)
        m, fm = statistics.median(r.peak_mib for r in ours), statistics.median(r.peak_mib for r in floor)
        print(
            f"| {count:,} | {pages:,} | {cold.seconds:.1f} | {t:.1f} | {ft:.1f} | {t / ft:.2f}× | {m:.0f} | {fm:.0f} "
            f"| {m / fm:.2f}× |"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=1, help="paired runs per N (medians reported)")
    args = parser.parse_args()
    main(args.counts, args.runs)

"""Benchmark: the public site at scale. Run: python tests/benchmarks/bench_site.py [N ...] (default 1000 10000)

Writes N synthetic registrations for one year (every sample unit, grassroots ones forwarded by
their parents) as real files into a temp repository, then runs `shuangchuang build` in a real
process and reports its time, the size of the output, and the size of the search indexes: the
theme's (prose pages only) and our per-year project finder and registry table data.
Also builds the shipped sample data. Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))

from site_data import fresh_tree, write_synthetic  # noqa: E402

NOW = "2026-11-25"


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def build(root: Path) -> float:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build", "--now", NOW],
                          cwd=REPO, capture_output=True, text=True, encoding="utf-8")
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(proc.stdout + proc.stderr)
    return elapsed


def report(label: str, root: Path, seconds: float, projects: int) -> None:
    site = root / "site"
    pages = sum(1 for _ in site.rglob("*.html"))
    search = _size(site / "search/search_index.json")
    finder = sum(_size(p) for p in (site / "data").glob("finder-*.js"))
    table = sum(_size(p) for p in (site / "data").glob("table-*.js"))
    exports = _size(site / "2026/exports") if (site / "2026/exports").is_dir() else 0
    per = f"{finder / projects:.0f} B/项目" if projects else "-"
    print(f"{label}: build {seconds:.1f} s, {pages} pages, site {_size(site) / 1e6:.1f} MB, "
          f"docs tree {_size(root / '.build/docs') / 1e6:.1f} MB; theme search index {search / 1e3:.0f} KB; "
          f"finder {finder / 1e3:.0f} KB ({per}); table data {table / 1e3:.0f} KB; exports 2026 {exports / 1e6:.2f} MB")


def main(counts: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample"
        shutil.copytree(REPO / "submissions", sample / "submissions")
        seconds = build(sample)
        report("sample data", sample, seconds, len(list((sample / "submissions").glob("20*/*/*.yaml"))))
        for count in counts:
            root = fresh_tree(Path(tmp) / f"n{count}")
            write_synthetic(root, count, 2026)
            seconds = build(root)
            report(f"{count} filings", root, seconds, count)
            # A merge changes a file or two: the rebuild reuses the cached QR codes and rewrites only
            # pages whose text changed (every form page names the new commit).
            print(f"{count} filings, rebuild: {build(root):.1f} s")
            shutil.rmtree(root)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])

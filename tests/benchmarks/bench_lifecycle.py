"""Benchmark: the lifecycle at scale. Run: python tests/benchmarks/bench_lifecycle.py [N ...]

Writes a year of N registrations with their lifecycle (`synth.py`, shared by the bench scripts) as real
files in a temp repository; then times loading with every rule, `derive_projects`, and the announcement. Prints
figures; asserts nothing about time.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402

from generator.clock import parse_time as parse_now  # noqa: E402
from generator.lifecycle.announcement import announcement_for, render_html, render_markdown  # noqa: E402
from generator.lifecycle.status import derive_projects  # noqa: E402
from generator.validate.tree import load_submissions  # noqa: E402

YEAR = synth.YEAR


def measure(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        synth.write_files(root, n, YEAR)
        start = time.perf_counter()
        subs = load_submissions(root)
        loaded = time.perf_counter()
        now = parse_now("2025-12-01")
        records = derive_projects(subs, now)
        derived = time.perf_counter()
        doc = announcement_for(subs, YEAR, now)
        assert doc is not None
        render_markdown(doc), render_html(doc)
        announced = time.perf_counter()
        errors = sum(f.is_error for f in subs.findings)
        print(
            f"{n:>6} registrations, {subs.files:>6} files, {errors} errors: load+rules {loaded - start:6.2f} s, "
            f"derive_projects {derived - loaded:6.3f} s ({len(records)} projects), "
            f"announcement {announced - derived:6.3f} s ({len(doc.awarded)} awards)"
        )


if __name__ == "__main__":
    for size in [int(a) for a in sys.argv[1:]] or [1000, 5000, 10000]:
        measure(size)

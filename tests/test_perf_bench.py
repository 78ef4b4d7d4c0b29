"""The scale benchmark cannot rot: at a tiny N it still prints every row of issue 23's table.
Timings are reported by the script, never asserted here."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO, _env

STEPS = [
    "full `check`",
    "one-file `check --base`",
    "one-file `check --base`, same year",
    "`shuangchuang --version`",
    "`audit`",
    "`build`",
    "rebuild after a one-file change",
]


def test_the_scale_benchmark_prints_every_row_with_numeric_ratios(tmp_path: Path) -> None:
    out = tmp_path / "rows.json"
    proc = subprocess.run(
        [sys.executable, str(REPO / "tests/benchmarks/bench_scale.py"), "--n", "20", "--quick", "--json", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(),
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    final = proc.stdout.split("\n\n")[-1]
    for step in STEPS:
        row = next(line for line in final.splitlines() if f"| 20 | {step} |" in line)
        assert re.search(r"\| \d+\.\d\d× time, \d+\.\d\d× memory \|$", row), row
    assert "byte-identical" in next(line for line in final.splitlines() if "| 20 | rebuild" in line)
    assert re.search(r"(?m)^filing job on the runner harness .*: \d+\.\d\d s$", final)
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert [r["step"] for r in rows] == STEPS
    assert all(r["ratio"] > 0 and r["memory_ratio"] > 0 for r in rows)


def test_the_synthetic_repository_is_deterministic_and_checks_clean(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "tests/benchmarks"))
    import synth

    assert synth.year_files(30) == synth.year_files(30)
    synth.make_repo(tmp_path / "repo", 30)
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--now", "2025-12-01"],
        cwd=tmp_path / "repo",
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(),
    )
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "没有发现问题" in proc.stdout

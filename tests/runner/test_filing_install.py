"""The filing job installs only .github/requirements/check.txt: that must be enough, and pinned."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from gitrepo import GRASSROOTS, LINNA, new_repo

from .harness import SOURCE

REQUIREMENTS = SOURCE / ".github/requirements"


def pins(path: Path) -> dict[str, str]:
    found = re.findall(r"(?m)^([A-Za-z0-9_.-]+)==([^\s;]+)", path.read_text(encoding="utf-8"))
    return {name.lower().replace("_", "-"): version for name, version in found}


def test_the_filing_lock_pins_the_same_versions_as_the_full_lock() -> None:
    check, full = pins(REQUIREMENTS / "check.txt"), pins(REQUIREMENTS / "test.txt")
    assert check and all(full.get(name) == version for name, version in check.items())
    assert {"pydantic", "pyyaml", "setuptools"} <= set(check)
    assert not {"mkdocs", "mkdocs-material", "jieba", "playwright", "pytest"} & set(check)


def test_check_runs_without_what_the_filing_job_does_not_install(tree: Path) -> None:
    """`check --base`, `codeowners --check`, `schema --check` and `forge` (the judge's commands) import
    nothing outside check.txt."""
    repo = new_repo(tree)
    repo.branch("pr")
    repo.write("submissions/2026/xigang-bayi-street/legal-aid.yaml", GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Register", "2026-03-05T09:00:00+08:00", LINNA)
    installed = pins(REQUIREMENTS / "check.txt")
    absent = sorted(
        {"mkdocs", "material", "jieba", "pypinyin", "cmarkgfm", "playwright", "pytest", "hypothesis", "git"}
        - {"git" if name == "gitpython" else name for name in installed}  # GitPython's module is `git`
    )
    blocker = f"import sys\nfor name in {absent!r}:\n    sys.modules[name] = None\n"
    commands = (
        ["check", "--base", "main", "--now", "2026-03-05T10:00:00"],
        ["schema"],
        ["codeowners"],
        ["forge", "arrivals", "--help"],
    )
    for args in commands:
        code = f"{blocker}from generator.cli import main\nsys.exit(main({args!r}))"
        proc = subprocess.run(
            [sys.executable, "-c", code],
            cwd=tree,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={"PYTHONPATH": str(SOURCE), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"},
        )
        assert "ModuleNotFoundError" not in proc.stderr and "ImportError" not in proc.stderr, proc.stderr
        # the command ran to its verdict (a finding is fine: the point is what it imports)
        assert proc.returncode in (0, 1) and proc.stdout.strip() and "Traceback" not in proc.stderr, proc.stderr

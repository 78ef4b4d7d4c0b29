"""Review routing: CODEOWNERS from the registry, the last matching line wins."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, run_cli


def owners_of(codeowners: str, path: str) -> list[str]:
    """GitHub's rule: the last line whose pattern matches the path decides its owners."""
    decided: list[str] = []
    for line in codeowners.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *owners = line.split()
        if _matches(pattern, path):
            decided = owners
    return decided


def _matches(pattern: str, path: str) -> bool:
    if pattern == "*":
        return True
    body = re.escape(pattern.lstrip("/")).replace(r"\*", "[^/]*")
    return re.fullmatch(body + (".*" if pattern.endswith("/") else "(/.*)?"), path) is not None


def test_the_committed_codeowners_matches_the_registry() -> None:
    result = run_cli("codeowners", "--check", cwd=REPO)
    assert result.code == 0, result.out


@pytest.fixture
def routed(tree: Path) -> str:
    assert run_cli("codeowners", cwd=tree).code == 0
    return (tree / ".github/CODEOWNERS").read_text(encoding="utf-8")


@pytest.mark.parametrize(("path", "owner"), [
    ("submissions/2026/xigang-bayi-street/legal-aid.yaml", "@dlftu-sample/xigang"),  # grassroots → parent
    ("submissions/2031/xigang-renmin-square/p.yaml", "@dlftu-sample/xigang"),  # any year; unit without reviewers
    ("submissions/2026/dalian-port/p.yaml", "@dlftu-sample/shiye"),  # directly under 事业发展部
    ("submissions/2026/xigang/mediation.yaml", "@dlftu-sample/kaoping-office"),  # organ → office
    ("submissions/2026/xigang/forwarding.yaml", "@dlftu-sample/kaoping-office"),
    ("submissions/2026/xigang-bayi-street/recommendation.yaml", "@dlftu-sample/kaoping-office"),
    ("submissions/2026/bangongshi/exceptions.yaml", "@dlftu-sample/kaoping-office"),
    ("submissions/2026/bangongshi/review.yaml", "@dlftu-sample/kaoping-office"),
    ("submissions/units.yaml", "@dlftu-sample/kaoping-office"),
    ("submissions/programme.yaml", "@dlftu-sample/kaoping-office"),
    ("submissions/schemas/units.schema.json", "@dlftu-sample/maintainers"),
    (".github/workflows/checks.yml", "@dlftu-sample/maintainers"),
    (".github/CODEOWNERS", "@dlftu-sample/maintainers"),
    ("generator/history/audit.py", "@dlftu-sample/maintainers"),
    ("pyproject.toml", "@dlftu-sample/maintainers"),
    ("mkdocs.yml", "@dlftu-sample/maintainers"),
    ("README.md", "@dlftu-sample/maintainers"),
])
def test_each_path_is_routed_to_the_one_body_whose_approval_counts(routed: str, path: str, owner: str) -> None:
    assert owners_of(routed, path) == [owner]


def test_no_line_is_left_without_an_owner(routed: str) -> None:
    lines = [line for line in routed.splitlines() if line.strip() and not line.startswith("#")]
    assert all(len(line.split()) >= 2 for line in lines)


def test_a_registry_change_makes_the_committed_file_stale(tree: Path) -> None:
    assert run_cli("codeowners", cwd=tree).code == 0
    assert run_cli("codeowners", "--check", cwd=tree).code == 0
    units = tree / "submissions/units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace(
        '审核账号: ["@dlftu-sample/xigang"]', '审核账号: ["@dlftu-sample/xigang-review"]'), encoding="utf-8")
    stale = run_cli("codeowners", "--check", cwd=tree)
    assert stale.code == 1 and "错误[E460]" in stale.out
    assert run_cli("codeowners", cwd=tree).code == 0
    assert run_cli("codeowners", "--check", cwd=tree).code == 0
    routed = (tree / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert owners_of(routed, "submissions/2026/xigang-bayi-street/p.yaml") == ["@dlftu-sample/xigang-review"]

"""Review routing: CODEOWNERS from the registry, the last matching line wins."""

from __future__ import annotations

from pathlib import Path

import pytest
from codeowners_rules import owners_of
from conftest import REPO, run_cli

from generator.ownership import owner_of, signer_accounts
from generator.submissions import load_settings


def test_the_committed_codeowners_matches_the_registry() -> None:
    result = run_cli("codeowners", "--check", cwd=REPO)
    assert result.code == 0, result.out


@pytest.fixture
def routed(tree: Path) -> str:
    assert run_cli("codeowners", cwd=tree).code == 0
    return (tree / ".github/CODEOWNERS").read_text(encoding="utf-8")


OFFICE = ["@bangongshi-yubo", "@bangongshi-lihong"]
MAINTAINERS = ["@dlftu-it-wanglei", "@dlftu-it-chenjing"]


@pytest.mark.parametrize(
    ("path", "owners"),
    [
        ("submissions/2026/xigang-bayi-street/legal-aid.yaml", ["@xigang-linna"]),  # the unit's own leader signs
        ("submissions/2031/xigang-renmin-square/p.yaml", ["@xigang-huangdeming"]),  # any year
        ("submissions/2026/xigang/mediation.yaml", ["@xigang-zhangzhigang"]),
        ("submissions/2026/xigang/forwarding.yaml", ["@xigang-zhangzhigang"]),  # the parent's opinion
        ("submissions/2026/xigang/tracking.yaml", ["@xigang-zhangzhigang"]),
        ("submissions/2026/bangongshi/tracking.yaml", OFFICE),
        ("submissions/2026/xigang/recommendation.yaml", ["@xigang-zhangzhigang"]),
        ("submissions/2026/bangongshi/exceptions.yaml", OFFICE),
        ("submissions/2026/xigang/exceptions.yaml", OFFICE),  # wherever it is
        ("submissions/2026/bangongshi/review.yaml", OFFICE),
        ("submissions/units.yaml", OFFICE),
        ("submissions/programme.yaml", OFFICE),
        ("submissions/schemas/units.schema.json", MAINTAINERS),
        (".github/workflows/checks.yml", MAINTAINERS),
        (".github/CODEOWNERS", MAINTAINERS),
        ("generator/history/audit.py", MAINTAINERS),
        ("pyproject.toml", MAINTAINERS),
        ("README.md", MAINTAINERS),
    ],
)
def test_each_path_is_routed_to_the_signers_of_the_body_that_owns_it(
    tree: Path, routed: str, path: str, owners: list[str]
) -> None:
    assert owners_of(routed, path) == owners
    # …and the check asks the same body for its signature: one table serves both.
    units = load_settings(tree).units
    assert [f"@{a}" for a in signer_accounts(owner_of(path, units), units)] == owners


def test_no_line_is_left_without_an_owner(routed: str) -> None:
    lines = [line for line in routed.splitlines() if line.strip() and not line.startswith("#")]
    assert all(len(line.split()) >= 2 for line in lines)


def test_a_registry_change_makes_the_committed_file_stale(tree: Path) -> None:
    assert run_cli("codeowners", cwd=tree).code == 0
    assert run_cli("codeowners", "--check", cwd=tree).code == 0
    units = tree / "submissions/units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace("账号: xigang-linna", "账号: xigang-linna-new"), encoding="utf-8"
    )
    stale = run_cli("codeowners", "--check", cwd=tree)
    assert stale.code == 1 and "错误[E460]" in stale.out
    assert run_cli("codeowners", cwd=tree).code == 0
    assert run_cli("codeowners", "--check", cwd=tree).code == 0
    routed = (tree / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert owners_of(routed, "submissions/2026/xigang-bayi-street/p.yaml") == ["@xigang-linna-new"]

"""Review routing on Gitea and Forgejo: `.gitea/CODEOWNERS`, Go regular expressions of the whole
path, every matching line requesting review. Written from the same table as GitHub's file, so each
path must match exactly one line, and that line's owners are the GitHub file's for the path."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from codeowners_rules import owners_of
from conftest import REPO, run_cli

from generator.codeowners import _other
from generator.submissions import load_settings

EDGES = [
    "README.md",
    "submissions",
    "submissionsx/a.yaml",
    "submission/a.yaml",
    "s",
    ".gitea/CODEOWNERS",
    ".forgejo/workflows/checks.yml",
    "submissions/units.yaml",
    "submissions/units.yaml/x",
    "submissions/units.yam",
    "submissions/programme.yaml",
    "submissions/README.md",
    "submissions/schemas",
    "submissions/schemas/units.schema.json",
    "submissions/schemas/xigang/p.yaml",
    "submissions/schema/xigang/p.yaml",
    "submissions/2026",
    "submissions/2026/readme.md",
    "submissions/2026/xigang",
    "submissions/2026/xigang/p.yaml",
    "submissions/2026/xigang/deep/er/p.yaml",
    "submissions/2026/xigang/review.yaml",
    "submissions/2026/xigang/review.yaml/x",
    "submissions/2026/xigang/review.yam",
    "submissions/2026/xigang/review.yamlx",
    "submissions/2026/xigang/exceptions.yaml",
    "submissions/2026/xigan/p.yaml",  # not a unit: the office's
    "submissions/2026/xigangx/p.yaml",
    "submissions/2026/not-registered/p.yaml",
    "submissions/2026/bangongshi/tracking.yaml",
    "submissions/2026/bangongshi/review.yaml",
    "submissions/units.yaml/xigang/p.yaml",
    "submissions/2031/xigang-renmin-square/p.yaml",
]


def gitea_lines(text: str) -> list[tuple[re.Pattern[str], list[str]]]:
    """Gitea's reading: `^pattern$` per line, owners after it, `#` lines are comments."""
    found = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *owners = line.split(" ")
        found.append((re.compile(f"^{pattern}$"), owners))
    return found


def gitea_owner_lines(lines: list[tuple[re.Pattern[str], list[str]]], path: str) -> list[list[str]]:
    return [owners for pattern, owners in lines if pattern.match(path)]


@pytest.fixture
def both(tree: Path) -> tuple[str, str, list[str]]:
    assert run_cli("codeowners", cwd=tree).code == 0
    github = (tree / ".github/CODEOWNERS").read_text(encoding="utf-8")
    gitea = (tree / ".gitea/CODEOWNERS").read_text(encoding="utf-8")
    units = load_settings(tree).units
    assert units is not None
    return github, gitea, [u.id for u in units.units]


def test_the_committed_gitea_file_matches_the_registry() -> None:
    result = run_cli("codeowners", "--check", cwd=REPO)
    assert result.code == 0, result.out
    assert (REPO / ".gitea/CODEOWNERS").is_file()


def test_each_path_matches_exactly_one_line_with_githubs_owners(both: tuple[str, str, list[str]]) -> None:
    github, gitea, ids = both
    lines = gitea_lines(gitea)
    rng = random.Random(21)
    names = [*ids, "review.yaml", "exceptions.yaml", "units.yaml", "programme.yaml", "schemas", "submissions"]
    names += ["2026", "x", "p.yaml", "-", "a.b", "xigang-"]
    randoms = ["/".join(rng.choice(names) for _ in range(rng.randint(1, 6))) for _ in range(600)]
    for path in [*EDGES, *(f"submissions/2026/{i}/p.yaml" for i in ids), *randoms]:
        matched = gitea_owner_lines(lines, path)
        assert len(matched) == 1, (path, matched)
        assert matched[0] == owners_of(github, path), path


def test_lines_stay_below_giteas_line_limit(tree: Path) -> None:
    units = tree / "submissions/units.yaml"
    text = units.read_text(encoding="utf-8")
    # many more units than the sample: the office's and each unit's lines must still fit
    extra = "".join(
        f"  - 编号: added-unit-{i:04d}\n    名称: 新增单位{i}\n    层级: 基层工会\n    类型: 乡镇街道工会\n    上级: xigang\n"
        f"    签字人:\n      - 姓名: 新{i}\n        职务: 主席\n        账号: added-signer-{i:04d}\n"
        for i in range(400)
    )
    if "\n单位:\n" not in text:
        pytest.skip("the registry's layout changed; adjust this test's generator")
    units.write_text(text.replace("\n单位:\n", "\n单位:\n" + extra, 1), encoding="utf-8")
    result = run_cli("codeowners", cwd=tree)
    assert result.code == 0, result.out
    gitea = (tree / ".gitea/CODEOWNERS").read_text(encoding="utf-8")
    assert max(len(line.encode()) for line in gitea.splitlines()) < 64 * 1024
    github = (tree / ".github/CODEOWNERS").read_text(encoding="utf-8")
    lines = gitea_lines(gitea)
    for path in ("submissions/2026/added-unit-0399/p.yaml", "submissions/2026/added-unit-0399/review.yaml"):
        matched = gitea_owner_lines(lines, path)
        assert len(matched) == 1 and matched[0] == owners_of(github, path)


def test_check_reports_a_stale_gitea_file(tree: Path) -> None:
    assert run_cli("codeowners", cwd=tree).code == 0
    (tree / ".gitea/CODEOWNERS").write_text("# edited by hand\n", encoding="utf-8")
    stale = run_cli("codeowners", "--check", cwd=tree)
    assert stale.code == 1 and ".gitea/CODEOWNERS: 错误[E460]" in stale.out and ".github/CODEOWNERS:" not in stale.out


@pytest.mark.parametrize("names", [["review.yaml"], ["a", "ab", "abc"], ["x-y", "x"], ["submissions", "s"]])
def test_any_other_name_is_exactly_the_complement(names: list[str]) -> None:
    other = re.compile(_other(names))
    alphabet = sorted({c for n in names for c in n} | {"z", "."})
    rng = random.Random(7)
    candidates = names + [n[:-1] for n in names] + [n + "z" for n in names]
    candidates += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(400)]
    for word in candidates:
        if not word:
            continue
        assert (other.fullmatch(word) is not None) == (word not in names), word
    assert other.fullmatch("") is None and other.fullmatch("a/b") is None


def test_a_years_exceptions_ask_its_leading_group_chair_on_both_forges(tree: Path) -> None:
    """Where the settings give the 组长's account, that year's exceptions ask the 组长 for review
    beside the office (who may sign an exception: the office's signers or the 组长, 八)."""
    settings = tree / "submissions/programme.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "  2026:\n    组长: 陈凤荣\n" in text
    settings.write_text(
        text.replace("  2026:\n    组长: 陈凤荣\n", "  2026:\n    组长: 陈凤荣\n    组长账号: chen-fengrong\n"),
        encoding="utf-8",
    )
    assert run_cli("codeowners", cwd=tree).code == 0
    github = (tree / ".github/CODEOWNERS").read_text(encoding="utf-8")
    gitea = gitea_lines((tree / ".gitea/CODEOWNERS").read_text(encoding="utf-8"))
    office = owners_of(github, "submissions/2025/office/exceptions.yaml")
    assert office and "@chen-fengrong" not in office
    for path in ("submissions/2026/office/exceptions.yaml", "submissions/2026/xigang/exceptions.yaml"):
        assert owners_of(github, path) == [*office, "@chen-fengrong"], path
        assert gitea_owner_lines(gitea, path) == [[*office, "@chen-fengrong"]], path
    assert gitea_owner_lines(gitea, "submissions/2025/office/exceptions.yaml") == [office]
    assert gitea_owner_lines(gitea, "submissions/2026/office/review.yaml") == [
        owners_of(github, "submissions/2026/office/review.yaml")
    ]
    assert run_cli("codeowners", "--check", cwd=tree).code == 0

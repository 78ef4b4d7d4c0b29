"""A unit's renaming or re-parenting keeps earlier years valid: the registry says from which year."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from gitrepo import GRASSROOTS

OLD_NAME = "西岗区八一路街道工会"
CHANGE = """    变更:
      - 起始年度: 2026
        原名称: 西岗区八一路街道工会
        原上级: zhongshan
"""


@pytest.fixture
def renamed(tree: Path) -> Path:
    """八一路's union: called 西岗区八一路街道工会 under 中山区 until 2025; its current name and
    parent (西岗区) apply from 2026."""
    units = tree / "submissions/units.yaml"
    text = units.read_text(encoding="utf-8")
    anchor = "        账号: xigang-linna\n        邮箱: linna@bayi.example.org\n"
    assert anchor in text
    units.write_text(text.replace(anchor, anchor + CHANGE), encoding="utf-8")
    return tree


def filing(tree: Path, year: int, unit: str, parent: str) -> list[str]:
    path = tree / f"submissions/{year}/xigang-bayi-street/legal-aid.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        GRASSROOTS.format(name="社区法律援助驿站")
        .replace("2026-03-05", f"{year}-03-05")
        .replace("单位: 西岗区八一路街道总工会", f"单位: {unit}")
        .replace("所属上级: 大连市西岗区总工会", f"所属上级: {parent}"),
        encoding="utf-8",
    )
    result = run_cli("check", "--format", "json", cwd=tree)
    assert result.code in (0, 1), result.err
    return [f["code"] for f in json.loads(result.out)["findings"]]


def test_an_earlier_year_is_judged_by_the_old_name_and_parent(renamed: Path) -> None:
    assert filing(renamed, 2025, OLD_NAME, "大连市中山区总工会") == []


def test_the_current_name_and_parent_apply_from_the_year_given(renamed: Path) -> None:
    assert filing(renamed, 2026, "西岗区八一路街道总工会", "大连市西岗区总工会") == []
    assert sorted(filing(renamed, 2026, OLD_NAME, "大连市中山区总工会")) == ["E302", "E304"]


def test_without_a_recorded_change_an_old_year_must_match_todays_registry(tree: Path) -> None:
    assert sorted(filing(tree, 2025, OLD_NAME, "大连市中山区总工会")) == ["E302", "E304"]


def test_the_old_parents_forwarding_list_stays_valid_for_its_year(renamed: Path) -> None:
    forwarding = renamed / "submissions/2025/zhongshan/forwarding.yaml"
    forwarding.parent.mkdir(parents=True)
    forwarding.write_text(
        """审核汇总:
  - 单位: xigang-bayi-street
    项目: legal-aid
    审核结论: 同意上报
    意见: 经审核，同意上报。
    领导签字: 李文静
    日期: 2025-03-12
""",
        encoding="utf-8",
    )
    assert filing(renamed, 2025, OLD_NAME, "大连市中山区总工会") == []


def test_an_old_parent_must_be_a_registered_leadership_organ(tree: Path) -> None:
    units = tree / "submissions/units.yaml"
    text = units.read_text(encoding="utf-8")
    anchor = "        账号: xigang-linna\n        邮箱: linna@bayi.example.org\n"
    units.write_text(text.replace(anchor, anchor + CHANGE.replace("zhongshan", "nowhere")), encoding="utf-8")
    result = run_cli("check", "--format", "json", cwd=tree)
    assert [f["code"] for f in json.loads(result.out)["findings"]] == ["E324"]

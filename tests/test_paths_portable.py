"""Paths every platform can hold: Windows device names, trailing dots and spaces, case clashes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLE, run_cli
from filing_corpus import ORGAN_FORM

from generator.paths import case_collisions


def _write(root: Path, rel: str, text: str = ORGAN_FORM) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("rel", "code", "fragment"),
    [
        ("submissions/2026/xigang/con.yaml", "E015", "“con.yaml”是 Windows 的保留名称"),
        ("submissions/2026/xigang/lpt9.yaml", "E015", "“lpt9.yaml”是 Windows 的保留名称"),
        ("submissions/2026/aux/a.yaml", "E015", "“aux”是 Windows 的保留名称"),
        ("submissions/2026/NUL/a.yaml", "E015", "“NUL”是 Windows 的保留名称"),
        ("submissions/2026/xigang/com1.tar.yaml", "E015", "保留名称"),
        ("submissions/2026/xigang/a.yaml.", "E014", "以点结尾"),
        ("submissions/2026/xigang /a.yaml", "E014", "以空格结尾"),
    ],
)
def test_a_name_windows_cannot_hold_is_refused(tree: Path, rel: str, code: str, fragment: str) -> None:
    _write(tree, rel)
    result = run_cli("check", cwd=tree)
    assert result.code == 1
    assert any(line.startswith(f"{rel}: 错误[{code}]: ") and fragment in line for line in result.lines), result.out


def test_folders_that_differ_only_by_case_are_refused_once(tree: Path) -> None:
    _write(tree, "submissions/2026/xigang/new-employment.yaml")
    _write(tree, "submissions/2026/Xigang/other.yaml")
    _write(tree, "submissions/2026/Xigang/more.yaml")
    result = run_cli("check", cwd=tree)
    clashes = [line for line in result.lines if "错误[E016]" in line]
    assert clashes == [
        "submissions/2026/Xigang: 错误[E016]: “submissions/2026/Xigang”与“submissions/2026/xigang”只差大小写，"
        "在 Windows 和 macOS 上是同一个文件夹（提示：文件名和文件夹名一律用小写：把其中一个改名，或把内容合并到另一个里。）"
    ]


def test_files_that_differ_only_by_case_are_refused_even_where_nothing_is_read(tree: Path) -> None:
    _write(tree, "submissions/schemas/units.schema.json", "{}")
    _write(tree, "submissions/schemas/Units.schema.json", "{}")
    result = run_cli("check", cwd=tree)
    assert result.code == 1
    assert any(
        line.startswith("submissions/schemas/Units.schema.json: 错误[E016]: ") and "同一个文件" in line
        for line in result.lines
    ), result.out


def test_case_collisions_blame_the_spelling_that_is_not_lower_case() -> None:
    found = case_collisions(["s/A/x", "s/a/y", "s/b/Q.yaml", "s/b/q.yaml", "s/c/d"])
    assert [(f.path, f.code) for f in found] == [("s/A", "E016"), ("s/b/Q.yaml", "E016")]


def test_a_unit_id_windows_cannot_hold_is_refused_in_the_registry(tree: Path) -> None:
    units = (SAMPLE / "units.yaml").read_text(encoding="utf-8")
    text = units.replace("编号: xigang-bayi-street", "编号: com3", 1)
    (tree / "submissions/units.yaml").write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if "编号: com3" in row)
    result = run_cli("check", cwd=tree)
    assert result.code == 1
    hits = [row for row in result.lines if row.startswith(f"submissions/units.yaml:{line}:") and "错误[E215]" in row]
    assert hits and "“com3”是 Windows 的保留名称" in hits[0], result.out


def test_new_refuses_a_project_id_windows_cannot_hold(tree: Path) -> None:
    result = run_cli("new", "--unit", "xigang", "--project", "prn", "--name", "甲", "--year", "2026", cwd=tree)
    assert result.code == 2 and "“prn”是 Windows 的保留名称" in result.err
    assert not (tree / "submissions/2026/xigang/prn.yaml").exists()

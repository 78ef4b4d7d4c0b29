from __future__ import annotations

from pathlib import Path

from conftest import REPO, run_cli, run_process


def test_check_passes_on_the_shipped_sample_data() -> None:
    result = run_process("check", cwd=REPO)  # end to end: the console entry point in a fresh process
    assert result.code == 0, result.out + result.err
    assert "没有发现问题" in result.out


def test_a_fresh_scaffold_names_what_is_left_to_fill(tree: Path) -> None:
    made = run_cli(
        "new",
        "--unit",
        "xigang-bayi-street",
        "--project",
        "legal-aid",
        "--name",
        "社区法律援助驿站",
        "--year",
        "2026",
        cwd=tree,
    )
    assert made.code == 0, made.err
    path = tree / "submissions/2026/xigang-bayi-street/legal-aid.yaml"
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../schemas/")
    checked = run_cli("check", cwd=tree)
    assert checked.code == 1
    assert "submissions/2026/xigang-bayi-street/legal-aid.yaml:16:7: 错误[E202]: “主要内容”不能为空" in checked.out


def test_a_filled_scaffold_passes_check(tree: Path) -> None:
    run_cli("new", "--unit", "xigang", "--project", "night-school", "--name", "职工夜校", "--year", "2026", cwd=tree)
    path = tree / "submissions/2026/xigang/night-school.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("主要内容: |\n  \n", "主要内容: |\n  开办职工夜校，每周两晚授课。\n")
    text = text.replace("  意见:\n", "  意见: 同意申报\n").replace("  领导签字:\n", "  领导签字: 张志刚\n")
    text = text.replace("  日期:\n", "  日期: 2026-03-12\n", 1).replace("  -\n", "  - 提升职工素质\n", 1)
    path.write_text(text, encoding="utf-8")
    checked = run_cli("check", cwd=tree)
    assert checked.code == 0, checked.out


def test_new_never_overwrites_a_filing(tree: Path) -> None:
    args = ("new", "--unit", "xigang", "--project", "p1", "--name", "甲", "--year", "2026")
    assert run_cli(*args, cwd=tree).code == 0
    target = tree / "submissions/2026/xigang/p1.yaml"
    target.write_text("已填写的内容", encoding="utf-8")
    again = run_cli(*args, cwd=tree)
    assert again.code == 2
    assert "不会覆盖" in again.err
    assert target.read_text(encoding="utf-8") == "已填写的内容"


def test_committed_schemas_are_up_to_date() -> None:
    result = run_cli("schema", "--check", cwd=REPO)
    assert result.code == 0, result.out


def test_readme_test_command_is_what_ci_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci/run").read_text(encoding="utf-8")
    command = ci.strip().splitlines()[-1]
    assert f"```sh\n{command}\n```" in readme

"""`shuangchuang new`: flags for scripts, prompts for people at a terminal, never an overwrite."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, Run, run_cli
from test_loader_corpus import GRASS_FORM

from generator.filings import all_labels
from generator.validate.tree import load_submissions

CJK = re.compile(r"[\u4e00-\u9fff]")


def fill(text: str, content: str = "开办职工夜校，每周两晚授课。") -> str:
    """What a clerk does with a fresh template: every blank gets an answer."""
    text = text.replace("主要内容: |\n  \n", f"主要内容: |\n  {content}\n")
    text = text.replace("项目名称:\n", "项目名称: 职工夜校\n")
    text = text.replace("  意见:\n", "  意见: 同意申报。\n").replace("  领导签字:\n", "  领导签字: 张志刚\n")
    text = text.replace("  日期:\n", "  日期: 2026-03-09\n").replace("  审核结论:\n", "  审核结论: 同意上报\n")
    return text.replace("  -\n", "  - 提升职工素质\n")


def new(tree: Path, *args: str) -> Run:
    return run_cli("new", "--year", "2026", *args, cwd=tree)


@pytest.mark.parametrize(
    ("unit", "schema"),
    [
        ("xigang", "organ-registration"),  # a district federation
        ("dianjiao", "organ-registration"),  # a city-federation department
        ("xigang-bayi-street", "grassroots-registration"),  # a street union under a district
        ("workers-palace", "grassroots-registration"),  # directly under 事业发展部
    ],
)
def test_a_fresh_scaffold_filled_in_passes_check(tree: Path, unit: str, schema: str) -> None:
    made = new(tree, "--unit", unit, "--project", "night-school")
    assert made.code == 0, made.err
    path = tree / f"submissions/2026/{unit}/night-school.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../../schemas/{schema}.schema.json\n")
    unfilled = run_cli("check", cwd=tree)
    assert unfilled.code == 1, "a blank template must not pass"
    path.write_text(fill(text), encoding="utf-8")
    checked = run_cli("check", cwd=tree)
    assert checked.code == 0, checked.out


def test_every_field_of_the_template_has_a_chinese_comment(tree: Path) -> None:
    new(tree, "--unit", "xigang-bayi-street", "--project", "p1")
    lines = (tree / "submissions/2026/xigang-bayi-street/p1.yaml").read_text(encoding="utf-8").splitlines()
    keys = [(i, line) for i, line in enumerate(lines) if line.lstrip(" #").split(":", 1)[0] in all_labels()]
    assert len(keys) >= 12, "every field of 附件2, optional ones commented out"
    for i, line in keys:
        above = lines[i - 1]
        assert above.lstrip().startswith("#") and CJK.search(above), f"no comment above {line!r}"
        assert above.lstrip(" #").split(":", 1)[0] not in all_labels(), f"no comment above {line!r}"


def test_the_unfilled_blanks_are_named(tree: Path) -> None:
    new(tree, "--unit", "xigang", "--project", "p1")
    result = run_cli("check", cwd=tree)
    for label in ("项目名称", "主要内容", "单位意见·意见", "单位意见·领导签字", "单位意见·日期", "评选内容第 1 项"):
        assert any(f"错误[E202]: “{label}”" in line for line in result.lines), (label, result.out)


@pytest.mark.parametrize("name", ["no", "12:30", "“职工之家”: 第 #1 期", "- 列表样", '引号"内"', "@开头"])
def test_a_project_name_given_on_the_command_line_reads_back_exactly(tree: Path, name: str) -> None:
    assert new(tree, "--unit", "xigang", "--project", "p1", "--name", name).code == 0
    path = tree / "submissions/2026/xigang/p1.yaml"
    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    subs = load_submissions(tree)
    assert subs.ok, [f.to_text() for f in subs.findings]
    assert subs.registrations()[0].model.project_name == name


def test_a_unit_may_be_given_by_its_full_name(tree: Path) -> None:
    assert new(tree, "--unit", "大连市西岗区总工会", "--project", "p1").code == 0
    assert (tree / "submissions/2026/xigang/p1.yaml").is_file()


def test_an_unknown_unit_is_refused_with_a_suggestion(tree: Path) -> None:
    result = new(tree, "--unit", "xigan", "--project", "p1")
    assert result.code == 2
    assert "单位“xigan”不在单位名录中。是不是：xigang" in result.err
    assert not (tree / "submissions/2026").exists()


def test_an_invalid_project_id_is_refused(tree: Path) -> None:
    result = new(tree, "--unit", "xigang", "--project", "法律援助")
    assert result.code == 2
    assert "不能用中文或空格" in result.err


def test_without_a_terminal_missing_flags_are_named_not_asked(tree: Path) -> None:
    result = run_cli("new", cwd=tree, stdin="")
    assert result.code == 2
    assert "缺少“单位编号或全称”" in result.err


def test_new_never_overwrites_even_a_different_kind_of_content(tree: Path) -> None:
    target = tree / "submissions/2026/xigang/p1.yaml"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"\xff\xfe not even text")
    result = new(tree, "--unit", "xigang", "--project", "p1")
    assert result.code == 2 and "不会覆盖" in result.err
    assert target.read_bytes() == b"\xff\xfe not even text"


# --- a person at a terminal ---------------------------------------------------------------


def converse(tree: Path, answers: list[str], *args: str) -> tuple[int, str]:
    """Run `new` on a pseudo-terminal, answering each prompt (a line ending in "：") in turn."""
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "new", *args],
        cwd=tree,
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        close_fds=True,
    )
    os.close(slave)
    seen, pending, deadline = b"", list(answers), time.monotonic() + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if not ready:
            if proc.poll() is not None:
                break
            continue
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        seen += chunk
        if pending and seen.decode("utf-8", "replace").rstrip(" ").endswith("："):
            os.write(master, (pending.pop(0) + "\n").encode("utf-8"))
    os.close(master)
    return proc.wait(timeout=10), seen.decode("utf-8", "replace").replace("\r\n", "\n")


def test_prompts_ask_for_what_the_flags_did_not_give(tree: Path) -> None:
    code, screen = converse(
        tree, ["西岗区八一路街道总工会", "法律援助", "legal-aid", "社区法律援助驿站"], "--year", "2026"
    )
    assert code == 0, screen
    assert "单位编号或全称：" in screen and "项目编号" in screen and "项目名称" in screen
    assert "项目编号“法律援助”无效" in screen, "a bad answer is explained and asked again"
    text = (tree / "submissions/2026/xigang-bayi-street/legal-aid.yaml").read_text(encoding="utf-8")
    assert "项目名称: 社区法律援助驿站\n" in text
    assert "所属上级: 大连市西岗区总工会\n" in text


def test_prompts_give_up_after_three_wrong_answers(tree: Path) -> None:
    code, screen = converse(tree, ["甲", "乙", "丙"], "--year", "2026")
    assert code == 2
    assert screen.count("不在单位名录中") == 3
    assert "“单位编号或全称”3 次都无效，已放弃" in screen
    assert not (tree / "submissions/2026").exists()


# --- the parent's forwarding list -----------------------------------------------------------


def test_forwarding_lists_the_grassroots_registrations_and_filled_in_passes(tree: Path) -> None:
    grass = tree / "submissions/2026/xigang-renmin-square/family-day.yaml"
    grass.parent.mkdir(parents=True)
    grass.write_text(GRASS_FORM, encoding="utf-8")
    other = tree / "submissions/2026/zhongshan-hospital/nurses.yaml"  # someone else's child
    other.parent.mkdir(parents=True)
    other.write_text(
        GRASS_FORM.replace("西岗区人民广场街道总工会", "大连市中山区人民医院工会").replace(
            "大连市西岗区总工会", "大连市中山区总工会"
        ),
        encoding="utf-8",
    )
    assert load_submissions(tree).ok
    made = new(tree, "--forwarding", "--unit", "xigang")
    assert made.code == 0, made.err
    path = tree / "submissions/2026/xigang/forwarding.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/forwarding.schema.json\n")
    assert "  - 单位: xigang-renmin-square\n    项目: family-day\n" in text
    assert "# 西岗区人民广场街道总工会：职工家庭开放日" in text
    assert "zhongshan-hospital" not in text
    assert run_cli("check", cwd=tree).code == 1, "opinions are left to the parent"
    path.write_text(fill(text), encoding="utf-8")
    checked = run_cli("check", cwd=tree)
    assert checked.code == 0, checked.out
    again = new(tree, "--forwarding", "--unit", "xigang")
    assert again.code == 2 and "不会覆盖" in again.err


def test_forwarding_is_refused_for_a_grassroots_unit(tree: Path) -> None:
    result = new(tree, "--forwarding", "--unit", "xigang-renmin-square")
    assert result.code == 2
    assert "不做审核汇总" in result.err


def test_forwarding_with_nothing_to_forward_is_refused(tree: Path) -> None:
    result = new(tree, "--forwarding", "--unit", "zhongshan")
    assert result.code == 2
    assert "没有可汇总的项目" in result.err
    assert not (tree / "submissions/2026/zhongshan").exists()

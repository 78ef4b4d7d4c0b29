"""What the loader accepts as written, and what it refuses that a table of texts cannot hold:
links, paths outside the tree, and the meaning of YAML 1.1's implicit types."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from conftest import run_cli
from test_loader_corpus import CORPUS, GRASS, GRASS_FORM, ORGAN, ORGAN_FORM, Bad

from generator.filings import parse_filing
from generator.paths import FilingPath, classify
from generator.read import yaml_tree
from generator.read.source import Source, SourceError, decode
from generator.validate.tree import load_submissions

CJK = re.compile(r"[\u4e00-\u9fff]")


def write(tree: Path, rel: str, text: str) -> Path:
    target = tree / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


@pytest.mark.parametrize(
    "name",
    [
        "no",
        "on",
        "off",
        "yes",
        "010",
        "12:30",
        "1e3",
        "0x1F",
        ".inf",
        "-.inf",
        "2026-03-05",
        "true",
        "0o17",
        "1_000",
        "+1",
    ],
)
def test_yaml_1_1_look_alikes_stay_text_exactly_as_written(tree: Path, name: str) -> None:
    write(tree, ORGAN, ORGAN_FORM.replace("新就业形态劳动者权益保障联盟", name))
    subs = load_submissions(tree)
    assert subs.ok, [f.to_text() for f in subs.findings]
    (filing,) = subs.registrations()
    assert filing.model.project_name == name


def test_full_width_spaces_opening_paragraphs_of_a_block_are_content(tree: Path) -> None:
    content = "主要内容: |\n  \u3000\u3000第一段。\n\n  \u3000\u3000第二段。\n"
    write(tree, ORGAN, ORGAN_FORM.replace("主要内容: |\n  联合辖区平台企业成立权益保障联盟。\n", content))
    subs = load_submissions(tree)
    assert subs.ok, [f.to_text() for f in subs.findings]
    assert subs.registrations()[0].model.content == "\u3000\u3000第一段。\n\n\u3000\u3000第二段。"


def test_full_width_spaces_in_a_list_items_block_are_content(tree: Path) -> None:
    forwarding = (
        "审核汇总:\n  - 单位: xigang-renmin-square\n    项目: family-day\n    审核结论: 同意上报\n    意见: |\n"
        "      \u3000\u3000经审核，同意上报。\n    领导签字: 张志刚\n    日期: 2026-03-11\n"
    )
    write(tree, GRASS, GRASS_FORM)
    write(tree, "submissions/2026/xigang/forwarding.yaml", forwarding)
    subs = load_submissions(tree)
    assert subs.ok, [f.to_text() for f in subs.findings]


def test_crlf_and_bom_are_accepted(tree: Path) -> None:
    target = tree / ORGAN
    target.parent.mkdir(parents=True)
    target.write_bytes(b"\xef\xbb\xbf" + ORGAN_FORM.replace("\n", "\r\n").encode("utf-8"))
    result = run_cli("check", ORGAN, cwd=tree)
    assert result.code == 0, result.out
    assert target.read_bytes().startswith(b"\xef\xbb\xbf"), "check never rewrites a filing"


def test_a_linked_file_is_refused(tree: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "form.yaml"
    outside.write_text(ORGAN_FORM, encoding="utf-8")
    (tree / ORGAN).parent.mkdir(parents=True)
    os.symlink(outside, tree / ORGAN)
    result = run_cli("check", cwd=tree)
    assert result.code == 1
    assert f"{ORGAN}: 错误[E005]: 这是一个符号链接" in result.out


def test_a_linked_folder_is_refused_and_not_followed(tree: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / "new-employment.yaml").write_text(ORGAN_FORM, encoding="utf-8")
    (tree / "submissions/2026").mkdir()
    os.symlink(outside, tree / "submissions/2026/xigang")
    result = run_cli("check", cwd=tree)
    assert result.code == 1
    assert "submissions/2026/xigang: 错误[E005]" in result.out
    assert "new-employment" not in result.out


def test_a_link_inside_the_tree_is_refused_too(tree: Path) -> None:
    write(tree, ORGAN, ORGAN_FORM)
    os.symlink(tree / ORGAN, tree / "submissions/2026/xigang/copy.yaml")
    result = run_cli("check", cwd=tree)
    assert "submissions/2026/xigang/copy.yaml: 错误[E005]" in result.out


def test_a_path_outside_the_repository_is_a_usage_error(tree: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "form.yaml"
    outside.write_text(ORGAN_FORM, encoding="utf-8")
    result = run_cli("check", str(outside), cwd=tree)
    assert result.code == 2
    assert "不在仓库" in result.err
    assert "Traceback" not in result.err


def test_a_path_in_the_repository_but_outside_submissions_is_refused(tree: Path) -> None:
    write(tree, "notes/form.yaml", ORGAN_FORM)
    result = run_cli("check", "notes/form.yaml", cwd=tree)
    assert result.code == 1
    assert "notes/form.yaml: 错误[E006]" in result.out


def test_a_path_that_does_not_exist_is_named(tree: Path) -> None:
    result = run_cli("check", "submissions/2026/xigang/nothing.yaml", cwd=tree)
    assert result.code == 1
    assert "submissions/2026/xigang/nothing.yaml: 错误[E001]: 找不到这个文件" in result.out


def test_checking_one_file_still_applies_rules_across_files(tree: Path) -> None:
    write(tree, ORGAN, ORGAN_FORM)
    other = "submissions/2026/zhongshan/new-employment.yaml"
    write(tree, other, ORGAN_FORM.replace("大连市西岗区总工会", "大连市中山区总工会"))
    for alone, neighbour in ((ORGAN, other), (other, ORGAN)):
        result = run_cli("check", alone, cwd=tree)
        assert result.code == 1, result.out
        assert f"{alone}:1:1: 错误[E305]" in result.out
        assert neighbour in result.out  # the message names the other file
        assert not any(line.startswith(neighbour) for line in result.lines), "only the file asked for is reported"


def test_checking_a_folder_checks_the_files_under_it(tree: Path) -> None:
    write(tree, ORGAN, ORGAN_FORM.replace("2026-03-13", "2026-02-30"))
    write(tree, GRASS, GRASS_FORM.replace("2026-03-06", "2026-02-30"))
    result = run_cli("check", "submissions/2026/xigang", cwd=tree)
    assert result.code == 1
    assert f"{ORGAN}:9:7: 错误[E205]" in result.out
    assert GRASS not in result.out


def test_check_runs_from_a_subfolder_with_paths_relative_to_it(tree: Path) -> None:
    write(tree, ORGAN, ORGAN_FORM.replace("2026-03-13", "2026-02-30"))
    result = run_cli("check", "new-employment.yaml", cwd=tree / "submissions/2026/xigang")
    assert result.code == 1
    assert f"{ORGAN}:9:7: 错误[E205]" in result.out


@pytest.fixture(params=["libyaml", "pure-python"])
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The loader uses libyaml when it is installed; without it, PyYAML's own parser."""
    if request.param == "pure-python":
        monkeypatch.setattr(yaml_tree, "_Loader", yaml.BaseLoader)
    else:
        assert yaml_tree._Loader is yaml.CBaseLoader, "libyaml is installed here; the fast path must be used"
    return request.param


@pytest.mark.parametrize("bad", [b for b in CORPUS if len(b.files) == 1 and not b.also], ids=lambda b: b.name)
def test_both_parsers_find_the_same_problems(bad: Bad, yaml_loader: str) -> None:
    ((rel, content),) = bad.files.items()
    where = classify(rel)
    if not isinstance(where, FilingPath):
        return  # refused by its path, before any parser
    try:
        text = decode(content if isinstance(content, bytes) else content.encode("utf-8"), rel)
    except SourceError:
        return  # refused as bytes, before any parser
    _, findings = parse_filing(where, Source(rel, text))
    codes = {f.code for f in findings if f.is_error}
    if bad.code.startswith(("E0", "E1")):
        assert bad.code in codes, (yaml_loader, [f.to_text() for f in findings])
        assert all(CJK.search(f.message) for f in findings), "no parser's English reaches a clerk"


def test_a_depth_bomb_never_reaches_the_recursion_limit(yaml_loader: str) -> None:
    where = classify(ORGAN)
    assert isinstance(where, FilingPath)
    for bomb in (
        "[" * 100_000 + "]" * 100_000,
        "{a: " * 50_000 + "}" * 50_000,
        "- " * 50_000 + "x",
        "".join(" " * i + "a:\n" for i in range(3000)),
    ):
        _, findings = parse_filing(where, Source(ORGAN, bomb))
        assert [f.code for f in findings] == ["E105"], (yaml_loader, [f.to_text() for f in findings])


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
def test_a_line_break_only_yaml_sees_is_refused_where_the_editor_shows_it(tree: Path, char: str) -> None:
    path = tree / "submissions/2026/xigang/pasted.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(f"表: 领导机关立项申报表\n项目名称: 社区{char}驿站\n", encoding="utf-8")
    result = run_cli("check", cwd=tree)
    assert result.code == 1
    assert (
        f"submissions/2026/xigang/pasted.yaml:2:9: 错误[E112]: 文件里有不可见的分行字符（U+{ord(char):04X}）"
        in result.out
    )

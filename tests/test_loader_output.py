"""`check`'s output formats and exit statuses, and the command line speaking Chinese."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from filing_corpus import ORGAN, ORGAN_FORM

# A filing that tries to smuggle a workflow command through a key `check` will quote back.
INJECTION = '"恶意\\n::error file=evil.yaml,line=1::伪造%0A成功,a:b\\r::set-output name=x::y": 1\n'


def write(tree: Path, rel: str, text: str) -> None:
    target = tree / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def test_clean_tree_exits_0_with_a_summary(tree: Path) -> None:
    write(tree, ORGAN, ORGAN_FORM)
    result = run_cli("check", cwd=tree)
    assert result.code == 0, result.out
    assert result.lines == ["检查完毕：3 个文件，没有发现问题。"]


def test_findings_exit_1_one_line_each_then_a_summary(tree: Path) -> None:
    write(tree, ORGAN, ORGAN_FORM.replace("2026-03-13", "2026-02-30").replace("项目名称:", "项目明称:"))
    result = run_cli("check", cwd=tree)
    assert result.code == 1
    assert result.lines[:-1] == [
        f"{ORGAN}:3:1: 错误[E210]: 不认识的栏目“项目明称”（提示：是不是“项目名称”？请改成“项目名称”。）",
        f"{ORGAN}:9:7: 错误[E205]: “单位意见·日期”：日期“2026-02-30”不存在（提示：检查月份和日子，例如 2 月没有 30 日。）",
    ]
    assert result.lines[-1] == "检查完毕：3 个文件，2 个错误，0 个警告。"


def test_warnings_alone_exit_0(tree: Path) -> None:
    write(tree, ORGAN, ORGAN_FORM.replace("2026-03-13", "2025-12-30"))
    result = run_cli("check", cwd=tree)
    assert result.code == 0
    assert result.lines[0].startswith(f"{ORGAN}:9:7: 警告[W305]:")
    assert result.lines[-1] == "检查完毕：3 个文件，0 个错误，1 个警告。"


def test_github_format_cannot_be_used_to_inject_a_workflow_command(tree: Path) -> None:
    write(tree, ORGAN, ORGAN_FORM + INJECTION)
    write(tree, "submissions/2026/xigang/a,b:c.yaml", ORGAN_FORM)
    result = run_cli("check", "--format", "github", cwd=tree)
    assert result.code == 1
    commands = [line for line in result.lines if line.startswith("::")]
    assert len(commands) == len(result.lines) - 1, "every line but the summary is one command"
    assert all(line.startswith(("::error ", "::warning ")) for line in commands)
    assert not any("::set-output" in line.split("::", 2)[1] for line in commands)
    (injected,) = [line for line in commands if "恶意" in line]
    assert injected.startswith(f"::error file={ORGAN},line=13,col=1,title=错误[E210]::")
    body = injected.split("::", 2)[2]
    assert "%0A::error file=evil.yaml" in body and "%0D::set-output" in body
    assert "伪造%250A成功" in body, "a literal %0A in a filing stays text"
    (named,) = [line for line in commands if "a%2Cb%3Ac.yaml" in line]
    assert named.startswith("::error file=submissions/2026/xigang/a%2Cb%3Ac.yaml,title=错误[E012]::")


def test_github_format_writes_every_finding_to_the_job_summary(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tree / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    write(tree, ORGAN, ORGAN_FORM + INJECTION)
    run_cli("check", "--format", "github", cwd=tree)
    table = summary.read_text(encoding="utf-8")
    assert "<tr><td>错误</td><td>E210</td>" in table
    assert "\n::error" not in table, "the summary is markdown, never a command"


def test_json_format_is_a_machine_report(tree: Path) -> None:
    write(tree, ORGAN, ORGAN_FORM.replace("2026-03-13", "2026-02-30") + INJECTION)
    result = run_cli("check", "--format", "json", cwd=tree)
    assert result.code == 1
    report = json.loads(result.out)
    assert (report["files"], report["errors"], report["warnings"]) == (3, 2, 0)
    by_code = {f["code"]: f for f in report["findings"]}
    assert by_code["E205"] == {
        "code": "E205",
        "message": "“单位意见·日期”：日期“2026-02-30”不存在",
        "path": ORGAN,
        "line": 9,
        "column": 7,
        "hint": "检查月份和日子，例如 2 月没有 30 日。",
        "severity": "error",
    }
    assert "::error file=evil.yaml" in by_code["E210"]["message"], "JSON carries the text as it is"


def test_a_usage_error_exits_2_in_chinese(tree: Path) -> None:
    result = run_cli("check", "--format", "xml", cwd=tree)
    assert result.code == 2
    assert "用法：shuangchuang check" in result.err
    assert "错误：参数 --format：无效的选项 'xml'" in result.err


def test_an_unknown_command_exits_2_in_chinese(tree: Path) -> None:
    result = run_cli("publish", cwd=tree)
    assert result.code == 2
    assert "无效的选项 'publish'" in result.err


def test_a_missing_command_exits_2_in_chinese(tree: Path) -> None:
    result = run_cli(cwd=tree)
    assert result.code == 2
    assert "缺少必需的参数：命令" in result.err


def test_help_is_chinese_throughout(tree: Path) -> None:
    result = run_cli("--help", cwd=tree)
    assert result.code == 0
    assert "显示帮助并退出" in result.out and "显示版本号并退出" in result.out
    assert "show " not in result.out and "usage" not in result.out


def test_running_outside_a_repository_exits_2(tmp_path: Path) -> None:
    result = run_cli("check", cwd=tmp_path)
    assert result.code == 2
    assert "找不到 submissions/ 目录" in result.err


def test_a_root_without_submissions_exits_2(tree: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    empty = tmp_path_factory.mktemp("empty")
    result = run_cli("--root", str(empty), "check", cwd=tree)
    assert result.code == 2
    assert "--root 应指向仓库根目录" in result.err


def test_a_reader_that_stops_early_is_not_an_internal_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    from conftest import _env, sample_tree
    from gitrepo import GitRepo

    repo = GitRepo.init(sample_tree(tmp_path))
    repo.commit("The sample", "2026-03-01T09:00:00+08:00")
    # `audit --list | head -1`: the pipe closes after the first line of a long report.
    proc = subprocess.run(
        f'"{sys.executable}" -m generator audit --list | head -1',
        shell=True,
        cwd=repo.root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(),
    )
    assert proc.stdout.count("\n") == 1
    assert "内部错误" not in proc.stderr and "Traceback" not in proc.stderr

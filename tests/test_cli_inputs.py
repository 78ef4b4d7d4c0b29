"""Inputs that once ended in 内部错误 (issue 22): each is a Chinese finding or usage error now,
with the exit code that says which (findings 1, usage 2; 3 is only for the program's own faults)."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE, Run, run_cli
from gitrepo import GitRepo

from generator.commands import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_USAGE
from generator.read.os_reason import os_reason


def assert_said_in_chinese(result: Run, code: int, *words: str) -> None:
    said = result.out + result.err
    assert "内部错误" not in said and "Traceback" not in said, said
    assert result.code == code, said
    for word in words:
        assert word in said, said


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    shutil.copytree(SAMPLE, tmp_path / "submissions")
    return tmp_path


@pytest.fixture
def committed(sample: Path) -> Path:
    repo = GitRepo.init(sample)
    repo.commit("The sample", "2026-03-01T09:00:00+08:00")
    return sample


@pytest.mark.parametrize("folder", ["site", ".build"])
def test_build_into_a_file_where_its_folder_goes_is_a_usage_error(sample: Path, folder: str) -> None:
    (sample / folder).write_text("not a folder\n", encoding="utf-8")
    assert_said_in_chinese(run_cli("build", cwd=sample), EXIT_USAGE, "是一个文件，不是文件夹")


def test_a_codeowners_file_that_is_not_utf8_is_out_of_date(sample: Path) -> None:
    (sample / ".github").mkdir()
    (sample / ".github/CODEOWNERS").write_bytes("# 审核分派\n".encode("gbk"))
    assert_said_in_chinese(run_cli("codeowners", "--check", cwd=sample), EXIT_FINDINGS, "E460")


def test_a_schema_file_that_is_not_utf8_is_out_of_date(sample: Path) -> None:
    (sample / "submissions/schemas").mkdir()
    (sample / "submissions/schemas/units.schema.json").write_bytes('{"说明": 1}'.encode("gbk"))
    assert_said_in_chinese(run_cli("schema", "--check", cwd=sample), EXIT_FINDINGS, "units.schema.json", "E901")


def test_a_year_folder_that_is_a_file_is_a_finding(sample: Path) -> None:
    (sample / "submissions/2027").write_text("x\n", encoding="utf-8")
    assert_said_in_chinese(run_cli("check", cwd=sample), EXIT_FINDINGS, "submissions/2027", "E013")


def test_approvals_nested_deeper_than_json_goes_are_a_usage_error(committed: Path) -> None:
    (committed / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = run_cli("check", "--base", "HEAD", "--approvals", str(committed / "deep.json"), cwd=committed)
    assert_said_in_chinese(result, EXIT_USAGE, "嵌套太深")


def test_approvals_that_are_not_utf8_are_a_usage_error(committed: Path) -> None:
    (committed / "gbk.json").write_bytes('["审核"]'.encode("gbk"))
    result = run_cli("check", "--base", "HEAD", "--approvals", str(committed / "gbk.json"), cwd=committed)
    assert_said_in_chinese(result, EXIT_USAGE, "不是 UTF-8")


def test_an_approval_at_the_end_of_year_9999_is_a_usage_error(committed: Path) -> None:
    review = {
        "user": {"login": "x"},
        "state": "APPROVED",
        "commit_id": "0" * 40,
        "submitted_at": "9999-12-31T23:59:59Z",
    }
    (committed / "reviews.json").write_text(json.dumps([review]), encoding="utf-8")
    result = run_cli("check", "--base", "HEAD", "--approvals", str(committed / "reviews.json"), cwd=committed)
    assert_said_in_chinese(result, EXIT_USAGE, "submitted_at")


@pytest.mark.parametrize("args", [("build",), ("audit",), ("check", "--base", "HEAD")])
def test_a_command_that_reads_git_without_git_installed_says_to_install_it(
    committed: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    from generator.history import gitproc

    gitproc.close_all()
    empty = tmp_path / "no-programs"
    empty.mkdir()
    result = run_cli(*args, cwd=committed, env={"PATH": str(empty)})
    assert_said_in_chinese(result, EXIT_USAGE, "请先安装 Git")


@pytest.mark.parametrize("now", ["２０２６-03-20", "20𝟤𝟨-03-20", "2026-03-20T０9:30"])
def test_a_time_with_other_than_ascii_digits_is_a_usage_error(sample: Path, now: str) -> None:
    assert_said_in_chinese(run_cli("check", "--now", now, cwd=sample), EXIT_USAGE, now, "半角")


@pytest.mark.parametrize(
    "args",
    [("new", "--year", "２０２６", "--unit", "xigang", "--project", "a-b", "--name", "项目"), ("announce", "２０２５")],
)
def test_a_year_with_other_than_ascii_digits_is_a_usage_error(sample: Path, args: tuple[str, ...]) -> None:
    assert_said_in_chinese(run_cli(*args, cwd=sample), EXIT_USAGE, "不是年份")


def test_a_year_folder_of_look_alike_digits_is_not_a_year(sample: Path) -> None:
    shutil.copytree(sample / "submissions/2026", sample / "submissions/２０２６")
    assert_said_in_chinese(run_cli("check", cwd=sample), EXIT_FINDINGS, "E010")


def test_a_date_in_full_width_digits_is_a_finding_with_the_ascii_spelling(sample: Path) -> None:
    filing = next((sample / "submissions/2026").rglob("*.yaml"))
    text = filing.read_text(encoding="utf-8")
    day = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.strip().startswith("日期:"))
    wide = day.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    filing.write_text(text.replace(day, wide, 1), encoding="utf-8")
    result = run_cli("check", str(filing.relative_to(sample)), cwd=sample)
    assert_said_in_chinese(result, EXIT_FINDINGS, "E204", f"写成 {day}")


@pytest.mark.parametrize("number", [errno.ENOTDIR, errno.EACCES, errno.EADDRINUSE, errno.EXDEV, 0])
def test_the_systems_reason_is_said_in_chinese(number: int) -> None:
    reason = os_reason(OSError(number, os.strerror(number) if number else "Something English"))
    assert reason and not any("a" <= ch.lower() <= "z" for ch in reason), reason


def test_the_preview_server_speaks_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    from generator.render.build import _ServeLog

    log = logging.getLogger("mkdocs.test-serve")
    log.addHandler(_ServeLog())
    log.setLevel(logging.INFO)
    log.propagate = False
    for line in (
        "Building documentation...",
        "Documentation built in 0.52 seconds",
        "Serving on http://127.0.0.1:8000/",
    ):
        log.info(line)
    log.info("Watching paths for changes: 'x'")  # chatter: left out
    log.warning("Config value 'x': unrecognised")
    said = capsys.readouterr().err.splitlines()
    assert said == [
        "正在生成网站……",
        "网站已生成，用时 0.52 秒。",
        "预览地址：http://127.0.0.1:8000/",
        "MkDocs 警告：Config value 'x': unrecognised",
    ]


def test_a_fault_of_the_program_exits_3_and_asks_for_a_report(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exit codes are distinct: 1 findings, 2 usage, 3 the program's own fault (never a traceback)."""
    import generator.commands.check as check_command

    def broken(args: object) -> int:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(check_command, "run", broken)
    result = run_cli("check", cwd=sample)
    assert result.code == EXIT_INTERNAL
    assert "内部错误" in result.err and "请把这条信息发给系统维护人员" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize("number", ["２", "٣", "𝟤"])
def test_a_pull_request_number_in_other_digits_is_a_usage_error(sample: Path, number: str) -> None:
    (sample / "body.md").write_text("x\n", encoding="utf-8")
    assert_said_in_chinese(run_cli("forge", "comment", number, "body.md", cwd=sample), EXIT_USAGE, "不是合并请求编号")


def test_an_exception_under_a_look_alike_year_folder_has_no_leading_group_signer() -> None:
    from generator.model.programme import Programme
    from generator.ownership import EXCEPTIONS_RULE, Owner, leading_group_signers
    from generator.read.yaml_tree import parse_tree, to_data

    data, _ = to_data(parse_tree((SAMPLE / "programme.yaml").read_text(encoding="utf-8"), "programme.yaml"))
    for group in data["考评领导小组"].values():
        group["组长账号"] = "chen-fengrong"
    programme = Programme.model_validate(data)
    owner = Owner(EXCEPTIONS_RULE.body, "office", EXCEPTIONS_RULE)
    assert [s.account for s in leading_group_signers(owner, "submissions/2026/office/exceptions.yaml", programme)] == [
        "chen-fengrong"
    ]
    assert leading_group_signers(owner, "submissions/２０２６/office/exceptions.yaml", programme) == []

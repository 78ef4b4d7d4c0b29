"""Every usage mistake is a usage error: exit status 2, a Chinese message, never "内部错误"."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from conftest import run_cli
from gitrepo import ORGAN, ZHANG, GitRepo

from generator.clock import ClockError, parse_time
from generator.model.programme import CHINA


def _usage_error(result, *fragments: str) -> None:
    assert result.code == 2, result.out + result.err
    assert "内部错误" not in result.err and "Traceback" not in result.err, result.err
    for fragment in fragments:
        assert fragment in result.err, result.err


def test_an_empty_base_is_a_usage_error_not_a_silent_skip(repo: GitRepo) -> None:
    _usage_error(run_cli("check", "--base", "", cwd=repo.root), "--base 不能为空")


@pytest.mark.parametrize("command", [("check", "--base"), ("audit", "--ref")])
def test_a_ref_that_looks_like_an_option_never_reaches_git(repo: GitRepo, command: tuple[str, str]) -> None:
    target = repo.root / "written-by-git.txt"
    result = run_cli(command[0], f"{command[1]}=--output={target}", cwd=repo.root)
    _usage_error(result, "以“-”开头，不是 git 版本")
    assert not target.exists()


@pytest.mark.parametrize("command", [("check", "--base"), ("audit", "--ref")])
def test_a_ref_that_is_not_a_commit_is_a_usage_error(repo: GitRepo, command: tuple[str, str]) -> None:
    blob = repo.git("rev-parse", "HEAD:submissions/programme.yaml").strip()
    for ref in ("no-such-branch", blob, "HEAD~5"):
        _usage_error(run_cli(command[0], command[1], ref, cwd=repo.root), f"“{ref}”")


def test_a_ref_outside_a_git_repository_is_a_usage_error(tree: Path) -> None:
    _usage_error(run_cli("audit", cwd=tree), "不是 git 仓库")


def test_a_good_ref_still_works(repo: GitRepo) -> None:
    repo.write("submissions/2026/xigang/mediation.yaml", ORGAN.format(name="调解网络"))
    repo.commit("Register", "2026-03-10T09:00:00+08:00", ZHANG)
    result = run_cli("check", "--base", "HEAD~1", "--now", "2026-03-12", cwd=repo.root)
    assert result.code in (0, 1) and "与基准版本" in result.out, result.out + result.err  # judged, not refused
    assert run_cli("audit", "--ref", "main", cwd=repo.root).code == 0


@pytest.mark.parametrize(
    "now",
    [
        "9999-12-31",
        "1900-01-01",
        "2026-02-30",
        "2026-03-20T25:00",
        "20260320T0100",
        "2026-0320",
        "3月20日",
        "2026-03-20T09:00+15:00",
        "next week",
    ],
)
def test_a_time_outside_the_grammar_is_a_usage_error(repo: GitRepo, now: str) -> None:
    _usage_error(run_cli("check", "--now", now, cwd=repo.root), f"“{now}”")
    _usage_error(run_cli("check", "--opened-at", now, cwd=repo.root), f"“{now}”")


def test_a_far_future_time_is_a_usage_error_for_every_command(repo: GitRepo) -> None:
    _usage_error(run_cli("build", "--now", "9999-12-31T23:59:59+14:00", cwd=repo.root), "9999")
    _usage_error(run_cli("announce", "2026", "--now", "9999-12-31", cwd=repo.root), "9999")


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("2026-03-20", "2026-03-20T23:59:59+08:00"),
        ("20260320", "2026-03-20T23:59:59+08:00"),
        ("2026-03-20T09:30", "2026-03-20T09:30:00+08:00"),
        ("2026-03-20 09:30:15", "2026-03-20T09:30:15+08:00"),
        ("2026-03-20T01:30:00Z", "2026-03-20T09:30:00+08:00"),
        ("2026-03-20T09:30:00+0800", "2026-03-20T09:30:00+08:00"),
        ("2026-03-19T20:30-05", "2026-03-20T09:30:00+08:00"),
    ],
)
def test_one_grammar_a_bare_day_in_either_spelling_is_its_end(written: str, meant: str) -> None:
    assert parse_time(written) == datetime.fromisoformat(meant)
    assert parse_time(written).tzinfo is CHINA


def test_the_two_spellings_of_a_day_judge_a_deadline_alike(repo: GitRepo) -> None:
    repo.branch("pr")
    repo.write("submissions/2026/xigang/mediation.yaml", ORGAN.format(name="调解网络"))
    repo.commit("Register", "2026-03-20T09:00:00+08:00", ZHANG)
    verdicts = {}
    for now in ("2026-03-20", "20260320", "2026-03-21", "20260321"):
        result = run_cli("check", "--base", "main", "--now", now, "--format", "json", cwd=repo.root)
        # Only the calendar's verdict (E40x); who signed is another rule's business.
        verdicts[now] = [f["code"] for f in json.loads(result.out)["findings"] if f["code"].startswith("E40")]
    assert verdicts["2026-03-20"] == verdicts["20260320"] == []
    assert verdicts["2026-03-21"] == verdicts["20260321"] != []


def test_the_grammar_is_in_the_help() -> None:
    for command in ("check", "build", "announce"):
        result = run_cli(command, "--help", cwd=Path.cwd())
        assert "20260320" in result.out and "23:59:59" in result.out, result.out


def test_parse_time_says_why_in_chinese() -> None:
    with pytest.raises(ClockError, match="不是 ISO 8601 时间"):
        parse_time("2026/03/20")


@pytest.mark.parametrize("year", ["1900", "2100", "0", "二〇二六"])
def test_new_refuses_a_year_check_would_refuse(tree: Path, year: str) -> None:
    result = run_cli("new", "--unit", "xigang", "--project", "p1", "--name", "甲", "--year", year, cwd=tree)
    _usage_error(result, "年份")
    assert not any((tree / "submissions").glob("*/xigang/p1.yaml"))


def test_announce_refuses_a_year_check_would_refuse(tree: Path) -> None:
    _usage_error(run_cli("announce", "1900", cwd=tree), "1900")


def test_an_out_that_is_a_file_is_a_usage_error(tree: Path) -> None:
    blocker = tree / "a-file"
    blocker.write_text("x", encoding="utf-8")
    _usage_error(run_cli("announce", "2026", "--out", str(blocker), cwd=tree), "不是文件夹")
    _usage_error(run_cli("announce", "2026", "--out", str(blocker / "below"), cwd=tree), "不是文件夹")
    _usage_error(run_cli("schema", "--out", str(blocker / "below"), cwd=tree), "不是文件夹")


def test_new_refuses_a_name_that_is_not_one_clean_line(tree: Path) -> None:
    result = run_cli("new", "--unit", "xigang", "--project", "p1", "--name", "甲\n# 乙: 丙", "--year", "2026", cwd=tree)
    _usage_error(result, "只能写一行", "U+000A")
    result = run_cli("new", "--unit", "xigang", "--project", "p1", "--name", "甲\u202e乙", "--year", "2026", cwd=tree)
    _usage_error(result, "U+202E")
    assert not (tree / "submissions/2026/xigang/p1.yaml").exists()


def test_a_bad_preview_address_is_a_usage_error(tree: Path) -> None:
    _usage_error(run_cli("build", "--addr", "localhost", cwd=tree), "主机:端口")


def test_check_of_a_folder_counts_its_files(tree: Path) -> None:
    for name in ("a", "b", "c"):
        path = tree / f"submissions/2026/xigang/{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ORGAN.format(name=f"项目{name}").replace("2026-03-05", "2026-03-06"), encoding="utf-8")
    result = run_cli("check", "submissions/2026", cwd=tree)
    assert result.code == 0, result.out
    assert "检查完毕：3 个文件" in result.out
    assert "检查完毕：1 个文件" in run_cli("check", "submissions/2026/xigang/a.yaml", cwd=tree).out


def test_every_option_value_is_named_in_chinese_in_the_help() -> None:
    """argparse names an option's value after the option (`--out OUT`) unless told otherwise."""
    import argparse

    from generator.cli import build_parser

    parser = build_parser([], every=True)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    english = []
    for name, command in sub.choices.items():
        for action in command._actions:
            takes_value = action.nargs != 0 and not isinstance(action, argparse._HelpAction)
            named = action.metavar is not None and not str(action.metavar).isascii()
            if action.option_strings and takes_value and action.choices is None and not named:
                english.append(f"{name} {action.option_strings[0]}")
    assert english == []

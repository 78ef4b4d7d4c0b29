"""Start-up pays only for the subcommand that runs: `--version` and `--help` load no model,
git or site library; a command's own parser still has every option."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE, imported_after, probe
from gitrepo import GitRepo

from generator.cli import COMMANDS, build_parser, chosen_command

HEAVY = ("pydantic", "git", "mkdocs", "jinja2", "xlsxwriter", "material", "segno", "jieba")


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("check", "--help"), ("new", "--help")])
def test_version_and_help_import_no_heavy_library(args: tuple[str, ...]) -> None:
    modules = imported_after(*args)
    loaded = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    if args[0] in ("--version", "--help"):
        assert loaded == []
    else:  # a command's help needs its own module, still not the site stack
        assert not any(m.split(".")[0] in ("mkdocs", "material", "xlsxwriter", "jieba") for m in loaded)


def test_help_lists_each_command_with_its_modules_own_help() -> None:
    parser = build_parser([], every=True)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert {a.dest: a.help for a in sub._choices_actions} == COMMANDS


@pytest.mark.parametrize(
    ("argv", "chosen"),
    [
        (["check", "x.yaml"], "check"),
        (["--root", "check", "build"], "build"),  # a folder may be called "check"
        (["--debug", "audit"], "audit"),
        (["--root=/tmp/x", "new", "--unit", "check"], "new"),
        (["--version"], None),
    ],
)
def test_the_chosen_command_is_the_first_word_that_is_not_an_options_value(argv: list[str], chosen: str | None) -> None:
    assert chosen_command(argv) == chosen


def test_a_command_run_through_the_lazy_parser_keeps_its_options(tree) -> None:
    args = build_parser(["--root", str(tree), "check", "--format", "json"]).parse_args(
        ["--root", str(tree), "check", "--format", "json"]
    )
    assert args.command == "check" and args.format == "json" and callable(args.func)


def test_a_check_without_base_imports_no_git_library(tmp_path: Path) -> None:
    """Only a check against a base reads git history; a clerk's plain `check` in a repository (its
    cache asks git for the clean files) does not pay for GitPython."""
    shutil.copytree(SAMPLE, tmp_path / "submissions")
    GitRepo.init(tmp_path).commit("The sample", "2026-03-01T09:00:00+08:00")
    modules, printed = probe("--root", str(tmp_path), "check")
    assert "检查完毕" in printed
    assert "generator.cache" in modules  # the cache did ask git
    assert not any(m.split(".")[0] == "git" for m in modules)

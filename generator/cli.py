"""`shuangchuang`: the command line. Each subcommand lives in `generator/commands/`."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence

from . import __version__
from .commands import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UsageError, zh_argparse

# Subcommand modules, with the one-line help `shuangchuang --help` lists. Each module has
# `register(subparsers)` and sets `func` on its parser. Only the module of the command that runs
# is imported: the others' dependencies (pydantic models, the site stack, xlsxwriter) cost seconds
# of start-up that `--version`, `--help` and a one-file check should not pay.
COMMANDS = {
    "check": "检查申报文件",
    "new": "新建一份申报文件的模板（立项申报表、审核汇总、推荐上报等）",
    "schema": "生成 JSON Schema（供编辑器补全和检查）",
    "build": "生成公示网站",
    "announce": "生成某年度评选结果通报",
    "audit": "审计主分支历史：每次合并是否按时、记录是否被事后改动",
    "init": "新部署的第一天：把“审计起点”设为导入旧记录的提交",
    "codeowners": "根据单位名录生成审核分派（.github/CODEOWNERS 和 .gitea/CODEOWNERS）",
    "forge": "向代码托管平台查询或操作（供工作流使用）",
}
# Top-level options that take a value: the word after them is not the command.
_VALUED = {"--root"}


def build_parser(argv: Sequence[str] | None = None, *, every: bool = False) -> argparse.ArgumentParser:
    """The parser; the chosen command's (or, with `every`, each command's) full sub-parser,
    and a placeholder with the same name and help for the others."""
    zh_argparse.install()
    parser = argparse.ArgumentParser(
        prog="shuangchuang",
        description="大连市工会“双创”成果：检查申报文件、生成网站。",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--root", default=None, help="仓库根目录（默认：从当前目录向上查找含 submissions/ 的目录）")
    parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="命令", required=True)
    chosen = chosen_command(sys.argv[1:] if argv is None else argv)
    for name, help_text in COMMANDS.items():
        if every or name == chosen:
            importlib.import_module(f".commands.{name.replace('-', '_')}", __package__).register(sub)
        else:
            sub.add_parser(name, help=help_text)
    return parser


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand named on the command line: the first word that is not an option (or an
    option's value) before it."""
    words = iter(argv)
    for word in words:
        if word in _VALUED:
            next(words, None)
        elif word == "--":
            return next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_stdio()
    # pydantic would scan every installed package for plugins when it builds the first model:
    # time, and third-party code watching the validation of untrusted filings. We use none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UsageError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader stopped early (`| head`): nothing is wrong. Point stdout at nothing so the
        # interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # the system refused a file or a port: the environment's problem, said in Chinese
        from .commands.common import os_failure

        print(f"错误：{os_failure(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # never a traceback to a clerk
        from .history.gitproc import GitError

        if isinstance(exc, GitError) and exc.unrunnable:  # any command that reads git, git not installed
            print(f"错误：{exc.reason}。这个命令要读取 Git 提交历史，请先安装 Git。", file=sys.stderr)
            return EXIT_USAGE
        if args.debug or os.environ.get("SHUANGCHUANG_DEBUG"):
            traceback.print_exc()
        print(f"内部错误：{type(exc).__name__}: {exc}", file=sys.stderr)
        print("这是程序的问题，不是您的文件的问题。请把这条信息发给系统维护人员。", file=sys.stderr)
        return EXIT_INTERNAL


def _utf8_stdio() -> None:
    """Windows consoles default to a legacy code page; Chinese must not become '?' or crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")

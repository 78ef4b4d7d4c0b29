"""`shuangchuang`: the command line. Each subcommand lives in `generator/commands/`."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence

from . import __version__
from .commands import UsageError, zh_argparse

# Subcommand modules; each has `register(subparsers)` and sets `func` on its parser.
COMMANDS = [
    "check",
    "new",
    "schema",
    "build",
    "announce",
    "audit",
    "codeowners",
]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    zh_argparse.install()
    parser = argparse.ArgumentParser(
        prog="shuangchuang",
        description="大连市工会“双创”成果：检查申报文件、生成网站。",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--root", default=None, help="仓库根目录（默认：从当前目录向上查找含 submissions/ 的目录）")
    parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="命令", required=True)
    for name in COMMANDS:
        importlib.import_module(f".commands.{name.replace('-', '_')}", __package__).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_stdio()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UsageError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader stopped early (`| head`): nothing is wrong. Point stdout at nothing so the
        # interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # never a traceback to a clerk
        if args.debug or os.environ.get("SHUANGCHUANG_DEBUG"):
            traceback.print_exc()
        print(f"内部错误：{type(exc).__name__}: {exc}", file=sys.stderr)
        print("这是程序的问题，不是您的文件的问题。请把这条信息发给系统维护人员。", file=sys.stderr)
        return EXIT_USAGE


def _utf8_stdio() -> None:
    """Windows consoles default to a legacy code page; Chinese must not become '?' or crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")

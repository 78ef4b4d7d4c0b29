"""`shuangchuang schema`: write (or check) the JSON Schemas that editors use to complete fields."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..paths import SCHEMAS, SUBMISSIONS
from ..schema import all_schemas
from .common import output_folder, repo_root, write_output


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "schema",
        help="生成 JSON Schema（供编辑器补全和检查）",
        description=f"把文件格式的 JSON Schema 写到 {SUBMISSIONS}/{SCHEMAS}/。",
    )
    parser.add_argument("--check", action="store_true", help="只检查已提交的 Schema 是否最新，不写文件")
    parser.add_argument("--out", metavar="文件夹", default=None, help=f"输出目录（默认 {SUBMISSIONS}/{SCHEMAS}/）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else repo_root(args) / SUBMISSIONS / SCHEMAS
    if not args.check:
        from ..outputs import checked_output

        root = repo_root(args) if not args.out else _root_or_none(args)
        if root is not None:
            out = checked_output(root, out, "JSON Schema", explicit=bool(args.out))
    stale = [name for name, text in all_schemas().items() if _read(out / name) != text]
    if args.check:
        for name in stale:
            print(f"{out / name}: 错误[E901]: Schema 已过期（提示：运行 `shuangchuang schema` 重新生成并提交。）")
        print("Schema 是最新的。" if not stale else f"{len(stale)} 个 Schema 需要重新生成。")
        return 1 if stale else 0
    output_folder(str(out))
    for name, text in all_schemas().items():
        write_output(out / name, text)
    print(f"已写入 {len(all_schemas())} 个 Schema 到 {out}（{len(stale)} 个有变化）。")
    return 0


def _root_or_none(args: argparse.Namespace) -> Path | None:
    """The repository we are in, if any, without complaining (an --out inside it is guarded)."""
    start = Path(args.root).resolve() if args.root else Path.cwd().resolve()
    return next((f for f in (start, *start.parents) if (f / SUBMISSIONS).is_dir()), None)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):  # missing, unreadable or not UTF-8: out of date either way
        return None

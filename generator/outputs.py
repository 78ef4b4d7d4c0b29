"""Where a command may write or delete: inside the repository, never through a symbolic link.

A checked-out branch can commit `site` or `.build` as a link (`site -> ..`): a build that empties
site/ would then empty the folder that holds the clone, and `schema`, `codeowners`, `new` and the
QR cache would write wherever the links lead. Every output path of the repository is checked,
component by component from the repository's root, before anything is written or deleted: a link
anywhere on the way, or a path that resolves outside the repository, is refused with a message
that says which file, what, and how to fix it. A folder given explicitly with `--out` outside the
repository is the user's own choice and is not refused.
"""

from __future__ import annotations

import os
from pathlib import Path

from .commands import UsageError


class UnsafeOutput(UsageError):
    """An output path that leads out of the repository (the message is for the user)."""


def checked_output(root: Path, target: Path | str, what: str, *, explicit: bool = False) -> Path:
    """`target` (relative to `root`, or absolute) when writing or deleting it stays inside the
    repository; UnsafeOutput otherwise. `explicit`: given by the user (e.g. --out), so a folder
    outside the repository is allowed."""
    base = Path(os.path.abspath(root))
    full = Path(os.path.abspath(base / target))
    try:
        rel = full.relative_to(base)
    except ValueError:
        if explicit:
            return full
        raise UnsafeOutput(
            f"{full}: 错误：{what}的位置不在仓库 {base} 内，没有写入。（提示：输出只能写在仓库里。）"
        ) from None
    here = base
    for part in rel.parts:
        here = here / part
        if here.is_symlink():
            shown = here.relative_to(base).as_posix()
            raise UnsafeOutput(
                f"{shown}: 错误：{what}要写到 {rel.as_posix()}，但 {shown} 是一个符号链接（指向 {_link(here)}）；"
                "为免写入或删除仓库以外的文件，什么都没有写。"
                f"（提示：这个链接不应在仓库里：删除它（rm {shown}）后重新运行；如果它是某个分支提交的，请不要合并那个改动。）"
            )
        if not here.exists():
            break  # nothing below a missing folder can be a link yet
    if not full.resolve().is_relative_to(base.resolve()):
        raise UnsafeOutput(
            f"{rel.as_posix()}: 错误：{what}的位置解析到仓库以外（{full.resolve()}），没有写入。"
            "（提示：检查这条路径上的文件夹是否被换成了链接。）"
        )
    return full


def _link(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "未知位置"

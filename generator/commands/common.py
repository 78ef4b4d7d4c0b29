"""What several commands share: finding the repository, printing findings."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Finding, summary, to_github, to_json, to_markdown_table
from ..paths import SUBMISSIONS, year_problem
from ..read.os_reason import os_reason
from . import UsageError

if TYPE_CHECKING:
    from ..submissions import Submissions


def repo_root(args: argparse.Namespace) -> Path:
    """The folder holding submissions/: --root, or the nearest one up from here. Exits with
    status 2 (a usage error, not a finding) when there is none."""
    if args.root:
        root = Path(args.root).resolve()
        if (root / SUBMISSIONS).is_dir():
            return root
        raise SystemExit(fail_usage(f"{root} 下没有 {SUBMISSIONS}/ 目录；--root 应指向仓库根目录。"))
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / SUBMISSIONS).is_dir():
            return folder
    raise SystemExit(
        fail_usage(f"在 {here} 及其上级目录中找不到 {SUBMISSIONS}/ 目录；请在仓库里运行，或用 --root 指定仓库根目录。")
    )


def relative_to_root(raw: str, root: Path) -> str | None:
    """A path given on the command line, as a repo-relative posix path; None if outside."""
    full = (Path.cwd() / raw).resolve() if not Path(raw).is_absolute() else Path(raw).resolve()
    try:
        return full.relative_to(root).as_posix()
    except ValueError:
        # A link that points outside resolves outside: keep its own spelling so it is refused.
        unresolved = Path(os.path.abspath(raw))
        try:
            return unresolved.relative_to(root).as_posix()
        except ValueError:
            return None


def add_format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=["text", "github", "json"],
        default="text",
        help="输出格式：text（默认，每条一行）、github（GitHub Actions 注释）、json",
    )


def report(findings: list[Finding], files: int, fmt: str) -> int:
    """Print findings in the chosen format; exit status 1 when any is an error."""
    if fmt == "json":
        print(to_json(findings, files))
    else:
        render = to_github if fmt == "github" else Finding.to_text
        for finding in findings:
            print(render(finding))
        print(summary(findings, files))
        if fmt == "github":
            _write_step_summary(findings, files)
    return 1 if any(f.is_error for f in findings) else 0


def _write_step_summary(findings: list[Finding], files: int) -> None:
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    body = f"## 申报文件检查\n\n{summary(findings, files)}\n\n"
    if findings:
        body += to_markdown_table(findings) + "\n"
    with open(target, "a", encoding="utf-8") as out:
        out.write(body)


def fail_usage(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return 2


def settings_or_none(root: Path) -> Submissions | None:
    """The registry and settings alone; None (after saying why) when the registry cannot be read."""
    from ..submissions import load_settings  # the models: only commands that read settings pay for them

    settings = load_settings(root)
    if settings.units is None:
        fail_usage("单位名录 submissions/units.yaml 无法读取，请先运行 `shuangchuang check` 修正。")
        return None
    return settings


def revision(root: Path, ref: str, option: str) -> str:
    """The commit `ref` names, checked by git as a revision before anything else sees it: a ref
    that is empty or looks like an option never reaches `git log` or `git diff`."""
    example = "例如 origin/main、main 或提交编号"
    if not ref.strip():
        raise UsageError(f"{option} 不能为空，应是一个 git 版本（{example}）。")
    if ref.startswith("-"):
        raise UsageError(f"{option} 的值“{ref}”以“-”开头，不是 git 版本（{example}）。")
    from ..history import gitproc

    try:
        sha = gitproc.commit_id(root, ref)
    except gitproc.GitError as exc:
        if exc.not_a_repository:
            raise UsageError(f"{root} 不是 git 仓库，无法使用 {option}。") from None
        if exc.unrunnable:
            raise UsageError(f"{exc.reason}。请先安装 Git。") from None
        sha = ""
    if not re.fullmatch(r"[0-9a-f]{40,64}", sha):
        noun = "基准版本" if option == "--base" else "版本"
        raise UsageError(
            f"找不到{noun}“{ref}”：{option} 应是本仓库里的一个 git 版本（{example}）；远程分支请先 git fetch。"
        )
    return sha


def year_argument(text: str) -> int:
    """argparse `type=` for a year: the years `check` accepts as a year folder, no others."""
    if not re.fullmatch(r"[0-9]{4}", text.strip()):  # ASCII digits only: int() reads "２０２６" too
        raise argparse.ArgumentTypeError(f"“{text}”不是年份，应写四位数字（半角），例如 2026")
    year = int(text.strip())
    if (problem := year_problem(year)) is not None:
        raise argparse.ArgumentTypeError(problem)
    return year


def output_folder(raw: str, create: bool = True) -> Path:
    """A folder the command may write to, made if missing (with `create`); UsageError when it
    cannot be. Without `create` nothing is made: a command says a wrong --out before its work
    and writes nothing when the work finds errors."""
    folder = Path(raw)
    existing = next((p for p in (folder, *folder.parents) if p.exists() or p.is_symlink()), None)
    if existing is not None and not existing.is_dir():
        where = "已是一个文件，不是文件夹" if existing == folder else f"中的 {existing} 是文件，不是文件夹"
        raise UsageError(f"输出位置 {raw} {where}；--out 请指定一个文件夹。")
    if existing is not None and not os.access(existing, os.W_OK | os.X_OK):
        raise UsageError(f"输出文件夹 {raw} 没有写入权限；请换一个文件夹。")
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"无法创建输出文件夹 {raw}：{os_reason(exc)}；请换一个有写入权限的文件夹。") from None
    return folder


def write_output(path: Path, text: str) -> None:
    """Write one output file (LF line ends); UsageError, not a traceback, when it cannot be."""
    try:
        path.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise UsageError(f"无法写入 {path}：{os_reason(exc)}；请换一个有写入权限的文件夹。") from None


def address_argument(text: str) -> str:
    """argparse `type=` for `--addr`: host:port, the port a number from 1 to 65535."""
    host, colon, port = text.rpartition(":")
    if not colon or not host or not (port.isascii() and port.isdigit()) or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"“{text}”不是“主机:端口”，例如 127.0.0.1:8000")
    return text


def os_failure(exc: OSError) -> str:
    """A refused file operation as one Chinese sentence: what, where, why."""
    where = f" {exc.filename}" if exc.filename else ""
    return f"无法读写{where}：{os_reason(exc)}。请检查这个路径（是否被占用、有没有权限、是文件还是文件夹）后再试。"

"""What several commands share: finding the repository, printing findings."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..diagnostics import Finding, summary, to_github, to_json, to_markdown_table
from ..paths import SUBMISSIONS
from ..submissions import Submissions, load_settings


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
    raise SystemExit(fail_usage(f"在 {here} 及其上级目录中找不到 {SUBMISSIONS}/ 目录；请在仓库里运行，或用 --root 指定仓库根目录。"))


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
    parser.add_argument("--format", choices=["text", "github", "json"], default="text",
                        help="输出格式：text（默认，每条一行）、github（GitHub Actions 注释）、json")


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
    settings = load_settings(root)
    if settings.units is None:
        fail_usage("单位名录 submissions/units.yaml 无法读取，请先运行 `shuangchuang check` 修正。")
        return None
    return settings

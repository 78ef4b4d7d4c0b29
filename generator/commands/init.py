"""`shuangchuang init`: the first day of a new deployment — 审计起点 set to the import of the old records.

A new repository starts from the records kept so far (imported in its first commits); everything
after is judged by `audit`. `init` writes the commit that ends the import into programme.yaml's
审计起点 (the latest commit, or `--commit`), keeping the file's comments, and says how to land it.
A value copied from another repository names no commit here: it exempts nothing, so it may be
replaced (`check --base` allows exactly that); one that names a commit of this history is final.
"""

from __future__ import annotations

import argparse
import re
import sys

from ..paths import SUBMISSIONS
from .common import fail_usage, repo_root, revision

PROGRAMME = f"{SUBMISSIONS}/programme.yaml"
_LINE = re.compile(r"^审计起点\s*:.*$", re.MULTILINE)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "init",
        help="新部署的第一天：把“审计起点”设为导入旧记录的提交",
        description="在新仓库里导入旧记录并提交之后运行一次：把 submissions/programme.yaml 的“审计起点”设为导入的最后一个提交"
        "（默认当前提交），此前的历史作为导入的旧记录不做时限审计，此后每次合并都由 audit 核对。",
    )
    parser.add_argument("--commit", default=None, metavar="提交", help="导入的最后一个提交（默认 HEAD，即当前提交）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..history import gitproc
    from ..history.audit import IncompleteHistory, require_full_history

    root = repo_root(args)
    try:
        require_full_history(root)
    except IncompleteHistory as exc:
        return fail_usage(str(exc))
    try:
        gitproc.text(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except gitproc.GitError as exc:
        if exc.not_a_repository:
            return fail_usage(
                f"{root} 不是 git 仓库：先 git init，把旧记录放进 {SUBMISSIONS}/ 并提交，再运行 shuangchuang init。"
            )
        return fail_usage(
            f"仓库还没有提交：先把旧记录放进 {SUBMISSIONS}/ 并提交（git add -A && git commit），再运行 shuangchuang init。"
        )
    sha = revision(root, args.commit or "HEAD", "--commit")
    path = root / PROGRAMME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        return fail_usage(f"无法读取 {PROGRAMME}：{exc}")
    found = _LINE.search(text)
    current = found.group(0).split(":", 1)[1].split("#", 1)[0].strip().strip("'\"") if found else ""
    if current and gitproc.names_ancestor(root, current, "HEAD"):
        if args.commit is None or sha.startswith(current):
            print(f"“审计起点”已经是本仓库的提交 {current}，不用再设。以后再导入旧记录，请在“导入记录”里事先登记。")
            return 0
        return fail_usage(
            f"{PROGRAMME}：“审计起点”已设为本仓库的提交 {current}，不能再改（改动会抹去此后合并记录的审计）。"
            "以后再导入旧记录，请在“导入记录”里事先登记（见 README“新部署的第一天”）。"
        )
    line = f"审计起点: {sha[:12]}"
    text = _LINE.sub(line, text, count=1) if found else _with_line(text, line)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    was = f"（原来的 {current} 不是本仓库的提交，已替换）" if current else ""
    print(f"已把 {PROGRAMME} 的“审计起点”设为 {sha[:12]}{was}：这个提交（含）之前的历史是导入的旧记录，不做时限审计。")
    print("下一步：提交这一改动并合并到主分支：")
    print(f'  git add {PROGRAMME} && git commit -m "设定审计起点"')
    print("  新仓库尚未开启分支保护时直接推送到主分支；已开启时开合并请求，由考评办公室签字人批准后合并。")
    print("之后运行 shuangchuang audit 核对：应当没有发现问题。")
    sys.stdout.flush()
    return 0


def _with_line(text: str, line: str) -> str:
    comment = "# 导入旧记录的提交：此提交（含）之前的历史不做时限审计（shuangchuang init 写入）。\n"
    if text and not text.endswith("\n"):
        text += "\n"
    return f"{text}{comment}{line}\n"

"""`shuangchuang forge VERB …`: what the workflows ask the code-hosting platform, as JSON files.

The one client is `generator/forge/`; this command only turns its answers into files for
`check --arrivals/--approvals` and `audit --landings`, and carries out the merge workflow's
status, comment and merge. The platform and its API address come from the options, else from
FORGE_PLATFORM / FORGE_API_URL, else from `programme.yaml`'s 平台 / 平台地址 in the repository
at --root (the judge runs this from main's checkout: a pull request's settings never pick the
forge that testifies about it), else GitHub and GITHUB_API_URL.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from . import UsageError
from .common import write_output

VERBS = {
    "pull": "合并请求的信息（提交时间、头提交等）",
    "reviews": "合并请求的全部审核记录（批准即签字）",
    "arrivals": "平台对合并请求每次推送的送达记录（服务器时间）",
    "landings": "主分支上每个合并提交对应的合并请求、平台记录的合并时间和审核记录",
    "open-pulls": "所有未合并的合并请求",
    "status": "在提交上设置状态（合并工作流用）",
    "comment": "在合并请求上发表评论（内容取自文件）",
    "merge": "以合并提交合并（头提交变了则平台拒绝）",
    "issue": "开出或更新本工作流自己开的、标题为此的那一个问题单；--close 时评论后关闭它",
}
CLOSED_COMMENT = "记录核对已无问题：此问题单关闭。"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "forge",
        help="向代码托管平台查询或操作（供工作流使用）",
        description="向代码托管平台查询合并请求、审核记录、送达记录和合并记录并写成 JSON 文件，"
        "或设置状态、发表评论、合并：供工作流使用。",
    )
    parser.add_argument("--platform", default=None, metavar="平台", help="平台：github、gitea 或 forgejo")
    parser.add_argument(
        "--api-url", default=None, metavar="地址", help="平台接口地址（默认取环境变量或 programme.yaml 的“平台地址”）"
    )
    verbs = parser.add_subparsers(dest="verb", metavar="操作", required=True)
    for name, text in VERBS.items():
        verb = verbs.add_parser(name, help=text, description=text)
        if name in ("pull", "reviews", "arrivals", "comment", "merge"):
            verb.add_argument("number", type=_number, metavar="编号", help="合并请求编号")
        if name in ("pull", "reviews", "arrivals", "landings", "open-pulls"):
            verb.add_argument("out", type=Path, metavar="输出文件", help="写入的 JSON 文件")
        if name == "arrivals":
            verb.add_argument(
                "--paths-from",
                type=Path,
                default=None,
                metavar="文件",
                help="要记下内容编号的路径（每行一个或以 NUL 分隔）",
            )
            verb.add_argument(
                "--local", type=Path, default=None, metavar="仓库", help="先在这个本地仓库里找提交（找不到再问平台）"
            )
        if name == "landings":
            verb.add_argument("commits", nargs="*", metavar="提交", help="主分支上的提交（默认：主分支上全部合并提交）")
            verb.add_argument(
                "--local", type=Path, default=None, metavar="仓库", help="从这个本地仓库的 HEAD 列出合并提交"
            )
        if name == "status":
            verb.add_argument("sha", metavar="提交")
            verb.add_argument("context", metavar="名称")
            verb.add_argument("state", choices=["success", "failure", "pending", "error"], metavar="状态")
            verb.add_argument("description", metavar="说明")
            verb.add_argument("--url", default="", metavar="网址", help="详情链接")
        if name == "comment":
            verb.add_argument("body", type=Path, metavar="内容文件")
        if name == "merge":
            verb.add_argument("head_sha", metavar="头提交")
            verb.add_argument("title", metavar="标题")
        if name == "issue":
            verb.add_argument("--close", action="store_true", help="关闭这个问题单（内容文件作为关闭时的评论，可省略）")
            verb.add_argument("title", metavar="标题", help="问题单的标题（完全相同才算同一个）")
            verb.add_argument("body", type=Path, nargs="?", default=None, metavar="内容文件")
    parser.set_defaults(func=run)


def _number(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) < 10**9:
        raise argparse.ArgumentTypeError(f"“{text}”不是合并请求编号（正整数）")
    return int(text)


def run(args: argparse.Namespace) -> int:
    from ..forge import ForgeError, connect

    platform, api_url = _settings(args)
    try:
        forge = connect(platform, api_url)
        return _VERB_RUNNERS[args.verb](forge, args)
    except ForgeError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2


def _settings(args: argparse.Namespace) -> tuple[str, str | None]:
    platform = args.platform or os.environ.get("FORGE_PLATFORM") or ""
    api_url = args.api_url or os.environ.get("FORGE_API_URL") or None
    if not platform or api_url is None:
        found = _programme_settings(Path(args.root) if args.root else Path.cwd())
        platform = platform or found.get("平台", "")
        api_url = api_url or found.get("平台地址") or None
    platform = platform or "github"
    from ..forge import PLATFORMS

    if platform not in PLATFORMS:
        raise UsageError(f"不认识的平台“{platform}”：只能是 {'、'.join(PLATFORMS)}")
    return platform, api_url


def _programme_settings(root: Path) -> dict[str, str]:
    """平台 and 平台地址 as written in programme.yaml (plain text values); {} when absent."""
    import yaml

    try:
        data = yaml.safe_load((root / "submissions/programme.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: str(data[k]).strip() for k in ("平台", "平台地址") if isinstance(data.get(k), str)}


# --- the verbs --------------------------------------------------------------------------------------


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


def _write(path: Path, data: Any) -> None:
    write_output(path, json.dumps(_json(data), ensure_ascii=False, indent=1) + "\n")


def _pull(forge: Any, args: argparse.Namespace) -> int:
    _write(args.out, asdict(forge.pull(args.number)))
    return 0


def _reviews(forge: Any, args: argparse.Namespace) -> int:
    _write(args.out, [asdict(r) for r in forge.reviews(args.number)])
    return 0


def _arrivals(forge: Any, args: argparse.Namespace) -> int:
    from ..history import gitproc

    paths = _paths(args.paths_from) if args.paths_from else []
    found = []
    for record in forge.arrival_records(args.number):
        entry: dict[str, Any] = asdict(record)
        if paths:
            blobs = None
            if args.local is not None:
                try:
                    blobs = gitproc.blob_ids(args.local.resolve(), record.commit, paths)
                except gitproc.GitError:
                    blobs = None
            entry["blobs"] = blobs if blobs is not None else forge.blob_ids(record.commit, paths)
        found.append(entry)
    _write(args.out, found)
    return 0


def _paths(path: Path) -> list[str]:
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"无法读取路径清单 {path}：{exc.strerror}") from None
    return [p for p in raw.replace("\0", "\n").split("\n") if p]


def _landings(forge: Any, args: argparse.Namespace) -> int:
    commits = list(args.commits)
    if not commits:
        from ..history import gitproc

        root = (args.local or Path.cwd()).resolve()
        commits = gitproc.text(root, "rev-list", "--first-parent", "--min-parents=2", "HEAD").split()
    found = []
    for landing in (forge.landing(c) for c in commits):
        if landing is not None:
            # The pull request's reviews, as the forge recorded them: who approved what lands (landings.py).
            reviews = [asdict(r) for r in forge.reviews(landing.number)]
            found.append({**asdict(landing), "reviews": reviews})
    _write(args.out, found)
    return 0


def _open_pulls(forge: Any, args: argparse.Namespace) -> int:
    _write(args.out, [asdict(p) for p in forge.open_pulls()])
    return 0


def _status(forge: Any, args: argparse.Namespace) -> int:
    forge.set_status(args.sha, args.context, args.state, args.description, args.url)
    return 0


def _comment(forge: Any, args: argparse.Namespace) -> int:
    try:
        body = args.body.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"无法读取评论内容 {args.body}：{exc.strerror}") from None
    forge.comment(args.number, body)
    return 0


def _issue(forge: Any, args: argparse.Namespace) -> int:
    title = args.title.strip()
    if not title:
        raise UsageError("问题单的标题不能为空")
    if args.body is None and not args.close:
        raise UsageError("开出或更新问题单需要内容文件：shuangchuang forge issue 标题 内容文件")
    body = CLOSED_COMMENT
    if args.body is not None:
        try:
            body = args.body.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "不是 UTF-8 编码"
            raise UsageError(f"无法读取问题单内容 {args.body}：{reason}") from None
    if args.close:
        number = forge.close_issue(title, body)
        print(f"已关闭问题单 #{number}“{title}”。" if number else f"没有未关闭的问题单“{title}”：无需关闭。")
        return 0
    print(f"问题单 #{forge.open_issue(title, body)}“{title}”已是最新内容。")
    return 0


def _merge(forge: Any, args: argparse.Namespace) -> int:
    print(forge.merge(args.number, args.head_sha, args.title))
    return 0


_VERB_RUNNERS = {
    "pull": _pull,
    "reviews": _reviews,
    "arrivals": _arrivals,
    "landings": _landings,
    "open-pulls": _open_pulls,
    "status": _status,
    "comment": _comment,
    "merge": _merge,
    "issue": _issue,
}

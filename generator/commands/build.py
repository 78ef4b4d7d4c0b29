"""`shuangchuang build [--serve]`: check every filing, then build the public site into site/."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ..clock import TIME_HELP, system_now, time_argument
from ..history.audit import IncompleteHistory, require_full_history
from ..render.build import SITE_DIR, Built, build_site, generate, guard_outputs, serve
from ..render.generate import DOCS_DIR, Generated
from ..render.pages import chrome_for
from ..validate.tree import load_submissions
from .audit import read_landings_option
from .common import address_argument, fail_usage, repo_root, report


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "build", help="生成公示网站", description="检查全部申报文件，无误后生成公示网站到 site/ 目录。"
    )
    parser.add_argument("--serve", action="store_true", help="生成后启动本地预览服务器，申报文件改动后自动刷新")
    parser.add_argument(
        "--addr",
        metavar="主机:端口",
        type=address_argument,
        default="127.0.0.1:8000",
        help="预览服务器地址：主机:端口（默认 127.0.0.1:8000）",
    )
    parser.add_argument(
        "--now",
        type=time_argument,
        default=None,
        metavar="时刻",
        help=f"按这一时刻计算状态、当前阶段和剩余天数（默认现在）：{TIME_HELP}",
    )
    parser.add_argument(
        "--landings",
        default=None,
        metavar="文件",
        help="平台的合并记录（shuangchuang forge landings 生成的 JSON）：网站上的合并时间、合并请求和批准人以它为准",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = repo_root(args)
    guard_outputs(root)
    now = args.now or system_now()
    landings = read_landings_option(args.landings)
    try:
        require_full_history(root)  # before the work: a shallow clone's site would say false things
    except IncompleteHistory as exc:
        return fail_usage(str(exc))
    started = time.perf_counter()
    subs = load_submissions(root)
    if not subs.ok or subs.units is None:
        print("申报文件有错误，网站没有生成。请先改正下列问题：")
        return report(subs.findings, subs.files, "text") or 1
    generated = generate(subs, now, landings)
    generated.write_dictionary(root / DOCS_DIR)
    built, done = build_site(root, generated, chrome_for(generated.site))
    if not built.ok:
        print("网站生成失败（mkdocs build --strict）：")
        for message in built.messages:
            print(f"  {message}")
        return 1
    _say_where(root, generated, done, time.perf_counter() - started)
    if args.serve:
        print(f"正在启动预览：http://{args.addr}/（按 Ctrl+C 停止）")
        serve(root, args.addr)
    return 0


def _say_where(root: Path, generated: Generated, done: Built, seconds: float) -> None:
    site = root / SITE_DIR
    projects = sum(len(y.projects) for y in generated.site.years)
    for note in generated.notes:
        print(note)
    print(f"网站已生成：{done.html} 个页面，{projects} 个项目，共 {done.size / 1e6:.1f} MB，用时 {seconds:.1f} 秒。")
    kept = done.pages - done.rendered
    if kept:
        print(f"其中 {done.rendered} 个页面有改动、重新生成，{kept} 个页面与上次相同，没有重新生成。")
    print(f"用浏览器打开：{(site / 'index.html').as_posix()}")
    print(
        f"需要站内全文搜索时，请用网址访问：python -m http.server -d {site.as_posix()}，然后打开 http://127.0.0.1:8000/"
    )

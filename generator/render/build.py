"""Run the whole build: filings → frames and data (ours) → `mkdocs build --strict` (in process, no
hooks) → every page filled into its frame (frame.py)."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..history.audit import as_on_record, audit_or_none
from ..history.landings import ForgeLanding
from ..submissions import Submissions
from .frame import Chrome, FrameError, Page, fill_site
from .generate import DOCS_DIR, QR_CACHE, SEARCH_DIR, Generated, generate_docs, head_commit
from .pending import read_pending
from .search_dict import prepare_jieba

SITE_DIR = Path("site")
# The repository's mkdocs.yml; a checkout without one (a temp tree in tests) borrows the code's.
CODE_ROOT = Path(__file__).resolve().parents[2]


def config_file(root: Path) -> Path:
    own = root / "mkdocs.yml"
    return own if own.is_file() else CODE_ROOT / "mkdocs.yml"


def generate(subs: Submissions, now: datetime, landings: dict[str, ForgeLanding] | None = None) -> Generated:
    """The docs tree, with statuses, landing times and the record's findings from main's history when
    there is one; `landings`: the forge's record of what it merged (`--landings`). IncompleteHistory
    on a shallow clone."""
    record = audit_or_none(subs.repo_root, subs, landings)
    subs = as_on_record(subs, record)  # a change made after the record was fixed is not shown as the record
    assert subs.units is not None
    # The deploy passes a read-only token; without one (a local build) the list is simply absent.
    pending, note = read_pending(subs.units, os.environ, subs.programme.repo_url, platform=subs.programme.platform)
    generated = generate_docs(
        subs,
        now,
        commit=head_commit(subs.repo_root),
        cache=trusted_cache(subs.repo_root),
        pending=pending,
        record=record,
    )
    if note:
        generated.notes.append(note)
    return generated


def trusted_cache(root: Path) -> Path | None:
    """The QR cache, unless a commit put it there: only our own builds write .build/cache/ (it is
    git-ignored), so a tracked or linked qr.json is a plant and is neither read nor written."""
    from ..history import gitproc

    path = root / QR_CACHE
    if path.is_symlink():
        return None
    try:
        tracked = gitproc.text(root, "ls-files", "-z", "--", QR_CACHE.as_posix())
    except gitproc.GitError:
        return path  # not a repository: nothing could have committed it
    return None if tracked else path


@dataclass
class MkDocsResult:
    ok: bool
    messages: list[str] = field(default_factory=list)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(root: Path, pages: Iterable[Page], chrome: Chrome | None = None) -> MkDocsResult:
    """The frames through MkDocs, then every page into its frame. With the site's address (`chrome`),
    MkDocs writes the 404 page's links for the address's path (a site under /shuangchuang/)."""
    result = run_mkdocs(root, chrome.address if chrome else None)
    if result.ok:
        try:
            fill_site(root / SITE_DIR, pages, chrome)
        except FrameError as exc:  # the theme moved its title or body: say so, not a traceback
            return MkDocsResult(False, [f"主题模板与页面框架不符，无法填入页面内容：{exc}"])
    return result


def run_mkdocs(root: Path, site_url: str | None = None) -> MkDocsResult:
    """`mkdocs build --strict` through MkDocs' own API; warnings are collected, not printed raw.
    Without the hooks: the serve hook generates and fills for the MkDocs command line, which
    this build does itself."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    missing = prepare_jieba()
    if missing:
        return MkDocsResult(False, [missing])
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    logger.addHandler(collect)
    try:
        config = load_config(
            config_file=str(config_file(root)),
            strict=True,
            docs_dir=str(root / DOCS_DIR),
            site_dir=str(root / SITE_DIR),
            hooks=[],
            **({"site_url": site_url} if site_url else {}),
        )
        # The search plugin opens jieba_dict_user (.build/search/…) relative to the working directory.
        with contextlib.chdir(root):
            build(config)
        return MkDocsResult(True, collect.messages)
    except (Abort, ConfigurationError) as exc:
        return MkDocsResult(False, [*collect.messages, str(exc)])
    finally:
        logger.removeHandler(collect)


# What `mkdocs serve` says while it runs, in Chinese; other INFO lines are left out, warnings and
# errors are shown with MkDocs' own words after a Chinese label.
_SERVE_SAYS = (
    (re.compile(r"^Building documentation.*"), "正在生成网站……"),
    (re.compile(r"^Documentation built in ([0-9.]+) seconds.*"), r"网站已生成，用时 \1 秒。"),
    (re.compile(r"^Serving on (\S+).*"), r"预览地址：\1"),
    (re.compile(r"^Detected file changes.*"), "发现文件有改动，重新生成。"),
    (re.compile(r"^Reloading browsers.*"), "刷新浏览器。"),
)


class _ServeLog(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        for pattern, said in _SERVE_SAYS:
            if pattern.search(text):
                print(pattern.sub(said, text).splitlines()[0], file=sys.stderr)
                return
        if record.levelno >= logging.WARNING:
            label = "警告" if record.levelno == logging.WARNING else "错误"
            print(f"MkDocs {label}：{text}", file=sys.stderr)


def serve(root: Path, address: str) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    logging.getLogger("mkdocs").addHandler(_ServeLog())
    logging.getLogger("mkdocs").setLevel(logging.INFO)

    # `mkdocs serve` builds into a temporary folder of its own; site/ is left as built. It reloads
    # mkdocs.yml for every rebuild, and the search plugin opens jieba_dict_user relative to the
    # working directory: serve from the repository, as `mkdocs serve` would be run.
    os.chdir(root)
    mkdocs_serve(
        config_file=str(config_file(root)),
        dev_addr=address,
        livereload=True,
        docs_dir=str(root / DOCS_DIR),
        watch=[str(root / "submissions")],
    )


def guard_outputs(root: Path) -> None:
    """Before anything is read or written: every folder the build empties or writes is the repository's own."""
    from ..commands import UsageError
    from ..outputs import checked_output

    for folder in (SITE_DIR, DOCS_DIR.parts[0]):
        if (root / folder).exists() and not (root / folder).is_dir():
            raise UsageError(f"{root / folder} 是一个文件，不是文件夹；网站要写到这里。请把它改名或移走后再生成。")
    checked_output(root, SITE_DIR, "网站（site/）")
    checked_output(root, DOCS_DIR, "网站的页面框架（.build/docs/）")
    checked_output(root, SEARCH_DIR, "站内搜索词典（.build/search/）")
    checked_output(root, QR_CACHE, "二维码缓存（.build/cache/qr.json）")

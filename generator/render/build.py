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

from ..history.audit import audit_or_none
from ..submissions import Submissions
from .frame import FrameError, Page, fill_site
from .generate import DOCS_DIR, QR_CACHE, Generated, generate_docs, head_commit
from .pending import read_pending
from .search_dict import prepare_jieba

SITE_DIR = Path("site")
# The repository's mkdocs.yml; a checkout without one (a temp tree in tests) borrows the code's.
CODE_ROOT = Path(__file__).resolve().parents[2]


def config_file(root: Path) -> Path:
    own = root / "mkdocs.yml"
    return own if own.is_file() else CODE_ROOT / "mkdocs.yml"


def generate(subs: Submissions, now: datetime) -> Generated:
    """The docs tree, with statuses and landing times from main's history when there is one."""
    record = audit_or_none(subs.repo_root, subs)
    assert subs.units is not None
    # The deploy passes a read-only token; without one (a local build) the list is simply absent.
    pending, note = read_pending(subs.units, os.environ, subs.programme.repo_url)
    generated = generate_docs(
        subs,
        now,
        commit=head_commit(subs.repo_root),
        late=record.late_registrations() if record else (),
        landed_at=record.landed_at if record else None,
        landing=record.landings.get if record else None,
        cache=subs.repo_root / QR_CACHE,
        pending=pending,
    )
    if note:
        generated.notes.append(note)
    return generated


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


def build_site(root: Path, pages: Iterable[Page]) -> MkDocsResult:
    """The frames through MkDocs, then every page into its frame."""
    result = run_mkdocs(root)
    if result.ok:
        try:
            fill_site(root / SITE_DIR, pages)
        except FrameError as exc:  # the theme moved its title or body: say so, not a traceback
            return MkDocsResult(False, [f"主题模板与页面框架不符，无法填入页面内容：{exc}"])
    return result


def run_mkdocs(root: Path) -> MkDocsResult:
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

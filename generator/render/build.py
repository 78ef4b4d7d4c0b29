"""Run the whole build: filings → frames and data (ours) → `mkdocs build --strict` (in process, no
hooks) → every page filled into its frame (frame.py)."""

from __future__ import annotations

import contextlib
import gc
import gzip
import logging
import os
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..history.audit import as_on_record, audit_or_none
from ..history.landings import ForgeLanding
from ..model.programme import Programme
from ..model.units import UnitRegistry
from ..submissions import Submissions
from .context import ProjectView, SiteContext
from .fill_page import PINYIN_CACHE
from .frame import Chrome, Frame, FrameError, Page, filled, frames, search_index_text, sitemap_text
from .generate import DOCS_DIR, QR_CACHE, SEARCH_DIR, Generated, generate_docs, head_commit
from .incremental import SITE_CACHE, Manifest, PageDigests, SiteOutput, digest_bytes, site_key, tree_digest
from .pages import chrome_for
from .pending import read_pending
from .search_dict import CUTS_CACHE, SEARCH_DICT, Cuts, prepare_jieba
from .templating import to_html
from .tree import DocsTree

SITE_DIR = Path("site")
FRAMES = Path(".build/cache/frames")  # the frames alone (docs/) and what MkDocs made of them (site/)
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
    """The QR cache (the pinyin table's beside it), unless a commit put it there: only our own builds
    write .build/cache/ (it is git-ignored), so a tracked or linked one is a plant and is neither read
    nor written."""
    path = root / QR_CACHE
    if path.is_symlink() or planted(root):
        return None
    return path


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


@dataclass
class Built:
    """What a build wrote: pages rendered (the rest were kept from the last build), files written."""

    rendered: int = 0
    pages: int = 0  # ours, filled into frames
    html: int = 0  # every .html file of the site (the theme's 404 too)
    written: int = 0
    size: int = 0
    mkdocs: bool = False  # whether MkDocs ran (its frames' inputs had changed)


def build_site(root: Path, generated: Generated, chrome: Chrome | None = None) -> tuple[MkDocsResult, Built]:
    """site/ from the generated tree: the data files as they are, the frames through MkDocs (only
    when what they are made of changed), every page filled into its frame (only when what it is
    made of changed: incremental.py); then the search index and the sitemap. `chrome`: the site's
    address, footer and default description (chrome_for the site when not given); with the address,
    MkDocs writes the 404 page's links for the address's path (a site under /shuangchuang/)."""
    missing = prepare_jieba()  # before anything is written: a failed build leaves no half site
    if missing:
        return MkDocsResult(False, [missing]), Built()
    chrome = chrome if chrome is not None else chrome_for(generated.site)
    config = config_file(root)
    # A planted site/ or .build/ (planted()): a clean build, the frames made again; its record and cuts
    # are neither read nor written, and site/ is emptied first (a link a commit put there would be
    # written through).
    plant = planted(root)
    old = Manifest(site_key(config)) if plant else Manifest.take(root / SITE_CACHE, site_key(config))
    if plant and (root / SITE_DIR).is_dir():
        shutil.rmtree(root / SITE_DIR)
    out = SiteOutput(root / SITE_DIR, old)
    pages = list(generated.tree.pages.values())
    for rel, content in generated.tree.files.items():
        out.put(rel, content)
    for rel, (inputs, make) in generated.tree.made.items():
        out.made(rel, f"made:{inputs}", make)
    generated.tree.made.clear()
    # Their bytes (megabytes at ten thousand projects) need not sit in memory beside MkDocs and the pages.
    generated.tree.files.clear()
    gc.collect()  # the spreadsheet writer leaves cycles (25 MiB at ten thousand projects)
    sources = frames(pages)
    dictionary = root / SEARCH_DICT
    # The frames' sources, the search dictionary and the site's address (MkDocs' site_url) make the frames.
    inputs = tree_digest(
        [
            *((rel, md.encode("utf-8")) for rel, md in sources.items()),
            ("", _bytes_or_empty(dictionary)),
            ("\0site_url", (chrome.address or "").encode("utf-8")),
        ]
    )
    built = root / FRAMES / "site"
    ran = not old.theme or old.frames != inputs or not all((built / rel).is_file() for rel in old.theme)
    if ran:
        docs = DocsTree()
        for rel, md in sources.items():
            docs.add(rel, md)
        docs.write(root / FRAMES / "docs")
        result = run_mkdocs(root, chrome.address, root / FRAMES / "docs", built)
        if not result.ok:
            return result, Built()
        theme = {
            p.relative_to(built).as_posix(): digest_bytes(p.read_bytes())
            for p in sorted(built.rglob("*"))
            if p.is_file()
        }
    else:
        result, theme = MkDocsResult(True), old.theme
    out.new.frames, out.new.theme = inputs, theme
    try:
        cuts = Cuts(None if plant else root / CUTS_CACHE, dictionary, dictionary_loaded=ran)
        _fill(out, pages, built, theme, chrome, cuts)
    except FrameError as exc:  # the theme moved its title or body: say so, not a traceback
        return MkDocsResult(False, [f"主题模板与页面框架不符，无法填入页面内容：{exc}"]), Built()
    out.finish(None if plant else root / SITE_CACHE)
    if generated.codes is not None:
        generated.codes.save()
    html, size = out.sizes()
    return result, Built(out.rendered, len(pages), html, out.written, size, ran)


def planted(root: Path) -> bool:
    """Whether the previous output or the build's cache could be anyone's but our own builds': only
    a build writes site/ and .build/ (both git-ignored), so a tracked or linked one is a plant (a
    record whose digests match, with pages of its own) and nothing of it is kept."""
    from ..history import gitproc

    if any(p.is_symlink() for p in (root / SITE_DIR, root / ".build", root / ".build/cache", root / FRAMES)):
        return True
    try:
        return bool(gitproc.text(root, "ls-files", "-z", "--", SITE_DIR.as_posix(), ".build"))
    except gitproc.GitError:
        return False  # not a repository: nothing could have committed them


def _fill(out: SiteOutput, pages: list[Page], built: Path, theme: dict[str, str], chrome: Chrome, cuts: Cuts) -> None:
    page_files = {to_html(p.path) for p in pages}
    frames_html = {to_html(p.frame) for p in pages}
    own = {"search/search_index.json", "sitemap.xml", "sitemap.xml.gz"}
    for rel, digest in theme.items():
        # A frame is the page filled into it, or a shell that is not a page at all; the data files win.
        if rel in own or rel in frames_html or rel in page_files or rel in out.new.files:
            continue
        out.copy(rel, digest, built / rel)
    digests = PageDigests((ProjectView, SiteContext, UnitRegistry, Programme))
    words = cuts.key
    keys = []
    for page in pages:
        frame_rel = to_html(page.frame)
        if frame_rel not in theme:
            raise FrameError(f"{frame_rel}: MkDocs built no frame for this page")
        # Everything the page's bytes depend on besides its context: what fills the frame's slots
        # (title, description, canonical address, footer: the office's contact and the page's date),
        # its search entries' inputs, and the frame itself.
        rel = to_html(page.path)
        inputs = (
            page.path,
            page.title,
            page.template,
            page.search,
            page.search_words,
            page.search_text,
            page.description or chrome.description,
            chrome.url(rel),
            chrome.footer_for(page),
            theme[frame_rel],
        )
        keys.append(digests.page((*inputs, words if page.search else ""), page.context))
    parsed: dict[str, Frame] = {}

    def frame_of(rel: str) -> Frame:
        if rel not in parsed:
            parsed[rel] = Frame.parse((built / rel).read_text(encoding="utf-8"), rel)
        return parsed[rel]

    def render(page: Page) -> Callable[[], tuple[str, list[dict[str, Any]]]]:
        return lambda: filled(frame_of(to_html(page.frame)), page, chrome, cuts)

    for page, key in zip(pages, keys, strict=True):
        out.page(to_html(page.path), key, render(page))
    entries = [e for page in pages for e in out.new.search.get(to_html(page.path), [])]
    if "search/search_index.json" in theme:
        index = (built / "search/search_index.json").read_text(encoding="utf-8")
        out.put("search/search_index.json", search_index_text(index, entries).encode("utf-8"))
    if "sitemap.xml" in theme:
        text = sitemap_text((built / "sitemap.xml").read_text(encoding="utf-8"), sorted(page_files), chrome)
        out.put("sitemap.xml", text.encode("utf-8"))
        out.put("sitemap.xml.gz", gzip.compress(text.encode("utf-8"), mtime=0))
    cuts.save()


def _bytes_or_empty(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""


def run_mkdocs(
    root: Path, site_url: str | None = None, docs: Path | None = None, site: Path | None = None
) -> MkDocsResult:
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
            docs_dir=str(docs or root / DOCS_DIR),
            site_dir=str(site or root / SITE_DIR),
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
    checked_output(root, QR_CACHE.with_suffix(".keys"), "二维码缓存（.build/cache/qr.keys）")
    checked_output(root, PINYIN_CACHE, "拼音表缓存（.build/cache/pinyin.json）")
    checked_output(root, CUTS_CACHE, "站内搜索分词缓存（.build/cache/search-cuts.json）")
    checked_output(root, SITE_CACHE, "网站生成记录（.build/cache/site.json）")
    checked_output(root, FRAMES / "docs", "页面框架（.build/cache/frames/docs/）")
    checked_output(root, FRAMES / "site", "页面框架（.build/cache/frames/site/）")

"""Run the whole build: filings → frames and data (ours) → `mkdocs build --strict` (in process, no
hooks) → every page filled into its frame (frame.py)."""

from __future__ import annotations

import contextlib
import gc
import gzip
import logging
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..history.audit import audit_or_none
from ..model.programme import Programme
from ..model.units import UnitRegistry
from ..submissions import Submissions
from .context import ProjectView, SiteContext
from .frame import Frame, FrameError, Page, filled, frames, search_index_text, sitemap_text
from .generate import DOCS_DIR, QR_CACHE, Generated, generate_docs, head_commit
from .incremental import SITE_CACHE, Manifest, PageDigests, SiteOutput, digest_bytes, site_key, tree_digest
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


@dataclass
class Built:
    """What a build wrote: pages rendered (the rest were kept from the last build), files written."""

    rendered: int = 0
    pages: int = 0  # ours, filled into frames
    html: int = 0  # every .html file of the site (the theme's 404 too)
    written: int = 0
    size: int = 0
    mkdocs: bool = False  # whether MkDocs ran (its frames' inputs had changed)


def build_site(root: Path, generated: Generated) -> tuple[MkDocsResult, Built]:
    """site/ from the generated tree: the data files as they are, the frames through MkDocs (only
    when what they are made of changed), every page filled into its frame (only when what it is
    made of changed: incremental.py); then the search index and the sitemap."""
    config = config_file(root)
    old = Manifest.take(root / SITE_CACHE, site_key(config))
    if planted(root):
        old = Manifest(old.key)  # a clean build: nothing kept, the frames made again
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
    inputs = tree_digest(
        [*((rel, md.encode("utf-8")) for rel, md in sources.items()), ("", _bytes_or_empty(dictionary))]
    )
    built = root / FRAMES / "site"
    ran = not old.theme or old.frames != inputs or not all((built / rel).is_file() for rel in old.theme)
    if ran:
        docs = DocsTree()
        for rel, md in sources.items():
            docs.add(rel, md)
        docs.write(root / FRAMES / "docs")
        result = run_mkdocs(root, root / FRAMES / "docs", built)
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
        _fill(out, pages, built, theme, Cuts(root / CUTS_CACHE, dictionary, dictionary_loaded=ran))
    except FrameError as exc:  # the theme moved its title or body: say so, not a traceback
        return MkDocsResult(False, [f"主题模板与页面框架不符，无法填入页面内容：{exc}"]), Built()
    out.finish(root / SITE_CACHE)
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


def _fill(out: SiteOutput, pages: list[Page], built: Path, theme: dict[str, str], cuts: Cuts) -> None:
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
        inputs = (page.path, page.title, page.template, page.search, page.search_words, theme[frame_rel])
        keys.append(digests.page((*inputs, words if page.search else ""), page.context))
    parsed: dict[str, Frame] = {}

    def frame_of(rel: str) -> Frame:
        if rel not in parsed:
            parsed[rel] = Frame.parse((built / rel).read_text(encoding="utf-8"), rel)
        return parsed[rel]

    for page, key in zip(pages, keys, strict=True):
        out.page(to_html(page.path), key, lambda page=page: filled(frame_of(to_html(page.frame)), page, cuts))
    entries = [e for page in pages for e in out.new.search.get(to_html(page.path), [])]
    if "search/search_index.json" in theme:
        index = (built / "search/search_index.json").read_text(encoding="utf-8")
        out.put("search/search_index.json", search_index_text(index, entries).encode("utf-8"))
    if "sitemap.xml" in theme:
        text = sitemap_text((built / "sitemap.xml").read_text(encoding="utf-8"), sorted(page_files))
        out.put("sitemap.xml", text.encode("utf-8"))
        out.put("sitemap.xml.gz", gzip.compress(text.encode("utf-8"), mtime=0))
    cuts.save()


def _bytes_or_empty(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""


def run_mkdocs(root: Path, docs: Path | None = None, site: Path | None = None) -> MkDocsResult:
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
        )
        # The search plugin opens jieba_dict_user (.build/search/…) relative to the working directory.
        with contextlib.chdir(root):
            build(config)
        return MkDocsResult(True, collect.messages)
    except (Abort, ConfigurationError) as exc:
        return MkDocsResult(False, [*collect.messages, str(exc)])
    finally:
        logger.removeHandler(collect)


def serve(root: Path, address: str) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
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

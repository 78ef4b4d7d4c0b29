"""The whole generator: `Submissions` → the docs tree that `mkdocs build` turns into the site."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path

from ..history import gitproc
from ..submissions import Submissions
from .context import LandedAt, LandingOf, SiteContext, collect
from .exports import write_exports
from .feed import FEED_PATH, atom_feed
from .fill_page import PINYIN_CACHE, pinyin_script, write_fill
from .finder import finder_index, table_data
from .notice import write_notice
from .pages import write_pages
from .pending import PendingFiling
from .printform import QrOnDemand, scan_address
from .search_dict import SEARCH_DICT, user_dictionary
from .tree import DocsTree

DOCS_DIR = Path(".build/docs")  # relative to the repository; mkdocs.yml's docs_dir
QR_CACHE = Path(".build/cache/qr.json")
SEARCH_DIR = DOCS_DIR.parent / SEARCH_DICT.parent.name  # .build/search, beside the docs
ASSETS = "assets/sc"


@dataclass
class Generated:
    tree: DocsTree
    site: SiteContext
    finder_bytes: dict[int, int] = field(default_factory=dict)
    table_bytes: dict[int, int] = field(default_factory=dict)
    search_dict: str = ""  # jieba's user dictionary for the theme's search
    notes: list[str] = field(default_factory=list)  # one line each for the build's output
    codes: QrOnDemand | None = None  # made as pages are rendered: saved after them

    def write(self, docs: Path) -> None:
        """The docs tree into `docs` (.build/docs) and the search dictionary beside it (.build/search)."""
        self.tree.write(docs)
        self.write_dictionary(docs)

    def write_dictionary(self, docs: Path) -> None:
        """The search dictionary beside the docs tree (.build/search): the search plugin reads it."""
        words = DocsTree()
        words.add(SEARCH_DICT.name, self.search_dict)
        words.write(docs.parent / SEARCH_DICT.parent.name)


def generate_docs(
    subs: Submissions,
    now: datetime,
    commit: str | None = None,
    late: Collection[str] = (),
    landed_at: LandedAt | None = None,
    cache: Path | None = None,
    landing: LandingOf | None = None,
    pending: Sequence[PendingFiling] = (),
    record: object = None,
) -> Generated:
    """`cache`: a file for QR codes kept between builds (`.build/cache/qr.json`); None keeps none.
    `pending`: open filing pull requests read from the forge (none offline). `record`: the audit of
    main (history/audit.py's AuditReport), which supplies late, landed_at and landing itself."""
    # First, while the process is small: making the pinyin table loads 70 MiB of pypinyin for a moment
    # (dropped after it, see fill_page.py); later, the table is cached.
    pinyin = pinyin_script(cache.parent / PINYIN_CACHE.name if cache is not None else None)
    site = collect(subs, now, commit, late, landed_at, landing, pending, record)
    codes = QrOnDemand(cache, (scan_address(p, site.share(p.page)) for year in site.years for p in year.projects))
    result = Generated(DocsTree(), site, search_dict=user_dictionary(site.units), codes=codes)
    write_pages(result.tree, site, codes)
    write_fill(result.tree, site, pinyin=pinyin)
    for year in site.years:
        finder, table = finder_index(year), table_data(year)
        result.tree.add(f"data/finder-{year.year}.js", finder)
        result.tree.add(f"data/table-{year.year}.js", table)
        result.finder_bytes[year.year] = len(finder.encode())
        result.table_bytes[year.year] = len(table.encode())
        write_exports(result.tree, year, now)
        write_notice(result.tree, year, subs.programme.sample)
    result.tree.add(FEED_PATH, atom_feed(site))
    _copy_assets(result.tree)
    return result


def _copy_assets(tree: DocsTree) -> None:
    for item in resources.files(__package__).joinpath("assets").iterdir():
        if item.is_file():
            tree.add(f"{ASSETS}/{item.name}", item.read_bytes())


def head_commit(repo_root: Path) -> str | None:
    """The commit the site is built from (read once); None outside a git repository."""
    try:
        return gitproc.text(repo_root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").strip() or None
    except gitproc.GitError:  # not a repository, or no commit yet
        return None

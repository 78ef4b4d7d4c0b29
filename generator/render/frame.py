"""Frame and fill: MkDocs renders only frames; our code writes every page into them afterwards.

Filing text must never reach a Markdown parser (fenced code with an attribute list turns a line
of text into an element with an event handler; escaping one more character is not a defence).
So MkDocs builds only *frames*: a `.md` file of our own constant front matter whose title is the
word TITLE_SLOT and whose body is the comment BODY_SLOT. Each top-level page (the navigation's)
gets a frame of its own, so its tab is marked; the pages of a folder below (units, a year's
projects and printable forms: thousands of them) share one *shell* frame, `_shell.md`, left out
of the navigation, the search and the sitemap. A shell fits every page of its folder because
everything in the theme's chrome that depends on the page is relative to the folder.

After `mkdocs build`, `fill_site` writes each page: the frame's HTML with the escaped title in
every place the theme shows the title (`<title>` and the header's topic, see TITLE_PLACES) and
the page's Jinja2-autoescaped body in place of BODY_SLOT. Shells are then removed. Entries for
the theme's search are made here from the filled bodies, by the theme's own indexer (so jieba
cuts Chinese exactly as for a Markdown page), and the sitemap lists the real pages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path, PurePosixPath
from types import SimpleNamespace
from typing import Any

from markupsafe import Markup, escape

from .templating import render, to_html

# Plain ASCII words: the theme prints page.meta.title unescaped, and Markdown leaves a comment be.
TITLE_SLOT = "scframetitleslot"
# The body holds the page's own <h1>; the "<h1" in the comment tells the theme not to add one.
BODY_SLOT = "<!-- scframebodyslot: the page's <h1> and body go here -->"
SHELL = "_shell"  # an underscore: no page id can take the name (ids are SLUG-checked)
# Where mkdocs-material 9 prints the page title: base.html's <title>, header.html's topic.
TITLE_PLACES = 2
# Per page, once each (overrides/main.html and partials/copyright.html print them in a frame): the
# meta description's text, the whole canonical link (absent without the site's address) and the
# footer's line (who runs the site, how to reach them, when the page last changed).
DESCRIPTION_SLOT = "scframedescriptionslot"
CANONICAL_SLOT = '<link rel="canonical" href="scframecanonicalslot">'
FOOTER_SLOT = "scframefooterslot"
_ONCE = (BODY_SLOT, DESCRIPTION_SLOT, CANONICAL_SLOT, FOOTER_SLOT)
_SLOTS = re.compile("(" + "|".join(re.escape(s) for s in (TITLE_SLOT, *_ONCE)) + ")")

# Navigation is in the tabs; a table of contents would be empty (headings are in our HTML).
HIDE = ("navigation", "toc")


@dataclass
class Page:
    """One page of the site: where it goes, its title (any text: it is escaped) and how to render it."""

    path: str  # in the docs tree's terms: "2026/projects/x.md"
    title: str
    template: str
    context: dict[str, object] = field(default_factory=dict)
    search: bool = True
    # More words for the theme's search than the body shows (plain text, escaped here): a unit's
    # name as every suffix, so that a part of it is the beginning of a word (search_entries.py).
    search_words: str = ""
    # A page of thousands (a project) enters the theme's search as one short entry of this plain
    # text, not as its whole body: the name finds the page and the index stays small.
    search_text: str = ""
    description: str = ""  # the page's own meta description (plain text, escaped here)
    updated: date | None = None  # when what the page shows last changed

    @property
    def frame(self) -> str:
        """The frame it is filled into: its own at the top level, its folder's shell below."""
        folder = self.path.rpartition("/")[0]  # string work: it is asked twice for each of 20,000 pages
        return f"{folder}/{SHELL}.md" if folder else self.path

    @property
    def base(self) -> str:
        return "../" * self.path.count("/")

    def body(self) -> Markup:
        return Markup(render(self.template, base=self.base, **self.context).strip())


def frame_source(*, search: bool = False) -> str:
    """A frame's Markdown: constant front matter and the body slot. Nothing else, ever."""
    lines = ["---", f"title: {TITLE_SLOT}", f"description: {DESCRIPTION_SLOT}", "sc_frame: true", "hide:"]
    lines += [f"  - {h}" for h in HIDE]
    if not search:
        lines += ["search:", "  exclude: true"]
    return "\n".join([*lines, "---", "", BODY_SLOT, ""])


def frames(pages: Iterable[Page]) -> dict[str, str]:
    """Every frame the pages need, as docs-tree path → Markdown source."""
    return {frame: frame_source() for frame in dict.fromkeys(p.frame for p in pages)}


class FrameError(RuntimeError):
    """A built frame does not have its slots where they must be (a theme update moved them)."""


@dataclass(frozen=True)
class Frame:
    parts: tuple[str, ...]  # constant HTML between the slots
    slots: tuple[str, ...]  # TITLE_SLOT or BODY_SLOT, one per gap

    @classmethod
    def parse(cls, html: str, name: str) -> Frame:
        pieces = _SLOTS.split(html)
        parts, slots = tuple(pieces[0::2]), tuple(pieces[1::2])
        if any(slots.count(s) != 1 for s in _ONCE) or slots.count(TITLE_SLOT) != TITLE_PLACES:
            raise FrameError(
                f"{name}: expected each of the body, description, canonical and footer slots once and "
                f"{TITLE_PLACES} title slots, found {[slots.count(s) for s in _ONCE]} and {slots.count(TITLE_SLOT)}"
            )
        return cls(parts, slots)

    def fill(self, title: str, body: Markup, description: str = "", canonical: str = "", footer: str = "") -> str:
        values = {
            TITLE_SLOT: str(escape(title)),
            BODY_SLOT: str(body),
            DESCRIPTION_SLOT: str(escape(" ".join(description.split()))),
            CANONICAL_SLOT: f'<link rel="canonical" href="{escape(canonical)}">' if canonical else "",
            FOOTER_SLOT: str(escape(footer)),
        }
        out = [self.parts[0]]
        for slot, part in zip(self.slots, self.parts[1:], strict=True):
            out += [values[slot], part]
        return "".join(out)


@dataclass(frozen=True)
class Chrome:
    """What every page's frame says besides its body: the site's address (for canonical links and the
    sitemap; None: relative), the default description and the footer's line."""

    address: str | None = None
    description: str = ""
    footer: str = ""

    def url(self, rel: str) -> str:
        return f"{self.address.rstrip('/')}/{rel}" if self.address else ""

    def footer_for(self, page: Page) -> str:
        updated = (
            f"本页更新于 {page.updated.year} 年 {page.updated.month} 月 {page.updated.day} 日。" if page.updated else ""
        )
        return " ".join(x for x in (self.footer, updated) if x)


def fill_site(site: Path, pages: Iterable[Page], chrome: Chrome | None = None) -> int:
    """Write every page into its built frame; then the search entries and the sitemap. Returns the count.
    (`mkdocs serve`'s way; `shuangchuang build` writes only what changed, see build.py.)"""
    chrome = chrome or Chrome()
    pages = list(pages)
    built: dict[str, Frame] = {}
    folders: set[Path] = set()
    entries: list[dict[str, Any]] = []
    for page in pages:
        name = page.frame
        frame = built.get(name)
        if frame is None:
            rel = to_html(name)
            frame = built[name] = Frame.parse((site / rel).read_text(encoding="utf-8"), rel)
        target = site / to_html(page.path)
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        html, found = filled(frame, page, chrome)
        target.write_text(html, encoding="utf-8")
        entries += found
    for shell in built:
        if PurePosixPath(shell).stem == SHELL:
            (site / to_html(shell)).unlink()
    _write_search_index(site, entries)
    _write_sitemap(site, [to_html(p.path) for p in pages], chrome)
    return len(pages)


def filled(
    frame: Frame, page: Page, chrome: Chrome, cut: Callable[[str], list[str]] | None = None
) -> tuple[str, list[dict[str, Any]]]:
    """The page's HTML in its frame, and its entries for the theme's search (none when it is not searched)."""
    body = page.body()
    rel = to_html(page.path)
    found: list[dict[str, Any]] = []
    if page.search:
        shown = Markup("<p>") + escape(page.search_text) + Markup("</p>") if page.search_text else body
        found = search_entries(rel, page.title, shown, cut)
        if found and page.search_words:
            found[0]["text"] = f"{found[0]['text']} {escape(page.search_words)}"
    html = frame.fill(
        page.title, body, page.description or chrome.description, chrome.url(rel), chrome.footer_for(page)
    )
    return html, found


def search_entries(
    url: str, title: str, body: Markup, cut: Callable[[str], list[str]] | None = None
) -> list[dict[str, Any]]:
    """The theme's own indexer over our HTML: sections by heading, text escaped, Chinese cut by jieba
    (`cut`: jieba's cut of a run of Han characters, remembered between builds; see search_dict.py)."""
    from material.plugins.search.plugin import SearchIndex

    index = SearchIndex() if cut is None else _remembering_index(cut)
    # The indexer escapes the text it parses but takes a page's title as it is, and the theme shows
    # titles as HTML: the title (a unit's name, say) goes in escaped.
    safe = str(escape(title))
    index.add_entry_from_context(SimpleNamespace(content=str(body), toc=[], url=url, title=safe, meta={"title": safe}))
    entries: list[dict[str, Any]] = index.entries
    return entries


def _remembering_index(cut: Callable[[str], list[str]]) -> Any:
    return _remembering_index_class()(cut)


@cache
def _remembering_index_class() -> type[Any]:
    """The theme's indexer, cutting each run of Han characters through `cut`: the theme's own
    `_segment_chinese`, word for word, with jieba's answer for a run it has seen before remembered."""
    from backrefs import bre
    from material.plugins.search.plugin import SearchIndex

    han = bre.compile(r"(\p{script: Han}+)", bre.UNICODE)

    class Index(SearchIndex):  # type: ignore[misc]
        def __init__(self, cut: Callable[[str], list[str]]) -> None:
            super().__init__()
            self.cut = cut

        def _segment_chinese(self, data: str) -> str:
            def replace(match: re.Match[str]) -> str:
                return "".join(["\u200b", "\u200b".join(self.cut(match.group(0))), "\u200b"])

            segmented: str = han.sub(replace, data)
            return segmented.strip("\u200b")

    return Index


def _write_search_index(site: Path, entries: list[dict[str, Any]]) -> None:
    path = site / "search/search_index.json"
    if not path.is_file():  # the search plugin is off
        return
    path.write_text(search_index_text(path.read_text(encoding="utf-8"), entries), encoding="utf-8")


def search_index_text(built: str, entries: list[dict[str, Any]]) -> str:
    """The theme's index as MkDocs wrote it (`built`: the frames' own entries), with the pages' entries first."""
    index = json.loads(built)
    index["docs"] = [*entries, *index.get("docs", [])]
    return json.dumps(index, separators=(",", ":"))


def _write_sitemap(site: Path, urls: list[str], chrome: Chrome) -> None:
    import gzip

    path = site / "sitemap.xml"
    if not path.is_file():
        return
    text = sitemap_text(path.read_text(encoding="utf-8"), urls, chrome)
    path.write_text(text, encoding="utf-8")
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


def sitemap_text(built: str, urls: list[str], chrome: Chrome) -> str:
    """MkDocs' sitemap (`built`) lists the frames, shells included; list the pages instead, at their
    absolute addresses (without the site's address they stay relative, as MkDocs writes them then)."""
    head = built[: built.index("<url>")] if "<url>" in built else built[: built.index("</urlset>")]
    items = "".join(
        f"    <url>\n         <loc>{escape(chrome.url(u) or '/' + u)}</loc>\n    </url>\n" for u in sorted(urls)
    )
    return head + items + "</urlset>"

"""Session fixtures for the site tests: a tree built once per test session (per xdist worker)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import chromium_path, run_cli
from lifecycle_tree import write_year
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from site_data import (
    HANDWRITTEN,
    TODAY,
    Built,
    fresh_tree,
    git_commit,
    units,
    write_forwarding,
    write_handwritten,
    write_payload_tree,
    write_project,
)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The hand-written filings plus the payload filings, committed to git, built once."""
    root = fresh_tree(tmp_path_factory.mktemp("site"))
    write_handwritten(root)
    write_payload_tree(root)
    commit = git_commit(root)
    result = run_cli("build", "--now", TODAY, cwd=root)
    assert result.code == 0, result.out + result.err
    return Built(root, commit, result.out)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """The system's headless Chromium (conftest.chromium_path: $CHROMIUM or on PATH), once per test module."""
    path = chromium_path()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    page: Page
    base: str
    outside: list[str] = field(default_factory=list)
    inside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def go(self, rel: str) -> Page:
        self.page.goto(self.base + rel)
        self.page.wait_for_load_state("load")
        return self.page


def visiting(browser: Browser, base: str) -> Iterator[Visit]:
    """A fresh browser context that blocks and records every request not to 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # The sentinel: any payload that runs sets window.__pwned or replaces this value.
    context.add_init_script("window.__sentinel = 'clean';")
    visit = Visit(context.new_page(), base)

    def route(r) -> None:
        if urlsplit(r.request.url).hostname == "127.0.0.1":
            visit.inside.append(r.request.url)
            r.continue_()
        else:
            visit.outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    visit.page.on("dialog", lambda d: (visit.dialogs.append(d.message), d.dismiss()))
    visit.page.on("pageerror", lambda e: visit.errors.append(str(e)))
    visit.page.on("console", lambda m: visit.errors.append(m.text) if m.type == "error" else None)
    yield visit
    context.close()
    assert visit.outside == [], "requests left the site"
    assert visit.dialogs == [], "a dialog opened"
    assert visit.errors == [], "the page logged errors"


@pytest.fixture
def visit(browser: Browser, served: str) -> Iterator[Visit]:
    yield from visiting(browser, served)


def theme_search(page: Page, query: str) -> None:
    """Type into the theme's search; its worker may still be indexing, so ask again until it answers."""
    for _ in range(10):
        page.locator(".md-search__input").fill("")
        page.locator(".md-search__input").press_sequentially(query)
        # Chinese arrives as inserted text, without the keyup the theme listens for; the key that
        # commits an input method's text gives one.
        page.locator(".md-search__input").press("End")
        try:
            page.locator(".md-search-result__item").first.wait_for(timeout=2000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"the theme's search found nothing for {query!r}")


class Elements(HTMLParser):
    """Every start tag with its attributes, the text outside <script> and <style>, and the text
    inside each (one collector for every test that reads the built HTML)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        {"script": self.scripts, "style": self.styles}.get(self._in or "", self.text).append(data)

    @property
    def plain(self) -> str:
        return "".join(self.text)

    @classmethod
    def of(cls, html: str) -> Elements:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """`folder` over HTTP on 127.0.0.1, as a visitor sees it; yields the base address."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def published(folder: Path, path: str = "/shuangchuang/") -> Iterator[str]:
    """`folder` served at the sub-path of the sample's site address (programme.yaml's 网站地址), as it
    is published: the 404 page's links are absolute to that path. Yields the site's base address."""
    with tempfile.TemporaryDirectory() as host:
        (Path(host) / path.strip("/")).symlink_to(folder, target_is_directory=True)
        with serving(Path(host)) as base:
            yield base + path.lstrip("/")


@pytest.fixture(scope="session")
def served(built: Built) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1, as a visitor sees it: at its published sub-path."""
    with published(built.site) as address:
        yield address


def whole_year_site(root: Path, day: str) -> Built:
    """`root` made a tree with every kind of page (a year through its 通报, and the earlier year's
    projects with their forwarding), built at `day`."""
    write_year(root)
    registry = units()
    earlier = [p for p in HANDWRITTEN if p.year == 2025]
    for p in earlier:
        write_project(root, p, registry)
    write_forwarding(root, earlier, registry)
    result = run_cli("build", "--now", day, cwd=root)
    assert result.code == 0, result.out + result.err
    return Built(root, None, result.out)


# Every kind of page of a whole_year_site built after the year's 通报, by name: what the phone and
# accessibility checks visit.
PAGES = {
    "home": "index.html",
    "guide": "guide.html",
    "registry": "registry.html",
    "results": "results.html",
    "stats": "stats.html",
    "units": "units.html",
    "unit": "units/xigang-bayi-street.html",
    "year": "2026/index.html",
    "year-results": "2026/results.html",
    "year-pending": "2025/results.html",
    "project": "2026/projects/organ-a.html",
    "form": "2026/forms/street-b.html",
    "form-organ": "2025/forms/online-mediation.html",
    "notice": "2026/tongbao-2026.html",
    "missing": "404.html",
}

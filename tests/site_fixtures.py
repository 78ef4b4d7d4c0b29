"""Session fixtures for the site tests: a tree built once per test session (per xdist worker)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import tempfile
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import run_cli
from lifecycle_tree import write_year
from playwright.sync_api import Browser, sync_playwright
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
    """Debian's headless Chromium, once per test module."""
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


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

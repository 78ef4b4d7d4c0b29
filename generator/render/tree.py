"""The docs tree in memory, written to disk as a sync: afterwards the folder holds exactly
these files. Unchanged files are not rewritten, so `mkdocs serve` sees only real changes.

It holds two kinds of thing: files that MkDocs copies or renders (frames, assets, data, exports)
and the site's pages, which MkDocs never sees: `frame.fill_site` writes them into the built
frames (see frame.py). Writing the tree writes the frames the pages need."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from .frame import Page, frames


class DocsTree:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.pages: dict[str, Page] = {}
        # Files made only when needed: rel → (a digest of what they are made from, how to make them).
        # A rebuild whose site already holds a file made from the same inputs keeps it (incremental.py).
        self.made: dict[str, tuple[str, Callable[[], bytes]]] = {}

    def add(self, rel: str, content: str | bytes) -> None:
        self.files[_checked(rel)] = content.encode("utf-8") if isinstance(content, str) else content

    def add_made(self, rel: str, inputs: str, make: Callable[[], bytes]) -> None:
        """A file made by `make` from what `inputs` digests (the same inputs always make the same bytes)."""
        self.made[_checked(rel)] = (inputs, make)

    def materialise(self) -> None:
        """Every file made: `made` becomes part of `files`."""
        for rel, (_, make) in self.made.items():
            self.files[rel] = make()
        self.made.clear()

    def add_page(self, page: Page) -> None:
        if not page.path.endswith(".md"):
            raise ValueError(f"a page path ends in .md: {page.path}")
        self.pages[_checked(page.path)] = page

    def size(self) -> int:
        self.materialise()
        return sum(len(b) for b in self.files.values())

    def write(self, out: Path) -> int:
        """Write into `out`, removing anything not in the tree; returns the number of files written."""
        out.mkdir(parents=True, exist_ok=True)
        self.materialise()
        files = {**self.files, **{rel: md.encode("utf-8") for rel, md in frames(self.pages.values()).items()}}
        remove_stale(out, set(files))
        written = 0
        for rel, content in files.items():
            target = out / rel
            if target.is_symlink():
                target.unlink()  # write the file here, never where a planted link points
            elif target.is_file() and target.stat().st_size == len(content) and target.read_bytes() == content:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            written += 1
        return written


def _checked(rel: str) -> str:
    path = PurePosixPath(rel)
    # Paths are built from our own names and SLUG-checked ids; this guards the invariant.
    if path.is_absolute() or ".." in path.parts:
        raise ValueError(f"unsafe docs path: {rel}")
    return path.as_posix()


def remove_stale(out: Path, keep: set[str]) -> None:
    """Every file under `out` not in `keep` (paths relative to it), then the folders left empty and
    any link to a folder; a missing `out` is nothing to do."""
    if not out.is_dir():
        return
    top = os.fspath(out)
    for folder, dirs, files in os.walk(top, topdown=False):
        # Strings, not Paths: twenty thousand pages are walked on every build.
        prefix = os.path.relpath(folder, top).replace(os.sep, "/") + "/"
        if prefix == "./":
            prefix = ""
        for name in files:
            if prefix + name not in keep:
                os.unlink(os.path.join(folder, name))
        here = Path(folder)
        for name in dirs:
            sub = here / name
            if sub.is_symlink():
                sub.unlink()
            elif not any(sub.iterdir()):
                shutil.rmtree(sub)

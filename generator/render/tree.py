"""The docs tree in memory, written to disk as a sync: afterwards the folder holds exactly
these files. Unchanged files are not rewritten, so `mkdocs serve` sees only real changes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath


class DocsTree:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def add(self, rel: str, content: str | bytes) -> None:
        path = PurePosixPath(rel)
        # Paths are built from our own names and SLUG-checked ids; this guards the invariant.
        if path.is_absolute() or ".." in path.parts:
            raise ValueError(f"unsafe docs path: {rel}")
        self.files[path.as_posix()] = content.encode("utf-8") if isinstance(content, str) else content

    def size(self) -> int:
        return sum(len(b) for b in self.files.values())

    def write(self, out: Path) -> int:
        """Write into `out`, removing anything not in the tree; returns the number of files written."""
        out.mkdir(parents=True, exist_ok=True)
        _remove_stale(out, set(self.files))
        written = 0
        for rel, content in self.files.items():
            target = out / rel
            if target.is_file() and target.stat().st_size == len(content) and target.read_bytes() == content:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            written += 1
        return written


def _remove_stale(out: Path, keep: set[str]) -> None:
    for folder, dirs, files in os.walk(out, topdown=False):
        here = Path(folder)
        for name in files:
            full = here / name
            if full.relative_to(out).as_posix() not in keep:
                full.unlink()
        for name in dirs:
            sub = here / name
            if sub.is_symlink():
                sub.unlink()
            elif not any(sub.iterdir()):
                shutil.rmtree(sub)

"""What each clean filing validated to, kept between runs so a one-file change re-reads one file.

An entry is the validated model of a filing (never its positions), stored under the file's path
and git blob id, and pickled: unpickling ten thousand models is four times faster than validating
their data again, and a warm check is mostly this. The whole cache is keyed by the code that made
it (a hash of the package's source, the Python, parser and pydantic versions, `SCHEMA`) and by
the registry and settings it was validated against (a hash of their data as read), so an entry
can never be stale: a changed file has another blob id, changed code or settings another key.
Entries are kept in one file per year folder (and one for the rest), read when first needed:
`check --base` of a change in one year unpickles that year only. Only files git knows to be
clean (tracked, unmodified in the work tree) and that loaded without any finding are stored; a
file with findings is parsed again every time, for its messages.

The cache lives outside the repository (`$XDG_CACHE_HOME/shuangchuang/`, else `~/.cache/…`): a
change under review cannot plant entries for its own files, and the file is the user's own (a
pickle runs code when read, like the package it caches for; anyone who can write there can
already change that). The files are named by a hash of the repository's path. `SHUANGCHUANG_NO_CACHE=1` or `check --no-cache` turns it off; a run
without it finds the same.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

from .history import gitproc
from .paths import SUBMISSIONS, YEAR

SCHEMA = 2  # bump when what an entry holds changes
NO_CACHE_ENV = "SHUANGCHUANG_NO_CACHE"
_CLEAN_MODES = {"100644", "100755"}


def cache_folder() -> Path | None:
    if os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "shuangchuang"


@cache
def code_version() -> str:
    """Everything that decides what a file parses and validates to."""
    import pydantic
    import yaml

    digest = hashlib.sha256(f"{SCHEMA}|{sys.version}|{yaml.__version__}|{pydantic.VERSION}".encode())
    package = Path(__file__).resolve().parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


class FilingCache:
    """One repository's cache for one pass over its tree: one file per year folder (and one for
    the files outside them), each read when the pass first asks for one of its files, so a pass
    that reads one year unpickles one year, and leaves the others' files as they were."""

    def __init__(self, stem: Path, blobs: dict[str, str], key: str) -> None:
        self.stem = stem  # <folder>/filings-<place>: each part is <stem>-<year or "other">.pickle
        self.blobs = blobs  # path -> blob id, clean tracked files only
        self.key = key
        self.parts: dict[str, _Part] = {}

    @classmethod
    def open(cls, repo_root: Path, settings_text: str, clean: CleanBlobs) -> FilingCache | None:
        """None when caching is off or the tree is not in a git work tree. `clean`: the blob ids,
        asked of git earlier (`CleanBlobs.start`) so that git works while the caller reads."""
        folder = cache_folder()
        if folder is None:
            return None
        blobs = clean.result()
        if blobs is None:
            return None
        place = hashlib.sha256(str(repo_root.resolve()).encode()).hexdigest()[:20]
        key = hashlib.sha256(f"{code_version()}|{settings_text}".encode()).hexdigest()
        return cls(folder / f"filings-{place}", blobs, key)

    def get(self, rel: str) -> tuple[bool, Any]:
        """(True, model) when `rel` is clean and was stored with its current blob id."""
        blob = self.blobs.get(rel)
        if blob is None:
            return False, None
        part = self._part(rel)
        entry = part.stored.get(rel)
        if entry is None or entry[0] != blob:
            return False, None
        part.kept[rel] = entry
        return True, entry[1]

    def put(self, rel: str, model: Any) -> None:
        blob = self.blobs.get(rel)
        if blob is not None:
            part = self._part(rel)
            part.kept[rel] = (blob, model)
            part.added = True

    def save(self) -> None:
        """Write back, for each part this pass read, what it used (entries of files no longer
        there drop out)."""
        for part in self.parts.values():
            part.save(self.key)

    def _part(self, rel: str) -> _Part:
        folder = rel.split("/", 2)[1] if rel.count("/") >= 2 else ""
        name = folder if YEAR.match(folder) else "other"
        part = self.parts.get(name)
        if part is None:
            file = self.stem.with_name(f"{self.stem.name}-{name}.pickle")
            part = self.parts[name] = _Part(file, _read(file, self.key))
        return part


class _Part:
    def __init__(self, file: Path, stored: dict[str, tuple[str, Any]]) -> None:
        self.file = file
        self.stored = stored
        self.kept: dict[str, tuple[str, Any]] = {}
        self.added = False

    def save(self, key: str) -> None:
        if not self.added and len(self.kept) == len(self.stored):
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            partial = self.file.with_suffix(f".{os.getpid()}.tmp")
            with open(partial, "wb") as out:
                # The header first, on its own: a reader with another key stops before the entries.
                pickle.dump((SCHEMA, key), out, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(self.kept, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, self.file)  # readers see the old cache or the new, never half
        except (OSError, pickle.PicklingError):
            pass  # a cache that cannot be written costs time, never a result


def _read(file: Path, key: str) -> dict[str, tuple[str, Any]]:
    try:
        with open(file, "rb") as stream:
            if pickle.load(stream) != (SCHEMA, key):
                return {}
            files = pickle.load(stream)
    # What a missing, truncated or damaged pickle raises (a class it names may have moved): the cache
    # is then empty, never a finding. A fault of ours elsewhere still surfaces.
    except (
        OSError,
        EOFError,
        pickle.UnpicklingError,
        ValueError,
        TypeError,
        AttributeError,
        ImportError,
        IndexError,
        KeyError,
    ):
        return {}
    if not isinstance(files, dict):
        return {}
    return {
        rel: entry
        for rel, entry in files.items()
        if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], str)
    }


class CleanBlobs:
    """Blob ids of the tracked files under submissions/ that the work tree has not changed: one
    `git ls-files` for the index, one `git diff-files` for what differs from it, both started at
    once and read when needed."""

    def __init__(self, queries: list[subprocess.Popen[bytes]] | None) -> None:
        self.queries = queries

    @classmethod
    def start(cls, repo_root: Path) -> CleanBlobs:
        try:
            return cls(
                [
                    gitproc.start_plain(repo_root, *args)
                    for args in (
                        ("ls-files", "--stage", "-z", "--", SUBMISSIONS),
                        ("diff-files", "--name-only", "--relative", "-z", "--", SUBMISSIONS),
                    )
                ]
            )
        except gitproc.GitError:
            return cls(None)

    def result(self) -> dict[str, str] | None:
        if self.queries is None:
            return None
        outputs = [(query.communicate()[0], query.returncode) for query in self.queries]
        self.queries = None
        if any(code != 0 for _, code in outputs):
            return None
        # Decoded as the directory listing's names are, so an odd byte names the same file in both.
        staged, modified = (out.decode("utf-8", "surrogateescape") for out, _ in outputs)
        dirty = set(modified.split("\0"))
        blobs: dict[str, str] = {}
        for line in staged.split("\0"):
            meta, _, rel = line.partition("\t")
            parts = meta.split(" ")
            # Stage 0 only: a file in the middle of a merge conflict is read afresh.
            if len(parts) == 3 and parts[0] in _CLEAN_MODES and parts[2] == "0" and rel not in dirty:
                blobs[rel] = parts[1]
        return blobs

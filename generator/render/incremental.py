"""Build only what changed: every file of site/ is kept with a digest of what made it.

A one-file change must cost about one file, however many pages the site has. So the build keeps,
in `.build/cache/site.json`, each output file's digest beside its size and modification time
(what it holds now), and writes a file only when its digest differs or the file on disk is not
the one recorded. For a data file, an asset or a file of the theme the digest is of its bytes;
for a page it is of the page's *inputs*: its path, title, template, search words, the frame it
is filled into and every value its template is given (`PageDigests`), so an unchanged page is
neither rendered nor written again. Its entries for the theme's search are kept beside it.

The record is bound to everything else a page's bytes depend on (`site_key`): the package's code,
templates and assets, mkdocs.yml and the theme's overrides, and the versions of Jinja2,
MarkupSafe, MkDocs, the theme and jieba. It lives beside the QR codes in `.build/cache/`, which
the deploy restores from main's previous run, never from a pull request's. It is taken off the
disk while a build runs: a build that stops half-way leaves no record, and the next build writes
everything. Without the record a build is a clean build; both give the same bytes.
"""

from __future__ import annotations

import enum
import hashlib
import io
import json
import operator
import os
import pickle
import types
from collections.abc import Callable, Iterable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..read.yaml_tree import Positions
from .tree import remove_stale

SITE_CACHE = Path(".build/cache/site.json")  # relative to the repository
FORMAT = 1
PACKAGE = Path(__file__).resolve().parents[1]
_LIBRARIES = ("jinja2", "markupsafe", "mkdocs", "mkdocs-material", "jieba", "pydantic", "segno")


def digest_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@cache
def _package_files() -> str:
    """The package's code, templates, assets and overrides: what renders a page and its frame."""
    digest = hashlib.blake2b(digest_size=16)
    for source in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(source.relative_to(PACKAGE).as_posix().encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.hexdigest()


def site_key(config: Path) -> str:
    """What every output depends on besides its own inputs: the code and the libraries, mkdocs.yml."""
    versions = []
    for name in _LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    parts = [str(FORMAT), _package_files(), *versions, digest_bytes(config.read_bytes())]
    return digest_bytes("|".join(parts).encode())


class PageDigests:
    """The digest of what a page is made from: the values its template is given, by value.

    The values are pickled (models by their fields, enums by value, where a filing was read from
    by its path) and hashed. An object of one of the `shared` types (the site, a project's view,
    the registry, the settings) is digested once and stands in every page as its digest: ten
    thousand project pages, their forms and their units' pages share their projects' digests. A
    value that cannot be pickled gives no digest: its page is always rendered. Pickle's memo is
    off: with it the bytes would depend on which equal values happen to be one object (a model
    validated afresh or read back from the filing cache), and every page would be rendered again
    after the cache warmed. Digest every page before rendering any (rendering fills lazily
    computed values)."""

    def __init__(self, shared: tuple[type, ...] = ()) -> None:
        self.shared_types = shared
        self._known: dict[int, tuple[object, bytes]] = {}  # id → (the object, kept alive; its digest)
        self._actions: dict[type, Callable[[Any], Any] | None] = {_Token: None}

    def of(self, value: object) -> str | None:
        try:
            return self._digest(value).hex()
        except (pickle.PicklingError, TypeError, ValueError, AttributeError, RecursionError):
            return None

    def page(self, inputs: tuple[object, ...], context: dict[str, object]) -> str | None:
        """A page's digest: `inputs` and its context, each list, tuple or dict in it digested once
        however many pages are given the same one (the criteria every project page shows)."""
        try:
            values = [(k, _Token(self._once(v)) if type(v) in _CONTAINERS else v) for k, v in context.items()]
            return self._digest((inputs, values)).hex()
        except (pickle.PicklingError, TypeError, ValueError, AttributeError, RecursionError):
            return None

    def _once(self, value: object) -> bytes:
        known = self._known.get(id(value))
        if known is None:
            known = self._known[id(value)] = (value, self._digest(value))
        return known[1]

    def _digest(self, value: object) -> bytes:
        buffer = io.BytesIO()
        _Pickler(buffer, self).dump(value)
        return hashlib.blake2b(buffer.getvalue(), digest_size=16).digest()

    def shared(self, obj: object) -> bytes:
        known = self._known.get(id(obj))
        if known is None:
            state = (
                obj.__dict__
                if hasattr(obj, "__dict__")
                else {f: getattr(obj, f) for f in getattr(type(obj), "__slots__", ())}
            )
            known = self._known[id(obj)] = (obj, self._digest((type(obj).__qualname__, state)))
        return known[1]

    def action(self, cls: type) -> Callable[[Any], Any] | None:
        """How an object of `cls` is pickled here: None for pickle's own way (decided once per type)."""
        if cls not in self._actions:
            self._actions[cls] = self._action_for(cls)
        return self._actions[cls]

    def _action_for(self, cls: type) -> Callable[[Any], Any] | None:
        if issubclass(cls, self.shared_types):
            return lambda obj: (_Token, (self.shared(obj),))
        if issubclass(cls, BaseModel):  # not its set of fields given, whose order varies from run to run
            return lambda m: (cls, (m.__dict__, m.__pydantic_extra__, m.__pydantic_private__))
        if issubclass(cls, enum.Enum):
            return lambda e: (cls, (e._value_,))
        if issubclass(cls, types.FunctionType):  # the package's own (its code is in site_key)
            return _function
        if issubclass(cls, types.ModuleType):  # a module a template is given (its code is in site_key)
            return lambda module: (str, (module.__name__,))
        if issubclass(cls, os.DirEntry):  # where a filing was read from
            return lambda entry: (str, (entry.path,))
        if issubclass(cls, Positions):  # found again from the filing's text
            return lambda _: (str, ("",))
        fields = getattr(cls, "__dataclass_fields__", None)
        if fields and not cls.__dictoffset__:  # slots: dataclasses' own state is a slow Python function
            get = operator.attrgetter(*fields)
            return (lambda o: (cls, (get(o),))) if len(fields) > 1 else (lambda o: (cls, ((get(o),),)))
        return None


def _function(f: types.FunctionType) -> tuple[type[str], tuple[str]]:
    """A function of the package without a closure, by where it is defined: the package's code is in
    `site_key`. Any other function (a closure's values, a library's code) gives no digest."""
    if f.__closure__ or f.__module__.partition(".")[0] != __name__.partition(".")[0]:
        raise pickle.PicklingError(f"{f.__module__}.{f.__qualname__}: not digested")
    return (str, (f"{f.__module__}:{f.__qualname__}:{f.__code__.co_firstlineno}",))


class _Token:
    def __init__(self, digest: bytes) -> None:
        self.digest = digest

    def __reduce__(self) -> tuple[type[_Token], tuple[bytes]]:
        return (_Token, (self.digest,))


_CONTAINERS = frozenset({list, tuple, dict})


class _Pickler(pickle.Pickler):
    def __init__(self, buffer: io.BytesIO, digests: PageDigests) -> None:
        super().__init__(buffer, protocol=5)
        self.fast = True  # no memo: the bytes are of the values, however they are shared (the data is acyclic)
        self.actions = digests._actions
        self.digests = digests

    def reducer_override(self, obj: object) -> Any:
        cls = type(obj)
        act = self.actions[cls] if cls in self.actions else self.digests.action(cls)
        return NotImplemented if act is None else act(obj)


class Manifest:
    """What site/ holds: each file's digest, size and modification time; search entries by page."""

    def __init__(
        self, key: str, files: dict[str, list[Any]] | None = None, search: dict[str, list[Any]] | None = None
    ) -> None:
        self.key = key
        self.files: dict[str, list[Any]] = files or {}  # rel → [digest, size, mtime in whole seconds]
        self.search: dict[str, list[Any]] = search or {}  # page rel → its entries for the theme's search
        self.frames = ""  # the digest of the frames' inputs, when they were built
        self.theme: dict[str, str] = {}  # the frames build's files: rel → digest of their bytes

    @classmethod
    def take(cls, path: Path, key: str) -> Manifest:
        """The record left by the last build (removed from disk until this build is done), or an
        empty one when there is none or it was made by other code."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            path.unlink()
        except (OSError, ValueError):
            return cls(key)
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
            return cls(key)
        found = cls(key, data.get("files") or {}, data.get("search") or {})
        found.frames, found.theme = data.get("frames") or "", data.get("theme") or {}
        return found

    def holds(self, site: Path, rel: str, digest: str) -> bool:
        entry = self.files.get(rel)
        if entry is None or entry[0] != digest:
            return False
        try:
            stat = os.stat(os.path.join(site, rel))
        except OSError:
            return False
        return bool(entry[1] == stat.st_size and entry[2] == int(stat.st_mtime))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "format": FORMAT,
            "key": self.key,
            "frames": self.frames,
            "theme": self.theme,
            "files": self.files,
            "search": self.search,
        }
        temporary = path.with_suffix(".tmp")
        temporary.unlink(missing_ok=True)  # never written through a link left there
        temporary.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        temporary.replace(path)


class SiteOutput:
    """site/ written as a sync against the last build's record: a file is written only when what
    makes it changed; afterwards site/ holds exactly the files of this build."""

    def __init__(self, site: Path, old: Manifest) -> None:
        self.site = site
        self.old = old
        self.new = Manifest(old.key)
        self.written = 0
        self.kept = 0
        self.rendered = 0  # pages
        self._folders: set[Path] = set()

    def put(self, rel: str, content: bytes) -> None:
        self._sync(rel, digest_bytes(content), lambda: content)

    def page(self, rel: str, digest: str | None, make: Callable[[], tuple[str, list[Any]]]) -> None:
        """A page: `make` renders it (its HTML and search entries) when its inputs changed."""
        if digest is not None and self.old.holds(self.site, rel, digest) and rel in self.old.search:
            self._keep(rel, digest)
            self.new.search[rel] = self.old.search[rel]
            return
        html, entries = make()
        self.rendered += 1
        self._write(rel, digest or "", html.encode("utf-8"))
        self.new.search[rel] = entries

    def made(self, rel: str, inputs: str, make: Callable[[], bytes]) -> None:
        """A file `make` makes from what `inputs` digests: made only when they changed."""
        self._sync(rel, inputs, make)

    def copy(self, rel: str, digest: str, source: Path) -> None:
        self._sync(rel, digest, source.read_bytes)

    def _sync(self, rel: str, digest: str, content: Callable[[], bytes]) -> None:
        if self.old.holds(self.site, rel, digest):
            self._keep(rel, digest)
        else:
            self._write(rel, digest, content())

    def _keep(self, rel: str, digest: str) -> None:
        self.new.files[rel] = self.old.files[rel]
        self.kept += 1

    def _write(self, rel: str, digest: str, content: bytes) -> None:
        target = self.site / rel
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        if target.is_symlink():
            target.unlink()  # write the file here, never where a link points
        target.write_bytes(content)
        stat = target.stat()
        # A page that could not be digested is recorded with no digest: it never matches.
        self.new.files[rel] = [digest, stat.st_size, int(stat.st_mtime)]
        self.written += 1

    def finish(self, manifest: Path | None) -> None:
        """Remove what this build did not write or keep, then record what site/ holds (in `manifest`;
        None records nothing)."""
        remove_stale(self.site, set(self.new.files))
        if manifest is not None:
            self.new.save(manifest)

    def sizes(self) -> tuple[int, int]:
        """How many pages (.html) the site has, and its bytes."""
        pages = sum(1 for rel in self.new.files if rel.endswith(".html"))
        return pages, sum(entry[1] for entry in self.new.files.values())


def tree_digest(files: Iterable[tuple[str, bytes]]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for rel, content in sorted(files):
        digest.update(rel.encode() + b"\0" + digest_bytes(content).encode())
    return digest.hexdigest()

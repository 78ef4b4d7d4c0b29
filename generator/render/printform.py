"""The printable registration form (附件1/附件2): what the page needs besides the filing itself.

A paper copy must be traceable to its record: it carries the record's permanent address (the
file at the built commit) and the commit id as text, and a QR code of the file's address on
the hosting site. The QR code leaves out the commit so that it stays the same from build to
build and can be cached: encoding ten thousand codes anew on every merge would dominate the
build. The text is sized at build time so that even a form at the models' length limits fits
one A4 page; `site.js` fine-tunes it in the browser.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import segno

from .context import ProjectView

# Characters of free text (content and opinions) up to which each size still fits one page.
_FIT_LIMITS = (600, 1200, 2000, 3200, 4800, 7000)


def fit_level(p: ProjectView) -> int:
    """0 = the paper form's normal size; higher levels use smaller type."""
    text = len(p.form.content) + len(p.form.unit_opinion.opinion)
    if p.parent_opinion is not None:
        text += len(p.parent_opinion.opinion)
    return next((i for i, limit in enumerate(_FIT_LIMITS) if text <= limit), len(_FIT_LIMITS))


# The cache holds data, never markup: each code as its size and the path data of its dark
# modules, one horizontal run per "M<x> <y>.5h<length>". An entry is used only when it has exactly
# that shape (checked by a strict pattern); anything else is encoded anew. The key binds the
# address to the encoder and its settings, so a new segno encodes anew.
_CACHE_FORMAT = 4  # 4: each entry keyed by the text it encodes
_SIZES = frozenset(range(21, 178, 4))  # versions 1–40
_PATH = re.compile(r"(?:M[0-9]{1,3} [0-9]{1,3}\.5h[0-9]{1,3})+")
_RUN = re.compile(rb"\x01+")  # a row of segno's matrix is a bytearray of 0 and 1
_BORDER, _SCALE = 4, 2
_POOL_FROM = 200  # codes to encode before a pool of processes pays for itself
_ONE_BY_ONE = 50  # codes encoded one by one before the cache is read (a rebuild renders a few forms)


def _key(address: str) -> str:
    """The entry's key is the encoded text itself (with the encoder's version and settings): an
    entry made for one address can never be found for another."""
    return f"segno {segno.__version__}|m|0|{address}"


def _encode(address: str) -> tuple[int, str]:
    """The code's size and the path data of its dark modules, one run of a row at a time."""
    # A fixed mask halves the encoding time; any mask scans.
    matrix = segno.make(address, error="m", mask=0).matrix
    runs = []
    for y, row in enumerate(matrix):
        runs += [f"M{m.start() + _BORDER} {y + _BORDER}.5h{m.end() - m.start()}" for m in _RUN.finditer(row)]
    return len(matrix), "".join(runs)


def _valid(entry: object) -> bool:
    return (
        isinstance(entry, list)
        and len(entry) == 2
        and type(entry[0]) is int
        and entry[0] in _SIZES
        and isinstance(entry[1], str)
        and _PATH.fullmatch(entry[1]) is not None
    )


@dataclass(frozen=True, slots=True)
class QrSvg:
    """A QR code as inline SVG, put together when the page is rendered from checked data."""

    size: int
    path: str

    def __html__(self) -> str:
        width = (self.size + 2 * _BORDER) * _SCALE
        return (
            f'<svg viewBox="0 0 {width} {width}" class="segno"><path transform="scale({_SCALE})" '
            f'class="qrline" stroke="#000" d="{self.path}"/></svg>'
        )


class QrCodes:
    """QR codes of addresses, remembered as data in `.build/cache/qr.json` between builds."""

    def __init__(self, cache: Path | None = None) -> None:
        self.cache = cache
        self.known: dict[str, tuple[int, str]] = {}
        self.used: set[str] = set()
        if cache is not None and cache.is_file():
            self.known = _load(cache)

    def prepare(self, addresses: Iterable[str]) -> None:
        """Encode the codes the cache lacks, in parallel when there are many (a first build)."""
        missing = {_key(a): a for a in addresses if _key(a) not in self.known}
        workers = min(os.cpu_count() or 1, 4)
        if len(missing) < _POOL_FROM or workers < 2:
            return
        with ProcessPoolExecutor(workers) as pool:
            encoded = pool.map(_encode, missing.values(), chunksize=max(1, len(missing) // (workers * 4)))
            self.known.update(zip(missing, encoded, strict=True))

    def svg(self, address: str) -> QrSvg:
        key = _key(address)
        self.used.add(key)
        if key not in self.known:
            self.known[key] = _encode(address)
        return QrSvg(*self.known[key])

    def save(self) -> None:
        if self.cache is None:
            return
        self.cache.parent.mkdir(parents=True, exist_ok=True)
        # One entry a line, written as it goes: ten thousand codes are 35 MB of JSON, which as one
        # string (and its encoded copy) would be the build's peak of memory.
        with self.cache.open("w", encoding="utf-8") as out:
            out.write(f'{{"format":{_CACHE_FORMAT},"codes":{{')
            entries = ((k, v) for k, v in self.known.items() if k in self.used)
            for n, (key, (size, path)) in enumerate(entries):
                out.write(f"{',' if n else ''}\n{json.dumps(key)}:[{size},{json.dumps(path)}]")
            out.write("\n}}\n")


class QrOnDemand:
    """The build's QR codes, made when a page that shows one is rendered (`code` stands for it in
    the page's context, and in its digest by its address alone): a rebuild that renders two forms
    encodes two codes; once more are asked for, the cache is read and what it lacks is encoded in
    parallel (`QrCodes`). The cache is written for all of the build's addresses, and read for that
    only when they are not the last build's (a sidecar holds their digest)."""

    def __init__(self, cache: Path | None, addresses: Iterable[str]) -> None:
        self.cache = cache
        self.addresses = list(addresses)
        self.codes: QrCodes | None = None
        self.fresh: dict[str, tuple[int, str]] = {}
        self.asked = 0

    def __reduce__(self) -> tuple[type[str], tuple[str]]:  # never the codes in a digest (incremental.py)
        return (str, ("QrOnDemand",))

    def code(self, address: str) -> QrCode:
        return QrCode(address, self)

    def svg(self, address: str) -> QrSvg:
        self.asked += 1
        if self.codes is None and self.asked <= _ONE_BY_ONE:
            key = _key(address)
            if key not in self.fresh:
                self.fresh[key] = _encode(address)
            return QrSvg(*self.fresh[key])
        if self.codes is None:
            self._read()
        assert self.codes is not None
        return self.codes.svg(address)

    def _read(self) -> None:
        self.codes = QrCodes(self.cache)
        self.codes.known.update(self.fresh)
        self.codes.prepare(self.addresses)

    def save(self) -> None:
        if self.cache is None:
            return
        keys = self.cache.with_suffix(".keys")
        digest = hashlib.blake2b("\n".join(sorted(_key(a) for a in self.addresses)).encode(), digest_size=16)
        same = self.cache.is_file() and keys.is_file() and keys.read_text(encoding="utf-8") == digest.hexdigest()
        if self.codes is None and same:
            return  # the same addresses as the last build's: its cache holds them all
        if self.codes is None:
            self._read()
        assert self.codes is not None
        self.codes.used.update(_key(a) for a in self.addresses)
        self.codes.save()
        keys.write_text(digest.hexdigest(), encoding="utf-8")


@dataclass(frozen=True, slots=True)
class QrCode:
    """A page's QR code: its address, drawn as inline SVG when the page is rendered."""

    address: str
    codes: QrOnDemand

    def __html__(self) -> str:
        return self.codes.svg(self.address).__html__()


def _load(cache: Path) -> dict[str, tuple[int, str]]:
    """The well-formed entries of the cache; a damaged file or entry is encoded anew, never trusted."""
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return {}
    if not isinstance(data, dict) or data.get("format") != _CACHE_FORMAT or not isinstance(data.get("codes"), dict):
        return {}
    return {k: (v[0], v[1]) for k, v in data["codes"].items() if isinstance(k, str) and _valid(v)}


def scan_address(p: ProjectView, share: str | None = None) -> str:
    """What the QR code opens (stable from build to build): the project's page on the site (its status
    now, with links to the file's history) when the programme names the site's address; else the file
    on the forge as it is now."""
    return share or p.links.latest or p.path


def form_extras(
    p: ProjectView, commit: str | None, codes: QrCodes | QrOnDemand, share: str | None = None
) -> dict[str, Any]:
    """`share`: the project page's stable address on the public site, when the programme names it."""
    address = p.links.file or p.path  # the file at the built commit: the exact version
    opens = (
        "本项目在公示网站上的页面（最新状态、进展和申报文件的修改历史）" if share else "此申报文件的最新版本和修改历史"
    )
    return {
        "address": address,
        "qr": codes.code(scan_address(p, share))
        if isinstance(codes, QrOnDemand)
        else codes.svg(scan_address(p, share)),
        "commit": commit,
        "fit": fit_level(p),
        "qr_opens": opens,
    }

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
import re
from dataclasses import dataclass
from pathlib import Path

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


# The cache holds data, never markup: each code as its rows of modules (one hex number a row).
# An entry is used only if it has exactly the shape of a QR code; anything else is encoded anew.
# The key binds the address to the encoder and its settings, so a new segno re-encodes.
_CACHE_FORMAT = 2
_SIZES = frozenset(range(21, 178, 4))  # versions 1–40
_HEX_ROW = re.compile(r"[0-9a-f]{1,45}")
_RUN = re.compile(r"1+")
_BORDER, _SCALE = 4, 2


def _key(address: str) -> str:
    return hashlib.sha256(f"{segno.__version__}|m|0|{address}".encode()).hexdigest()[:32]


def _encode(address: str) -> tuple[str, ...]:
    # A fixed mask halves the encoding time; any mask scans.
    code = segno.make(address, error="m", mask=0)
    return tuple(format(int("".join("1" if m else "0" for m in row), 2), "x") for row in code.matrix)


def _valid(rows: object) -> bool:
    if not isinstance(rows, list) or len(rows) not in _SIZES:
        return False
    limit = 1 << len(rows)
    return all(isinstance(r, str) and _HEX_ROW.fullmatch(r) and int(r, 16) < limit for r in rows)


@dataclass(frozen=True, slots=True)
class QrSvg:
    """A QR code drawn as inline SVG from its modules when the page is rendered: only numbers
    computed here go into the markup."""

    rows: tuple[str, ...]

    def __html__(self) -> str:
        size = len(self.rows)
        width = (size + 2 * _BORDER) * _SCALE
        lines = []
        for y, row in enumerate(self.rows):
            bits = format(int(row, 16), f"0{size}b")
            lines += [f"M{m.start() + _BORDER} {y + _BORDER}.5h{m.end() - m.start()}" for m in _RUN.finditer(bits)]
        return (f'<svg viewBox="0 0 {width} {width}" class="segno"><path transform="scale({_SCALE})" '
                f'class="qrline" stroke="#000" d="{"".join(lines)}"/></svg>')


class QrCodes:
    """QR codes of addresses, remembered as data in `.build/cache/qr.json` between builds."""

    def __init__(self, cache: Path | None = None) -> None:
        self.cache = cache
        self.known: dict[str, tuple[str, ...]] = {}
        self.used: set[str] = set()
        if cache is not None and cache.is_file():
            self.known = _load(cache)

    def svg(self, address: str) -> QrSvg:
        key = _key(address)
        self.used.add(key)
        if key not in self.known:
            self.known[key] = _encode(address)
        return QrSvg(self.known[key])

    def save(self) -> None:
        if self.cache is None:
            return
        self.cache.parent.mkdir(parents=True, exist_ok=True)
        kept = {k: list(v) for k, v in self.known.items() if k in self.used}
        data = {"format": _CACHE_FORMAT, "codes": kept}
        self.cache.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


def _load(cache: Path) -> dict[str, tuple[str, ...]]:
    """The well-formed entries of the cache; a damaged file or entry is encoded anew, never trusted."""
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return {}
    if not isinstance(data, dict) or data.get("format") != _CACHE_FORMAT or not isinstance(data.get("codes"), dict):
        return {}
    return {k: tuple(v) for k, v in data["codes"].items() if isinstance(k, str) and _valid(v)}


def form_extras(p: ProjectView, commit: str | None, codes: QrCodes) -> dict[str, object]:
    address = p.links.file or p.path  # the file at the built commit: the exact version
    scan = p.links.latest or p.path  # what the QR code opens: the file as it is now, with its history
    return {"address": address, "qr": codes.svg(scan), "commit": commit, "fit": fit_level(p)}

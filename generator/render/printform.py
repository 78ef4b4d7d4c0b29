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
from pathlib import Path

import segno
from markupsafe import Markup

from .context import ProjectView

# Characters of free text (content and opinions) up to which each size still fits one page.
_FIT_LIMITS = (600, 1200, 2000, 3200, 4800, 7000)


def fit_level(p: ProjectView) -> int:
    """0 = the paper form's normal size; higher levels use smaller type."""
    text = len(p.form.content) + len(p.form.unit_opinion.opinion)
    if p.parent_opinion is not None:
        text += len(p.parent_opinion.opinion)
    return next((i for i, limit in enumerate(_FIT_LIMITS) if text <= limit), len(_FIT_LIMITS))


class QrCodes:
    """QR codes as inline SVG, remembered in `.build/cache/qr.json` between builds."""

    def __init__(self, cache: Path | None = None) -> None:
        self.cache = cache
        self.known: dict[str, str] = {}
        self.used: set[str] = set()
        if cache is not None and cache.is_file():
            try:
                self.known = json.loads(cache.read_text(encoding="utf-8"))
            except (ValueError, OSError):
                self.known = {}  # a damaged cache is rebuilt, never trusted

    def svg(self, address: str) -> Markup:
        key = hashlib.sha256(address.encode()).hexdigest()[:24]
        self.used.add(key)
        if key not in self.known:
            # A fixed mask halves the encoding time; any mask scans. The SVG holds only path data
            # computed from the bits, never the address text itself.
            code = segno.make(address, error="m", mask=0)
            self.known[key] = code.svg_inline(scale=2, omitsize=True)
        return Markup(self.known[key])

    def save(self) -> None:
        if self.cache is None:
            return
        self.cache.parent.mkdir(parents=True, exist_ok=True)
        kept = {k: v for k, v in self.known.items() if k in self.used}
        self.cache.write_text(json.dumps(kept, separators=(",", ":")), encoding="utf-8")


def form_extras(p: ProjectView, commit: str | None, codes: QrCodes, share: str | None = None) -> dict[str, object]:
    """`share`: the project page's stable address on the public site, when the programme names it."""
    address = p.links.file or p.path  # the file at the built commit: the exact version
    # What the QR code opens: the project's page on the site (its status now, with links to the
    # file's history); without a site address, the file on the forge as it is now.
    scan = share or p.links.latest or p.path
    opens = "本项目在公示网站上的页面（最新状态、进展和申报文件的修改历史）" if share else "此申报文件的最新版本和修改历史"
    return {"address": address, "qr": codes.svg(scan), "commit": commit, "fit": fit_level(p), "qr_opens": opens}

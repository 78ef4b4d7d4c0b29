"""The printable registration form (附件1/附件2): what the page needs besides the filing itself.

A paper copy must be traceable to its record, so it carries the record's address at the built
commit and a QR code of that address. The text is sized at build time so that even a form at
the models' length limits fits one A4 page; `site.js` fine-tunes it in the browser.
"""

from __future__ import annotations

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


def record_address(p: ProjectView) -> str:
    """The permanent address of the filing: its file at the built commit on the hosting site."""
    return p.links.file or p.path


def qr_svg(address: str) -> Markup:
    # segno writes only path data computed from the bits, never the address text itself.
    svg = segno.make(address, error="m").svg_inline(scale=2, omitsize=True)
    return Markup(svg)


def form_extras(p: ProjectView, commit: str | None) -> dict[str, object]:
    address = record_address(p)
    return {"address": address, "qr": qr_svg(address), "commit": commit, "fit": fit_level(p)}

"""The theme search's entries for unit pages: plain text that frame escapes into the index.

The theme matches a query as the beginning of a word (it adds a trailing wildcard), and Chinese
has no spaces: 八一路 is in the middle of 西岗区八一路街道总工会. So each run of Han characters in a
unit's name is also given as every suffix of two or more characters (八一路街道总工会, …), which
makes any part of the name the beginning of some word. Names are short (tens of characters), so
this stays a few hundred characters a unit. Values here are untrusted text, never markup: the
caller escapes them (`generator/render/frame.py` adds them to search_index.json after the build).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .context import SiteContext
from .search_dict import dictionary_words


@dataclass(frozen=True, slots=True)
class SearchEntry:
    location: str  # site-relative page, e.g. units/xigang.html
    title: str
    text: str  # words separated by spaces (the index's separator splits on them)


def suffixes(names: Iterable[str]) -> list[str]:
    """Every suffix of two or more characters of each Han run, once each (the run itself first)."""
    words = dictionary_words(names)
    return list(dict.fromkeys(w[i:] for w in words for i in range(len(w) - 1)))


def unit_entries(site: SiteContext) -> list[SearchEntry]:
    entries = []
    for unit in site.units.units:
        parent = site.units.by_id.get(unit.parent or "")
        fig = site.unit_figures(unit.id)
        about = f"{unit.tier} {unit.kind or ''} 单位编号 {unit.id} {fig.projects} 个项目"
        if parent is not None:
            about += f" 所属上级 {parent.name}"
        entries.append(SearchEntry(f"units/{unit.id}.html", unit.name,
                                   " ".join([unit.name, *suffixes([unit.name]), about])))
    return entries

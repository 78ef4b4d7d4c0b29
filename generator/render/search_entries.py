"""Extra words for the theme search's unit entries, so that any part of a unit's name finds it.

The theme matches a query as the beginning of a word (it adds a trailing wildcard), and Chinese
has no spaces: 八一路 is in the middle of 西岗区八一路街道总工会, which the user dictionary keeps as
one word. So each run of Han characters in a unit's name is also given as every suffix of two or
more characters (八一路街道总工会, …), which makes any part of the name the beginning of some word.
Names are short, so this is a few hundred characters a unit. The words are plain text: frame.py
escapes them into the unit page's entry after the build.
"""

from __future__ import annotations

from collections.abc import Iterable

from .context import SiteContext
from .search_dict import dictionary_words


def suffixes(names: Iterable[str]) -> list[str]:
    """Every suffix of two or more characters of each Han run, once each (the run itself first)."""
    words = dictionary_words(names)
    return list(dict.fromkeys(w[i:] for w in words for i in range(len(w) - 1)))


def unit_search_words(site: SiteContext) -> dict[str, str]:
    """Unit id → the words its page's search entry carries besides the page's text."""
    return {unit.id: " ".join([*suffixes([unit.name]), "单位编号", unit.id]) for unit in site.units.units}

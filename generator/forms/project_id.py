"""Project ids from project names: the clerk never makes up ASCII.

An id is the toneless pinyin of the name, one syllable per character joined by hyphens
("社区法律援助驿站" → she-qu-fa-lv-yuan-zhu-yi-zhan), cut at a syllable to `MAX_ID` characters;
ASCII letters and digits in the name stay as words. Pinyin is what a Chinese reader can read
back from a path, and it is stable (the same name always gives the same id); a hash alone
(p-3fa9c1) would be stable but says nothing. A name with nothing to spell falls back to
`p-` and a short FNV-1a hash of the name. Within a unit and year the form adds -2, -3, … to
an id already taken.

The browser does this with a table built here from pypinyin's single-character readings
(GB2312's 6,763 characters: every common name), so the site needs no network and no server;
`project_id` below is the same algorithm in Python, and the tests hold the two together.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from functools import cache

from ..model.base import SLUG

MAX_ID = 40  # leaves room for a "-99" suffix well inside the slug's 64 characters
_CJK = range(0x4E00, 0xA000)


@cache
def pinyin_table() -> dict[str, str]:
    """Syllable → the characters read that way (their most common reading), for GB2312's characters."""
    from pypinyin import Style, lazy_pinyin  # build time only

    chars = [chr(cp) for cp in _CJK if _in_gb2312(chr(cp))]
    by_syllable: dict[str, list[str]] = defaultdict(list)
    for char, syllable in zip(chars, lazy_pinyin(chars, style=Style.NORMAL, errors="ignore"), strict=True):
        if syllable.isascii() and syllable.isalpha():
            by_syllable[syllable.replace("ü", "v")].append(char)
    return {s: "".join(cs) for s, cs in sorted(by_syllable.items())}


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@cache
def _reading() -> dict[str, str]:
    return {c: s for s, cs in pinyin_table().items() for c in cs}


def project_id(name: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """The id `fill.js` derives for `name`, not in `taken` (the unit's ids that year)."""
    name = unicodedata.normalize("NFC", name)
    words: list[str] = []
    ascii_word = ""
    reading = _reading()
    for char in name:
        if char.isascii() and char.isalnum():
            ascii_word += char.lower()
            continue
        if ascii_word:
            words.append(ascii_word)
            ascii_word = ""
        if char in reading:
            words.append(reading[char])
    if ascii_word:
        words.append(ascii_word)
    base = _cut("-".join(words)) or f"p-{fnv1a(name):08x}"[:8]
    found, n = base, 1
    while found in taken:
        n += 1
        found = f"{base}-{n}"
    assert SLUG.match(found), found
    return found


def _cut(text: str) -> str:
    if len(text) <= MAX_ID:
        return text
    cut = text[: MAX_ID + 1]
    return cut[: cut.rfind("-")] if "-" in cut else text[:MAX_ID]


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over the UTF-8 bytes (what fill.js computes, with Math.imul)."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h

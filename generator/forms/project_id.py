"""Project ids from project names: the clerk never makes up ASCII.

An id is the toneless pinyin of the name, one syllable per character joined by hyphens
("社区法律援助驿站" → she-qu-fa-lv-yuan-zhu-yi-zhan); ASCII letters and digits in the name stay
as words. Pinyin is what a Chinese reader can read back from a path, and it is stable (the same
name always gives the same id); a hash alone (p-3fa9c1) would be stable but says nothing. A name
with nothing to spell falls back to `p-` and a short FNV-1a hash of the name. Within a unit and
year the form adds -2, -3, … to an id already taken.

An id longer than `MAX_ID` characters is cut between words, so that every word left in it is
whole: 河北省邢台市邢台老年大学书画摄影作品展 → he-bei-sheng-xing-tai-shi-xing-tai, where a cut at
a syllable gave …-xing-tai-lao, 老 without 年. The name is cut into words by forward maximum
matching: at each place, the longest word of `word_table` that starts there (2–4 characters),
else one character; a run of ASCII letters and digits is one word. The id keeps the most words
that fit; only a first word longer than `MAX_ID` (a long run of ASCII) is cut inside, at
`MAX_ID`. An id that needs no cut is the whole spelling, as it was before words were looked at:
only long names depend on the table.

The browser does this with two tables built here, so the site needs no network and no server:
the characters' readings, from pypinyin's single-character readings (GB2312's 6,763 characters:
every common name), and the words, from jieba's dictionary (`data/fill-words.js`, loaded only when
a name's id must be cut). `project_id` below is the same algorithm in Python, and the tests hold
the two together.
"""

from __future__ import annotations

import importlib.util
import unicodedata
from collections import defaultdict
from collections.abc import Collection
from functools import cache
from pathlib import Path

from ..model.base import SLUG

MAX_ID = 40  # leaves room for a "-99" suffix well inside the slug's 64 characters
_CJK = range(0x4E00, 0xA000)
# jieba's frequencies: ≥ 100 keeps some 31,000 words (union words such as 驿站, 帮扶, 劳模 and
# place names such as 邢台 among them; ≥ 300 loses those) in 180 KB, 90 KB as served gzipped.
WORD_FREQUENCY = 100
WORD_LENGTHS = range(2, 5)


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


@cache
def word_table() -> dict[str, str]:
    """First character → the rest of each word it begins, space-separated: the words of jieba's
    dictionary of 2–4 characters, every one with a reading, at least `WORD_FREQUENCY` frequent.

    The dictionary is read as a file: importing jieba would load its HMM's tables (megabytes of
    dicts) for nothing, and only the table is kept. Without jieba there are no words (a build then
    stops before it makes a site: search_dict.MISSING_JIEBA)."""
    dictionary = _jieba_dictionary()
    if dictionary is None:
        return {}
    reading = _reading()
    words: set[str] = set()
    with dictionary.open(encoding="utf-8") as lines:
        for line in lines:
            word, frequency, *_ = line.split(" ")
            if len(word) in WORD_LENGTHS and int(frequency) >= WORD_FREQUENCY and all(c in reading for c in word):
                words.add(word)
    by_first: dict[str, list[str]] = defaultdict(list)
    for word in sorted(words):
        by_first[word[0]].append(word[1:])
    return {first: " ".join(rests) for first, rests in by_first.items()}


def _jieba_dictionary() -> Path | None:
    spec = importlib.util.find_spec("jieba")  # finds the package without running it
    path = Path(spec.origin).with_name("dict.txt") if spec and spec.origin else None
    return path if path and path.is_file() else None


@cache
def _words() -> frozenset[str]:
    return frozenset(first + rest for first, rests in word_table().items() for rest in rests.split(" "))


def project_id(name: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """The id `fill.js` derives for `name`, not in `taken` (the unit's ids that year)."""
    name = unicodedata.normalize("NFC", name)
    spelt = spelling(name, frozenset())
    if len("-".join(spelt)) > MAX_ID:
        spelt = spelling(name, _words())
    base = _cut(spelt) or f"p-{fnv1a(name):08x}"[:8]
    found, n = base, 1
    while found in taken:
        n += 1
        found = f"{base}-{n}"
    assert SLUG.match(found), found
    return found


def spelling(name: str, words: Collection[str]) -> list[str]:
    """`name`'s words, each spelt: a run of ASCII letters and digits in lower case, else the longest
    of `words` that starts here (else one character) as its characters' syllables, hyphen-joined.
    Characters without a reading (punctuation, rare characters) spell nothing."""
    reading = _reading()
    spelt: list[str] = []
    i = 0
    while i < len(name):
        n = 1
        if _is_ascii_word(name[i]):
            while i + n < len(name) and _is_ascii_word(name[i + n]):
                n += 1
            spelt.append(name[i : i + n].lower())
        else:
            n = next((k for k in reversed(WORD_LENGTHS) if i + k <= len(name) and name[i : i + k] in words), 1)
            if syllables := [reading[c] for c in name[i : i + n] if c in reading]:
                spelt.append("-".join(syllables))
        i += n
    return spelt


def _is_ascii_word(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _cut(spelt: list[str]) -> str:
    """The most whole words that fit in `MAX_ID`; a first word longer than that, cut at it."""
    whole = "-".join(spelt)
    if len(whole) <= MAX_ID:
        return whole
    kept, length = 0, -1
    while kept < len(spelt) and length + 1 + len(spelt[kept]) <= MAX_ID:
        length += 1 + len(spelt[kept])
        kept += 1
    return "-".join(spelt[:kept]) if kept else whole[:MAX_ID]


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over the UTF-8 bytes (what fill.js computes, with Math.imul)."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h

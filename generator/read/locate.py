"""Where one character of a parsed value stands in the file, for a message that points at it.

Values lose their spelling when parsed: quotes, escapes (`"\\u200b"`), a block's indentation.
Only when a value is refused do we look again: the file is parsed once more for the scalar's
extent and style, and the value's characters are matched to the text that spelt them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import yaml

from .yaml_tree import Mark

_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX = {"x": 2, "u": 4, "U": 8}


def char_mark(text: str, start: Mark, value: str, offset: int) -> Mark:
    """The line and column of `value[offset]` in `text`, for the scalar starting at `start`;
    `start` itself when the character cannot be matched to its spelling."""
    extent = _scalars(text).get((start.line, start.column))
    if extent is None or not 0 <= offset < len(value):
        return start
    begin, end, style = extent
    wanted = value[offset]
    nth = value[:offset].count(wanted)
    for position, char in _spelt(text, begin, end, style):
        if char == wanted:
            if nth == 0:
                return _mark_at(text, position)
            nth -= 1
    return start


@lru_cache(maxsize=4)
def _scalars(text: str) -> dict[tuple[int, int], tuple[int, int, str]]:
    """Each scalar's start (line, column) → (start index, end index, style)."""
    found: dict[tuple[int, int], tuple[int, int, str]] = {}
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.ScalarEvent):
                mark, end = event.start_mark, event.end_mark
                if mark is not None and end is not None:  # the parser always marks them
                    found[mark.line + 1, mark.column + 1] = (mark.index, end.index, event.style or "")
    except yaml.YAMLError:
        pass
    return found


def _spelt(text: str, begin: int, end: int, style: str) -> Iterator[tuple[int, str]]:
    """(index in the text, the character it spells) for the scalar's content."""
    if style == '"':
        yield from _double_quoted(text, begin + 1, end - 1)
    elif style in ("|", ">"):
        body = text.find("\n", begin, end)  # the content starts on the line after the header
        yield from ((i, text[i]) for i in range(body + 1 if body >= 0 else end, end))
    else:
        yield from ((i, text[i]) for i in range(begin, end))


def _double_quoted(text: str, begin: int, end: int) -> Iterator[tuple[int, str]]:
    i = begin
    while i < end:
        char = text[i]
        if char != "\\" or i + 1 >= end:
            yield i, char
            i += 1
            continue
        code = text[i + 1]
        if code in _HEX:
            digits = text[i + 2 : i + 2 + _HEX[code]]
            if re.fullmatch(r"[0-9A-Fa-f]+", digits) and len(digits) == _HEX[code]:
                yield i, chr(int(digits, 16)) if int(digits, 16) <= 0x10FFFF else "\ufffd"
                i += 2 + _HEX[code]
                continue
        if code in _ESCAPES:
            yield i, _ESCAPES[code]
        i += 2  # an escaped line break spells nothing


def _mark_at(text: str, index: int) -> Mark:
    line_start = text.rfind("\n", 0, index) + 1
    return Mark(text.count("\n", 0, index) + 1, index - line_start + 1)

"""The slips a Chinese keyboard makes in YAML, found line by line with a precise hint.

YAML itself would report most of these as a puzzling syntax error (or not at all: a
full-width colon turns a key into text). We look for them first, before the parser, and
only where they cannot be meant: in the indentation, and right after a known field label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..diagnostics import Finding, error, warning

FULL_WIDTH_SPACE = "\u3000"
_INDENT = re.compile(r"^[ \t\u3000]*")
_BLOCK_SCALAR = re.compile(r":\s*[|>][-+0-9]*\s*(#.*)?$")
_KEYISH = re.compile(r"^(-\s+)?[^\s:#\"'“‘-][^:#]*:(\s|$)")
_QUOTE_PAIRS = {"“": "”", "‘": "’", "＂": "＂"}


def find_slips(text: str, path: str, labels: Iterable[str]) -> list[Finding]:
    known = sorted(set(labels), key=len, reverse=True)
    colon_after_label = re.compile(
        r"^(?P<lead>[ ]*(?:-\s+)?)(?P<label>" + "|".join(map(re.escape, known)) + r")\s*(?P<colon>：)"
    ) if known else None
    findings: list[Finding] = []
    for number, line, in_block in _lines_outside_block_scalars(text):
        if in_block:
            continue
        findings.extend(_indent_slips(line, number, path))
        if colon_after_label and (m := colon_after_label.match(line)):
            findings.append(error(
                "E104", f"“{m['label']}”后面用了中文冒号“：”", path, number, m.start("colon") + 1,
                hint="把“：”改成英文冒号“:”，并在冒号后加一个空格。"))
        findings.extend(_quote_slips(line, number, path))
    return findings


def _lines_outside_block_scalars(text: str) -> Iterator[tuple[int, str, bool]]:
    """Each line with whether it is the content of a `|` or `>` block (which may hold anything)."""
    block_indent: int | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip(" ")
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if not stripped or indent > block_indent:
                yield number, line, True
                continue
            block_indent = None
        yield number, line, False
        if _BLOCK_SCALAR.search(line):
            block_indent = indent


def _indent_slips(line: str, number: int, path: str) -> Iterator[Finding]:
    indent = _INDENT.match(line)
    lead = indent.group(0) if indent else ""
    rest = line[len(lead):]
    if not rest or rest.startswith("#"):
        return
    if FULL_WIDTH_SPACE in lead:
        yield error("E109", "缩进里有全角空格", path, number, lead.index(FULL_WIDTH_SPACE) + 1,
                    hint="缩进只能用英文半角空格：关闭输入法的全角模式，删掉这些空格后重新用空格键缩进。")
    elif "\t" in lead and (_KEYISH.match(rest) or rest.startswith("- ")):
        yield error("E110", "缩进里有制表符（Tab）", path, number, lead.index("\t") + 1,
                    hint="缩进只能用空格，每层两个空格；把 Tab 换成空格。")


def _quote_slips(line: str, number: int, path: str) -> Iterator[Finding]:
    m = re.match(r"^\s*(?:-\s+)?(?P<key>[^\s:#][^:#]*?)\s*:\s+(?P<value>\S.*?)\s*$", line)
    if m is None:
        return
    key, value = m["key"], m["value"]
    if key[0] in _QUOTE_PAIRS and key.endswith(_QUOTE_PAIRS[key[0]]):
        yield error("E111", f"栏目名 {key} 用了中文引号", path, number, m.start("key") + 1,
                    hint="栏目名不需要引号：删掉“”或‘’。")
    elif value[0] in _QUOTE_PAIRS and value.endswith(_QUOTE_PAIRS[value[0]]) and len(value) > 1:
        yield warning("W111", "整段内容放在中文引号里，引号会成为内容的一部分", path, number,
                      m.start("value") + 1,
                      hint="如果只是想加引号把内容括起来，请用英文双引号 \"…\"；如果引号本来就是内容，可以不理会。")

"""The slips a Chinese keyboard makes in YAML, found line by line with a precise hint.

YAML itself would report most of these as a puzzling syntax error (or not at all: a
full-width colon turns a key into text). We look for them first, before the parser, and
only where they cannot be meant: in the indentation, and right after a known field label.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..diagnostics import Finding, error, warning
from ..model.characters import BIDI, INVISIBLES, char_class

FULL_WIDTH_SPACE = "\u3000"
NO_BREAK_SPACE = "\u00a0"
_INDENT = re.compile(r"^[ \t\u3000\u00a0]*")
# Characters that look like nothing and that editors, Word and web pages paste: in a value the
# text policy refuses them (E213, E214); in a key they make another key that looks the same.
_HIDDEN = char_class(*INVISIBLES, *BIDI)
_INVISIBLE = re.compile(_HIDDEN)
_KEY_PART = re.compile(r"^[^:：#]*?(?=[:：](\s|$))")
_BLOCK_SCALAR = re.compile(r"(?::|(?:^|\s)-)\s+[|>][-+0-9]*\s*(#.*)?$")
_KEY_COLUMN = re.compile(r"^[ ]*(?:-[ ]+)*")  # where the key of "  - key: |" starts
_ITEM_COLUMN = re.compile(r"^([ ]*(?:-[ ]+)*)-[ ]+[|>]")  # where the "-" of "  - |" stands
_KEYISH = re.compile(r"^(-\s+)?[^\s:：#\"'“‘-][^:：#]*[:：](\s|$)")
# "项目明称：…": a short run of text without spaces, then a full-width colon, at a key's place.
_FULL_WIDTH_KEY = re.compile(
    r"^(?P<lead>[ ]*(?:-[ ]+)*)(?P<key>[^\s:：#\"'“”‘’\-\[\]{}|>][^\s:：#]{0,29}?)[ ]*(?P<colon>：)"
)
_QUOTES = "“”‘’＂"
# Every slip below involves one of these; a line without any is skipped unread.
_SUSPECT = re.compile(f"[\t\u3000\u00a0：“”‘’＂{_HIDDEN[1:-1]}]")  # one class: searched on every line
# Where each slip below can be, in one pass over the whole text: a tab or wide space in a line's
# indentation, a hidden character anywhere, a full-width colon after a line's first word, a key
# opening or a value wholly in Chinese quotes. Most files have full-width colons and Chinese quotes
# only inside comments and text, and are not read line by line. A new slip must be findable here too.
_MAY_SLIP = re.compile(
    "^[ \t\u3000\u00a0]*[\t\u3000\u00a0]"
    f"|{_HIDDEN}"
    "|^[ ]*(?:-\\s+)?[^\\s#:：]+\\s*："
    "|^\\s*(?:-\\s+)?[“”‘’＂][^:#\\n]*:"
    "|:\\s+[“‘＂].*[”’＂]\\s*$",
    re.M,
)
_QUOTE_PAIRS = {"“": "”", "‘": "’", "＂": "＂"}


def find_slips(text: str, path: str, labels: Iterable[str]) -> list[Finding]:
    if not may_slip(text):  # most files: nothing a slip is made of
        return []
    return line_slips(text, path, labels)


def may_slip(text: str) -> bool:
    """Whether some line may hold a slip: `_MAY_SLIP`, tried only on the lines that hold one of
    the characters every slip involves (searching a whole text for its alternatives at every
    position costs more than parsing it). The lines `line_slips` reads are the same: those with
    such a character."""
    pos = 0
    while (hit := _SUSPECT.search(text, pos)) is not None:
        start = text.rfind("\n", 0, hit.start()) + 1
        end = text.find("\n", hit.start())
        end = len(text) if end < 0 else end
        if _MAY_SLIP.search(text, start, end):
            return True
        pos = end + 1
    return False


def line_slips(text: str, path: str, labels: Iterable[str]) -> list[Finding]:
    """Every slip, line by line (`find_slips` without its quick look first)."""
    colon_after_label = _colon_after_label(frozenset(labels))
    findings: list[Finding] = []
    for number, line, in_block in _lines_outside_block_scalars(text):
        if not _SUSPECT.search(line):
            continue
        if in_block:
            findings.extend(_block_tab(line, number, path))
            continue
        findings.extend(_indent_slips(line, number, path))
        findings.extend(_invisible_slips(line, number, path))
        if colon_after_label and (m := colon_after_label.match(line)):
            findings.append(
                error(
                    "E104",
                    f"“{m['label']}”后面用了中文冒号“：”",
                    path,
                    number,
                    m.start("colon") + 1,
                    hint="把“：”改成英文冒号“:”，并在冒号后加一个空格。",
                )
            )
        findings.extend(_quote_slips(line, number, path))
    return findings


@lru_cache(maxsize=8)
def _colon_after_label(labels: frozenset[str]) -> re.Pattern[str] | None:
    known = sorted(labels, key=len, reverse=True)
    if not known:
        return None
    return re.compile(r"^(?P<lead>[ ]*(?:-\s+)?)(?P<label>" + "|".join(map(re.escape, known)) + r")\s*(?P<colon>：)")


def _lines_outside_block_scalars(text: str) -> Iterator[tuple[int, str, bool]]:
    """Each line with whether it is the content of a `|` or `>` block (which may hold anything,
    a full-width space at the start of a paragraph included)."""
    owner: int | None = None  # the column of the key (or "- ") that opened the block
    content: int | None = None  # the block's indentation, set by its first non-blank line
    for number, line in enumerate(text.split("\n"), start=1):
        indent = len(line) - len(line.lstrip(" "))
        if owner is not None:
            if not line.strip(" "):
                yield number, line, True
                continue
            if content is None and indent > owner:
                content = indent
            if content is not None and indent >= content:
                yield number, line, True
                continue
            owner = content = None
        yield number, line, False
        if _BLOCK_SCALAR.search(line):
            owner = _block_owner(line)


def _block_owner(line: str) -> int:
    """The column whose node owns a block scalar: its content must be indented further."""
    item = _ITEM_COLUMN.match(line)
    if item:
        return len(item.group(1))
    return len(_KEY_COLUMN.match(line).group(0))  # type: ignore[union-attr]


def _indent_slips(line: str, number: int, path: str, broken: bool = False) -> Iterator[Finding]:
    """Full-width spaces or tabs before a key or an item. Before other text they may be meant
    (a paragraph's indent in a multi-line value), so there only when YAML broke (`broken`)."""
    indent = _INDENT.match(line)
    lead = indent.group(0) if indent else ""
    rest = line[len(lead) :]
    if not rest or rest.startswith("#"):
        return
    structural = broken or bool(_KEYISH.match(rest)) or rest.startswith("- ")
    wide = next((c for c in lead if c in (FULL_WIDTH_SPACE, NO_BREAK_SPACE)), None)
    if wide and structural:
        name = "全角空格" if wide == FULL_WIDTH_SPACE else "不换行空格（常见于从网页或 Word 复制的内容）"
        yield error(
            "E109",
            f"缩进里有{name}",
            path,
            number,
            lead.index(wide) + 1,
            hint="缩进只能用英文半角空格：关闭输入法的全角模式，删掉这些空格后重新用空格键缩进。",
        )
    elif "\t" in lead and structural:
        yield error(
            "E110",
            "缩进里有制表符（Tab）",
            path,
            number,
            lead.index("\t") + 1,
            hint="缩进只能用空格，每层两个空格；把 Tab 换成空格。",
        )


def _block_tab(line: str, number: int, path: str) -> Iterator[Finding]:
    """libyaml refuses a tab opening a line of a `|` block (PyYAML keeps it): refuse it alike,
    with the reason, whichever parser runs."""
    lead = line[: len(line) - len(line.lstrip(" \t\u3000"))]
    if "\t" in lead and line.strip():
        yield error(
            "E110",
            "缩进里有制表符（Tab）",
            path,
            number,
            lead.index("\t") + 1,
            hint="缩进只能用空格，每层两个空格；把 Tab 换成空格（段首空两格请用全角空格“　　”）。",
        )


def _invisible_slips(line: str, number: int, path: str) -> Iterator[Finding]:
    """An invisible character in a key makes it a different key that looks the same."""
    key = _KEY_PART.match(line)
    hit = _INVISIBLE.search(key.group(0) if key else line if not line.strip(" -") else "")
    if hit:
        yield error(
            "E113",
            f"栏目名或缩进里有看不见的字符（U+{ord(hit.group(0)):04X}）",
            path,
            number,
            hit.start() + 1,
            hint="把这一行冒号前的部分删掉，重新输入。",
        )


def _quote_slips(line: str, number: int, path: str) -> Iterator[Finding]:
    m = re.match(r"^\s*(?:-\s+)?(?P<key>[^\s:#][^:#]*?)\s*:\s+(?P<value>\S.*?)\s*$", line)
    if m is None:
        return
    key, value = m["key"], m["value"]
    if key[0] in _QUOTE_PAIRS and key.endswith(_QUOTE_PAIRS[key[0]]):
        yield error(
            "E111",
            f"栏目名 {key} 用了中文引号",
            path,
            number,
            m.start("key") + 1,
            hint="栏目名不需要引号：删掉“”或‘’。",
        )
    elif value[0] in _QUOTE_PAIRS and value.endswith(_QUOTE_PAIRS[value[0]]) and len(value) > 1:
        yield warning(
            "W111",
            "整段内容放在中文引号里，引号会成为内容的一部分",
            path,
            number,
            m.start("value") + 1,
            hint='如果只是想加引号把内容括起来，请用英文双引号 "…"；如果引号本来就是内容，可以不理会。',
        )


def explain_yaml_error(text: str, finding: Finding, lines: tuple[int, int], labels: Iterable[str]) -> Finding:
    """A parser's complaint, restated as the slip that caused it when one is in sight.

    YAML reports a full-width colon after an unknown key as a missing ':' on the next line; a
    full-width space in the indentation as bad indentation; Chinese quotes as stray colons.
    """
    first, last = lines
    if not last:
        return finding
    all_lines = text.split("\n")
    span = range(max(1, min(first, last - 1)), min(last, len(all_lines)) + 1)
    for number in span:
        line = all_lines[number - 1]
        slip = next(_indent_slips(line, number, finding.path, broken=True), None)
        if slip is None and (m := _FULL_WIDTH_KEY.match(line)):
            slip = _full_width_colon(m, number, finding.path, labels)
        if slip is not None:
            return slip
    if finding.line and any(q in all_lines[finding.line - 1] for q in _QUOTES if finding.line <= len(all_lines)):
        return error(
            finding.code,
            finding.message,
            finding.path,
            finding.line,
            finding.column,
            hint='中文引号“”不起引号的作用：内容里有“: ”或“#”时，用英文双引号 "…" 把整段内容括起来。',
        )
    return finding


def _full_width_colon(m: re.Match[str], number: int, path: str, labels: Iterable[str]) -> Finding:
    key = m["key"]
    close = difflib.get_close_matches(key, list(labels), n=1, cutoff=0.5)
    also = f"；栏目名“{key}”也不对，是不是“{close[0]}”？" if close and close[0] != key else ""
    return error(
        "E104",
        f"“{key}”后面用了中文冒号“：”",
        path,
        number,
        m.start("colon") + 1,
        hint=f"把“：”改成英文冒号“:”，并在冒号后加一个空格{also}",
    )

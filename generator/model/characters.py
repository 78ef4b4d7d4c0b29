"""The characters the text policy refuses, as plain data: the rules, their messages, and the
patterns both Python and the web form's JavaScript are made from. No pydantic here: every
message (`diagnostics`) and the keyboard-slip search read these, and so do commands that never
validate a model. The text types that apply them are in `text.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

TextKind = Literal["line", "text"]

# Character classes as code-point ranges (inclusive); both the Python and the JavaScript
# patterns are made from these, so the two can never disagree.
LINE_BREAKS = ((0x0A, 0x0D), (0x85, 0x85), (0x2028, 0x2029))
CONTROLS = ((0x00, 0x09), (0x0B, 0x1F), (0x7F, 0x9F), (0xD800, 0xDFFF), (0xFFFE, 0xFFFF))
# Unicode's default-ignorable characters (they draw nothing), the Hangul fillers (blank letters)
# and U+180E, less the variation selectors: a rare ideograph in a name may need its IVS.
INVISIBLES = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180E, 0x180E),
    (0x200B, 0x200D),
    (0x2060, 0x2065),
    (0x206A, 0x206F),
    (0x3164, 0x3164),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFFB),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE007F),
    (0xE01F0, 0xE0FFF),
)
BIDI = ((0x061C, 0x061C), (0x200E, 0x200F), (0x202A, 0x202E), (0x2066, 0x2069))


@dataclass(frozen=True, slots=True)
class TextRule:
    """One rule: `applies` to one-line text, multi-line text or both; a value breaks it when
    it holds a character of `ranges`. The first rule a character breaks is the one reported."""

    code: str
    error_type: str
    applies: tuple[TextKind, ...]
    ranges: tuple[tuple[int, int], ...]
    message: str  # "{char}" is the character as U+XXXX, "{name}" what it is
    hint: str

    @property
    def python(self) -> re.Pattern[str]:
        return _PATTERNS[self.code, self.applies]

    def js_source(self) -> str:
        """The class as a JavaScript RegExp source, for use with the `u` flag."""
        return "[" + "".join(_js_range(a, b) for a, b in self.ranges) + "]"


CHARACTER_CLASSES: tuple[TextRule, ...] = (
    TextRule(
        "E211",
        "text_line_break",
        ("line",),
        LINE_BREAKS,
        "只能写一行，这里有换行（{char}{name}）",
        "把这里的换行删掉，让内容接在同一行；不要用“|”或“>”开头，引号里也不要写“\\n”。",
    ),
    TextRule(
        "E211",
        "text_line_break",
        ("text",),
        (*LINE_BREAKS[1:], (0x0B, 0x0D)),
        "有普通换行以外的分行字符（{char}{name}）",
        "删掉这个字符，需要分段就直接换行（按回车键）；从 Word 或网页复制的文字常带有它。",
    ),
    TextRule(
        "E212",
        "text_control",
        ("line", "text"),
        CONTROLS,
        "有控制字符或无效字符（{char}{name}）",
        "删掉这个字符：把这段文字重新输入一遍；要空开就用空格，不要用 Tab，引号里也不要写“\\x”“\\u”这类转义。",
    ),
    TextRule(
        "E213",
        "text_invisible",
        ("line", "text"),
        INVISIBLES,
        "有看不见的字符（{char}{name}）",
        "删掉这个字符：光标移到这里前后各按一次删除键再重新输入，或把整段重新输入（从网页、微信复制的文字常带有它）。",
    ),
    TextRule(
        "E214",
        "text_bidi",
        ("line", "text"),
        BIDI,
        "有改变文字方向的控制字符（{char}{name}），显示出来的顺序会和实际内容不同",
        "删掉这个字符：把这段文字重新输入一遍，不要从网页或其他文件复制。",
    ),
)

# Names of the characters people meet, said in Chinese; others are shown by code point only.
_NAMES = {
    0x09: "制表符 Tab",
    0x0A: "换行",
    0x0D: "回车",
    0x1B: "ESC",
    0x7F: "DEL",
    0x85: "下一行 NEL",
    0x00AD: "软连字符",
    0x200B: "零宽空格",
    0x200C: "零宽不连字",
    0x200D: "零宽连字",
    0x2060: "字连接符",
    0xFEFF: "字节顺序标记 BOM",
    0x3164: "韩文填充符",
    0x2028: "行分隔符",
    0x2029: "段分隔符",
    0x061C: "阿拉伯字母标记",
    0x200E: "从左到右标记",
    0x200F: "从右到左标记",
    0x202A: "从左到右嵌入",
    0x202B: "从右到左嵌入",
    0x202C: "方向格式结束",
    0x202D: "从左到右强制",
    0x202E: "从右到左强制",
    0x2066: "从左到右隔离",
    0x2067: "从右到左隔离",
    0x2068: "首字符方向隔离",
    0x2069: "方向隔离结束",
}


def _py_range(a: int, b: int) -> str:
    return re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"


def _js_range(a: int, b: int) -> str:
    return f"\\u{{{a:X}}}" if a == b else f"\\u{{{a:X}}}-\\u{{{b:X}}}"


def char_class(*ranges: tuple[int, int]) -> str:
    """A Python regex character class holding `ranges`."""
    return "[" + "".join(_py_range(a, b) for a, b in ranges) + "]"


_PATTERNS = {(r.code, r.applies): re.compile(char_class(*r.ranges)) for r in CHARACTER_CLASSES}
_BY_KIND: dict[TextKind, tuple[TextRule, ...]] = {
    kind: tuple(r for r in CHARACTER_CLASSES if kind in r.applies) for kind in ("line", "text")
}
# Every character any rule refuses, for the fast path: most values hold none.
_ANY = {kind: re.compile("|".join(r.python.pattern for r in rules)) for kind, rules in _BY_KIND.items()}


def character(char: str) -> str:
    return f"U+{ord(char):04X}"


def character_name(char: str) -> str:
    name = _NAMES.get(ord(char))
    return f"，{name}" if name else ""


def first_violation(value: str, kind: TextKind) -> tuple[TextRule, int] | None:
    """The first character of `value` that a rule of `kind` refuses, and that rule."""
    hit = _ANY[kind].search(value)
    if hit is None:
        return None
    rule = next(r for r in _BY_KIND[kind] if r.python.match(hit.group()))
    return rule, hit.start()


def visible(text: str) -> str:
    """`text` with every character the one-line policy refuses written as ⟨U+XXXX⟩: for echoing
    untrusted text (a refused value, a file name) into a terminal or a log, where an ESC
    sequence or a bidi override would act instead of showing."""
    if not _ANY["line"].search(text):
        return text
    return _ANY["line"].sub(lambda m: f"⟨{character(m.group())}⟩", text)


# The table the web form reads (issue 11): plain data, no Python needed to use it. For a field
# of kind "line" or "text" (see `text_kind`), trim it, then test each rule whose "applies" holds
# that kind, in order: `new RegExp(rule.pattern, rule.flags)`; the first character that matches
# is the error, shown as rule.message with {char} = "U+XXXX" and {name} = "，" + CHARACTER_NAMES
# entry (or "" when there is none), then rule.hint.
CHARACTER_NAMES: dict[str, str] = {f"U+{code:04X}": name for code, name in _NAMES.items()}
TEXT_RULES: list[dict[str, Any]] = [
    {
        "code": r.code,
        "applies": list(r.applies),
        "pattern": r.js_source(),
        "flags": "u",
        "message": r.message,
        "hint": r.hint,
    }
    for r in CHARACTER_CLASSES
]

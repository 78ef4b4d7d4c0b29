"""Parse YAML text into a small tree of text nodes that remember where they stand.

We build the tree from the parser's event stream ourselves instead of letting PyYAML
construct Python objects: so no scalar is typed implicitly (`no`, `on`, `010`, `12:30` stay
text and the model converts per field), anchors and aliases are refused before anything is
expanded (an alias bomb costs one event), depth and size are bounded while building, and
every key and value keeps its line and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, NoReturn

import yaml

from ..diagnostics import Finding, error

# libyaml is about nine times faster; the pure-Python parser gives the same events.
_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

MAX_DEPTH = 16
MAX_NODES = 20_000
MAX_LIST_NODES = 1_000_000  # a body's list: see source.MAX_LIST_BYTES
NULLS = frozenset({"", "~", "null", "Null", "NULL"})


@dataclass(frozen=True, slots=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass(slots=True)
class Scalar:
    mark: Mark
    value: str | None  # None for an empty or null plain scalar


@dataclass(slots=True)
class Mapping:
    mark: Mark
    pairs: list[tuple[Scalar, Node]] = field(default_factory=list)


@dataclass(slots=True)
class Sequence:
    mark: Mark
    items: list[Node] = field(default_factory=list)


Node = Scalar | Mapping | Sequence
Loc = tuple[str | int, ...]


class YamlError(Exception):
    """The first problem in the text; `lines` is the span of lines the parser was looking at."""

    def __init__(self, finding: Finding, lines: tuple[int, int] = (0, 0)) -> None:
        super().__init__(finding.message)
        self.finding = finding
        self.lines = lines


def parse_data(text: str, path: str, max_nodes: int = MAX_NODES) -> Any:
    """The document as plain data (text, None, lists, dicts), without positions: the loader's
    fast path. libyaml composes the nodes in C and one walk turns them into data; anything the
    walk is not sure of (an anchor, alias or tag may be written, a key repeats or is not text,
    too deep, too many) goes the exact way, `parse_tree`, which raises the located error."""
    if _ODD_LINE_BREAKS.search(text) is None and _MAY_HOLD_REFUSED.search(text) is None:
        loader = None
        try:
            loader = _Composer(text)
            return _plain(loader.get_single_node(), 0, [max_nodes])
        except (yaml.YAMLError, _NotSure, RecursionError):  # the exact path says what is wrong
            pass
        finally:
            if loader is not None:
                loader.dispose()
    return to_data(parse_tree(text, path, max_nodes))[0]


class _Composer(_Loader):  # type: ignore[misc, valid-type]
    """Nodes without tags: every scalar is text and the walk never reads a tag, so the resolver's
    three Python calls per node (a third of the compose time) are replaced by a C no-op."""

    resolve = staticmethod(slice)  # any C callable taking (kind, value, implicit) will do
    descend_resolver = staticmethod(slice)  # (parent, index)
    ascend_resolver = staticmethod(tuple)  # ()


# An anchor (&), alias (*) or tag (!) can only be written with one of these characters.
_MAY_HOLD_REFUSED = re.compile("[&*!]")


class _NotSure(Exception):
    """The fast walk met something only the exact path may judge."""


def _plain(node: Any, depth: int, budget: list[int]) -> Any:
    if node is None or depth >= MAX_DEPTH:
        raise _NotSure
    budget[0] -= 1
    if budget[0] < 0:
        raise _NotSure
    value = node.value
    if type(node) is _SCALAR:
        return None if (not node.style and value in NULLS) else value
    if type(node) is yaml.SequenceNode:
        return [_plain(item, depth + 1, budget) for item in value]
    data: dict[str, Any] = {}
    leaves_allowed = depth + 1 < MAX_DEPTH
    for key, item in value:
        if type(key) is not _SCALAR or (not key.style and key.value in NULLS):
            raise _NotSure
        if type(item) is _SCALAR and leaves_allowed:  # most values: inline, not a call each (a third of the walk)
            budget[0] -= 2
            text = item.value
            data[key.value] = None if (not item.style and text in NULLS) else text
        else:
            budget[0] -= 1
            data[key.value] = _plain(item, depth + 1, budget)
    if len(data) != len(value):  # a key written twice
        raise _NotSure
    if budget[0] < 0:
        raise _NotSure
    return data


_SCALAR = yaml.ScalarNode


def _mark(event: Any) -> Mark:
    return Mark(event.start_mark.line + 1, event.start_mark.column + 1)


def parse_tree(text: str, path: str, max_nodes: int = MAX_NODES) -> Node:
    """The single document in `text`, or YamlError with the first problem located."""
    _refuse_odd_line_breaks(text, path)
    builder = _TreeBuilder(path, max_nodes)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, path) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, path) from None
    except yaml.YAMLError as exc:  # unmarked parser errors are rare; never shown in English
        raise YamlError(error("E101", "YAML 格式错误", path, hint=_SYNTAX_HINT)) from exc
    if builder.root is None:
        raise YamlError(error("E002", "文件里没有内容", path, hint="请按模板填写。"))
    return builder.root


_SYNTAX_HINT = "检查这一行和上一行的缩进、冒号和引号：键后面是英文冒号加一个空格，同一层缩进对齐。"


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, path: str) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    first = exc.context_mark.line + 1 if exc.context_mark else line
    problem = exc.problem or ""
    if problem.startswith("exceeded maximum nesting depth"):  # libyaml's own cap (1000)
        return YamlError(
            error("E105", f"嵌套太深（超过 {MAX_DEPTH} 层）", path, line, column, _DEPTH_HINT), (first, line)
        )
    if problem.startswith("found character") and _char_at(text, line, column) == "\t":
        problem = "found a tab character"  # libyaml does not name the character
    message = f"YAML 格式错误：{_PROBLEMS.get(_problem_key(problem), '格式不正确')}"
    return YamlError(error("E101", message, path, line, column, hint=_SYNTAX_HINT), (min(first, line), line))


# YAML breaks lines at these too, editors (and Notepad) do not: every line number after one would
# be off. They come with text pasted from Word or web pages, never on purpose.
_ODD_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")


def _refuse_odd_line_breaks(text: str, path: str) -> None:
    found = _ODD_LINE_BREAKS.search(text)
    if found is None:
        return
    at = found.start()
    line, column = text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
    raise YamlError(
        error(
            "E112",
            f"文件里有不可见的分行字符（U+{ord(found.group()):04X}）",
            path,
            line,
            column,
            hint="删掉这个字符：把这一行重新输入一遍（从 Word 或网页复制的文字常带有它）。",
        ),
        (line, line),
    )


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line)
    if not 0 < line <= len(lines):
        return ""
    return lines[line - 1][column - 1 : column]


def _reader_error(exc: yaml.reader.ReaderError, text: str, path: str) -> YamlError:
    """A control character (often pasted from Word or a web page) that YAML does not allow."""
    char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)[:1]
    # libyaml counts bytes, PyYAML characters: find the character itself.
    position = text.find(char) if char else -1
    line, column = (
        (text.count("\n", 0, position) + 1, position - (text.rfind("\n", 0, position) + 1) + 1)
        if position >= 0
        else (0, 0)
    )
    return YamlError(
        error(
            "E112",
            f"文件里有不可见的控制字符（U+{ord(char or chr(0)):04X}）",
            path,
            line,
            column,
            hint="删掉这个字符：把这一行重新输入一遍，或用记事本另存为 UTF-8。",
        ),
        (line, line),
    )


def _problem_key(problem: str) -> str:
    for key in _PROBLEMS:
        if problem.startswith(key):
            return key
    return problem


# The problems of both parsers (libyaml words some differently from PyYAML), in Chinese.
_PROBLEMS = {
    "could not find expected ':'": "缺少键后面的英文冒号“:”",
    "mapping values are not allowed": "这里不能出现“键: 值”（多半是缩进不对，或值里有未加引号的“: ”）",
    "found character '\\t' that cannot start any token": "不能用制表符（Tab）缩进",
    "found a tab character": "不能用制表符（Tab）缩进",
    "found character": "这里有一个不能作为开头的字符（如 @ 或 `），请给整段内容加英文引号",
    "did not find expected key": "缩进不对，找不到预期的键",
    "did not find expected '-' indicator": "列表项的“-”没有对齐",
    "expected <block end>, but found": "缩进不对",
    "found unexpected end of stream": "引号或括号没有闭合",
    "found undefined alias": "不支持别名（*）",
    "found unknown escape character": "双引号里有无效的转义字符“\\”",
    "while scanning a quoted scalar": "引号没有闭合",
    "found unexpected ':'": "冒号位置不对",
    "did not find expected ',' or": "方括号或花括号没有闭合，或项之间缺少英文逗号",
    "expected ',' or": "方括号或花括号没有闭合，或项之间缺少英文逗号",
    "did not find expected node content": "这里缺少内容",
    "expected the node content": "这里缺少内容",
    "block sequence entries are not allowed": "这里不能开始列表（“- ”），多半是缩进不对",
    "found duplicate": "文件开头的“%”指令重复",
    "found undefined tag handle": "不支持类型标签（!）",
    "found incompatible YAML document": "不支持的 YAML 版本",
}
_DEPTH_HINT = "按模板的层次填写。"


class _TreeBuilder:
    """A stack machine over parser events; refuses what we do not accept as it goes."""

    def __init__(self, path: str, max_nodes: int = MAX_NODES) -> None:
        self.path = path
        self.max_nodes = max_nodes
        self.root: Node | None = None
        self.stack: list[Mapping | Sequence] = []
        self.pending_key: list[Scalar | None] = []
        self.seen_keys: list[dict[str, Scalar]] = []
        self.nodes = 0
        self.documents = 0

    def feed(self, event: Any) -> None:
        # Dispatch on the exact event type: one dict lookup per event instead of a chain of
        # isinstance checks (a tree of 10,000 filings is some 400,000 events).
        handler = self._handlers.get(type(event))
        if handler is not None:
            handler(self, event)

    def _document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            self._fail(
                event, "E102", "一个文件里只能有一份表（多了一个“---”）", "删掉多余的“---”，每份表单独存一个文件。"
            )

    def _alias(self, event: Any) -> None:
        self._fail(event, "E103", "不支持别名（*名称）", "把内容直接写出来，不要用“&”和“*”引用。")

    def _node(self, event: Any) -> None:
        """What every scalar and collection must pass: no anchor, no tag, not too many."""
        if event.anchor is not None:
            self._fail(event, "E103", "不支持锚点（&名称）", "把内容直接写出来，不要用“&”和“*”引用。")
        if event.tag is not None and event.tag != "!":
            self._check_tag(event)
        self.nodes += 1
        if self.nodes > self.max_nodes:
            self._fail(
                event, "E105", f"内容太多（超过 {self.max_nodes} 项）", "一份表只填一个项目；名单类文件请按年度分开。"
            )

    def _scalar(self, event: Any) -> None:
        self._node(event)
        # A plain scalar has style None in PyYAML and "" in libyaml; quoted text is never null.
        value = None if (not event.style and event.value in NULLS) else event.value
        self._add(Scalar(_mark(event), value), event)

    def _mapping(self, event: Any) -> None:
        self._node(event)
        self._open(Mapping(_mark(event)), event)

    def _sequence(self, event: Any) -> None:
        self._node(event)
        self._open(Sequence(_mark(event)), event)

    def _end(self, event: Any) -> None:
        self._close()

    _handlers: ClassVar[dict[type, Callable[[_TreeBuilder, Any], None]]] = {
        yaml.DocumentStartEvent: _document,
        yaml.AliasEvent: _alias,
        yaml.ScalarEvent: _scalar,
        yaml.MappingStartEvent: _mapping,
        yaml.SequenceStartEvent: _sequence,
        yaml.MappingEndEvent: _end,
        yaml.SequenceEndEvent: _end,
    }

    def _check_tag(self, event: Any) -> None:
        written = event.tag.replace("tag:yaml.org,2002:", "!!", 1)
        self._fail(event, "E103", f"不支持类型标签“{written}”", "删掉以“!”开头的标签，直接写值。")

    def _open(self, node: Mapping | Sequence, event: Any) -> None:
        if len(self.stack) >= MAX_DEPTH:
            self._fail(event, "E105", f"嵌套太深（超过 {MAX_DEPTH} 层）", _DEPTH_HINT)
        self._add(node, event)
        self.stack.append(node)
        self.pending_key.append(None)
        self.seen_keys.append({})

    def _close(self) -> None:
        self.stack.pop()
        self.pending_key.pop()
        self.seen_keys.pop()

    def _add(self, node: Node, event: Any) -> None:
        if not self.stack:
            self.root = node
            return
        parent = self.stack[-1]
        if isinstance(parent, Sequence):
            parent.items.append(node)
            return
        key = self.pending_key[-1]
        if key is None:
            self._take_key(node, event)
            return
        parent.pairs.append((key, node))
        self.pending_key[-1] = None

    def _take_key(self, node: Node, event: Any) -> None:
        if not isinstance(node, Scalar) or node.value is None:
            self._fail(event, "E106", "键必须是一段文字", "每一行写成“键: 值”，键是表上的栏目名。")
        seen = self.seen_keys[-1]
        first = seen.get(node.value)
        if first is not None:
            self._fail(
                event,
                "E107",
                f"“{node.value}”重复出现（第一次在第 {first.mark.line} 行）",
                "同一层里每个栏目只能写一次，删掉或合并其中一个。",
            )
        seen[node.value] = node
        self.pending_key[-1] = node

    def _fail(self, event: Any, code: str, message: str, hint: str) -> NoReturn:
        mark = _mark(event)
        raise YamlError(error(code, message, self.path, mark.line, mark.column, hint), (mark.line, mark.line))


# --- from tree to plain data, with positions ---------------------------------------------------


@dataclass(slots=True)
class Positions:
    """Where each value (and each key) of the document stands, by its location tuple."""

    values: dict[Loc, Mark] = field(default_factory=dict)
    keys: dict[Loc, Mark] = field(default_factory=dict)

    def of(self, loc: Loc) -> Mark:
        """The value at `loc`, or the nearest enclosing one that exists (for missing fields)."""
        found = self._deepest(loc)
        return self.values.get(found, Mark(1, 1))

    def of_key(self, loc: Loc) -> Mark:
        found = self._deepest(loc)
        if len(found) == len(tuple(loc)) and found in self.keys:
            return self.keys[found]
        return self.of(loc)

    def _deepest(self, loc: Loc) -> Loc:
        """The longest prefix of `loc` the document has. pydantic reports a mapping key it
        converted (a year under 日程调整) as an int; the document spells it as text."""
        found: Loc = ()
        for part in loc:
            for spelling in (part, str(part)) if isinstance(part, int) else (part,):
                if (*found, spelling) in self.values:
                    found = (*found, spelling)
                    break
            else:
                return found
        return found


def to_data(root: Node) -> tuple[Any, Positions]:
    positions = Positions()
    return _convert(root, (), positions), positions


def _convert(node: Node, loc: Loc, positions: Positions) -> Any:
    positions.values[loc] = node.mark
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Sequence):
        return [_convert(item, (*loc, i), positions) for i, item in enumerate(node.items)]
    data: dict[str, Any] = {}
    for key, value in node.pairs:
        assert key.value is not None
        positions.keys[(*loc, key.value)] = key.mark
        data[key.value] = _convert(value, (*loc, key.value), positions)
    return data

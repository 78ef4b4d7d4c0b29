"""Parse YAML text into a small tree of text nodes that remember where they stand.

We build the tree from the parser's event stream ourselves instead of letting PyYAML
construct Python objects: so no scalar is typed implicitly (`no`, `on`, `010`, `12:30` stay
text and the model converts per field), anchors and aliases are refused before anything is
expanded (an alias bomb costs one event), depth and size are bounded while building, and
every key and value keeps its line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..diagnostics import Finding, error

# libyaml is about nine times faster; the pure-Python parser gives the same events.
_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

MAX_DEPTH = 16
MAX_NODES = 20_000
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
    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def _mark(event: Any) -> Mark:
    return Mark(event.start_mark.line + 1, event.start_mark.column + 1)


def parse_tree(text: str, path: str) -> Node:
    """The single document in `text`, or YamlError with the first problem located."""
    builder = _TreeBuilder(path)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        raise YamlError(_syntax_error(exc, path)) from exc
    except yaml.YAMLError as exc:  # unmarked parser errors are rare (e.g. stream encoding)
        raise YamlError(error("E101", f"YAML 格式错误：{exc}", path)) from exc
    if builder.root is None:
        raise YamlError(error("E002", "文件里没有内容", path, hint="请按模板填写。"))
    return builder.root


def _syntax_error(exc: yaml.MarkedYAMLError, path: str) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem = _PROBLEMS.get(_problem_key(exc.problem or ""), exc.problem or "格式不正确")
    return error("E101", f"YAML 格式错误：{problem}", path, line, column,
                 hint="检查这一行和上一行的缩进、冒号和引号：键后面是英文冒号加一个空格，同一层缩进对齐。")


def _problem_key(problem: str) -> str:
    for key in _PROBLEMS:
        if problem.startswith(key):
            return key
    return problem


_PROBLEMS = {
    "could not find expected ':'": "缺少键后面的英文冒号“:”",
    "mapping values are not allowed here": "这里不能出现“键: 值”（多半是缩进不对，或值里有未加引号的“: ”）",
    "found character '\\t' that cannot start any token": "不能用制表符（Tab）缩进",
    "found a tab character": "不能用制表符（Tab）缩进",
    "did not find expected key": "缩进不对，找不到预期的键",
    "did not find expected '-' indicator": "列表项的“-”没有对齐",
    "found unexpected end of stream": "引号或括号没有闭合",
    "found undefined alias": "不支持别名（*）",
    "found unknown escape character": "双引号里有无效的转义字符“\\”",
    "expected <block end>, but found": "缩进不对",
    "while scanning a quoted scalar": "引号没有闭合",
    "found unexpected ':'": "冒号位置不对",
}


class _TreeBuilder:
    """A stack machine over parser events; refuses what we do not accept as it goes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.root: Node | None = None
        self.stack: list[Mapping | Sequence] = []
        self.pending_key: list[Scalar | None] = []
        self.seen_keys: list[dict[str, Scalar]] = []
        self.nodes = 0
        self.documents = 0

    def feed(self, event: Any) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self._fail(event, "E102", "一个文件里只能有一份表（多了一个“---”）",
                           "删掉多余的“---”，每份表单独存一个文件。")
            return
        if isinstance(event, yaml.AliasEvent):
            self._fail(event, "E103", "不支持别名（*名称）", "把内容直接写出来，不要用“&”和“*”引用。")
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            self._fail(event, "E103", "不支持锚点（&名称）", "把内容直接写出来，不要用“&”和“*”引用。")
        if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            self._check_tag(event)
            self._count(event)
        if isinstance(event, yaml.ScalarEvent):
            value = None if (event.style is None and event.value in NULLS) else event.value
            self._add(Scalar(_mark(event), value), event)
        elif isinstance(event, yaml.MappingStartEvent):
            self._open(Mapping(_mark(event)), event)
        elif isinstance(event, yaml.SequenceStartEvent):
            self._open(Sequence(_mark(event)), event)
        elif isinstance(event, yaml.CollectionEndEvent):
            self._close()

    def _check_tag(self, event: Any) -> None:
        if event.tag is not None and event.tag != "!":
            self._fail(event, "E103", f"不支持类型标签“{event.tag}”", "删掉以“!”开头的标签，直接写值。")

    def _count(self, event: Any) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self._fail(event, "E105", f"内容太多（超过 {MAX_NODES} 项）", "一份表只填一个项目。")

    def _open(self, node: Mapping | Sequence, event: Any) -> None:
        if len(self.stack) >= MAX_DEPTH:
            self._fail(event, "E105", f"嵌套太深（超过 {MAX_DEPTH} 层）", "按模板的层次填写。")
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
            self._fail(event, "E107", f"“{node.value}”重复出现（第一次在第 {first.mark.line} 行）",
                       "同一层里每个栏目只能写一次，删掉或合并其中一个。")
        seen[node.value] = node
        self.pending_key[-1] = node

    def _fail(self, event: Any, code: str, message: str, hint: str) -> None:
        mark = _mark(event)
        raise YamlError(error(code, message, self.path, mark.line, mark.column, hint))


# --- from tree to plain data, with positions ---------------------------------------------------


@dataclass(slots=True)
class Positions:
    """Where each value (and each key) of the document stands, by its location tuple."""

    values: dict[Loc, Mark] = field(default_factory=dict)
    keys: dict[Loc, Mark] = field(default_factory=dict)

    def of(self, loc: Loc) -> Mark:
        """The value at `loc`, or the nearest enclosing one that exists (for missing fields)."""
        probe = tuple(loc)
        while probe:
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), Mark(1, 1))

    def of_key(self, loc: Loc) -> Mark:
        return self.keys.get(tuple(loc)) or self.of(loc)


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


def walk_scalars(node: Node) -> Iterator[Scalar]:
    if isinstance(node, Scalar):
        yield node
    elif isinstance(node, Sequence):
        for item in node.items:
            yield from walk_scalars(item)
    else:
        for key, value in node.pairs:
            yield key
            yield from walk_scalars(value)

"""A tree with markup payloads in every text field of every kind of filing and of the registry.

Which fields are text is found by trying, not listed: starting from a valid year (tests/
lifecycle_tree.py) and the shipped registry and settings, each field in turn gets a payload; the
loader's own verdict decides (a field that refuses every payload is an id, a date, a number, a
fixed word or a web address). Multi-line text gets every payload, fences and tables included;
one-line text gets as many one-line payloads as it takes, a different selection in each field,
so that every payload lands in fields of every kind. The payloads are valid text (no control,
zero-width or bidi characters): what they try is markup, and every one of them, if it ever took
effect, would set `window.__fired`, name evil.example, or carry the word "evil" in a tag or an
attribute.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from lifecycle_tree import FILES, YEAR

from generator.validate.tree import load_submissions

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests/fixtures/sample"  # conftest.SAMPLE: the frozen sample, never the live tree

ONE_LINE = [
    "<img src=x onerror=window.__fired=1>",
    "<script>window.__fired=2</script>",
    "[点我](javascript:window.__fired=3)",
    "[官网](https://evil.example/a)",
    "![图](https://evil.example/i.png)",
    "<https://evil.example/auto>",
    "www.evil.example",
    '名称{: onclick="window.__fired=4" data-evil=1 }',
    '" onmouseover="window.__fired=5" x="',
    "' onfocus='window.__fired=6' autofocus='",
    "<evil-tag data-evil=1>x</evil-tag>",
    "<svg onload=window.__fired=7>",
    "*强调* **粗体** `代码` ~~删除~~",
    "{{ 7*7 }}{% raw %}{# 注释 #}${7*7}",
    "&lt;b&gt;实体&amp;",
    '--8<-- "/etc/passwd"',
    "<!-- 注释 --><![CDATA[x]]>",
    "| 表 | 格 |",
    '[^1] [[wiki]] <a href="https://evil.example/">链接</a>',
]
MULTI_LINE = [
    "```{ onmouseover=window.__fired=11 style=position:fixed;inset:0;z-index:9 data-evil=1 }",
    "围栏代码",
    "```",
    "~~~{ .evil onclick=window.__fired=12 }",
    "波浪线围栏",
    "~~~",
    "# 假标题 {: #evil onclick=window.__fired=13 }",
    "---",
    "title: evil",
    "---",
    "| 甲 | 乙 |",
    "|---|---|",
    "| <img src=x onerror=window.__fired=14> | [x](javascript:window.__fired=15) |",
    '<div markdown="1" data-evil=1>*内嵌*</div>',
    "    缩进的代码块 <b onmouseover=window.__fired=16>b</b>",
    "> 引用 [引](https://evil.example/q)",
    "- 列表 {: onclick=window.__fired=17 }",
    "[ref]: https://evil.example/ref",
    "[ref] 引用链接",
    *ONE_LINE,
]
FIRED = re.compile(r"__fired|evil", re.I)


@dataclass
class Corpus:
    root: Path
    # file (relative to submissions/) → the generalised key paths of its text fields
    text_fields: dict[str, list[str]] = field(default_factory=dict)


def _leaves(data: object, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _leaves(value, (*path, i))
    elif isinstance(data, str):
        yield path, data


def _general(path: tuple) -> str:
    return "/".join("*" if isinstance(p, int) else str(p) for p in path)


def _set(data: object, path: tuple, value: str) -> None:
    for key in path[:-1]:
        data = data[key]  # type: ignore[index]
    data[path[-1]] = value  # type: ignore[index]


def _strategies(index: int) -> list[Callable[[int], str]]:
    """What the n-th leaf of a field gets, richest first: every payload on lines of their own, every
    one-line payload, then selections short enough for a name (a different one for each leaf)."""
    start = index % len(ONE_LINE)
    rotated = ONE_LINE[start:] + ONE_LINE[:start]
    packs, pack = [], ""
    for payload in rotated:
        if pack and len(pack) + 1 + len(payload) > 72:
            packs.append(pack)
            pack = ""
        pack = f"{pack} {payload}".strip()
    packs.append(pack)
    return [lambda n: "\n".join(MULTI_LINE), lambda n: " ".join(rotated), lambda n: packs[n % len(packs)]]


def _dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def write_corpus(root: Path) -> Corpus:
    """The tree, every text field carrying payloads; the tree loads without an error."""
    (root / "submissions").mkdir(parents=True)
    for name in ("units.yaml", "programme.yaml"):
        shutil.copy(SAMPLE / name, root / "submissions" / name)
    files = {f"{YEAR}/{rel}": yaml.safe_load(text) for rel, text in FILES.items()}
    for data in files.values():  # forms name their unit by id, so that unit names can carry payloads
        if "单位" in data and isinstance(data["单位"], str):
            data["单位"] = {
                "大连市西岗区总工会": "xigang",
                "西岗区八一路街道总工会": "xigang-bayi-street",
                "西岗区人民广场街道总工会": "xigang-renmin-square",
            }[data["单位"]]
            if "所属上级" in data:
                data["所属上级"] = "xigang"
    files["units.yaml"] = yaml.safe_load((root / "submissions/units.yaml").read_text(encoding="utf-8"))
    files["programme.yaml"] = yaml.safe_load((root / "submissions/programme.yaml").read_text(encoding="utf-8"))
    corpus = Corpus(root)

    def write(rel: str) -> None:
        target = root / "submissions" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_dump(files[rel]), encoding="utf-8")

    for rel in files:
        write(rel)
    assert load_submissions(root).ok
    index = 0
    for rel, data in files.items():
        tried: set[str] = set()
        for path, _ in list(_leaves(data)):
            general = _general(path)
            if general in tried:
                continue
            tried.add(general)
            matching = [(p, value) for p, value in _leaves(data) if _general(p) == general]

            def accepts(value: Callable[[int], str], rel: str = rel, matching: list = matching) -> bool:
                # Each leaf its own value: names must stay distinct (two units cannot share one).
                for n, (p, _) in enumerate(matching):
                    _set(files[rel], p, f"{value(n)}（{n + 1}）" if len(matching) > 1 else value(n))
                write(rel)
                subs = load_submissions(root)
                return subs.ok and not [f for f in subs.findings if f.is_error]

            strategies = _strategies(index)
            short = ONE_LINE[index % len(ONE_LINE)]
            # One short payload first: a field that refuses it is no text field (one load each).
            if accepts(lambda n, short=short: short) and any(accepts(s) for s in strategies):
                corpus.text_fields.setdefault(rel, []).append(general)
                index += 1
            else:
                for p, value in matching:
                    _set(data, p, value)
                write(rel)
    assert load_submissions(root).ok
    return corpus

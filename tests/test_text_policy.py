"""The one text policy (generator/model/text.py): every rule, every text field, real files.

The rules go through the real CLI on real files (path, line, column, code). The payloads go into
every free-text field of every kind of filing and the registry: the fields are found by walking
the models, so a field added later is covered without touching this file.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

import pytest
from conftest import run_cli
from pydantic import BaseModel

from generator.diagnostics import Finding
from generator.filings import MODELS, REGISTRATION_BY_FORM, parse_filing
from generator.model.characters import TEXT_RULES
from generator.model.text import text_kind
from generator.paths import FilingPath, Kind
from generator.read.source import Source

ORGAN = """\
表: 领导机关立项申报表
单位: 大连市西岗区总工会
项目名称: {name}
主要内容: {content}
单位意见:
  意见: 同意申报。
  领导签字: {signer}
  日期: 2026-03-13
评选内容:
  - 维护职工合法权益
"""
FOLDER = "submissions/2026/xigang"


@dataclass(frozen=True)
class Case:
    name: str
    fields: dict[str, str]  # name, content, signer, as written in the YAML
    where: str  # line:col
    code: str
    shown: str  # a fragment of the message: the character as U+XXXX


def _form(**written: str) -> str:
    return ORGAN.format(**{"name": "项目甲", "content": "内容甲", "signer": "张志刚", **written})


# Each case is one file of its own in one tree; `check` runs once for all of them.
CASES = [
    Case("line-break-in-a-name-as-a-block", {"name": "|\n  第一行\n  第二行"}, "4:6", "E211", "U+000A"),
    Case("line-break-in-a-name-as-an-escape", {"name": '"第一行\\n第二行"'}, "3:11", "E211", "U+000A"),
    Case("line-break-in-a-name-as-folded-lines", {"name": "第一行\n\n  第二行"}, "3:10", "E211", "U+000A"),
    Case("carriage-return-in-a-name", {"name": '"名称\\r伪造"'}, "3:10", "E211", "U+000D"),
    Case("line-separator-in-a-name", {"name": '"名称\\L伪造"'}, "3:10", "E211", "U+2028"),
    Case("odd-line-break-in-long-text", {"content": '"第一段\\r第二段"'}, "4:11", "E211", "U+000D"),
    Case("paragraph-separator-in-long-text", {"content": '"第一段\\u2029第二段"'}, "4:11", "E211", "U+2029"),
    Case("terminal-escape-in-a-name", {"name": '"名称\\e[31m红色"'}, "3:10", "E212", "U+001B"),
    Case("c1-control-in-a-signer", {"signer": '"张志\\x9b刚"'}, "7:12", "E212", "U+009B"),
    Case("tab-in-a-name", {"name": "名称\t中间"}, "3:9", "E212", "U+0009"),
    Case("tab-in-long-text", {"content": '"内容\\t中间"'}, "4:10", "E212", "U+0009"),
    Case("null-character-in-a-name", {"name": '"名称\\x00"'}, "3:10", "E212", "U+0000"),
    Case("noncharacter-in-a-name", {"name": '"名称\\uffff"'}, "3:10", "E212", "U+FFFF"),
    Case("zero-width-space-in-a-name", {"name": "名称\u200b重复"}, "3:9", "E213", "U+200B"),
    Case("byte-order-mark-in-a-signer", {"signer": '"张志刚\\ufeff"'}, "7:13", "E213", "U+FEFF"),
    Case("word-joiner-in-long-text", {"content": "|\n  第一段\n  第二\u2060段"}, "6:5", "E213", "U+2060"),
    Case("tag-character-in-a-name", {"name": '"名称\\U000E0041"'}, "3:10", "E213", "U+E0041"),
    Case("right-to-left-override-in-a-name", {"name": "名称\u202efdp.exe"}, "3:9", "E214", "U+202E"),
    Case("isolate-in-a-signer", {"signer": '"\\u2066张志刚"'}, "7:10", "E214", "U+2066"),
    Case("right-to-left-mark-in-long-text", {"content": "|\n  第一段\n  第二段\u200f"}, "6:6", "E214", "U+200F"),
]


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The lines `check` printed for each case's file, from one run over all of them."""
    from conftest import SAMPLE

    root = tmp_path_factory.mktemp("policy")
    (root / "submissions").mkdir()
    for name in ("units.yaml", "programme.yaml"):
        (root / "submissions" / name).write_bytes((SAMPLE / name).read_bytes())
    for i, case in enumerate(CASES):
        fields = {"name": f"项目{i}", **case.fields}
        path = root / FOLDER / f"{case.name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_form(**fields), encoding="utf-8", newline="")
    result = run_cli("check", cwd=root)
    assert result.code == 1 and "Traceback" not in result.err, result.err
    return {
        case.name: [line for line in result.lines if line.startswith(f"{FOLDER}/{case.name}.yaml:")] for case in CASES
    }


def test_every_rule_has_a_case_through_the_cli() -> None:
    codes = {(rule["code"]) for rule in TEXT_RULES}
    assert codes == {case.code for case in CASES} == {"E211", "E212", "E213", "E214"}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_a_refused_character_is_reported_where_it_stands(case: Case, checked: dict[str, list[str]]) -> None:
    lines = checked[case.name]
    head = f"{FOLDER}/{case.name}.yaml:{case.where}: 错误[{case.code}]:"
    hits = [line for line in lines if line.startswith(head)]
    assert hits, f"no {head} in {lines}"
    assert case.shown in hits[0], hits[0]
    assert any(hint in hits[0] for hint in ("（提示：删掉", "（提示：把这里的换行删掉")), hits[0]
    assert len(lines) == 1, lines  # the character is the only problem: no second opinion on it


def test_trimmed_and_nfc_names_pass_silently(tree: Path) -> None:
    decomposed = "e\u0301"  # é as two code points: it looks the same, NFC makes it one
    path = tree / FOLDER / "trimmed.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(
        _form(name=f'"\u3000 caf{decomposed}驿站 "', content="|\n  \u3000\u3000段首空两格。\n"), encoding="utf-8"
    )
    result = run_cli("check", "--format", "json", cwd=tree)
    assert result.code == 0, result.out
    filing, findings = _parse(
        Kind.REGISTRATION, path.read_text(encoding="utf-8"), REGISTRATION_BY_FORM["领导机关立项申报表"]
    )
    assert findings == [] and filing is not None
    assert filing.model.project_name == "caf\u00e9驿站"
    assert filing.model.content == "\u3000\u3000段首空两格。"  # a paragraph's opening full-width spaces stay


def test_long_text_keeps_its_line_breaks(tree: Path) -> None:
    filing, findings = _parse(
        Kind.REGISTRATION, _form(content="|\n  第一段。\n\n  第二段。\n"), REGISTRATION_BY_FORM["领导机关立项申报表"]
    )
    assert findings == [] and filing.model.content == "第一段。\n\n第二段。"


def test_the_rules_table_is_plain_data_a_browser_can_use() -> None:
    again = json.loads(json.dumps(TEXT_RULES, ensure_ascii=False))
    assert again == TEXT_RULES
    for rule in TEXT_RULES:
        assert set(rule) == {"code", "applies", "pattern", "flags", "message", "hint"}
        assert re.fullmatch(r"\[(\\u\{[0-9A-F]+\}(-\\u\{[0-9A-F]+\})?)+\]", rule["pattern"]), rule["pattern"]
        assert set(rule["applies"]) <= {"line", "text"} and rule["flags"] == "u"


# --- every free-text field of every kind, from the models ---------------------------------------

# Values that pass a field with a pattern; a new pattern needs a sample here (the test says so).
PATTERN_SAMPLES = {
    "^https://": "https://example.org/a",
    "^https?://": "https://git.dlftu.internal/api/v1",
    "^[^@": "someone@example.org",
    "^(ssh-ed25519": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB",
    "^@[A-Za-z0-9]": "@dlftu",
    "^[A-Za-z0-9]": "dlftu-maintainer",
    "^[0-9a-f]{7,40}$": "abcdef0",
    "^submissions/": "submissions/2026/xigang/legal-aid.yaml",
    "^[a-z0-9]": "xigang",
    "^[0-9+()": "0411-82345678",
}
KINDS = [(kind, model) for kind, model in MODELS.items()] + [
    (Kind.REGISTRATION, model) for model in REGISTRATION_BY_FORM.values()
]
PAYLOADS = {  # (kind of text the payload breaks, value, the code)
    "line-break": ({"line"}, "甲\n乙", "E211"),
    "escape-sequence": ({"line", "text"}, "甲\x1b]8;;https://evil.example/\x07乙", "E212"),
    "zero-width": ({"line", "text"}, "甲\u200d乙", "E213"),
    "bidi-override": ({"line", "text"}, "甲\u202e乙", "E214"),
    "carriage-return": ({"line", "text"}, "甲\r## 检查通过\r乙", "E211"),
}


def _unwrap(annotation: Any) -> Any:
    args = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) in (UnionType, Union) and len(args) == 1:
        return _unwrap(args[0])
    return annotation


def _sample(
    model: type[BaseModel], override: tuple[tuple[str, ...], str] | None = None, at: tuple[str, ...] = ()
) -> dict[str, Any]:
    """A valid document for `model` with every field present (optional ones too, so each is
    reachable), and `override`'s value at its place."""
    data: dict[str, Any] = {}
    for field in model.model_fields.values():
        loc = (*at, field.alias)
        data[field.alias] = _value(field.annotation, field, loc, override)
    return data


def _value(annotation: Any, field: Any, loc: tuple[str, ...], override: Any) -> Any:
    if override is not None and override[0] == loc:  # a list of names: the payload is its item
        return [override[1]] if get_origin(_unwrap(annotation)) is list else override[1]
    annotation = _unwrap(annotation)
    origin = get_origin(annotation)
    if origin is list:
        return [_value(get_args(annotation)[0], None, loc, override)]
    if origin is dict:
        return {"2027": _value(get_args(annotation)[1], None, loc, override)}
    if origin is Literal:
        return get_args(annotation)[0]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _sample(annotation, override, loc)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return list(annotation)[-1].value
    if annotation is bool:
        return "false"
    if annotation is int:  # the smallest value the field allows, at least 1
        low = next((m.ge for m in getattr(field, "metadata", ()) if getattr(m, "ge", None) is not None), 1)
        return str(max(low, 1))
    text = str(annotation) + str(getattr(field, "metadata", ""))
    if "date" in text:
        return "2026-03-05"
    for start, sample in PATTERN_SAMPLES.items():
        if f"pattern='{start}" in text or f'pattern="{start}' in text:
            return sample
    if re.search("pattern=['\"]", text):
        raise AssertionError(f"{'·'.join(loc)}: a pattern without a sample; add one to PATTERN_SAMPLES")
    return "文字"


def _text_fields(model: type[BaseModel], at: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str]]:
    found = []
    for field in model.model_fields.values():
        loc = (*at, field.alias)
        kind = text_kind(field)
        if kind is not None:
            found.append((loc, kind))
        inner = _unwrap(field.annotation)
        while get_origin(inner) in (list, dict):
            inner = _unwrap(get_args(inner)[-1])
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            found.extend(_text_fields(inner, loc))
    return found


FIELDS = [(kind, model, loc, text) for kind, model in KINDS for loc, text in _text_fields(model)]


def _yaml(data: Any, indent: str = "") -> str:
    """Block YAML whose every scalar is a JSON string (a valid YAML double-quoted scalar)."""
    lines = []
    for key, value in data.items():
        lines.append(f"{indent}{key}:{_node(value, indent)}")
    return "\n".join(lines) + ("\n" if not indent else "")


def _node(value: Any, indent: str) -> str:
    if isinstance(value, dict):
        return "\n" + _yaml(value, indent + "  ")
    if isinstance(value, list):
        items = []
        for item in value:
            body = _node(item, indent + "  ").lstrip("\n")
            items.append(f"{indent}  - " + (body.lstrip() if isinstance(item, dict) else body.strip()))
        return "\n" + "\n".join(items)
    return " " + json.dumps(value, ensure_ascii=False)


def _parse(kind: Kind, text: str, model: type[BaseModel]) -> tuple[Any, list[Finding]]:
    where = FilingPath(kind, f"{FOLDER}/sample.yaml", 2026, "xigang", "sample")
    return parse_filing(where, Source(where.path, text), lambda _where, _data: model)


def _free_strings(model: type[BaseModel], at: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """Every field of the models holding a str, with its FieldInfo (or item annotation)."""
    found = []
    for field in model.model_fields.values():
        loc, inner = (*at, field.alias), _unwrap(field.annotation)
        while get_origin(inner) in (list, dict):
            inner = _unwrap(get_args(inner)[-1])
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            found.extend(_free_strings(inner, loc))
        elif inner is str or (get_origin(inner) is not None and str in get_args(inner)):
            found.append((loc, field))
    return found


@pytest.mark.parametrize(("kind", "model"), KINDS, ids=lambda v: getattr(v, "__name__", str(v)))
def test_every_string_field_follows_the_text_policy_or_is_an_ascii_id(kind: Kind, model: type[BaseModel]) -> None:
    for loc, field in _free_strings(model):
        if text_kind(field) is not None:
            continue
        patterns = re.findall(r"pattern='([^']*)'", str(field.metadata) + str(field.annotation))
        assert patterns and all(p.startswith("^") and p.endswith("$") and p.isascii() for p in patterns), (
            f"{'·'.join(loc)} is free text outside the text policy: type it Name, OneLine, Annotated[str, StringConstraints(...), LINE] or Text"
        )


def test_the_models_have_text_fields_of_both_kinds() -> None:
    names = {loc[-1] for _, _, loc, _ in FIELDS}
    assert {"项目名称", "单位", "领导签字", "名称", "姓名", "出席成员", "文号", "记录人", "批准人"} <= names
    assert {"主要内容", "意见", "理由", "情况"} <= names
    assert len(FIELDS) >= 30


@pytest.mark.parametrize(("kind", "model"), KINDS, ids=lambda v: getattr(v, "__name__", str(v)))
def test_each_sample_document_is_valid(kind: Kind, model: type[BaseModel]) -> None:
    filing, findings = _parse(kind, _yaml(_sample(model)), model)
    assert findings == [] and filing is not None


@pytest.mark.parametrize("payload", list(PAYLOADS))
@pytest.mark.parametrize(
    ("kind", "model", "loc", "text"), FIELDS, ids=[f"{m.__name__}·{'·'.join(loc)}" for _, m, loc, _ in FIELDS]
)
def test_every_text_field_refuses_the_payloads(
    kind: Kind, model: type[BaseModel], loc: tuple[str, ...], text: str, payload: str
) -> None:
    applies, value, code = PAYLOADS[payload]
    document = _yaml(_sample(model, (loc, value)))
    filing, findings = _parse(kind, document, model)
    if text not in applies:  # a line break in multi-line text is allowed
        assert findings == [], [f.to_text() for f in findings]
        return
    assert filing is None
    mine = [f for f in findings if f.code == code]
    assert mine, [f.to_text() for f in findings]
    # The column points at the character's spelling: the escape or the character itself.
    bad = next(ch for ch in value if unicodedata.category(ch) in ("Cc", "Cf"))
    spelt = json.dumps(bad, ensure_ascii=False)[1:-1]
    line = document.split("\n")[mine[0].line - 1]
    assert line[mine[0].column - 1 :].startswith(spelt), (line, mine[0].column, spelt)


def test_javascript_reads_the_table_as_python_does(tmp_path: Path) -> None:
    """The web form's checks are made from TEXT_RULES: node, given the table, must find the same
    rule as the model for every edge of every character class, and nothing in ordinary text."""
    from generator.model.characters import CHARACTER_CLASSES, first_violation

    probes = sorted(
        {
            chr(c)
            for rule in CHARACTER_CLASSES
            for a, b in rule.ranges
            for c in (a, b, a - 1, b + 1)
            if 0 <= c <= 0x10FFFF
        }
        | set("甲a 　“”")
    )
    expected = {
        kind: [(found[0].code if (found := first_violation(f"甲{ch}乙", kind)) else None) for ch in probes]
        for kind in ("line", "text")
    }
    script = tmp_path / "rules.js"
    script.write_text(
        "const fs = require('fs');\n"
        "const [rules, probes] = JSON.parse(fs.readFileSync(0, 'utf8'));\n"
        "const out = {};\n"
        "for (const kind of ['line', 'text']) {\n"
        "  const mine = rules.filter(r => r.applies.includes(kind)).map(r => [r.code, new RegExp(r.pattern, r.flags)]);\n"
        "  out[kind] = probes.map(ch => { const hit = mine.find(([, re]) => re.test('甲' + ch + '乙'));\n"
        "                                 return hit ? hit[0] : null; });\n"
        "}\n"
        "process.stdout.write(JSON.stringify(out));\n",
        encoding="utf-8",
    )
    import subprocess

    # Lone surrogates cannot travel as UTF-8 JSON: send every probe as \\u escapes.
    payload = json.dumps([TEXT_RULES, probes], ensure_ascii=True)
    proc = subprocess.run(
        ["node", str(script)], input=payload, capture_output=True, text=True, encoding="utf-8", check=True
    )
    assert json.loads(proc.stdout) == expected


def test_what_is_echoed_back_cannot_drive_the_terminal(tree: Path) -> None:
    """A refused value or a file name is shown with its control characters spelt out."""
    path = tree / FOLDER / "echo.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(_form() + '拟申报类别: "创新\\e[2J\\u202e"\n', encoding="utf-8")
    (tree / FOLDER / "\x1b]0;title\x07.yaml").write_text(_form(name="项目乙"), encoding="utf-8")
    result = run_cli("check", cwd=tree)
    assert result.code == 1
    assert "“创新⟨U+001B⟩[2J⟨U+202E⟩”" in result.out
    assert f"{FOLDER}/⟨U+001B⟩]0;title⟨U+0007⟩.yaml: 错误[E012]" in result.out
    assert "\x1b" not in result.out and "\u202e" not in result.out and "\x07" not in result.out

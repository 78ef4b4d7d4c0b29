"""Whatever a file holds, the loader returns findings or a model; it never raises.

Arbitrary bytes and text, YAML written from arbitrary nested data, and the sample forms with
random slips typed into them, through every kind of filing; then a whole tree of such files
through the real CLI, which must never print a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from conftest import SAMPLE, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diagnostics import Finding
from generator.filings import Filing, all_labels, parse_filing
from generator.paths import FilingPath, classify
from generator.read.slips import find_slips, line_slips
from generator.read.source import Source, SourceError, decode

WHERE: list[FilingPath] = [
    w
    for w in (
        classify(rel)
        for rel in (
            "submissions/2026/xigang/legal-aid.yaml",
            "submissions/2026/xigang/forwarding.yaml",
            "submissions/units.yaml",
            "submissions/programme.yaml",
        )
    )
    if isinstance(w, FilingPath)
]
SAMPLES = [
    (SAMPLE / rel.removeprefix("submissions/")).read_text(encoding="utf-8")
    for rel in (
        "submissions/2026/xigang/xigang-new-employment-forms.yaml",
        "submissions/2026/xigang-renmin-square/renmin-square-family-day.yaml",
        "submissions/2026/xigang/forwarding.yaml",
        "submissions/programme.yaml",
    )
]
# What Chinese typists and YAML 1.1 put into files.
TRICKY = [
    "：",
    "\u3000",
    "\t",
    "“",
    "”",
    "‘",
    "’",
    "＂",
    ": ",
    "- ",
    "|",
    ">",
    "&a ",
    "*a",
    "!!python/object ",
    "#",
    "\ufeff",
    "\u200b",
    "\u00a0",
    "\r",
    "\x07",
    "---\n",
    "...\n",
    "{",
    "}",
    "[",
    "]",
    "?",
    "%",
    "@",
    "`",
    "no",
    "on",
    "~",
    "null",
    "010",
    "12:30",
    "0x1F",
    ".inf",
    "2026-02-30",
    "2026年3月5日",
    "\n",
    "  ",
    "\\",
]
LABELS = [
    "表",
    "单位",
    "所属上级",
    "项目名称",
    "主要内容",
    "单位意见",
    "本单位意见",
    "意见",
    "领导签字",
    "日期",
    "评选内容",
    "拟申报类别",
    "撤回",
    "原因",
    "审核汇总",
    "项目",
    "日程调整",
    "立项截止",
    "编号",
    "名称",
    "层级",
]
# What slips are made of, to type whole lines of them (the quick look must never miss one).
SLIP_PARTS = [*TRICKY, *LABELS, "项目明称", "xyz", "a", "-", ":", "\n", "\n  ", " ", "“名称”", "  - "]
CODE = re.compile(r"^[EW]\d{3}$")
CJK = re.compile(r"[\u4e00-\u9fff]")
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def load(text: str, where: FilingPath) -> tuple[Filing | None, list[Finding]]:
    result = parse_filing(where, Source(where.path, text))
    assert_sound(result, text)
    return result


def assert_sound(result: tuple[Filing | None, list[Finding]], text: str) -> None:
    filing, findings = result
    assert filing is not None or any(f.is_error for f in findings), "refused without saying why"
    lines = text.count("\n") + 1
    for f in findings:
        assert CODE.match(f.code), f
        assert CJK.search(f.message) and f.hint, f
        assert 0 <= f.line <= lines + 1 and f.column >= 0, f
        assert "\n" not in f.to_text(), f


scalars = st.one_of(
    st.text(max_size=20),
    st.sampled_from(TRICKY),
    st.sampled_from(LABELS),
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.dates(),
)
keys = st.one_of(st.sampled_from(LABELS), st.text(min_size=1, max_size=8), st.integers(2000, 2100))
documents = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5), max_leaves=30
)


@PROPERTY
@given(data=st.binary(max_size=2000), where=st.sampled_from(WHERE))
def test_arbitrary_bytes_give_findings_or_a_model(data: bytes, where: FilingPath) -> None:
    try:
        text = decode(data, where.path)
    except SourceError as exc:
        assert exc.finding.is_error and exc.finding.hint
        return
    load(text, where)


@PROPERTY
@given(text=st.text(max_size=2000), where=st.sampled_from(WHERE))
def test_arbitrary_text_gives_findings_or_a_model(text: str, where: FilingPath) -> None:
    load(text, where)


@PROPERTY
@given(doc=documents, where=st.sampled_from(WHERE), flow=st.booleans())
def test_yaml_of_arbitrary_nested_data_gives_findings_or_a_model(doc: object, where: FilingPath, flow: bool) -> None:
    load(yaml.safe_dump(doc, allow_unicode=True, default_flow_style=flow), where)


@PROPERTY
@given(doc=st.dictionaries(st.sampled_from(LABELS), documents, max_size=8), where=st.sampled_from(WHERE))
def test_yaml_with_the_forms_labels_gives_findings_or_a_model(doc: dict[str, object], where: FilingPath) -> None:
    load(yaml.safe_dump(doc, allow_unicode=True), where)


@st.composite
def slipped(draw: st.DrawFn) -> str:
    """A sample form with a few slips typed in at random places."""
    text = draw(st.sampled_from(SAMPLES))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(TRICKY)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 5)) :]
    return text


@PROPERTY
@given(text=slipped(), where=st.sampled_from(WHERE))
def test_sample_forms_with_slips_give_findings_or_a_model(text: str, where: FilingPath) -> None:
    load(text, where)


@PROPERTY
@given(text=slipped())
def test_a_slip_never_moves_a_finding_off_the_file(text: str) -> None:
    crlf = text.replace("\n", "\r\n")
    lf_findings = load(text, WHERE[0])[1]
    crlf_findings = load(decode(crlf.encode("utf-8"), WHERE[0].path), WHERE[0])[1] if "\r" not in text else lf_findings
    assert [(f.code, f.line, f.column) for f in lf_findings] == [(f.code, f.line, f.column) for f in crlf_findings]


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    texts=st.lists(st.one_of(slipped(), st.text(max_size=300)), min_size=10, max_size=25),
    blobs=st.lists(st.binary(max_size=300), min_size=3, max_size=6),
)
def test_no_file_ever_makes_the_cli_print_a_traceback(tmp_path_factory, texts: list[str], blobs: list[bytes]) -> None:
    root: Path = tmp_path_factory.mktemp("repo")
    (root / "submissions/2026/xigang").mkdir(parents=True)
    (root / "submissions/units.yaml").write_bytes((SAMPLE / "units.yaml").read_bytes())
    for i, text in enumerate(texts):
        (root / f"submissions/2026/xigang/p{i}.yaml").write_text(text, encoding="utf-8", newline="")
    for i, blob in enumerate(blobs):
        (root / f"submissions/2026/xigang/b{i}.yaml").write_bytes(blob)
    (root / "submissions/programme.yaml").write_text(texts[0], encoding="utf-8", newline="")
    for fmt in ("text", "github", "json"):
        result = run_cli("check", "--format", fmt, cwd=root)
        assert result.code in (0, 1), result.err
        assert "Traceback" not in result.err + result.out
        assert "内部错误" not in result.err


@PROPERTY
@given(text=st.one_of(slipped(), st.lists(st.sampled_from(SLIP_PARTS), max_size=40).map("".join)))
def test_the_quick_look_for_slips_misses_none(text: str) -> None:
    """`may_slip` skips the line-by-line search: it must say yes wherever that search finds one."""
    labels = all_labels()
    assert find_slips(text, "x.yaml", labels) == line_slips(text, "x.yaml", labels)

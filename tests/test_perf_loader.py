"""The loader's fast paths give what the exact paths give: the parse, the slip scan, the path."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLE
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.read import slips, yaml_tree
from generator.read.yaml_tree import YamlError, parse_data, parse_tree, to_data

TRICKY = [
    "a: 1\nb: [x, y]\nc: {d: e}\n",
    "a:\nb: ~\nc: null\nd: 'null'\ne: \"\"\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "a: !tag x\n",
    "a: 1\na: 2\n",
    "? [a]\n: b\n",
    "~: x\n",
    "'': x\n",
    "--- a\n--- b\n",
    "# only a comment\n",
    "",
    "a: [" * 40 + "]" * 40 + "\n",
    "- - - - - - - - - - - - - - - - - - x\n",
    "a: |\n  line\n   more\nb: >-\n  folded\n",
    "a: b: c\n",
    "a: \x07\n",
    "a: x\u2028y\n",
    "[1, 2]\n",
    "x\n",
    "a:\n  - b: 1\n    c: [1, {d: 2}]\n",
    "a: 'it''s'\nb: \"\\u0041\"\n",
    "a: 1 # c\n#x\n",
    "a:\t1\n",
    "l: [" + "哈," * 30_000 + "]\n",
    # Mappings whose leaves sit at, just under and just over the depth limit.
    *("".join("  " * i + f"k{i}:\n" for i in range(d)) + "  " * d + "leaf: v\nother: w\n" for d in (14, 15, 16, 17)),
]


def outcome(fn, text: str):
    try:
        return "ok", fn(text)
    except YamlError as exc:
        return "error", exc.finding.to_text()


@pytest.mark.parametrize("text", TRICKY + [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.rglob("*.yaml"))])
def test_the_fast_parse_gives_what_the_exact_parse_gives(text: str) -> None:
    exact = outcome(lambda t: to_data(parse_tree(t, "f.yaml", 20_000))[0], text)
    assert outcome(lambda t: parse_data(t, "f.yaml", 20_000), text) == exact


@pytest.mark.parametrize("budget", [1, 2, 3, 4, 5, 6, 7, 8])
def test_the_fast_parse_counts_nodes_as_the_exact_parse_does(budget: int) -> None:
    text = "a: 1\nb: x\nc:\n  d: 2\n  e: [3, 4]\n"
    exact = outcome(lambda t: to_data(parse_tree(t, "f.yaml", budget))[0], text)
    assert outcome(lambda t: parse_data(t, "f.yaml", budget), text) == exact


def test_a_plain_filing_never_takes_the_exact_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the event path ran")

    monkeypatch.setattr(yaml_tree, "parse_tree", refuse)
    for path in sorted(SAMPLE.glob("20*/*/*.yaml")):
        text = path.read_text(encoding="utf-8")
        if not any(c in text for c in "&*!"):
            assert isinstance(parse_data(text, path.name), dict)


PIECES = [
    " ",
    "  ",
    "\t",
    "\u3000",
    "\u00a0",
    "- ",
    ":",
    ": ",
    "：",
    "“",
    "”",
    "‘",
    "’",
    "＂",
    "#",
    "|",
    ">",
    "项目名称",
    "主要内容",
    "a",
    "\u200b",
    "\ufeff",
    "\n",
    "\n",
    "\n",
    "-",
    "\u2003",
    "'",
    '"',
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_the_whole_text_slip_scan_misses_no_slip(pieces: list[str]) -> None:
    text = "".join(pieces)
    labels = ["项目名称", "主要内容"]
    found = slips.find_slips(text, "f.yaml", labels)
    original = slips._MAY_SLIP
    try:
        slips._MAY_SLIP = slips._SUSPECT  # the line-by-line scan of every suspect line
        assert found == slips.find_slips(text, "f.yaml", labels)
    finally:
        slips._MAY_SLIP = original


def test_every_sample_file_parses_fast_to_what_it_did(tmp_path: Path) -> None:
    for path in sorted(SAMPLE.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert parse_data(text, path.name, 1_000_000) == to_data(parse_tree(text, path.name, 1_000_000))[0]

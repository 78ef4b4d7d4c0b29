"""The corpus of bad filings (tests/filing_corpus.py), each checked through the CLI: every row
exits 1 with its finding where it says and the fix in its hint."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli
from filing_corpus import CORPUS, Bad


def test_the_corpus_is_large_and_its_names_unique() -> None:
    assert len(CORPUS) >= 30
    assert len({bad.name for bad in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("bad", CORPUS, ids=lambda bad: bad.name)
def test_bad_filing_is_reported_where_and_how_to_fix(bad: Bad, tree: Path) -> None:
    for rel, content in {**bad.also, **bad.files}.items():
        target = tree / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="")
    result = run_cli("check", cwd=tree)
    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.err
    hits = [line for line in result.lines if line.startswith(_head(bad.where)) and f"错误[{bad.code}]:" in line]
    assert hits, f"no {bad.code} at {bad.where} in:\n{result.out}"
    assert any(bad.hint in line.split("（提示：", 1)[-1] for line in hits), f"hint {bad.hint!r} missing in {hits}"


def _head(where: str) -> str:
    """ "path" is a finding about the whole file (no line); "path:3:" leaves the column open."""
    if where.endswith((".yaml", ".yml")):
        return f"{where}: "
    return where if where.endswith(":") else f"{where}:"

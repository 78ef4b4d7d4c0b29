"""Nothing a filing says becomes markup: the site, the search index, the announcement, the job summary.

Markup payloads (HTML, Markdown links and images, fenced code with attribute lists, attribute
lists, template syntax, tables, reference links) sit in every text field of every kind of filing
and of the registry (tests/markup_corpus.py finds the fields by trying). The real site is built
from them with the real `mkdocs build`; every page is parsed as HTML and must hold no element,
attribute or link that came from a filing, while every payload is shown as the text that was
filed. Chromium then runs the pages: no payload fires.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import cmarkgfm
import pytest
import yaml
from conftest import REPO, SAMPLE, run_cli
from lifecycle_tree import FILES, YEAR
from markup_corpus import FIRED, MULTI_LINE, ONE_LINE, Corpus, write_corpus
from playwright.sync_api import Browser
from site_data import git_commit
from site_fixtures import Elements, browser, serving, theme_search, visiting  # noqa: F401 (fixture)

from generator.render.printform import QrCodes, _encode, _key

NOW = "2026-12-01"  # results approved and announced: every filing of the year is on the site
URL_ATTRS = {"href", "src", "action", "formaction", "srcset", "xlink:href", "data", "poster", "background"}


class Markup(Elements):
    """Every element with its attributes, the text, and what no filing may have made."""

    def offences(self) -> list[tuple[str, str, str]]:
        found = [(tag, "element", "") for tag, _ in self.tags if FIRED.search(tag)]
        found += [
            (tag, name, value)
            for tag, attrs in self.tags
            for name, value in attrs.items()
            if _from_a_filing(tag, name, value)
        ]
        found += [("script", "text", s) for s in self.scripts if FIRED.search(s)]
        return found

    @property
    def plain(self) -> str:
        return "".join(self.text)


def _from_a_filing(tag: str, name: str, value: str) -> bool:
    """An attribute only a payload could have made: a handler, a payload's own name, a link or
    image to the payloads' host or to javascript:, an id, class or style a payload set."""
    if name.startswith("on") or FIRED.search(name) or name in ("markdown", "autofocus"):
        return True
    if name in URL_ATTRS:
        return (
            bool(FIRED.search(value))
            or value.strip().lower().startswith("javascript:")
            or (tag == "img" and value == "x")
        )
    return name in ("id", "class", "style") and (bool(FIRED.search(value)) or "position:fixed" in value)


def parsed(html: str) -> Markup:
    return Markup.of(html)  # type: ignore[return-value]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    corpus = write_corpus(tmp_path_factory.mktemp("corpus") / "repo")
    git_commit(corpus.root)
    result = run_cli("build", "--now", NOW, cwd=corpus.root)
    assert result.code == 0, result.out + result.err
    return corpus


def _filed(corpus: Corpus, rel: str) -> dict:
    return yaml.safe_load((corpus.root / "submissions" / rel).read_text(encoding="utf-8"))


def test_payloads_sit_in_every_kind_of_filing_and_in_the_registry(corpus: Corpus) -> None:
    kinds = {f"{YEAR}/{rel}" for rel in FILES} | {"units.yaml", "programme.yaml"}
    assert set(corpus.text_fields) == kinds
    assert {"项目名称", "主要内容", "单位意见/意见", "单位意见/领导签字"} <= set(
        corpus.text_fields[f"{YEAR}/xigang/organ-a.yaml"]
    )
    assert {"单位/*/名称", "单位/*/类型", "单位/*/签字人/*/姓名"} <= set(corpus.text_fields["units.yaml"])
    content = _filed(corpus, f"{YEAR}/xigang/organ-a.yaml")["主要内容"]
    assert content == "\n".join(MULTI_LINE)  # multi-line text carries every payload
    names = " ".join(u["名称"] for u in _filed(corpus, "units.yaml")["单位"])
    assert [p for p in ONE_LINE if p not in names] == []  # and the names, between them, too


def test_no_page_of_the_built_site_has_an_element_attribute_or_link_from_a_filing(corpus: Corpus) -> None:
    site = corpus.root / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    offences = {p.relative_to(site).as_posix(): o for p in pages if (o := parsed(p.read_text("utf-8")).offences())}
    assert offences == {}


def test_every_payload_is_shown_as_the_text_that_was_filed(corpus: Corpus) -> None:
    site = corpus.root / "site"
    form = _filed(corpus, f"{YEAR}/xigang/organ-a.yaml")
    for page in (f"{YEAR}/projects/organ-a.html", f"{YEAR}/forms/organ-a.html"):
        text = parsed((site / page).read_text(encoding="utf-8")).plain
        assert form["项目名称"] in text, page
        assert [line for line in MULTI_LINE if line not in text] == [], page
        assert "{{ 7*7 }}" in text and "{% raw %}" in text, page
    unit = _filed(corpus, "units.yaml")["单位"]
    xigang = next(u for u in unit if u["编号"] == "xigang")
    assert xigang["名称"] in parsed((site / "units/xigang.html").read_text(encoding="utf-8")).plain


def test_the_page_title_is_the_escaped_name_wherever_the_theme_shows_it(corpus: Corpus) -> None:
    name = _filed(corpus, f"{YEAR}/xigang/organ-a.yaml")["项目名称"]
    page = parsed((corpus.root / f"site/{YEAR}/projects/organ-a.html").read_text(encoding="utf-8"))
    assert name in page.plain
    assert sum(1 for tag, _ in page.tags if tag == "title") == 1
    assert page.offences() == []


def test_the_theme_search_index_holds_filing_text_only_as_escaped_text(corpus: Corpus) -> None:
    index = json.loads((corpus.root / "site/search/search_index.json").read_text(encoding="utf-8"))
    assert any(d["location"] == "units/xigang.html" for d in index["docs"])
    kept = {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}  # what the theme's indexer keeps
    for doc in index["docs"]:
        for key in ("title", "text"):
            entry = parsed(doc[key])  # the theme shows both as HTML
            assert [(t, a) for t, a in entry.tags if t not in kept or a] == [], (doc["location"], key)
    units = next(d for d in index["docs"] if d["location"] == "units.html")
    assert "&lt;img src=x onerror=window.__fired=1&gt;" in units["text"].replace("\u200b", "")


def _mkdocs_build(docs: Path, site: Path, cwd: Path) -> None:
    """A real `mkdocs build` with this repository's mkdocs.yml (its Markdown extensions and theme)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with contextlib.chdir(cwd):  # the search plugin's jieba dictionary is relative to the repository
        build(
            load_config(
                config_file=str(REPO / "mkdocs.yml"),
                docs_dir=str(docs),
                site_dir=str(site),
                hooks=[],
                nav=[{"通报": "index.md"}],
            )
        )


def test_the_announcement_built_through_mkdocs_yml_has_no_markup_from_a_filing(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("announce", str(YEAR), "--now", NOW, "--out", str(out), cwd=corpus.root)
    assert result.code == 0, result.out + result.err
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text((out / f"announcement-{YEAR}.md").read_text("utf-8"), encoding="utf-8")
    _mkdocs_build(tmp_path / "docs", tmp_path / "site", corpus.root)
    review = _filed(corpus, f"{YEAR}/bangongshi/review.yaml")
    names = [u["名称"] for u in _filed(corpus, "units.yaml")["单位"] if u["编号"] in ("xigang", "xigang-bayi-street")]
    for html in (
        (tmp_path / "site/index.html").read_text("utf-8"),
        (out / f"announcement-{YEAR}.html").read_text("utf-8"),
    ):
        page = parsed(html)
        assert page.offences() == []
        text = " ".join(page.plain.split())
        assert review["通报"]["文号"] in text and review["主席办公会议审定"]["会议"] in text
        assert [n for n in names if n not in text] == []
        assert _filed(corpus, f"{YEAR}/xigang/organ-a.yaml")["项目名称"] in text


def test_the_job_summary_has_no_link_heading_or_row_from_a_filing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    (root / "submissions").mkdir(parents=True)
    for name in ("units.yaml", "programme.yaml"):
        (root / "submissions" / name).write_text((SAMPLE / name).read_text("utf-8"), encoding="utf-8")
    hostile = "[x](https://evil.example) www.evil.example <b>粗</b> | 伪造 | 单元格 |"
    folder = root / f"submissions/{YEAR}/xigang"
    folder.mkdir(parents=True)
    # A unit that is not the folder's: the finding quotes what was filed.
    (folder / "organ-a.yaml").write_text(
        FILES["xigang/organ-a.yaml"].replace(
            "单位: 大连市西岗区总工会", f"单位: {json.dumps(hostile, ensure_ascii=False)}"
        ),
        encoding="utf-8",
    )
    # A file name is filed text too, and may hold line breaks: the finding names the file.
    (folder / "x\r\n\r\n## 检查通过\r\n| 错误 | 无 |.yaml").write_text(FILES["xigang/organ-a.yaml"], encoding="utf-8")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run_cli("check", "--format", "github", cwd=root)
    assert result.code == 1
    text = summary.read_text(encoding="utf-8")
    assert "evil.example" in text and "检查通过" in text  # the findings quote what was filed
    rendered = cmarkgfm.github_flavored_markdown_to_html(text, options=cmarkgfm.cmark.Options.CMARK_OPT_UNSAFE)
    page = parsed(rendered)
    assert page.offences() == []
    assert [t for t, _ in page.tags if t in ("a", "b", "img", "h1", "h3", "h4")] == []
    assert [t for t, _ in page.tags if t == "h2"] == ["h2"]  # ours: 申报文件检查
    rows = [t for t, _ in page.tags if t == "tr"]
    findings = [line for line in result.out.splitlines() if line.startswith(("::error ", "::warning "))]
    assert len(findings) >= 2 and len(rows) == len(findings) + 1  # the head and one row per finding, none forged
    cells = [len(re.findall(r"<t[dh]>", row)) for row in re.findall(r"<tr>(.*?)</tr>", rendered, re.S)]
    assert set(cells) == {5}  # no cell split by a filed "|"


def test_a_cache_entry_that_is_not_a_qr_code_is_encoded_anew(tmp_path: Path) -> None:
    address = "https://github.com/dlftu-sample/shuangchuang/blob/HEAD/submissions/2026/xigang/organ-a.yaml"
    other = "https://github.com/dlftu-sample/shuangchuang/blob/HEAD/submissions/2026/xigang/organ-w.yaml"
    cache = tmp_path / "qr.json"
    poisoned = {
        _key(address): [37, 'M4 4.5h7"/><script>window.__fired=1</script><path d="'],
        _key(other): ["<svg onload=window.__fired=2>", "M4 4.5h7"],
    }
    cache.write_text(json.dumps({"format": 3, "codes": poisoned}), encoding="utf-8")
    codes = QrCodes(cache)
    for url in (address, other):
        svg = codes.svg(url).__html__()
        assert parsed(svg).offences() == [] and "<svg" in svg and "fired" not in svg
        assert codes.known[_key(url)] == _encode(url)
    codes.save()
    saved = json.loads(cache.read_text(encoding="utf-8"))
    assert set(saved) == {"format", "codes"} and saved["codes"][_key(address)] == list(_encode(address))
    assert QrCodes(cache).known == codes.known  # what it wrote, it reads back
    cache.write_text(json.dumps({_key(address): "<svg onload=window.__fired=2></svg>"}), encoding="utf-8")
    assert QrCodes(cache).known == {}  # the old format held markup: dropped whole


def test_the_qr_code_drawn_from_the_cache_has_exactly_the_encoders_modules() -> None:
    import segno

    address = "https://github.com/dlftu-sample/shuangchuang/blob/HEAD/submissions/2026/xigang/organ-a.yaml"
    matrix = segno.make(address, error="m", mask=0).matrix
    svg = QrCodes().svg(address).__html__()
    path = svg[svg.index(' d="') + 4 : svg.rindex('"')]
    dark = set()
    for move in path.split("M")[1:]:
        x, rest = move.split(" ")
        y, run = rest.split("h")
        dark |= {(int(x) - 4 + i, int(float(y) - 4.5)) for i in range(int(run))}
    assert dark == {(x, y) for y, row in enumerate(matrix) for x, bit in enumerate(row) if bit}


@pytest.fixture(scope="module")
def corpus_served(corpus: Corpus) -> Iterator[str]:
    with serving(corpus.root / "site") as address:
        yield address


def test_no_payload_fires_in_chromium(browser: Browser, corpus_served: str) -> None:  # noqa: F811
    for visit in visiting(browser, corpus_served):
        for rel in [
            f"{YEAR}/projects/organ-a.html",
            f"{YEAR}/forms/organ-a.html",
            f"{YEAR}/projects/street-b.html",
            f"{YEAR}/forms/street-b.html",
            f"{YEAR}/projects/organ-w.html",
            f"{YEAR}/index.html",
            f"{YEAR}/results.html",
            "units/xigang.html",
            "units.html",
            "stats.html",
            "index.html",
        ]:
            page = visit.go(rel)
            for x, y in ((40, 40), (300, 300), (640, 450), (900, 700)):
                page.mouse.move(x, y)
            page.locator("h1").first.click()  # text, not a link: the page stays
            for _ in range(3):
                page.keyboard.press("Tab")
            assert page.evaluate("typeof window.__fired") == "undefined", rel
        page = visit.go("index.html")
        theme_search(page, "onerror")  # the theme shows the index's titles and text as HTML
        page.mouse.move(500, 300)
        assert page.evaluate("typeof window.__fired") == "undefined"
        assert page.evaluate("window.__sentinel") == "clean"


def test_codes_encoded_in_parallel_are_the_codes_encoded_one_by_one() -> None:
    addresses = [
        f"https://github.com/dlftu-sample/shuangchuang/blob/HEAD/submissions/2026/u{i}/p{i}.yaml" for i in range(220)
    ]  # enough for the pool of a first build
    codes = QrCodes()
    codes.prepare(addresses)
    assert len(codes.known) == len(addresses)
    assert [codes.known[_key(a)] for a in addresses[::50]] == [_encode(a) for a in addresses[::50]]

"""`shuangchuang announce`: the year's 通报 lists exactly the approved awards, and nothing unapproved."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import markdown as markdown_lib
import yaml
from conftest import chromium_path, run_cli
from lifecycle_tree import REVIEW, position, put, write_year

AWARD_HEADING = re.compile(r"大连市工会工作(创新成果奖|创优成果奖)")
TIER_HEADING = re.compile(r"(工会领导机关|基层工会)")


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def expected_results(root: Path, year: int) -> tuple[set[tuple[str, str, str, str]], set[tuple[str, str]]]:
    """From the files themselves, read with plain PyYAML: (award, tier, unit name, project name), province."""
    registry = load(root / "submissions/units.yaml")
    units = {u["编号"]: u for u in registry["单位"]}
    review = load(root / f"submissions/{year}/{registry['考评办公室']}/review.yaml")
    assert review.get("主席办公会议审定"), "the sample year is approved"

    def names(unit: str, project: str) -> tuple[str, str]:
        form = load(root / f"submissions/{year}/{unit}/{project}.yaml")
        return units[unit]["名称"], form["项目名称"]

    awarded = {
        (e["拟授奖"], units[e["单位"]]["层级"], *names(e["单位"], e["项目"]))
        for e in review["评审结果"]
        if e["拟授奖"] != "不授奖"
    }
    province = {names(p["单位"], p["项目"]) for p in review.get("推荐省总", []) if p["推荐"] in ("是", True)}
    return awarded, province


def markdown_results(text: str) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str]]]:
    """The Markdown as MkDocs renders it (this repository's extensions), read like the HTML page."""
    return html_results(markdown_lib.markdown(text, extensions=["tables", "attr_list", "fenced_code"]))


class _Rows(HTMLParser):
    """Table rows of the HTML page, each with the h2 and h3 headings above it."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, str, list[str]]] = []
        self.h2 = self.h3 = ""
        self._tag: str | None = None
        self._text = ""
        self._cells: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("h2", "h3", "td"):
            self._tag, self._text = tag, ""
        elif tag == "tr":
            self._cells = []

    def handle_data(self, data: str) -> None:
        if self._tag:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self.h2, self.h3 = self._text, ""
        elif tag == "h3":
            self.h3 = self._text
        elif tag == "td":
            self._cells.append(self._text.strip())
        elif tag == "tr" and self._cells:
            self.rows.append((self.h2, self.h3, self._cells))
        if tag == self._tag:
            self._tag = None


def html_results(text: str) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str]]]:
    parser = _Rows()
    parser.feed(text)
    awarded, province = [], []
    for h2, h3, cells in parser.rows:
        match = AWARD_HEADING.search(h2)
        if match:
            awarded.append((match.group(1), TIER_HEADING.search(h3).group(1), cells[1], cells[2]))
        else:
            province.append((cells[1], cells[2]))
    return awarded, province


def test_the_full_sample_year_announces_exactly_the_approved_awards(tmp_path: Path, sample_root: Path) -> None:
    result = run_cli("announce", "2025", "--now", "2025-11-30", "--out", str(tmp_path), cwd=sample_root)
    assert result.code == 0, result.out + result.err
    awarded, province = expected_results(sample_root, 2025)
    assert {a for a, *_ in awarded} == {"创新成果奖", "创优成果奖"}
    assert {t for _, t, *_ in awarded} == {"工会领导机关", "基层工会"}
    for render in (markdown_results, html_results):
        suffix = "md" if render is markdown_results else "html"
        listed, listed_province = render((tmp_path / f"announcement-2025.{suffix}").read_text(encoding="utf-8"))
        assert sorted(listed) == sorted(awarded), suffix
        assert sorted(listed_province) == sorted(province), suffix
    markdown = (tmp_path / "announcement-2025.md").read_text(encoding="utf-8")
    assert markdown.startswith("# 关于通报2025年度大连市工会工作创新成果和创优成果评选结果的通知\n")
    notice = load(sample_root / "submissions/2025/bangongshi/review.yaml")["通报"]
    assert f"<strong>{notice['文号']}</strong>" in markdown
    assert markdown.rstrip().endswith(f"{notice['日期'].year}年{notice['日期'].month}月{notice['日期'].day}日")


def test_nothing_is_announced_before_the_chairmans_approval(tmp_path: Path, sample_root: Path) -> None:
    result = run_cli("announce", "2025", "--now", "2025-11-24", "--out", str(tmp_path), cwd=sample_root)
    assert result.code == 1
    assert "还没有主席办公会议审定" in result.err
    assert list(tmp_path.iterdir()) == []


def test_approved_results_before_the_announcement_make_a_draft(tmp_path: Path, sample_root: Path) -> None:
    result = run_cli("announce", "2025", "--now", "2025-11-26", "--out", str(tmp_path), cwd=sample_root)
    assert result.code == 0, result.err
    markdown = (tmp_path / "announcement-2025.md").read_text(encoding="utf-8")
    assert "待印发" in markdown and "大工发〔2025〕41号" not in markdown
    assert sorted(markdown_results(markdown)[0]) == sorted(expected_results(sample_root, 2025)[0])


def test_the_year_in_progress_has_no_announcement(tmp_path: Path, sample_root: Path) -> None:
    result = run_cli("announce", "2026", "--now", "2026-11-25", "--out", str(tmp_path), cwd=sample_root)
    assert result.code == 1
    assert "2026 年度还没有主席办公会议审定" in result.err


def test_a_year_with_errors_is_reported_like_check_and_not_announced(tree: Path) -> None:
    write_year(tree)
    text = REVIEW.replace("主席办公会议审定:\n  日期: 2026-11-25\n  会议: 2026年第20次主席办公会议\n", "")
    text = text[: text.index("推荐省总:")] + text[text.index("通报:") :]
    path = put(tree, "bangongshi/review.yaml", text)
    out = tree / "out"
    result = run_cli("announce", "2026", "--now", "2026-12-01", "--out", str(out), cwd=tree)
    line, column = position(text, "通报:")
    assert result.code == 1
    assert f"{path}:{line}:{column}: 错误[E525]: " in result.out
    assert not out.exists()


def test_text_from_filings_cannot_inject_markup(tree: Path) -> None:
    write_year(tree)
    hostile = "<script>alert(1)</script>[点我](javascript:alert(1))*强调*"
    form = (tree / "submissions/2026/xigang/organ-a.yaml").read_text(encoding="utf-8")
    put(tree, "xigang/organ-a.yaml", form.replace("项目名称: 劳动争议调解网络", f"项目名称: '{hostile}'"))
    result = run_cli("announce", "2026", "--now", "2026-12-01", "--out", str(tree / "out"), cwd=tree)
    assert result.code == 0, result.out + result.err
    html = (tree / "out/announcement-2026.html").read_text(encoding="utf-8")
    markdown = (tree / "out/announcement-2026.md").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    rendered = markdown_lib.markdown(markdown, extensions=["tables"])  # as mkdocs renders the page
    assert "<script" not in rendered and "<a " not in rendered and "<em>" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;[点我](javascript:alert(1))*强调*" in rendered
    assert (hostile,) == tuple(c for *_, c in html_results(html)[0] if "alert" in c)


def test_the_printable_page_is_a4_and_self_contained(tmp_path: Path, sample_root: Path) -> None:
    assert run_cli("announce", "2025", "--now", "2025-11-30", "--out", str(tmp_path), cwd=sample_root).code == 0
    page = tmp_path / "announcement-2025.html"
    assert not re.search(r"""(?:src|href)\s*=|@import|url\(""", page.read_text(encoding="utf-8"))
    pdf = tmp_path / "announcement.pdf"
    subprocess.run(
        [
            chromium_path(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf.read_bytes())
    assert boxes, "the PDF has pages"
    for width, height in boxes:  # A4 is 210 mm x 297 mm = 595.3 pt x 841.9 pt
        assert abs(float(width) - 595.3) < 2 and abs(float(height) - 841.9) < 2

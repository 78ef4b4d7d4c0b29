"""The build's floor: a bare `mkdocs build` of as many pages of the same size, same theme and search.

Given a site that `shuangchuang build` made, `mirror` writes a plain MkDocs project with one
Markdown page for each of its HTML pages, at the same path: front matter with a title, a heading
and plain paragraphs of text as long as that page's content (its `<article>`) both in characters
and in UTF-8 bytes (as many Han characters as it has, the rest ASCII words). The configuration is the repository's mkdocs.yml without our hook: the same theme,
overrides, assets, navigation, search plugin and jieba user dictionary; a page is left out of the
theme's search exactly when ours is (it has no entry in our search index). So MkDocs does, for
each page, what it would do for a site of that size: parse Markdown, render the theme, index it.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_TEXT = "围绕职工需求开展工作，建立长效机制，预期惠及全市职工。"
_WORDS = "workers union service station project record "


def mirror(site: Path, target: Path, userdict: Path) -> Path:
    """The bare project for `site` in `target`; returns its mkdocs.yml. `userdict`: the jieba
    dictionary our build wrote (the search plugin opens it relative to the working directory)."""
    docs = target / "docs"
    searched = _searched(site)
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        if rel == "404.html":
            continue
        match = _ARTICLE.search(page.read_text(encoding="utf-8"))
        if match is None:  # not a themed page (the printable 通报): MkDocs copies it, here as there
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(page, docs / rel)
            continue
        out = docs / (rel[:-5] + ".md")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(_markdown(match.group(1), rel in searched), encoding="utf-8")
    shutil.copytree(REPO / "generator/render/assets", docs / "assets/sc", dirs_exist_ok=True)
    (target / ".build/search").mkdir(parents=True, exist_ok=True)
    shutil.copy(userdict, target / ".build/search/userdict.txt")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("hooks", "watch"):
        config.pop(key, None)
    config["docs_dir"], config["site_dir"] = str(docs), str(target / "site")
    config["theme"]["custom_dir"] = str(REPO / config["theme"]["custom_dir"])
    path = target / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def _searched(site: Path) -> set[str]:
    """The pages that have entries in our theme search index."""
    index = site / "search/search_index.json"
    if not index.is_file():
        return set()
    docs = json.loads(index.read_text(encoding="utf-8")).get("docs", [])
    return {d["location"].split("#", 1)[0] or "index.html" for d in docs}


def _markdown(content: str, searched: bool) -> str:
    """A page of plain paragraphs as long as `content` in characters and in bytes: a Han character is
    three bytes and most of our HTML is ASCII, so the text has as many wide characters as it has."""
    head = "---\ntitle: 页面\n" + ("" if searched else "search:\n  exclude: true\n") + "---\n\n# 标题\n\n"
    wide = (len(content.encode("utf-8")) - len(content)) // 2
    paragraphs = max(1, len(content) // 150)
    # "<p>", "</p>", the space and the line break of each paragraph; the heading and the blank lines
    # the theme puts around a Markdown page's content (measured: 106 characters more than ours).
    narrow = max(0, len(content) - wide - paragraphs * 9 - 106)
    han = (_TEXT * (wide // len(_TEXT) + 1))[:wide]
    ascii_ = (_WORDS * (narrow // len(_WORDS) + 1))[:narrow]
    cut = [
        (
            han[k * len(han) // paragraphs : (k + 1) * len(han) // paragraphs],
            ascii_[k * len(ascii_) // paragraphs : (k + 1) * len(ascii_) // paragraphs],
        )
        for k in range(paragraphs)
    ]
    return head + "\n\n".join(f"{h} {a}".strip() for h, a in cut) + "\n"

"""The public site: filings → a docs tree (pages, data, exports) that `mkdocs build` turns into `site/`.

The pipeline mirrors Pelican's: `context` collects what the pages show from `Submissions`
and the lifecycle, `pages` renders them through Jinja2 (autoescaped) into raw HTML blocks of
Markdown pages, `exports`/`finder`/`charts`/`printform` make the other artefacts, and
`tree.DocsTree` writes them. Nothing here uses MkDocs' plugin API.
"""

from .generate import generate_docs

__all__ = ["generate_docs"]

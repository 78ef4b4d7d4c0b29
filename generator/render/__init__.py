"""The public site: filings → frames, data and exports that `mkdocs build` turns into `site/`,
then every page written into its built frame.

The pipeline mirrors Pelican's: `context` collects what the pages show from `Submissions`
and the lifecycle, `pages` lists them (path, title, template), `exports`/`finder`/`charts`/
`printform` make the other artefacts, `tree.DocsTree` writes the docs tree (frames, assets, data)
and `frame.fill_site` renders each page through Jinja2 (autoescaped) into its frame after MkDocs
ran: filing text never meets Markdown. Nothing here uses MkDocs' plugin API.
"""

from .generate import generate_docs

__all__ = ["generate_docs"]

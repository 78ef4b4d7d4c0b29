"""The 在线填报 page: the form from the models' specs (`forms/spec.py`), its data scripts
(`forms/data.py`) and the pinyin table for project ids (`forms/project_id.py`)."""

from __future__ import annotations

from ..forms.data import Models, fill_data, registration_specs, unit_files
from ..forms.project_id import pinyin_table
from ..model.registration import REGISTRATION_FORMS
from . import pages
from .context import SiteContext
from .finder import as_script
from .tree import DocsTree

PAGE = "fill.md"


def write_fill(tree: DocsTree, site: SiteContext, models: Models = REGISTRATION_FORMS) -> None:
    """`models`: the registration model of each tier (a test may pass changed ones)."""
    specs = registration_specs(models)
    pages.page(tree, PAGE, "在线填报", "fill.html.j2", forms=specs, site=site,
               programme=site.programme, repo_url=site.programme.repo_url or "")
    files = unit_files(site)
    tree.add("data/fill.js", as_script("fill", 0, fill_data(site, specs, models, files)))
    tree.add("data/fill-pinyin.js", as_script("pinyin", 0, pinyin_table()))
    for (year, unit), data in files.items():
        tree.add(f"data/fill/{year}/{unit}.js", as_script(f"unit:{unit}", year, data))

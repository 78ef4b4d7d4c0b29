"""The 在线填报 page: the form from the models' specs (`forms/spec.py`), its data scripts
(`fill_data.py`) and the pinyin and word tables for project ids (`forms/project_id.py`)."""

from __future__ import annotations

import gc
import sys

from .. import signing
from ..forms.project_id import pinyin_table, word_table
from ..model.registration import REGISTRATION_FORMS
from . import pages
from .context import SiteContext
from .fill_data import Models, fill_data, forge_pages, registration_specs, unit_files
from .fill_lists import LISTS
from .finder import as_script
from .tree import DocsTree

PAGE = "fill.md"


def write_fill(tree: DocsTree, site: SiteContext, models: Models = REGISTRATION_FORMS) -> None:
    """`models`: the registration model of each tier (a test may pass changed ones)."""
    specs = registration_specs(models)
    pages.page(
        tree,
        PAGE,
        "在线填报",
        "fill.html.j2",
        forms=specs,
        lists=[(k, k.spec()) for k in LISTS],
        site=site,
        programme=site.programme,
        repo_url=site.programme.repo_url or "",
        forge_name=forge_pages(site.programme.platform)["name"],
        signing=signing,
        description="在线填写“双创”立项申报表：选择本单位，按提示填写，生成申报文件并提交，不用安装软件。",
        updated=site.now.date(),
    )
    files = unit_files(site)
    tree.add("data/fill.js", as_script("fill", 0, fill_data(site, specs, models, files)))
    tree.add("data/fill-pinyin.js", pinyin_script())
    # 180 KB (90 KB gzipped) that only a name too long for an id needs: fill.js loads it then.
    tree.add("data/fill-words.js", as_script("words", 0, word_table()))
    for (year, unit), data in files.items():
        tree.add(f"data/fill/{year}/{unit}.js", as_script(f"unit:{unit}", year, data))


def pinyin_script() -> str:
    """The browser's pinyin table. pypinyin loads all its dictionaries (its phrase list above all,
    some 70 MiB) to give a table of 24 KB, and a build would hold them to its end, beside MkDocs
    and the search's jieba: the modules it loaded here are dropped once the table is made (the
    table stays cached; `project_id` would import pypinyin again if anything called it)."""
    before = set(sys.modules)
    script = as_script("pinyin", 0, pinyin_table())
    for name in set(sys.modules) - before:
        if name == "pypinyin" or name.startswith("pypinyin."):
            del sys.modules[name]
    gc.collect()  # modules are cycles (functions refer to their module's globals)
    return script

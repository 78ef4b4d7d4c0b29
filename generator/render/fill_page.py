"""The 在线填报 page: the form from the models' specs (`forms/spec.py`), its data scripts
(`fill_data.py`) and the pinyin and word tables for project ids (`forms/project_id.py`)."""

from __future__ import annotations

import gc
import hashlib
import json
import re
import sys
from pathlib import Path

from .. import signing
from ..forms import project_id
from ..forms.project_id import pinyin_table, word_table
from ..model.registration import REGISTRATION_FORMS
from . import pages
from .context import SiteContext
from .fill_data import Models, fill_data, forge_pages, registration_specs, unit_files
from .fill_lists import LISTS
from .finder import as_script
from .tree import DocsTree

PAGE = "fill.md"


def write_fill(
    tree: DocsTree, site: SiteContext, models: Models = REGISTRATION_FORMS, pinyin: str | None = None
) -> None:
    """`models`: the registration model of each tier (a test may pass changed ones); `pinyin`: the
    pinyin table's script, when made already."""
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
    tree.add("data/fill-pinyin.js", pinyin if pinyin is not None else pinyin_script())
    # 180 KB (90 KB gzipped) that only a name too long for an id needs: fill.js loads it then. Made
    # only when its sources changed: the table needs pypinyin's readings, which the pinyin cache spares.
    tree.add_made("data/fill-words.js", _words_key(), lambda: as_script("words", 0, word_table()).encode("utf-8"))
    for (year, unit), data in files.items():
        tree.add(f"data/fill/{year}/{unit}.js", as_script(f"unit:{unit}", year, data))


PINYIN_CACHE = Path(".build/cache/pinyin.json")  # relative to the repository


def pinyin_script(cache: Path | None = None) -> str:
    """The browser's pinyin table. pypinyin loads all its dictionaries (its phrase list above all,
    some 70 MiB, and most of a second) to give a table of 24 KB, and a build would hold them to its
    end, beside MkDocs and the search's jieba: the modules it loaded here are dropped once the table
    is made (the table stays cached; `project_id` would import pypinyin again if anything called it).
    `cache`: a file keeping the table between builds, under pypinyin's version and this code's; an
    entry is used only when every syllable is ASCII letters and every character a Han one."""
    table = _stored_table(cache) if cache is not None else None
    if table is None:
        before = set(sys.modules)
        table = pinyin_table()
        for name in set(sys.modules) - before:
            if name == "pypinyin" or name.startswith("pypinyin."):
                del sys.modules[name]
        gc.collect()  # modules are cycles (functions refer to their module's globals)
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_text(json.dumps({"key": _table_key(), "table": table}, ensure_ascii=False), encoding="utf-8")
    return as_script("pinyin", 0, table)


_SYLLABLE = re.compile(r"[a-z]{1,6}")
_HAN = re.compile(r"[\u4e00-\u9fff]+")


def _table_key() -> str:
    from importlib import metadata

    source = Path(project_id.__file__).read_bytes()
    return hashlib.sha256(metadata.version("pypinyin").encode() + b"\0" + source).hexdigest()


def _words_key() -> str:
    """What the word table is made of: jieba's dictionary (by its version) and pypinyin's readings
    and the algorithm (the pinyin table's key)."""
    from importlib import metadata

    try:
        jieba = metadata.version("jieba")
    except metadata.PackageNotFoundError:
        jieba = "none"
    return f"words:{jieba}:{_table_key()}"


def _stored_table(cache: Path) -> dict[str, str] | None:
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != _table_key() or not isinstance(data.get("table"), dict):
        return None
    table: dict[str, str] = data["table"]
    if not all(
        isinstance(k, str) and isinstance(v, str) and _SYLLABLE.fullmatch(k) and _HAN.fullmatch(v)
        for k, v in table.items()
    ):
        return None
    return table

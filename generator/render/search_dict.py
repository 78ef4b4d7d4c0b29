"""The user dictionary for the theme's search, and the jieba settings around it.

mkdocs-material's search plugin cuts every run of Han characters with jieba at build time and
joins the words with zero-width spaces, which the separator in mkdocs.yml splits on. Left to
itself, jieba cuts 大连港集团有限公司工会 into 大连港|集团|有限公司|工会; with every unit name
in the user dictionary the name stays one word, so typing it (or its beginning: the theme adds a
trailing wildcard) finds the pages that name the unit. Parts from the middle of a name are the
per-year finder's job, which matches substrings.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path

from ..model.rules import Category
from ..model.units import UnitRegistry

# Relative to the repository, beside DOCS_DIR (.build/docs): mkdocs.yml's search.jieba_dict_user.
# Outside the docs tree, so that it is not copied into the site.
SEARCH_DICT = Path(".build/search/userdict.txt")

# The plugin hands jieba only runs of Han characters, so only those can be words. Keeping nothing
# else also keeps an untrusted name from putting spaces (jieba's frequency and tag fields) or
# line breaks into the file.
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]{2,}")

# Fixed terms of the rules that jieba cuts apart (创优|成果奖, 事业|发展部).
FIXED_TERMS = (*(c.award for c in Category), "事业发展部")


def dictionary_words(names: Iterable[str]) -> list[str]:
    """Every run of two or more Han characters in `names`, once each, in first-seen order."""
    return list(dict.fromkeys(run for name in names for run in _HAN_RUN.findall(name)))


def user_dictionary(units: UnitRegistry) -> str:
    """jieba's user dictionary: one word a line, no frequency (jieba then picks one that keeps the
    word whole)."""
    words = dictionary_words([*(u.name for u in units.units), *FIXED_TERMS])
    return "".join(f"{w}\n" for w in words)


MISSING_JIEBA = (
    "缺少中文分词组件 jieba，站内搜索无法按词切分中文。请在仓库根目录重新安装依赖：pip install -e .（安装后再运行一次）"
)


def prepare_jieba() -> str | None:
    """Quiet jieba; a message for the user when it is missing (the search plugin would fail on the
    user dictionary with an AttributeError).

    jieba reports loading its dictionary at DEBUG level, in English, on stderr: not for clerks. It
    sets that level when imported, so import it first, then lower it."""
    try:
        import jieba
    except ImportError:
        return MISSING_JIEBA
    jieba.setLogLevel(logging.WARNING)
    return None


CUTS_CACHE = Path(".build/cache/search-cuts.json")  # relative to the repository


class Cuts:
    """jieba's cut of each run of Han characters, remembered between builds: loading jieba's
    dictionary takes longer than a rebuild that changed one page. Kept under the user dictionary's
    bytes and jieba's version it was cut with (a new unit name starts afresh). `cache` None: nothing
    is read or kept (a planted .build/, see build.py)."""

    def __init__(self, cache: Path | None, dictionary: Path, *, dictionary_loaded: bool) -> None:
        import hashlib
        from importlib import metadata

        self.cache = cache
        self.dictionary = dictionary
        self.loaded = dictionary_loaded  # the search plugin loaded it in this process (MkDocs ran)
        words = dictionary.read_bytes() if dictionary.is_file() else b""
        self.key = hashlib.blake2b(metadata.version("jieba").encode() + b"\0" + words, digest_size=16).hexdigest()
        self.known: dict[str, list[str]] = {}
        self.added = False
        try:
            data = json.loads(cache.read_text(encoding="utf-8")) if cache is not None else None
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict) and data.get("key") == self.key and isinstance(data.get("cuts"), dict):
            # Only a cut of the run itself is used: its words, joined, give back the run (Han characters
            # only), so nothing but the page's own text can reach the search index from this file.
            self.known = {
                k: v
                for k, v in data["cuts"].items()
                if isinstance(v, list) and all(isinstance(w, str) and w for w in v) and "".join(v) == k
            }

    def __call__(self, run: str) -> list[str]:
        words = self.known.get(run)
        if words is None:
            words = self.known[run] = self._cut(run)
            self.added = True
        return words

    def _cut(self, run: str) -> list[str]:
        prepare_jieba()
        import jieba

        if not self.loaded:
            # As the search plugin does when MkDocs runs: the same dictionary, loaded once.
            if self.dictionary.is_file():
                jieba.load_userdict(os.path.normpath(self.dictionary))
            self.loaded = True
        return list(jieba.cut(run.encode("utf-8")))

    def save(self) -> None:
        if self.cache is None or (not self.added and self.cache.is_file()):
            return
        self.cache.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"key": self.key, "cuts": self.known}, ensure_ascii=False, separators=(",", ":"))
        self.cache.write_text(text, encoding="utf-8")

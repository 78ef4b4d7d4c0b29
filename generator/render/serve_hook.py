"""MkDocs hook for `mkdocs serve` and `mkdocs build` run by hand: generate the frames, then fill them.

MkDocs builds only frames (see frame.py); the pages are written into them after it. This hook
does both around a build that the MkDocs command line started: it regenerates the docs tree
when a filing changed (first of all `on_config` events, so that the search plugin finds jieba's
user dictionary) and fills the built frames last of all. `shuangchuang build` does not rely on
it: it generates and fills itself and runs MkDocs without hooks (Zensical, Material's
successor, runs no hooks). Invalid filings are reported in the server log and the previous
pages are kept, so the preview never goes blank.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.shuangchuang")
# MkDocs loads a hook once per process and reloads the config for every rebuild: state lives here.
_state: dict[str, Any] = {"active": False, "fingerprint": None, "generated": None}


def on_startup(command: str, dirty: bool) -> None:
    _state["active"] = True  # only the MkDocs command line calls this


def on_shutdown() -> None:
    _state.update(active=False, fingerprint=None, generated=None)


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not _state["active"]:
        return config
    # docs_dir is <repo>/.build/docs, also when the config file is borrowed from the code's checkout.
    root = Path(config.docs_dir).resolve().parents[1]
    fingerprint = (str(root), _fingerprint(root / "submissions"))
    if fingerprint != _state["fingerprint"]:
        _state["fingerprint"] = fingerprint
        _regenerate(root, Path(config.docs_dir))
    return config


@event_priority(-100)
def on_post_build(config: MkDocsConfig) -> None:
    generated = _state["generated"]
    if _state["active"] and generated is not None:
        from generator.render.frame import fill_site
        from generator.render.pages import chrome_for

        fill_site(Path(config.site_dir), generated.tree.pages.values(), chrome_for(generated.site))
        if generated.codes is not None:
            generated.codes.save()


def _regenerate(root: Path, docs: Path) -> None:
    from generator.clock import system_now
    from generator.commands import UsageError
    from generator.history.audit import IncompleteHistory
    from generator.render.build import generate, guard_outputs
    from generator.validate.tree import load_submissions

    try:
        guard_outputs(root)
    except UsageError as exc:
        log.warning(str(exc))
        return
    subs = load_submissions(root)
    if not subs.ok or subs.units is None:
        for finding in subs.findings:
            log.warning(finding.to_text())
        return
    try:
        generated = generate(subs, system_now())
    except IncompleteHistory as exc:  # a shallow clone: say how to fetch the history, no traceback
        log.warning(str(exc))
        return
    generated.write(docs)
    _state["generated"] = generated


def _fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*") if p.is_file()))

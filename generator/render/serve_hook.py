"""MkDocs hook for `mkdocs serve`: regenerate the docs tree when a filing changed.

Only active under `serve`; `shuangchuang build` generates the tree itself and never depends on
this file (Zensical, Material's successor, runs no hooks). Invalid filings are reported in the
server log and the previous tree is kept, so the preview never goes blank.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.shuangchuang")
_state: dict[str, object] = {"command": None, "fingerprint": None}


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command


def on_pre_build(config) -> None:
    if _state["command"] != "serve":
        return
    # docs_dir is <repo>/.build/docs, also when the config file is borrowed from the code's checkout.
    root = Path(config.docs_dir).resolve().parents[1]
    fingerprint = _fingerprint(root / "submissions")
    if fingerprint == _state["fingerprint"]:
        return
    _state["fingerprint"] = fingerprint
    from generator.clock import system_now
    from generator.render.build import generate_into

    findings = generate_into(root, Path(config.docs_dir), system_now())
    for finding in findings:
        log.warning(finding.to_text())


def _fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*") if p.is_file()))

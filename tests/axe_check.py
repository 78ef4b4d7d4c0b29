"""axe-core in Chromium pages: the widths the site is checked at, the impacts that fail, and one
run of axe on a page once it has settled. axe-core comes from `npm root -g` (README's second command
installs it)."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

from playwright.sync_api import Page

WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}
BAD = ("serious", "critical")


@cache
def npm_root() -> Path:
    npm = shutil.which("npm")
    assert npm, "npm is needed for axe-core and the Nu checker (.ci/run installs it)"
    return Path(subprocess.run([npm, "root", "-g"], capture_output=True, text=True, check=True).stdout.strip())


def axe_source() -> str:
    path = npm_root() / "axe-core/axe.min.js"
    assert path.is_file(), "axe-core is not installed: npm install -g axe-core@4"
    return path.read_text(encoding="utf-8")


def settled(page: Page) -> None:
    """Every finite animation and transition has ended: axe measures colours as they are drawn,
    and a header title fading in (the theme's, on scrolling) is low contrast mid-way."""
    page.wait_for_function(
        """() => document.getAnimations().every(a => a.playState !== "running"
            || a.effect.getComputedTiming().endTime === Infinity)"""
    )


def violations(page: Page) -> list[dict]:
    settled(page)
    page.add_script_tag(content=axe_source())
    return page.evaluate(
        """() => axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
            id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)})))"""
    )

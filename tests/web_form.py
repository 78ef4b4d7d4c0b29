"""在线填报 (fill.html) as a clerk uses it in Chromium: the built site she opens, her page, and the
steps of filling in the form, generating the file, opening the forge and checking what she made."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from conftest import Run, run_cli
from playwright.sync_api import BrowserContext, Locator, Page

from generator.model.programme import CHINA

BUILT_AT = "2026-07-01"  # during the year: registrations may still be corrected
TYPED_AT = datetime(2026, 3, 5, 10, 0, tzinfo=CHINA)  # the clerk's clock while she fills in a new form

# Text that YAML would misread if it were written naively, and that must come back exactly.
NASTY_NAME = "“法援”驿站: 第#1期 - {试点} & *星* 'A' \"B\" \\ @ % `"
NASTY_CONTENT = (
    "　　一、职工法律援助：每周两次。\n- 这一行像列表\n# 这一行像注释\n---\n...\nkey: value # 注释\n"
    "  缩进的一行\n\n空行之后  两个空格\n{{ 7*7 }} <b>粗</b> [链接](http://x) |\n> 引用"
)


@dataclass
class Site:
    root: Path
    url: str


@dataclass
class Clerk:
    context: BrowserContext
    page: Page
    base: str
    forge: list[str] = field(default_factory=list)  # forge pages opened (answered by a stub, never the network)
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, rel: str = "fill.html") -> Page:
        self.page.goto(self.base + rel)
        self.page.wait_for_load_state("load")
        return self.page


def box(page: Page, label: str) -> Locator:
    return page.locator(f'form.sc-fill-form:not([hidden]) .sc-fill-field[data-label="{label}"]')


def choose_unit(page: Page, part: str, full: str) -> None:
    page.locator("#sc-unit").click()
    page.keyboard.type(part)
    page.locator("#sc-unit-list [role=option]", has_text=full).first.wait_for()
    while (
        page.locator("#sc-unit").get_attribute("aria-activedescendant") is None
        or full not in page.locator("#" + page.locator("#sc-unit").get_attribute("aria-activedescendant")).inner_text()
    ):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.locator("form.sc-fill-form:not([hidden])").wait_for()


def fill(page: Page, opinion: str, values: dict[str, str], areas: list[str], category: str | None) -> None:
    for label, value in values.items():
        box(page, label).locator("[data-input]").fill(value)
    for area in areas:
        box(page, "评选内容").get_by_role("checkbox", name=area).check()
    box(page, "拟申报类别").get_by_role("radio", name=category or "暂不填").check()


def good(opinion: str) -> dict[str, str]:
    return {
        "项目名称": NASTY_NAME,
        "主要内容": NASTY_CONTENT,
        f"{opinion}·意见": "同意申报。\n　　请上级审核。",
        f"{opinion}·领导签字": "林娜",
        f"{opinion}·日期": "2026-03-05",
    }


def generate(page: Page) -> tuple[str, str]:
    page.locator("form.sc-fill-form:not([hidden]) button[type=submit]").click()
    page.locator("#sc-result").wait_for()
    return page.locator("#sc-path").inner_text(), page.locator("#sc-yaml").text_content() or ""


def check_file(site: Site, tmp: Path, path: str, text: str, *args: str) -> Run:
    """The file written where the page said, in a tree with the site's registry, then `check`."""
    root = tmp / "repo"
    if not root.exists():
        root.mkdir()
        (root / "submissions").mkdir()
        for name in ("units.yaml", "programme.yaml"):
            shutil.copy(site.root / "submissions" / name, root / "submissions" / name)
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="\n")
    return run_cli("check", *args, path, cwd=root)


def forge_url(clerk: Clerk) -> str:
    with clerk.context.expect_page() as popup:
        clerk.page.locator("#sc-open").click()
    popup.value.wait_for_load_state()
    return popup.value.url

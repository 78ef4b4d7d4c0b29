"""Accessibility of every kind of page, measured by the standard checkers: axe-core (npm) in
Debian's Chromium at phone (390 px) and desktop (1366 px) width finds no serious or critical
violation, and the Nu HTML checker (npm's vnu-jar) finds no error in the built HTML.

`.ci/run` installs both globally (`npm install -g axe-core vnu-jar`); they are found by `npm root -g`."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_check import BAD, WIDTHS, npm_root, violations
from conftest import REPO
from playwright.sync_api import Browser, Page
from site_data import Built, fresh_tree
from site_fixtures import PAGES, published, whole_year_site

pytest_plugins = ["site_fixtures"]  # `browser`
DAY = "2026-12-05"  # after the 2026 通报: every kind of page has content


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return whole_year_site(fresh_tree(tmp_path_factory.mktemp("a11y")), DAY)


@pytest.fixture(scope="module")
def address(site: Built) -> Iterator[str]:
    with published(site.site) as base:
        yield base


def _chosen(page: Page) -> None:
    page.locator("#sc-unit").fill("八一路")
    page.locator("#sc-unit-list [role=option]").first.click()
    page.locator("form.sc-fill-form:not([hidden])").wait_for()


def _mistakes(page: Page) -> None:
    _chosen(page)
    page.locator("form.sc-fill-form:not([hidden]) button[type=submit]").click()
    page.locator("form.sc-fill-form:not([hidden]) .sc-fill-error:not(:empty)").first.wait_for()


def _result(page: Page) -> None:
    _chosen(page)
    form = page.locator("form.sc-fill-form:not([hidden])")
    form.locator('[data-label="项目名称"] [data-input]').fill("职工夜校")
    form.locator('[data-label="主要内容"] [data-input]').fill("每周两次课。")
    form.locator('[data-label="本单位意见·意见"] [data-input]').fill("同意申报。")
    form.locator('[data-label="本单位意见·领导签字"] [data-input]').fill("林娜")
    form.get_by_role("checkbox", name="提升职工素质").check()
    form.locator("button[type=submit]").click()
    page.locator("#sc-result").wait_for()


def _forwarding(page: Page) -> None:
    page.locator("#sc-unit").fill("西岗区总工会")
    page.locator("#sc-unit-list [role=option]").first.click()
    page.get_by_role("radio", name="审核汇总：对所属基层工会立项申报的审核意见（上级单位填写）").check()
    page.locator("#sc-forward").wait_for()


def _search(page: Page) -> None:
    page.keyboard.press("/")  # the theme's shortcut opens the search at either width
    page.locator(".md-search__input").press_sequentially("工会")
    page.locator(".md-search__input").press("End")
    page.locator(".md-search-result__meta").wait_for()


# Each state a reader, a clerk or a leader meets: every kind of page, and the form's steps.
STATES: dict[str, tuple[str, Callable[[Page], None] | None]] = {
    **{name: (rel, None) for name, rel in PAGES.items()},
    "fill": ("fill.html", None),
    "fill-chosen": ("fill.html", _chosen),
    "fill-mistakes": ("fill.html", _mistakes),
    "fill-result": ("fill.html", _result),
    "fill-forwarding": ("fill.html", _forwarding),
    "search-open": ("index.html", _search),
}


@pytest.mark.parametrize("size", list(WIDTHS))
def test_axe_finds_no_serious_or_critical_violation_on_any_page(browser: Browser, address: str, size: str) -> None:
    width, height = WIDTHS[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    found: dict[str, list[dict]] = {}
    try:
        for name, (rel, act) in STATES.items():
            page.goto(address + rel)
            page.wait_for_load_state("load")
            if act:
                act(page)
            bad = [v for v in violations(page) if v["impact"] in BAD]
            if bad:
                found[name] = bad
    finally:
        context.close()
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def test_axe_really_finds_what_it_is_asked_to(browser: Browser, address: str) -> None:
    """The same run on a page spoilt as the theme's palette left it: red links at 3.4:1."""
    page = browser.new_page()
    try:
        page.goto(address + "index.html")
        page.add_style_tag(content="body .md-typeset a { color: #ef5552 !important; }")
        ids = {v["id"] for v in violations(page) if v["impact"] in BAD}
    finally:
        page.close()
    assert "color-contrast" in ids


def nu_errors(files: list[Path]) -> list[dict]:
    jar = npm_root() / "vnu-jar/build/dist/vnu.jar"
    java = shutil.which("java")
    assert jar.is_file() and java, "the Nu checker needs java and vnu-jar (npm install -g vnu-jar)"
    run = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
    )
    return json.loads(run.stderr or run.stdout)["messages"]


def test_the_nu_checker_finds_no_error_in_any_kind_of_page(site: Built) -> None:
    files = [site.site / rel for rel in dict.fromkeys([*PAGES.values(), "fill.html"])]
    errors = [f"{m['url'].rsplit('/site/', 1)[-1]}: {m['message']}" for m in nu_errors(files)]
    assert errors == []


def test_the_nu_checker_really_checks(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="zh"><title>x</title><input type="checkbox" autocomplete="off">')
    assert len(nu_errors([bad])) == 1


def test_our_base_template_is_the_themes_but_for_the_toggles_autocomplete() -> None:
    """overrides/base.html copies the theme's: when the theme is updated, copy it again."""
    import material

    theirs = (Path(material.__file__).parent / "templates/base.html").read_text(encoding="utf-8")
    ours = (REPO / "generator/render/overrides/base.html").read_text(encoding="utf-8")
    assert ours == theirs.replace(' id="__drawer" autocomplete="off">', ' id="__drawer">').replace(
        ' id="__search" autocomplete="off">', ' id="__search">'
    )

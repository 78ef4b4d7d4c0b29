"""在线填报 on an intranet Gitea (programme.yaml `平台: gitea`), in Debian's Chromium: the form opens
Gitea's `_new/` page with the file name, copies the content to the clipboard (Gitea takes no
content from the address) and says so in Chinese; corrections open `_edit/`; the wording names Gitea."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import run_cli
from playwright.sync_api import Browser
from site_data import fresh_tree, git_commit, write_handwritten
from site_fixtures import serving
from web_form import (
    BUILT_AT,
    TYPED_AT,
    Clerk,
    Site,
    check_file,
    choose_unit,
    fill,
    forge_url,
    generate,
    good,
)

pytest_plugins = ["site_fixtures"]  # `browser`: Debian's Chromium

HOST = "git.dlftu.internal"
REPO_URL = f"https://{HOST}/dlftu-sample/shuangchuang"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = fresh_tree(tmp_path_factory.mktemp("fill-gitea"))
    settings = root / "submissions/programme.yaml"
    text = settings.read_text(encoding="utf-8").replace("https://github.com/dlftu-sample/shuangchuang", REPO_URL)
    settings.write_text(text + f"平台: gitea\n平台地址: https://{HOST}/api/v1\n", encoding="utf-8")
    write_handwritten(root)
    git_commit(root)
    result = run_cli("build", "--now", BUILT_AT, cwd=root)
    assert result.code == 0, result.out + result.err
    with serving(root / "site") as url:
        yield Site(root, url)


@pytest.fixture
def clerk(browser: Browser, site: Site) -> Iterator[Clerk]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    clerk = Clerk(context, context.new_page(), site.url)
    clerk.page.clock.set_fixed_time(TYPED_AT)

    def route(r) -> None:
        host = urlsplit(r.request.url).hostname
        if host == "127.0.0.1":
            r.continue_()
        elif host == HOST:
            clerk.forge.append(r.request.url)
            r.fulfill(status=200, content_type="text/html", body="<title>gitea</title>")
        else:
            clerk.outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    clerk.page.on("pageerror", lambda e: clerk.errors.append(str(e)))
    clerk.page.on("console", lambda m: clerk.errors.append(m.text) if m.type == "error" else None)
    yield clerk
    context.close()
    assert clerk.outside == [], "requests left the site"
    assert clerk.errors == [], "the page logged errors"


def test_the_new_file_page_is_giteas_with_the_name_and_the_content_goes_by_the_clipboard(
    clerk: Clerk, site: Site, tmp_path: Path
) -> None:
    page = clerk.open()
    assert "打开 Gitea 提交" in page.locator("#sc-open").inner_text()
    choose_unit(page, "八一路", "西岗区八一路街道总工会")
    fill(page, "本单位意见", good("本单位意见"), ["提升职工素质"], None)
    path, text = generate(page)
    url = urlsplit(forge_url(clerk))
    folder, name = path.rsplit("/", 1)
    assert f"{url.scheme}://{url.netloc}" == f"https://{HOST}"
    assert unquote(url.path) == f"/dlftu-sample/shuangchuang/_new/main/{folder}"
    query = parse_qs(url.query)
    assert query == {"filename": [name]}  # no `value`: Gitea ignores it
    page.locator("#sc-status", has_text="已复制到剪贴板").wait_for()
    status = page.locator("#sc-status").inner_text()
    assert "Gitea 的“新建文件”页面不从网址读取内容" in status and "粘贴（Ctrl+V）" in status
    assert page.evaluate("navigator.clipboard.readText()") == text
    assert page.locator("#sc-pulls").get_attribute("href") == f"{REPO_URL}/pulls?type=created_by"
    approvers = page.locator("#sc-approvers").inner_text()
    assert "Gitea 账号 xigang-linna" in approvers and "“评审”" in approvers and "GitHub" not in approvers
    result = check_file(site, tmp_path, path, text)
    assert result.code == 0, result.out + result.err


def test_corrections_open_giteas_edit_page(clerk: Clerk) -> None:
    page = clerk.open("2026/projects/legal-aid-station.html")
    path = "submissions/2026/xigang-bayi-street/legal-aid-station.yaml"
    edit = page.get_by_role("link", name="修改本申报")
    assert edit.get_attribute("href") == f"{REPO_URL}/_edit/main/{path}"
    page.get_by_role("link", name="在线修改").click()
    page.wait_for_function("document.querySelector('#sc-editing')?.textContent.includes('legal-aid-station')")
    shown, text = generate(page)
    assert shown == path
    url = urlsplit(forge_url(clerk))
    assert unquote(url.path) == f"/dlftu-sample/shuangchuang/_edit/main/{path}"
    page.locator("#sc-status", has_text="Gitea 上这个文件的编辑页面").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == text

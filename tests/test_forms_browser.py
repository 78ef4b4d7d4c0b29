"""在线填报 in Debian's Chromium, on a real built site: the file it makes passes `check`, every
mistake is shown at its field with check's words, the forge page it opens carries the file."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import REPO, run_cli
from id_corpus import CUT, CUT_ALIKE, SHORT, random_names, sample_names, syllable_id
from playwright.sync_api import Browser
from site_data import fresh_tree, git_commit, write_handwritten, write_payload_tree
from site_fixtures import serving
from web_form import (
    BUILT_AT,
    NASTY_CONTENT,
    NASTY_NAME,
    TYPED_AT,
    Clerk,
    Site,
    box,
    check_file,
    choose_unit,
    fill,
    forge_url,
    generate,
    good,
)

from generator.forms.project_id import project_id
from generator.read.yaml_tree import parse_tree, to_data

pytest_plugins = ["site_fixtures"]  # `browser`: Debian's Chromium

REPO_URL = "https://github.com/dlftu-sample/shuangchuang"
FORGE = "github.com"
SHOTS = REPO / "generator/render/assets"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = fresh_tree(tmp_path_factory.mktemp("fill"))
    write_handwritten(root)
    write_payload_tree(root)
    git_commit(root)
    result = run_cli("build", "--now", BUILT_AT, cwd=root)
    assert result.code == 0, result.out + result.err
    with serving(root / "site") as url:
        yield Site(root, url)


@pytest.fixture
def clerk(browser: Browser, site: Site) -> Iterator[Clerk]:
    yield from _clerk(browser, site, 1280)


@pytest.fixture
def phone(browser: Browser, site: Site) -> Iterator[Clerk]:
    yield from _clerk(browser, site, 390)


def _clerk(browser: Browser, site: Site, width: int) -> Iterator[Clerk]:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    context.add_init_script("window.__sentinel = 'clean';")
    clerk = Clerk(context, context.new_page(), site.url)
    clerk.page.clock.set_fixed_time(TYPED_AT)

    def route(r) -> None:
        host = urlsplit(r.request.url).hostname
        if host == "127.0.0.1":
            r.continue_()
        elif host == FORGE:
            clerk.forge.append(r.request.url)
            r.fulfill(status=200, content_type="text/html", body="<title>forge</title>")
        else:
            clerk.outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    clerk.page.on("pageerror", lambda e: clerk.errors.append(str(e)))
    clerk.page.on("console", lambda m: clerk.errors.append(m.text) if m.type == "error" else None)
    clerk.page.on("dialog", lambda d: (clerk.errors.append("dialog " + d.message), d.dismiss()))
    yield clerk
    assert clerk.page.evaluate("window.__sentinel") == "clean" and clerk.page.evaluate("window.__pwned") is None
    context.close()
    assert clerk.outside == [], "requests left the site"
    assert clerk.errors == [], "the page logged errors"


# ---- filling in ----


def read_back(text: str) -> dict:
    return to_data(parse_tree(text, "x.yaml"))[0]


@pytest.mark.parametrize(
    ("part", "unit", "unit_id", "opinion", "parent"),
    [
        ("八一路", "西岗区八一路街道总工会", "xigang-bayi-street", "本单位意见", "大连市西岗区总工会"),
        ("西岗区总", "大连市西岗区总工会", "xigang", "单位意见", None),
    ],
)
def test_a_filled_form_makes_a_file_that_check_accepts(
    clerk: Clerk, site: Site, tmp_path: Path, part: str, unit: str, unit_id: str, opinion: str, parent: str | None
) -> None:
    page = clerk.open()
    choose_unit(page, part, unit)
    assert unit in page.locator("#sc-unit-info").inner_text()
    values = good(opinion)
    fill(page, opinion, values, ["维护职工合法权益", "协调劳动关系"], "创新成果")
    path, text = generate(page)
    project = page.locator("#sc-project-id").inner_text()
    assert path == f"submissions/2026/{unit_id}/{project}.yaml"
    assert project.startswith("fa-yuan-yi-zhan-di-1-qi"), "the id is the name's pinyin"
    result = check_file(site, tmp_path, path, text)
    assert result.code == 0, result.out + result.err
    data = read_back(text)
    assert data["单位"] == unit and data.get("所属上级") == parent
    assert data["项目名称"] == NASTY_NAME and data["主要内容"] == NASTY_CONTENT
    assert data[opinion] == {"意见": "同意申报。\n　　请上级审核。", "领导签字": "林娜", "日期": "2026-03-05"}
    assert data["评选内容"] == ["协调劳动关系", "维护职工合法权益"] and data["拟申报类别"] == "创新成果"


MISTAKES = [  # (field, what she typed, check's code)
    ("项目名称", "", "E202"),
    ("项目名称", "很长的项目名称" * 12, "E203"),
    ("主要内容", "", "E202"),
    ("本单位意见·意见", "", "E202"),
    ("本单位意见·领导签字", "", "E202"),
    ("本单位意见·日期", "", "E202"),
    ("本单位意见·日期", "3月5日", "E204"),  # no year: the form cannot put it right
    ("本单位意见·日期", "2026-02-30", "E205"),
    ("本单位意见·日期", "三月五日", "E204"),
    ("评选内容", "", "E202"),
    ("项目名称", "法律\u200b援助", "E213"),  # the text policy (model/text.py): a zero-width space
    ("本单位意见·领导签字", "林\u202e娜", "E214"),  # a bidi override
    ("主要内容", "第一行\u2028第二行", "E211"),  # a line separator that is not a line break
]


@pytest.mark.parametrize(("label", "typed", "code"), MISTAKES)
def test_a_mistake_is_shown_at_its_field_in_checks_words_and_nothing_is_offered(
    clerk: Clerk, site: Site, tmp_path: Path, label: str, typed: str, code: str
) -> None:
    page = clerk.open()
    choose_unit(page, "八一路", "西岗区八一路街道总工会")
    values = good("本单位意见")
    areas = ["提升职工素质"]
    if label == "评选内容":
        areas = []
    else:
        values[label] = typed
    fill(page, "本单位意见", values, areas, None)
    page.locator("form.sc-fill-form:not([hidden]) button[type=submit]").click()
    error = box(page, label).locator(".sc-fill-error")
    assert error.locator(".sc-fill-code").inner_text() == f"代码 {code}"  # small, after the words
    assert page.locator("#sc-result").is_hidden() and page.locator("#sc-open").is_hidden()
    assert "还有 1 处需要修改" in page.locator("form.sc-fill-form:not([hidden]) .sc-fill-summary").inner_text()
    if box(page, label).locator("[data-input]").count() == 1:
        assert box(page, label).locator("[data-input]").evaluate("e => e === document.activeElement")
        assert box(page, label).locator("[data-input]").get_attribute("aria-invalid") == "true"
    if typed:  # the same value in a file: check says the same words
        text = page.evaluate("window.scFill.yamlNow()")
        result = check_file(
            site, tmp_path, "submissions/2026/xigang-bayi-street/mistake.yaml", text, "--format", "json"
        )
        findings = json.loads(result.out)["findings"]
        assert [(f["code"], f["message"]) for f in findings] == [(code, error.locator(".sc-fill-message").inner_text())]
    # Putting it right takes the error away, as she types.
    box(page, label).locator("[data-input]").first.fill(
        "2026-03-05" if "日期" in label else "改好了"
    ) if label != "评选内容" else box(page, label).get_by_role("checkbox", name="提升职工素质").check()
    assert error.inner_text() == ""


@pytest.mark.parametrize(
    ("other", "words", "label", "code"),
    [(True, "", "评选内容", "E307"), (False, "职工文化建设", "其他内容", "E308")],
)
def test_other_and_its_words_go_together_as_she_types_and_nothing_is_offered_until_they_do(
    clerk: Clerk, site: Site, tmp_path: Path, other: bool, words: str, label: str, code: str
) -> None:
    page = clerk.open()
    choose_unit(page, "八一路", "西岗区八一路街道总工会")
    fill(page, "本单位意见", good("本单位意见"), ["提升职工素质", *(["其他"] if other else [])], None)
    if words:
        box(page, "其他内容").locator("[data-input]").fill(words)
    error = box(page, label).locator(".sc-fill-error")
    text = page.evaluate("window.scFill.yamlNow()")
    typed = tmp_path / "typed"
    typed.mkdir()
    result = check_file(site, typed, "submissions/2026/xigang-bayi-street/other.yaml", text, "--format", "json")
    findings = [(f["code"], f["message"]) for f in json.loads(result.out)["findings"]]
    assert findings == [(code, error.locator(".sc-fill-message").inner_text())]  # as she types, before any click
    assert error.locator(".sc-fill-code").inner_text() == f"代码 {code}"
    page.locator("form.sc-fill-form:not([hidden]) button[type=submit]").click()
    assert page.locator("#sc-result").is_hidden() and page.locator("#sc-open").is_hidden()
    assert page.locator("#sc-download").is_hidden()
    assert "还有 1 处需要修改" in page.locator("form.sc-fill-form:not([hidden]) .sc-fill-summary").inner_text()
    if other:
        box(page, "其他内容").locator("[data-input]").fill("职工文化建设")
    else:
        box(page, "评选内容").get_by_role("checkbox", name="其他").check()
    assert error.inner_text() == ""
    path, text = generate(page)
    result = check_file(site, tmp_path, path, text)
    assert result.code == 0, result.out + result.err
    assert read_back(text)["其他内容"] == "职工文化建设"


def test_the_forge_new_file_page_carries_the_repository_branch_path_and_content(clerk: Clerk) -> None:
    page = clerk.open()
    choose_unit(page, "八一路", "西岗区八一路街道总工会")
    fill(page, "本单位意见", good("本单位意见"), ["提升职工素质"], None)
    path, text = generate(page)
    url = urlsplit(forge_url(clerk))
    folder, name = path.rsplit("/", 1)
    assert f"{url.scheme}://{url.netloc}" == "https://github.com"
    assert unquote(url.path) == f"/dlftu-sample/shuangchuang/new/main/{folder}"
    query = parse_qs(url.query)
    assert query["filename"] == [name] and query["value"] == [text]
    assert "文件名和内容都已填好" in page.locator("#sc-status").inner_text()
    pulls = page.locator("#sc-pulls").get_attribute("href") or ""
    assert pulls.startswith(REPO_URL + "/pulls?q=") and "author%3A%40me" in pulls
    assert "林娜（主席，GitHub 账号 xigang-linna）" in page.locator("#sc-approvers").inner_text()


def test_long_content_goes_by_the_clipboard_and_the_address_holds_the_path_only(clerk: Clerk) -> None:
    page = clerk.open()
    choose_unit(page, "八一路", "西岗区八一路街道总工会")
    values = good("本单位意见")
    values["主要内容"] = "围绕职工技能提升开展系列培训、比武和交流活动。\n" * 60
    fill(page, "本单位意见", values, ["提升职工素质"], None)
    path, text = generate(page)
    url = urlsplit(forge_url(clerk))
    query = parse_qs(url.query)
    assert query["filename"] == [path.rsplit("/", 1)[1]] and "value" not in query
    assert len(clerk.forge[-1]) <= 8000
    page.locator("#sc-status", has_text="内容太长").wait_for()
    assert "已复制到剪贴板" in page.locator("#sc-status").inner_text()
    assert page.evaluate("navigator.clipboard.readText()") == text


def test_a_draft_survives_a_reload_until_it_is_cleared(clerk: Clerk) -> None:
    page = clerk.open()
    choose_unit(page, "西岗区总", "大连市西岗区总工会")
    box(page, "项目名称").locator("[data-input]").fill("职工夜校")
    box(page, "主要内容").locator("[data-input]").fill("第一行\n第二行")
    box(page, "评选内容").get_by_role("checkbox", name="提升职工素质").check()
    page.reload()
    box(page, "项目名称").wait_for()
    assert page.locator("#sc-unit").input_value() == "大连市西岗区总工会"
    assert box(page, "项目名称").locator("[data-input]").input_value() == "职工夜校"
    assert box(page, "主要内容").locator("[data-input]").input_value() == "第一行\n第二行"
    assert box(page, "评选内容").get_by_role("checkbox", name="提升职工素质").is_checked()
    assert "已恢复" in page.locator("#sc-draft").inner_text()
    page.locator("form.sc-fill-form:not([hidden]) [data-clear]").click()
    page.reload()
    page.locator("#sc-unit").wait_for()
    assert page.locator("form.sc-fill-form:not([hidden])").count() == 0
    assert page.evaluate("localStorage.getItem('sc-fill-draft-v1')") is None


def test_a_project_page_offers_corrections_that_the_form_loads(clerk: Clerk, site: Site, tmp_path: Path) -> None:
    page = clerk.open("2026/projects/legal-aid-station.html")
    edit = page.get_by_role("link", name="修改本申报")
    path = "submissions/2026/xigang-bayi-street/legal-aid-station.yaml"
    assert edit.get_attribute("href") == f"{REPO_URL}/edit/main/{path}"
    page.get_by_role("link", name="在线修改").click()
    box(page, "项目名称").wait_for()
    page.wait_for_function("document.querySelector('#sc-editing')?.textContent.includes('legal-aid-station')")
    assert box(page, "项目名称").locator("[data-input]").input_value() == "社区法律援助驿站建设"
    assert (
        box(page, "主要内容").locator("[data-input]").input_value().startswith("在八一路街道设立职工法律援助驿站。\n")
    )
    assert box(page, "拟申报类别").get_by_role("radio", name="创优成果").is_checked()
    assert box(page, "撤回·日期").is_visible()
    box(page, "评选内容").get_by_role("checkbox", name="提升职工素质").check()
    shown, text = generate(page)
    assert shown == path
    url = urlsplit(forge_url(clerk))
    assert unquote(url.path) == f"/dlftu-sample/shuangchuang/edit/main/{path}"
    assert page.evaluate("navigator.clipboard.readText()") == text
    result = check_file(site, tmp_path, path, text)
    assert result.code == 0, result.out + result.err
    assert read_back(text)["评选内容"] == ["提升职工素质", "维护职工合法权益"]


def test_a_project_that_is_closed_has_no_correction_link(clerk: Clerk) -> None:
    page = clerk.open("2026/projects/wage-talks.html")  # withdrawn
    assert page.get_by_role("link", name="修改本申报").count() == 0


def test_registry_text_stays_text_in_the_chooser(clerk: Clerk) -> None:
    page = clerk.open()
    page.locator("#sc-unit").fill("工会")
    page.locator("#sc-unit-list [role=option]").first.wait_for()
    page.locator("#sc-unit").fill("onerror")
    option = page.locator("#sc-unit-list [role=option]").first
    option.wait_for()
    assert "<img src=x onerror=window.__pwned=8>工会" in option.inner_text()
    assert page.locator("#sc-unit-list img").count() == 0


def test_the_yaml_writer_round_trips_nasty_text(clerk: Clerk) -> None:
    page = clerk.open()
    page.wait_for_function("window.scFill && window.scFill.state.data")
    samples = [
        NASTY_NAME,
        NASTY_CONTENT,
        "yes",
        "null",
        "~",
        "0x10",
        "1e3",
        "2026-03-05",
        "- a",
        "? b",
        ": c",
        "a: b",
        "a #b",
        "'",
        '"',
        "\\n",
        "\t",
        " lead",
        "trail ",
        "　全角",
        "😀工会",
        "a\u2028b",
        "a\x85b",
        "a\x1bb",
        "\ufeffbom",
        "a\r\nb",
        "|",
        ">-",
        "!!str x",
        "&a *a",
        "%YAML",
        "@x",
        "`x`",
        "#",
        "line\n  indented\n\n\nlast",
        "x\n\u3000y",
    ]
    for kind in ("line", "text"):
        lines = page.evaluate(
            """([samples, kind]) => {
            const spec = {head: [], fields: samples.map((s, i) => ({keys: ["k" + i], kind: kind, group: null}))};
            return window.scFill.toYaml(spec, samples);
        }""",
            [samples, kind],
        )
        data = read_back(lines)
        assert [data[f"k{i}"] for i in range(len(samples))] == samples, kind


def test_the_form_works_at_390_pixels_with_the_keyboard_alone(phone: Clerk, site: Site, tmp_path: Path) -> None:
    page = phone.open()
    shots = os.environ.get("SC_GUIDE_SHOTS")  # SC_GUIDE_SHOTS=1 refreshes the guide's screenshots
    page.locator("#sc-unit").focus()
    page.keyboard.type("地铁")
    page.keyboard.press("ArrowDown")
    if shots:
        page.locator(".sc-fill-step").first.screenshot(path=SHOTS / "fill-guide-1.png")
    page.keyboard.press("Enter")
    page.locator("form.sc-fill-form:not([hidden])").wait_for()
    page.keyboard.press("Tab")  # 项目名称
    page.keyboard.type("地铁司机关爱驿站")
    page.keyboard.press("Tab")  # 主要内容
    page.keyboard.type("为司机提供休息和心理疏导。")
    page.keyboard.press("Tab")  # 意见
    page.keyboard.type("同意申报。")
    page.keyboard.press("Tab")  # 领导签字
    page.keyboard.type("王强")
    page.keyboard.press("Tab")  # 日期, filled in with today
    page.keyboard.press("Tab")  # 评选内容: the first box
    if shots:
        page.locator("form.sc-fill-form:not([hidden]) button[type=submit]").click()
        box(page, "评选内容").screenshot(path=SHOTS / "fill-guide-2.png")
        box(page, "评选内容").locator("[data-input]").first.focus()
    page.keyboard.press("Space")
    page.locator("form.sc-fill-form:not([hidden]) button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.locator("#sc-result").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    path = page.locator("#sc-path").inner_text()
    assert path == "submissions/2026/jiaotong-metro/di-tie-si-ji-guan-ai-yi-zhan.yaml"
    result = check_file(site, tmp_path, path, page.locator("#sc-yaml").text_content() or "")
    assert result.code == 0, result.out + result.err
    if shots:
        page.locator("#sc-result").screenshot(path=SHOTS / "fill-guide-3.png")


def test_a_signer_not_in_the_registry_gets_a_note_but_may_still_file(clerk: Clerk) -> None:
    page = clerk.open()
    choose_unit(page, "八一路", "西岗区八一路街道总工会")
    values = good("本单位意见")
    values["本单位意见·领导签字"] = "赵六"
    fill(page, "本单位意见", values, ["提升职工素质"], None)
    note = box(page, "本单位意见·领导签字").locator("[data-signer-note]")
    assert "林娜" in note.inner_text()
    generate(page)
    box(page, "本单位意见·领导签字").locator("[data-input]").fill("林娜")
    assert note.inner_text() == ""


READY = "window.scFill && window.scFill.state.data && window.scFill.state.reading"
LOAD_WORDS = "() => new Promise((done) => window.scFill.loadWords(done))"
WORDS = "fill-words.js"
LONG = "河北省邢台市邢台老年大学书画摄影作品展"  # a syllable cut: …-xing-tai-lao


@pytest.mark.parametrize(
    "name",
    [
        "社区法律援助驿站",
        "5G智慧工会",
        "职工夜校“技能加油站”",
        "ABC 123",
        "𠀀𠀁",
        "围绕职工技能提升开展系列培训比武和交流活动建立长效机制",
        "e\u0301tude工会",
        LONG,
        "邢台老年大学AI书画摄影作品展",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH工会",
    ],
)
def test_the_browser_derives_the_same_project_id_as_python(clerk: Clerk, name: str) -> None:
    page = clerk.open()
    page.wait_for_function(READY)
    page.evaluate(LOAD_WORDS)
    for taken in ([], [project_id(name)], [project_id(name), project_id(name) + "-2"]):
        assert page.evaluate("([n, t]) => window.scFill.projectId(n, t)", [name, taken]) == project_id(name, set(taken))


def test_the_browser_cuts_ids_where_python_does_for_every_name(clerk: Clerk) -> None:
    """Ids cut between words and ids that need no cut, ASCII mixed in: the real and made-up names
    of tests/id_corpus.py and a thousand random ones, one call."""
    names = [*SHORT, *CUT, *CUT_ALIKE, *sample_names(), *random_names(1000)]
    page = clerk.open()
    page.wait_for_function(READY)
    before = page.evaluate("(names) => names.map((n) => window.scFill.projectId(n, []))", SHORT)
    assert before == [project_id(n) for n in SHORT], "a name that fits needs no word table"
    page.evaluate(LOAD_WORDS)
    found = page.evaluate("(names) => names.map((n) => window.scFill.projectId(n, []))", names)
    assert found == [project_id(n) for n in names]
    assert [project_id(n) for n in CUT] == list(CUT.values())


def test_the_word_table_loads_only_for_a_name_too_long_for_an_id(clerk: Clerk) -> None:
    page = clerk.open()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if r.url.endswith(WORDS) else None)
    choose_unit(page, "八一路", "西岗区八一路街道总工会")
    values = {**good("本单位意见"), "项目名称": "邢台老年大学书画展"}
    fill(page, "本单位意见", values, ["提升职工素质"], None)
    path, _ = generate(page)
    assert path.endswith("/xing-tai-lao-nian-da-xue-shu-hua-zhan.yaml") and asked == []
    # The long name put in without typing (as a draft is restored): the button waits for the table.
    box(page, "项目名称").locator("[data-input]").evaluate("(el, v) => { el.value = v; }", LONG)
    page.evaluate("() => document.getElementById('sc-result').hidden = true")
    path, text = generate(page)
    assert path == f"submissions/2026/xigang-bayi-street/{CUT[LONG]}.yaml" and len(asked) == 1
    assert LONG in text


def test_the_table_comes_as_she_types_and_without_it_the_id_is_cut_at_a_syllable(clerk: Clerk) -> None:
    page = clerk.open()
    asked: list[str] = []

    def refuse(route) -> None:
        asked.append(route.request.url)
        route.abort()

    page.route("**/" + WORDS, refuse)
    choose_unit(page, "八一路", "西岗区八一路街道总工会")
    with page.expect_event("requestfailed"):
        fill(page, "本单位意见", {**good("本单位意见"), "项目名称": LONG}, ["提升职工素质"], None)
    assert len(asked) == 1, "asked for when the name grew too long, before the button; once"
    with page.expect_event("requestfailed"):
        path, _ = generate(page)
    assert len(asked) == 2, "the button asks again"
    assert path == f"submissions/2026/xigang-bayi-street/{syllable_id(LONG)}.yaml"  # …-xing-tai-lao
    assert page.evaluate("window.scFill.state.words") is None
    assert clerk.errors and all("Failed to load resource" in e for e in clerk.errors), clerk.errors
    clerk.errors.clear()


def test_the_word_table_loads_from_a_folder_too(browser: Browser, site: Site) -> None:
    """Opened from the disk (file://): the table is a script, not JSON fetched."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site.root / "site/fill.html").as_uri())
    page.wait_for_function(READY)
    page.evaluate(LOAD_WORDS)
    assert page.evaluate("window.scFill.state.words !== null")
    assert page.evaluate("(n) => window.scFill.projectId(n, [])", LONG) == CUT[LONG]
    assert [e for e in errors if "search/search_index.js" not in e] == []  # the theme's, refused from file://
    page.close()


def test_a_draft_is_dropped_once_its_filing_is_merged(clerk: Clerk) -> None:
    page = clerk.open()
    draft = {
        "unit": "xigang-bayi-street",
        "form": "grassroots",
        "editing": None,
        "id": "legal-aid-station",
        "saved": "2026-03-01T02:00:00.000Z",
        "values": ["基层工会立项申报表", "", "", "社区法律援助驿站建设"],
    }
    page.evaluate("d => localStorage.setItem('sc-fill-draft-v1', JSON.stringify(d))", draft)
    page.reload()
    page.locator("#sc-draft", has_text="已合并入库").wait_for()
    assert page.evaluate("localStorage.getItem('sc-fill-draft-v1')") is None

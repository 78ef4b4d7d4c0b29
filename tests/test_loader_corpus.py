"""A corpus of bad filings, one real file tree each, checked through the real CLI.

Each row: a name, the files to write (path → text or bytes) on top of the shipped registry and
settings, and the finding `check` must print: where (path:line:col, or the path alone for a
finding about the whole file), the code, and a fragment of the hint. Every row must exit 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import SAMPLE, run_cli

ORGAN = "submissions/2026/xigang/new-employment.yaml"
GRASS = "submissions/2026/xigang-renmin-square/family-day.yaml"
FORWARD = "submissions/2026/xigang/forwarding.yaml"

# Valid forms; each case breaks one thing. Line numbers below count from these texts.
ORGAN_FORM = """\
表: 领导机关立项申报表
单位: 大连市西岗区总工会
项目名称: 新就业形态劳动者权益保障联盟
主要内容: |
  联合辖区平台企业成立权益保障联盟。
单位意见:
  意见: 同意申报。
  领导签字: 张志刚
  日期: 2026-03-13
评选内容:
  - 维护职工合法权益
拟申报类别: 创新成果
"""
GRASS_FORM = """\
表: 基层工会立项申报表
单位: 西岗区人民广场街道总工会
所属上级: 大连市西岗区总工会
项目名称: 职工家庭开放日
主要内容: |
  组织职工家庭开放日。
本单位意见:
  意见: 同意申报。
  领导签字: 黄德明
  日期: 2026-03-06
评选内容:
  - 增强基层工会活力
"""
FORWARD_LIST = """\
审核汇总:
  - 单位: xigang-renmin-square
    项目: family-day
    审核结论: 同意上报
    意见: 经审核，同意上报。
    领导签字: 张志刚
    日期: 2026-03-11
"""


def organ(old: str, new: str) -> dict[str, str | bytes]:
    assert old in ORGAN_FORM, old
    return {ORGAN: ORGAN_FORM.replace(old, new, 1)}


def grass(old: str, new: str) -> dict[str, str | bytes]:
    assert old in GRASS_FORM, old
    return {GRASS: GRASS_FORM.replace(old, new, 1)}


def units(old: str, new: str) -> dict[str, str | bytes]:
    text = (SAMPLE / "units.yaml").read_text(encoding="utf-8")
    assert old in text, old
    return {"submissions/units.yaml": text.replace(old, new, 1)}


def programme(old: str, new: str) -> dict[str, str | bytes]:
    text = (SAMPLE / "programme.yaml").read_text(encoding="utf-8")
    assert old in text, old
    return {"submissions/programme.yaml": text.replace(old, new, 1)}


def shipped_line(rel: str, needle: str) -> int:
    """The line of a shipped file that holds `needle` (the shipped files change over time)."""
    lines = (SAMPLE / rel.removeprefix("submissions/")).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


@dataclass(frozen=True)
class Bad:
    name: str
    files: dict[str, str | bytes]
    where: str  # path:line:col, or the path alone
    code: str
    hint: str
    also: dict[str, str | bytes] = field(default_factory=dict)  # valid neighbours the rule needs


UNITS_LINE = shipped_line("submissions/units.yaml", "编号: xigang-bayi-street")
YEAR_LINE = shipped_line("submissions/programme.yaml", "  2026:")

CORPUS = [
    # --- the file itself (E0xx) ---
    Bad("gbk-encoded", {ORGAN: ORGAN_FORM.encode("gb18030")}, f"{ORGAN}:1:1", "E008", "UTF-8"),
    Bad("utf16-from-notepad", {ORGAN: ORGAN_FORM.encode("utf-16")}, ORGAN, "E007", "另存为"),
    Bad("binary", {ORGAN: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, ORGAN, "E004", "Word"),
    Bad("empty", {ORGAN: b""}, ORGAN, "E002", "shuangchuang new"),
    Bad("whitespace-only", {ORGAN: " \n\t\n\r\n"}, ORGAN, "E002", "模板"),
    Bad("comments-only", {ORGAN: "# 表: 领导机关立项申报表\n"}, ORGAN, "E002", "模板"),
    Bad("over-size-cap", {ORGAN: ORGAN_FORM + ("# " + "长" * 100 + "\n") * 1000}, ORGAN, "E003", "链接"),
    Bad(
        "yml-extension",
        {ORGAN.replace(".yaml", ".yml"): ORGAN_FORM},
        ORGAN.replace(".yaml", ".yml"),
        "E009",
        "new-employment.yaml",
    ),
    Bad(
        "chinese-file-name",
        {"submissions/2026/xigang/新就业.yaml": ORGAN_FORM},
        "submissions/2026/xigang/新就业.yaml",
        "E012",
        "不能用中文",
    ),
    Bad(
        "chinese-folder-name",
        {"submissions/2026/西岗/a.yaml": ORGAN_FORM},
        "submissions/2026/西岗/a.yaml",
        "E011",
        "units.yaml",
    ),
    Bad(
        "not-a-year-folder",
        {"submissions/26/xigang/a.yaml": ORGAN_FORM},
        "submissions/26/xigang/a.yaml",
        "E010",
        "submissions/年份/单位编号",
    ),
    Bad(
        "file-in-wrong-place",
        {"submissions/2026/a.yaml": ORGAN_FORM},
        "submissions/2026/a.yaml",
        "E013",
        "submissions/年份/单位编号/项目编号.yaml",
    ),
    # --- YAML and the slips of a Chinese keyboard (E1xx) ---
    Bad("full-width-colon-after-label", organ("项目名称: ", "项目名称："), f"{ORGAN}:3:5", "E104", "英文冒号"),
    Bad(
        "full-width-colon-after-unknown-key",
        organ("项目名称: ", "项目明称："),
        f"{ORGAN}:3:5",
        "E104",
        "是不是“项目名称”",
    ),
    Bad("full-width-colon-nested-unknown-key", organ("  意见: ", "  意思："), f"{ORGAN}:7:5", "E104", "是不是“意见”"),
    Bad("full-width-space-indent", organ("  意见:", "\u3000\u3000意见:"), f"{ORGAN}:7:1", "E109", "半角空格"),
    Bad("no-break-space-indent", organ("  意见:", "\u00a0\u00a0意见:"), f"{ORGAN}:7:1", "E109", "半角空格"),
    Bad("tab-indent", organ("  领导签字:", "\t领导签字:"), f"{ORGAN}:8:1", "E110", "Tab"),
    Bad("tab-inside-block-text", organ("  联合", "  \t联合"), f"{ORGAN}:5:3", "E110", "Tab"),
    Bad("full-width-quotes-on-key", organ("项目名称:", "“项目名称”:"), f"{ORGAN}:3:1", "E111", "不需要引号"),
    Bad(
        "full-width-quotes-as-yaml-quotes",
        organ("新就业形态劳动者权益保障联盟", "“联盟: 新就业形态”"),
        f"{ORGAN}:3:10",
        "E101",
        "英文双引号",
    ),
    Bad("unclosed-quote", organ("新就业形态劳动者权益保障联盟", '"新就业形态'), f"{ORGAN}:13:1", "E101", "引号"),
    Bad("bad-indentation", organ("  领导签字:", " 领导签字:"), f"{ORGAN}:8:2", "E101", "缩进"),
    Bad("duplicate-key", {ORGAN: ORGAN_FORM + "项目名称: 重复\n"}, f"{ORGAN}:13:1", "E107", "只能写一次"),
    Bad(
        "billion-laughs",
        {
            ORGAN: 'a: &a ["哈","哈"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
            "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
        },
        f"{ORGAN}:1:4",
        "E103",
        "不要用“&”和“*”",
    ),
    Bad(
        "alias-without-anchor", organ("  领导签字: 张志刚", "  领导签字: *leader"), f"{ORGAN}:8:9", "E103", "直接写出来"
    ),
    Bad(
        "python-object-tag",
        organ("新就业形态劳动者权益保障联盟", "!!python/object/apply:os.system [id]"),
        f"{ORGAN}:3:7",
        "E103",
        "删掉以“!”开头的标签",
    ),
    Bad("depth-bomb", {ORGAN: "[" * 10_000 + "]" * 10_000 + "\n"}, f"{ORGAN}:1:", "E105", "层次"),
    Bad("deep-block-nesting", {ORGAN: "".join("  " * i + "层:\n" for i in range(40))}, f"{ORGAN}:17:", "E105", "层次"),
    Bad("two-documents", {ORGAN: ORGAN_FORM + "---\n" + ORGAN_FORM}, f"{ORGAN}:13:1", "E102", "单独存一个文件"),
    Bad("control-character", organ("权益保障联盟", "权益\x07保障联盟"), f"{ORGAN}:3:17", "E112", "重新输入"),
    Bad("invisible-character-in-key", organ("项目名称:", "\u200b项目名称:"), f"{ORGAN}:3:1", "E113", "重新输入"),
    Bad("non-text-key", {ORGAN: ORGAN_FORM + "? [甲, 乙]\n: 丙\n"}, f"{ORGAN}:13:3", "E106", "栏目名"),
    Bad(
        "crlf-line-numbers-hold",
        {ORGAN: ORGAN_FORM.replace("2026-03-13", "2026-02-30").replace("\n", "\r\n").encode()},
        f"{ORGAN}:9:7",
        "E205",
        "2 月没有 30 日",
    ),
    Bad(
        "bom-line-numbers-hold",
        {ORGAN: b"\xef\xbb\xbf" + ORGAN_FORM.replace("项目名称:", "项目明称:").encode()},
        f"{ORGAN}:3:1",
        "E210",
        "是不是“项目名称”",
    ),
    # --- fields (E2xx) ---
    Bad(
        "top-level-list",
        {ORGAN: "- 表: 领导机关立项申报表\n- 单位: 大连市西岗区总工会\n"},
        f"{ORGAN}:1:1",
        "E209",
        "栏目名: 内容",
    ),
    Bad("unknown-key-did-you-mean", organ("项目名称:", "项目明称:"), f"{ORGAN}:3:1", "E210", "是不是“项目名称”"),
    Bad(
        "unknown-key-lists-the-allowed",
        organ("拟申报类别: 创新成果", "备注: 无"),
        f"{ORGAN}:12:1",
        "E210",
        "这一层可以填的栏目有",
    ),
    Bad(
        "missing-field",
        organ("主要内容: |\n  联合辖区平台企业成立权益保障联盟。\n", ""),
        f"{ORGAN}:1:1",
        "E201",
        "补上“主要内容: …”",
    ),
    Bad(
        "missing-nested-field", organ("  领导签字: 张志刚\n", ""), f"{ORGAN}:7:3", "E201", "在“单位意见”下补上“领导签字"
    ),
    Bad("empty-field", organ("新就业形态劳动者权益保障联盟", ""), f"{ORGAN}:3:6", "E202", "在“项目名称:”后面填上内容"),
    Bad("null-project-name", organ("新就业形态劳动者权益保障联盟", "~"), f"{ORGAN}:3:7", "E202", "项目名称"),
    Bad("project-name-too-long", organ("新就业形态劳动者权益保障联盟", "长" * 81), f"{ORGAN}:3:7", "E203", "精简"),
    Bad("impossible-date", organ("2026-03-13", "2026-02-30"), f"{ORGAN}:9:7", "E205", "2 月没有 30 日"),
    Bad("chinese-date", organ("2026-03-13", "2026年3月5日"), f"{ORGAN}:9:7", "E204", "写成 2026-03-05"),
    Bad("slash-date", organ("2026-03-13", "2026/3/5"), f"{ORGAN}:9:7", "E204", "写成 2026-03-05"),
    Bad("not-a-date", organ("2026-03-13", "三月中旬"), f"{ORGAN}:9:7", "E204", "YYYY-MM-DD"),
    Bad(
        "focus-area-not-in-rules",
        organ("  - 维护职工合法权益", "  - 维护职工权益"),
        f"{ORGAN}:11:5",
        "E206",
        "只能填以下之一：提升职工素质、",
    ),
    Bad(
        "focus-area-not-a-list",
        organ("评选内容:\n  - 维护职工合法权益", "评选内容: 维护职工合法权益"),
        f"{ORGAN}:10:7",
        "E209",
        "以“- ”开头",
    ),
    Bad("category-abbreviated", organ("创新成果", "创新"), f"{ORGAN}:12:8", "E206", "创新成果、创优成果"),
    Bad(
        "programme-year-not-a-year",
        programme("  2026:", "  二〇二六:"),
        f"submissions/programme.yaml:{YEAR_LINE}:3",
        "E209",
        "四位数字",
    ),
    Bad(
        "units-grassroots-without-parent",
        units("    上级: xigang\n", ""),
        f"submissions/units.yaml:{UNITS_LINE}:5",
        "E208",
        "单位名录",
    ),
    # --- rules across files (E3xx) ---
    Bad(
        "organ-files-grassroots-form",
        organ("领导机关立项申报表", "基层工会立项申报表"),
        f"{ORGAN}:1:4",
        "E303",
        "附件1",
    ),
    Bad(
        "grassroots-files-organ-form",
        grass("基层工会立项申报表", "领导机关立项申报表"),
        f"{GRASS}:1:4",
        "E303",
        "附件2",
    ),
    Bad(
        "unit-not-in-registry",
        {"submissions/2026/nowhere/a.yaml": ORGAN_FORM},
        "submissions/2026/nowhere/a.yaml:2:5",
        "E301",
        "units.yaml",
    ),
    Bad(
        "unit-name-disagrees-with-folder",
        organ("单位: 大连市西岗区总工会", "单位: 大连市中山区总工会"),
        f"{ORGAN}:2:5",
        "E302",
        "改成“大连市西岗区总工会”",
    ),
    Bad(
        "parent-mismatch",
        grass("所属上级: 大连市西岗区总工会", "所属上级: 大连市中山区总工会"),
        f"{GRASS}:3:7",
        "E304",
        "改成“大连市西岗区总工会”",
    ),
    Bad(
        "duplicate-project-id-across-units",
        {
            "submissions/2026/zhongshan/new-employment.yaml": ORGAN_FORM.replace(
                "大连市西岗区总工会", "大连市中山区总工会"
            )
        },
        "submissions/2026/zhongshan/new-employment.yaml:1:1",
        "E305",
        "换个名字",
        also={ORGAN: ORGAN_FORM},
    ),
    Bad(
        "same-project-name-twice",
        {"submissions/2026/xigang/second.yaml": ORGAN_FORM},
        "submissions/2026/xigang/second.yaml:3:7",
        "E306",
        "只申报一次",
        also={ORGAN: ORGAN_FORM},
    ),
    Bad(
        "forwarding-by-grassroots-unit",
        {"submissions/2026/xigang-renmin-square/forwarding.yaml": FORWARD_LIST},
        "submissions/2026/xigang-renmin-square/forwarding.yaml:2:3",
        "E310",
        "上级单位的文件夹",
        also={GRASS: GRASS_FORM},
    ),
    Bad(
        "forwarding-unknown-unit",
        {FORWARD: FORWARD_LIST.replace("单位: xigang-renmin-square", "单位: renmin")},
        f"{FORWARD}:2:9",
        "E311",
        "单位名录中的编号",
    ),
    Bad(
        "forwarding-someone-elses-unit",
        {FORWARD: FORWARD_LIST.replace("xigang-renmin-square", "zhongshan-hospital")},
        f"{FORWARD}:2:9",
        "E312",
        "本单位所属基层工会",
    ),
    Bad("forwarding-unregistered-project", {FORWARD: FORWARD_LIST}, f"{FORWARD}:3:9", "E313", "submissions/2026/"),
    Bad(
        "forwarding-twice",
        {FORWARD: FORWARD_LIST + FORWARD_LIST.removeprefix("审核汇总:\n")},
        f"{FORWARD}:9:9",
        "E314",
        "只写一次",
        also={GRASS: GRASS_FORM},
    ),
    Bad(
        "calendar-out-of-order",
        programme("立项截止: 2026-03-20", "立项截止: 2026-12-20"),
        f"submissions/programme.yaml:{YEAR_LINE}:3",
        "E330",
        "立项截止",
    ),
]


def test_the_corpus_is_large_and_its_names_unique() -> None:
    assert len(CORPUS) >= 30
    assert len({bad.name for bad in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("bad", CORPUS, ids=lambda bad: bad.name)
def test_bad_filing_is_reported_where_and_how_to_fix(bad: Bad, tree: Path) -> None:
    for rel, content in {**bad.also, **bad.files}.items():
        target = tree / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="")
    result = run_cli("check", cwd=tree)
    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.err
    hits = [line for line in result.lines if line.startswith(_head(bad.where)) and f"错误[{bad.code}]:" in line]
    assert hits, f"no {bad.code} at {bad.where} in:\n{result.out}"
    assert any(bad.hint in line.split("（提示：", 1)[-1] for line in hits), f"hint {bad.hint!r} missing in {hits}"


def _head(where: str) -> str:
    """ "path" is a finding about the whole file (no line); "path:3:" leaves the column open."""
    if where.endswith((".yaml", ".yml")):
        return f"{where}: "
    return where if where.endswith(":") else f"{where}:"

"""`shuangchuang new --kind …`: a body's files after registration, scaffolded from the models.

Each scaffold lands where `paths` says, is refused to a body that may not write it, never
overwrites, fails `check` at every blank while untouched, and passes once filled in.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import Run, run_cli
from lifecycle_tree import FILES, YEAR, write_year

from generator.filings import all_labels
from generator.model.rules import CRITERIA, Tier
from generator.paths import FilingPath, Kind, body_filing_path, classify

CJK = re.compile(r"[\u4e00-\u9fff]")
# The valid year of lifecycle_tree without the files scaffolded here: registrations (one withdrawn,
# one grassroots project never forwarded) and the parent's forwarding list.
BASE = {
    k: v
    for k, v in FILES.items()
    if k not in ("xigang/tracking.yaml", "xigang/recommendation.yaml", "bangongshi/review.yaml")
}
WITH_RECOMMENDATION = {**BASE, "xigang/recommendation.yaml": FILES["xigang/recommendation.yaml"]}

# What a clerk writes after each label left blank.
ANSWERS = {
    "方式": "实地调查",
    "情况": "驿站已建成开放，日均服务 200 人次。",
    "记录人": "张志刚",
    "申报类别": "创优成果",
    "佐证": "2026 年 10 月在区工会工作推进会上作经验介绍。",
    "意见": "同意推荐。",
    "领导签字": "张志刚",
    "赞成": "3",
    "反对": "0",
    "弃权": "1",
    "评审意见": "成效明显。",
    "文件": "submissions/2026/xigang-bayi-street/street-b.yaml",
    "原因": "街道合并，公章更换延误。",
    "新截止日期": "2026-03-31",
    "批准人": "陈凤荣",
    "批准日期": "2026-03-25",
}
KEY_LINE = re.compile(r"^(\s*)(- )?([^\s#:][^:]*):$")


def fill(text: str, day: str) -> str:
    """Answer every blank as the comments say: an excellence criterion from the entry's own
    list, the award its recommended category calls for, the members of the meeting."""
    out: list[str] = []
    criterion = award = ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("- 单位:"):
            criterion = ""
        if stripped.startswith("#"):
            criterion = criterion or next(iter(re.findall(r"(?:LD|JC)-CY-\d", stripped)), "")
            award = next(iter(re.findall(r"对应(\S+?奖)", stripped)), award)
        key = KEY_LINE.match(line)
        if stripped == "-":
            pad = line[: line.index("-")]
            out.extend(f"{pad}- {name}" for name in ("陈凤荣", "曲朝阳", "王光宇", "于波", "段建华"))
            continue
        if key and not stripped.startswith("#"):
            label = key.group(3)
            value = {"日期": day, "标准": criterion, "拟授奖": award}.get(label, ANSWERS.get(label))
            if value:
                line = f"{line} {value}"
        out.append(line)
    return "\n".join(out) + "\n"


def new(tree: Path, kind: str, unit: str) -> Run:
    return run_cli("new", "--kind", kind, "--unit", unit, "--year", str(YEAR), cwd=tree)


def blanks(text: str) -> set[int]:
    """Line numbers of the values a clerk must write: uncommented keys with nothing after them
    and nothing nested under them, and lone list dashes."""
    lines = text.splitlines()
    found: set[int] = set()
    for i, line in enumerate(lines):
        if line.strip().startswith("#") or not (KEY_LINE.match(line) or line.strip() == "-"):
            continue
        after = next((x for x in lines[i + 1 :] if x.strip() and not x.strip().startswith("#")), "")
        if line.strip() == "-" or _depth(after) <= _depth(line):
            found.add(i + 1)
    return found


def _depth(line: str) -> int:
    indent = len(line) - len(line.lstrip())
    return indent + 2 if line.lstrip().startswith("- ") else indent


CASES = [  # kind, unit, the tree before, the date a clerk writes
    ("tracking", "xigang", BASE, "2026-06-12"),  # a parent
    ("tracking", "bangongshi", BASE, "2026-07-01"),  # the office
    ("recommendation", "xigang", BASE, "2026-11-10"),
    ("review", "bangongshi", WITH_RECOMMENDATION, "2026-11-20"),
    ("exceptions", "bangongshi", BASE, "2026-03-25"),
]


@pytest.mark.parametrize(("kind", "unit", "files", "day"), CASES, ids=[f"{k}-{u}" for k, u, _, _ in CASES])
def test_untouched_fails_at_every_blank_and_filled_in_passes(
    tree: Path, kind: str, unit: str, files: dict[str, str], day: str
) -> None:
    write_year(tree, files)
    assert run_cli("check", cwd=tree).code == 0, "the tree starts valid"
    made = new(tree, kind, unit)
    assert made.code == 0, made.err
    rel = body_filing_path(YEAR, unit, Kind[kind.upper()])
    where = classify(rel)
    assert isinstance(where, FilingPath) and where.unit == unit and where.kind is Kind[kind.upper()]
    assert rel in made.out
    path = tree / rel
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n")

    untouched = run_cli("check", "--format", "json", cwd=tree)
    assert untouched.code == 1, "a blank scaffold must not pass"
    found = json.loads(untouched.out)["findings"]
    assert found and all(f["path"] == rel and f["code"].startswith("E2") for f in found), found
    assert {f["line"] for f in found} == blanks(text), "every blank named at its own line, nothing else"

    path.write_text(fill(text, day), encoding="utf-8")
    checked = run_cli("check", cwd=tree)
    assert checked.code == 0, checked.out + path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("kind", "unit", "files"),
    [(k, u, f) for k, u, f, _ in CASES] + [("forwarding", "xigang", {})],
    ids=[f"{k}-{u}" for k, u, _, _ in CASES] + ["forwarding-xigang"],
)
def test_every_field_has_a_chinese_comment_above_it(tree: Path, kind: str, unit: str, files: dict[str, str]) -> None:
    write_year(tree, files or {k: v for k, v in BASE.items() if k != "xigang/forwarding.yaml"})
    assert new(tree, kind, unit).code == 0
    lines = (tree / body_filing_path(YEAR, unit, Kind[kind.upper()])).read_text(encoding="utf-8").splitlines()
    keyed = 0
    for i, line in enumerate(lines):
        bare = line.lstrip(" #").removeprefix("- ")
        if ":" not in bare or bare.split(":", 1)[0] not in all_labels():
            continue
        keyed += 1
        above = lines[i - 1]
        if above.strip().startswith("- 单位:") and bare.startswith("项目:"):  # the pair shares one comment
            above = lines[i - 2]
            assert "项目" in above, (i, line)
        label = above.lstrip(" #").removeprefix("- ").split(":", 1)[0]
        assert above.lstrip().startswith("#") and CJK.search(above) and label not in all_labels(), (i + 1, line)
    assert keyed >= 5


def test_recommendation_lists_the_bodys_own_then_forwarded_projects_with_their_tiers_criteria(tree: Path) -> None:
    write_year(tree, BASE)
    assert new(tree, "recommendation", "xigang").code == 0
    text = (tree / f"submissions/{YEAR}/xigang/recommendation.yaml").read_text(encoding="utf-8")
    listed = re.findall(r"^  - 单位: (\S+)\n    项目: (\S+)$", text, re.M)
    assert listed == [("xigang", "organ-a"), ("xigang-bayi-street", "street-b")]
    assert "organ-w" not in text, "a withdrawn project cannot be recommended"
    assert "没有经所属上级同意上报（未立项），不能推荐：西岗区人民广场街道总工会：职工家庭开放日" in text
    entries = text.split("  - 单位: ")[1:]
    for entry, tier in zip(entries, (Tier.ORGAN, Tier.GRASSROOTS), strict=True):
        shown = re.findall(r"^    #   ((?:LD|JC)-C[XY]-\d)（\S+?）：(.+)$", entry, re.M)
        assert shown == [(c.id, c.text) for c in CRITERIA.values() if c.tier is tier]


def test_tracking_lists_what_the_writer_may_track(tree: Path) -> None:
    write_year(tree, BASE)
    assert new(tree, "tracking", "xigang").code == 0
    assert new(tree, "tracking", "bangongshi").code == 0
    parent = (tree / f"submissions/{YEAR}/xigang/tracking.yaml").read_text(encoding="utf-8")
    office = (tree / f"submissions/{YEAR}/bangongshi/tracking.yaml").read_text(encoding="utf-8")
    projects = re.compile(r"^    项目: (\S+)$", re.M)
    assert projects.findall(parent) == ["street-b", "square-c"], "its grassroots units' projects, not its own"
    assert projects.findall(office) == ["organ-a"], "the organs' own projects; withdrawn and grassroots ones not listed"


def test_review_lists_every_recommended_project_with_its_category(tree: Path) -> None:
    write_year(tree, WITH_RECOMMENDATION)
    assert new(tree, "review", "bangongshi").code == 0
    text = (tree / f"submissions/{YEAR}/bangongshi/review.yaml").read_text(encoding="utf-8")
    assert "# 大连市西岗区总工会：劳动争议调解网络（大连市西岗区总工会推荐，申报创新成果）" in text
    assert "# 西岗区八一路街道总工会：社区职工服务驿站（大连市西岗区总工会推荐，申报创优成果）" in text
    assert "\n# 主席办公会议审定:" in text and "\n# 通报:" in text, "later sections wait, commented out"


@pytest.mark.parametrize(
    ("kind", "unit", "files", "said"),
    [
        ("tracking", "xigang-bayi-street", BASE, "是基层工会，不做跟踪考核"),
        ("tracking", "dianjiao", BASE, "没有所属基层工会；跟踪考核只能由项目的所属上级或考评办公室记录"),
        ("tracking", "zhongshan", BASE, "还没有大连市中山区总工会可以跟踪考核的"),
        ("recommendation", "xigang-renmin-square", BASE, "是基层工会，不能推荐上报"),
        ("recommendation", "zhongshan", BASE, "没有可推荐的项目"),
        ("review", "xigang", WITH_RECOMMENDATION, "评审与审定结果只能由市总工会考评办公室（大连市总工会办公室）填写"),
        ("review", "bangongshi", BASE, "还没有（能通过检查的）推荐上报"),
        ("exceptions", "xigang", BASE, "逾期申报例外只能由市总工会考评办公室"),
    ],
)
def test_a_body_that_may_not_write_the_kind_is_refused(
    tree: Path, kind: str, unit: str, files: dict[str, str], said: str
) -> None:
    write_year(tree, files)
    result = new(tree, kind, unit)
    assert result.code == 2 and said in result.err, result.err
    assert "Traceback" not in result.err
    assert not (tree / body_filing_path(YEAR, unit, Kind[kind.upper()])).exists()


def test_an_existing_file_is_never_overwritten(tree: Path) -> None:
    write_year(tree, {**BASE, "xigang/tracking.yaml": "# 已有的记录\n"})
    result = new(tree, "tracking", "xigang")
    assert result.code == 2 and "已经存在，不会覆盖。直接编辑该文件" in result.err
    assert (tree / f"submissions/{YEAR}/xigang/tracking.yaml").read_text(encoding="utf-8") == "# 已有的记录\n"


def test_kind_forwarding_is_the_forwarding_flag(tree: Path) -> None:
    write_year(tree, {k: v for k, v in BASE.items() if k != "xigang/forwarding.yaml"})
    assert new(tree, "forwarding", "xigang").code == 0
    by_kind = (tree / f"submissions/{YEAR}/xigang/forwarding.yaml").read_text(encoding="utf-8")
    (tree / f"submissions/{YEAR}/xigang/forwarding.yaml").unlink()
    assert run_cli("new", "--forwarding", "--unit", "xigang", "--year", str(YEAR), cwd=tree).code == 0
    assert (tree / f"submissions/{YEAR}/xigang/forwarding.yaml").read_text(encoding="utf-8") == by_kind
    both = run_cli("new", "--forwarding", "--kind", "tracking", "--unit", "xigang", cwd=tree)
    assert both.code == 2 and "只能选一个" in both.err


def test_an_unknown_kind_is_refused_in_chinese(tree: Path) -> None:
    result = run_cli("new", "--kind", "report", "--unit", "xigang", cwd=tree)
    assert result.code == 2 and "无效的选项" in result.err and "tracking" in result.err

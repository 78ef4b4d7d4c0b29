"""One failing case per lifecycle rule (E5xx): the code, the file, and the exact line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli
from lifecycle_tree import RECOMMENDATION, REVIEW, TRACKING, findings, position, put, write_year


@pytest.fixture
def year(tree: Path) -> Path:
    write_year(tree)
    return tree


def only(root: Path, code: str):
    found = [f for f in findings(root) if f.code == code]
    assert len(found) == 1, [f.to_text() for f in findings(root)]
    return found[0]


def assert_at(root: Path, code: str, path: str, text: str, needle: str, nth: int = 1) -> None:
    finding = only(root, code)
    assert (finding.path, finding.line, finding.column) == (path, *position(text, needle, nth)), finding.to_text()
    assert finding.hint, "every finding says how to fix it"


def test_the_valid_year_passes_check(year: Path) -> None:
    result = run_cli("check", cwd=year)
    assert result.code == 0, result.out


# --- tracking -------------------------------------------------------------------------------------


def test_tracking_a_unit_not_in_the_registry_is_refused(year: Path) -> None:
    text = TRACKING.replace("单位: xigang-bayi-street", "单位: nowhere")
    path = put(year, "xigang/tracking.yaml", text)
    assert_at(year, "E501", path, text, "  - 单位: nowhere")


def test_tracking_an_unregistered_project_is_refused(year: Path) -> None:
    text = TRACKING.replace("项目: street-b", "项目: ghost")
    path = put(year, "xigang/tracking.yaml", text)
    assert_at(year, "E502", path, text, "    项目: ghost")


def test_tracking_is_written_only_by_the_parent_or_the_office(year: Path) -> None:
    path = put(year, "zhongshan/tracking.yaml", TRACKING)
    assert_at(year, "E503", path, TRACKING, "  - 单位: xigang-bayi-street")


def test_the_office_may_track_any_project(year: Path) -> None:
    put(year, "bangongshi/tracking.yaml", TRACKING)
    assert not [f for f in findings(year) if f.code.startswith("E5")]


def test_a_tracking_date_outside_the_year_is_a_warning(year: Path) -> None:
    text = TRACKING.replace("日期: 2026-06-12", "日期: 2025-06-12")
    path = put(year, "xigang/tracking.yaml", text)
    assert_at(year, "W504", path, text, "    日期: 2025-06-12")
    assert run_cli("check", cwd=year).code == 0


# --- recommendations ------------------------------------------------------------------------------


def test_a_grassroots_union_cannot_recommend(year: Path) -> None:
    path = put(year, "xigang-bayi-street/recommendation.yaml", RECOMMENDATION)
    assert_at(year, "E510", path, RECOMMENDATION, "推荐上报:")


def test_only_the_recommenders_own_subtree_can_be_recommended(year: Path) -> None:
    path = put(year, "zhongshan/recommendation.yaml", RECOMMENDATION)
    found = [f for f in findings(year) if f.code == "E511"]
    assert [(f.path, f.line, f.column) for f in found] == [
        (path, *position(RECOMMENDATION, "  - 单位: xigang")),
        (path, *position(RECOMMENDATION, "  - 单位: xigang-bayi-street")),
    ]


def test_an_unregistered_project_cannot_be_recommended(year: Path) -> None:
    text = RECOMMENDATION.replace("项目: organ-a", "项目: organ-z")
    path = put(year, "xigang/recommendation.yaml", text)
    assert_at(year, "E512", path, text, "    项目: organ-z")


def test_a_grassroots_project_not_forwarded_cannot_be_recommended(year: Path) -> None:
    text = RECOMMENDATION.replace(
        "单位: xigang-bayi-street\n    项目: street-b", "单位: xigang-renmin-square\n    项目: square-c"
    )
    path = put(year, "xigang/recommendation.yaml", text)
    assert_at(year, "E513", path, text, "    项目: square-c")


def test_a_withdrawn_project_cannot_be_recommended(year: Path) -> None:
    text = RECOMMENDATION.replace("项目: organ-a", "项目: organ-w")
    path = put(year, "xigang/recommendation.yaml", text)
    assert_at(year, "E514", path, text, "    项目: organ-w")


def test_a_project_is_recommended_at_most_once(year: Path) -> None:
    first = RECOMMENDATION.split("  - 单位: xigang-bayi-street")[0]
    text = RECOMMENDATION + first.removeprefix("推荐上报:\n")
    path = put(year, "xigang/recommendation.yaml", text)
    assert_at(year, "E515", path, text, "    项目: organ-a", nth=2)


def test_a_recommendation_names_at_least_one_criterion(year: Path) -> None:
    text = RECOMMENDATION.replace(
        """    符合标准:
      - 标准: LD-CX-1
        佐证: 在全市率先建立诉调对接机制。
""",
        "    符合标准: []\n",
    )
    path = put(year, "xigang/recommendation.yaml", text)
    assert_at(year, "E516", path, text, "    符合标准: []")


def test_a_criterion_must_fit_the_projects_tier_and_claimed_category(year: Path) -> None:
    text = RECOMMENDATION.replace("标准: JC-CY-3", "标准: JC-CX-3")  # grassroots, but innovation
    path = put(year, "xigang/recommendation.yaml", text)
    assert_at(year, "E517", path, text, "      - 标准: JC-CX-3")
    organ = RECOMMENDATION.replace("标准: LD-CX-1", "标准: JC-CX-1")  # innovation, but grassroots
    put(year, "xigang/recommendation.yaml", organ)
    assert_at(year, "E517", path, organ, "      - 标准: JC-CX-1")


# --- review and results ---------------------------------------------------------------------------


def test_the_review_is_written_only_by_the_office(year: Path) -> None:
    path = put(year, "xigang/review.yaml", REVIEW)
    assert_at(year, "E520", path, REVIEW, "评审会:")


def test_votes_cannot_exceed_the_members_present(year: Path) -> None:
    text = REVIEW.replace("赞成: 4\n    反对: 1\n    弃权: 0", "赞成: 4\n    反对: 1\n    弃权: 1")
    path = put(year, "bangongshi/review.yaml", text)
    assert_at(year, "E521", path, text, "    赞成: 4")


def test_only_recommended_projects_can_be_awarded(year: Path) -> None:
    text = REVIEW.replace(
        "单位: xigang-bayi-street\n    项目: street-b", "单位: xigang-renmin-square\n    项目: square-c"
    )
    path = put(year, "bangongshi/review.yaml", text)
    assert_at(year, "E522", path, text, "    项目: square-c")


def test_an_award_of_another_category_needs_a_reason(year: Path) -> None:
    text = REVIEW.replace("拟授奖: 创新成果奖", "拟授奖: 创优成果奖")
    path = put(year, "bangongshi/review.yaml", text)
    assert_at(year, "E523", path, text, "    拟授奖: 创优成果奖")
    reasoned = text.replace("拟授奖: 创优成果奖", "拟授奖: 创优成果奖\n    类别调整理由: 首创性不足，但成效明显。", 1)
    put(year, "bangongshi/review.yaml", reasoned)
    assert not [f for f in findings(year) if f.code == "E523"]


def test_a_project_is_reviewed_once(year: Path) -> None:
    entry = REVIEW[REVIEW.index("  - 单位: xigang\n") : REVIEW.index("  - 单位: xigang-bayi-street")]
    text = REVIEW.replace("主席办公会议审定:", entry + "主席办公会议审定:")
    path = put(year, "bangongshi/review.yaml", text)
    assert_at(year, "E524", path, text, "    项目: organ-a", nth=2)


def test_no_announcement_without_the_chairmans_approval(year: Path) -> None:
    text = REVIEW.replace("主席办公会议审定:\n  日期: 2026-11-25\n  会议: 2026年第20次主席办公会议\n", "")
    text = text[: text.index("推荐省总:")] + text[text.index("通报:") :]
    path = put(year, "bangongshi/review.yaml", text)
    assert_at(year, "E525", path, text, "通报:")


def test_the_announcement_comes_after_the_approval(year: Path) -> None:
    text = REVIEW.replace("  日期: 2026-11-28", "  日期: 2026-11-24")
    path = put(year, "bangongshi/review.yaml", text)
    assert_at(year, "E526", path, text, "  日期: 2026-11-24")


def test_the_approval_comes_after_the_review_meeting(year: Path) -> None:
    text = REVIEW.replace("  日期: 2026-11-25", "  日期: 2026-11-19")
    path = put(year, "bangongshi/review.yaml", text)
    assert_at(year, "E527", path, text, "  日期: 2026-11-19")


def test_the_provincial_recommendation_needs_the_approval(year: Path) -> None:
    text = REVIEW.replace("主席办公会议审定:\n  日期: 2026-11-25\n  会议: 2026年第20次主席办公会议\n", "")
    text = text[: text.index("通报:")]
    path = put(year, "bangongshi/review.yaml", text)
    assert_at(year, "E528", path, text, "推荐省总:")


def test_only_an_awarded_project_goes_to_the_province(year: Path) -> None:
    text = REVIEW.replace("拟授奖: 创新成果奖", "拟授奖: 不授奖")
    path = put(year, "bangongshi/review.yaml", text)
    assert_at(year, "E529", path, text, "    项目: organ-a", nth=2)


def test_after_approval_every_recommended_project_has_a_result(year: Path) -> None:
    text = REVIEW[: REVIEW.index("  - 单位: xigang-bayi-street")] + REVIEW[REVIEW.index("主席办公会议审定:") :]
    path = put(year, "bangongshi/review.yaml", text)
    assert_at(year, "E530", path, text, "评审结果:")


def test_check_prints_lifecycle_findings_in_the_usual_line_format(year: Path) -> None:
    text = RECOMMENDATION.replace("项目: organ-a", "项目: organ-w")
    path = put(year, "xigang/recommendation.yaml", text)
    result = run_cli("check", cwd=year)
    line, column = position(text, "    项目: organ-w")
    assert result.code == 1
    assert f"{path}:{line}:{column}: 错误[E514]: “已撤回的项目”已于 2026-06-01 撤回，不能推荐（提示：" in result.out

"""A whole year of 大工发[2011]18号, section by section, through the CLI and real git (issue 19).

Each test is one participant's step with the rule it meets, and the mistake that rule refuses:
五.2 the hand-over and the parent's decision, exceptions that work alone, 六.2 the leading group's
meeting, the 审定 and the 通报, 八 the 组长, and what the site shows at each stage.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import run_cli
from gitrepo import (
    GRASSROOTS,
    LINNA,
    LINNA_ACCOUNT,
    ORGAN,
    YUBO,
    YUBO_ACCOUNT,
    ZHANG,
    ZHANG_ACCOUNT,
    GitRepo,
    new_repo,
    review,
    write_reviews,
)
from lifecycle_tree import FILES, FORWARDING, RECOMMENDATION, REVIEW, TRACKING, findings, put, write_year
from site_data import git_commit

from generator.clock import parse_time as parse_now
from generator.lifecycle.status import Status, derive_projects
from generator.validate.tree import load_submissions

CHAIR_ACCOUNT = "dlftu-chenfengrong"
GROUP = """考评领导小组:
  2026:
    组长: 陈凤荣
    组长账号: dlftu-chenfengrong
    副组长: [曲朝阳]
    成员: [王光宇, 于波, 段建华, 王强, 周萍, 罗军胜]
"""
REASON = "    理由: 服务户外劳动者，符合全区重点工作。\n"  # lifecycle_tree's forwarding gives one
AWARD_B = "    拟授奖: 创优成果奖\n"  # street-b's line in lifecycle_tree's review
PROGRAMME = "示例数据: true\n网站标题: 测试\n" + GROUP
BAYI = "submissions/2026/xigang-bayi-street/legal-aid.yaml"
SQUARE = "submissions/2026/xigang-renmin-square/family-day.yaml"
XIGANG_FWD = "submissions/2026/xigang/forwarding.yaml"
EXCEPTIONS = "submissions/2026/bangongshi/exceptions.yaml"
SQUARE_FORM = """表: 基层工会立项申报表
单位: 西岗区人民广场街道总工会
所属上级: 大连市西岗区总工会
项目名称: 职工家庭开放日
主要内容: 每季度邀请职工家属走进企业。
本单位意见:
  意见: 同意申报。
  领导签字: 黄德明
  日期: 2026-03-09
评选内容:
  - 增强基层工会活力
"""


def entry(
    project: str, unit: str = "xigang-bayi-street", day: str = "2026-03-12", opinion: str = "经审核，同意上报。"
) -> str:
    return (
        f"  - 单位: {unit}\n    项目: {project}\n    审核结论: 同意上报\n    意见: {opinion}\n"
        f"    领导签字: 张志刚\n    日期: {day}\n"
    )


def grant(path: str, until: str, by: str = "于波") -> str:
    return (
        f"  - 文件: {path}\n    原因: 单位合并，材料延误。\n    新截止日期: {until}\n"
        f"    批准人: {by}\n    批准日期: 2026-03-18\n"
    )


def check(repo: GitRepo, now: str, accounts: tuple[str, ...] | None = None) -> tuple[list[dict], str]:
    """`check --base main` at `now`, the change approved at HEAD by `accounts` (all signers by default)."""
    accounts = accounts or (LINNA_ACCOUNT, ZHANG_ACCOUNT, YUBO_ACCOUNT, CHAIR_ACCOUNT, "xigang-huangdeming")
    signed = write_reviews(repo.root / ".git", [review(a, repo.head()) for a in accounts])
    result = run_cli(
        "check", "--base", "main", "--now", now, "--format", "json", "--approvals", str(signed), cwd=repo.root
    )
    assert result.code in (0, 1), result.err
    return json.loads(result.out)["findings"], result.out


def codes(found: list[dict]) -> list[str]:
    return sorted(f["code"] for f in found if f["severity"] == "error")


@pytest.fixture
def handed_over(tree: Path) -> GitRepo:
    """main: the settings with the year's leading group; a grassroots form handed over on 3/5 and
    forwarded by its parent on 3/12. A pull request branch `pr` is open."""
    repo = new_repo(tree)
    repo.write("submissions/programme.yaml", PROGRAMME)
    repo.commit("Leading group", "2026-01-06T09:00:00+08:00", YUBO)
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Register", "2026-03-05T10:00:00+08:00", LINNA)
    repo.write(XIGANG_FWD, "审核汇总:\n" + entry("legal-aid"))
    repo.commit("Forward", "2026-03-12T10:00:00+08:00", ZHANG)
    repo.branch("pr")
    return repo


REWRITTEN = GRASSROOTS.format(name="社区法律援助驿站").replace("每周两次律师值班", "每天律师值班")


# --- 五.2 the hand-over is real ---------------------------------------------------------------------


def test_a_grassroots_rewrite_after_the_hand_over_is_frozen_and_voids_the_forwarding(handed_over: GitRepo) -> None:
    handed_over.write(BAYI, REWRITTEN)
    handed_over.commit("Rewrite", "2026-03-19T09:00:00+08:00", LINNA)
    found, out = check(handed_over, "2026-03-19T09:00:00")
    assert codes(found) == ["E404", "E552"], out
    frozen = next(f for f in found if f["code"] == "E404")
    assert "主要内容" in frozen["message"] and "2026-03-10" in frozen["message"] and "例外" in frozen["hint"]
    assert "《评选办法》五.2" in frozen["hint"]
    void = next(f for f in found if f["code"] == "E552")
    assert XIGANG_FWD in void["message"] and "重新审核" in void["hint"]


def test_an_exception_lifts_the_freeze_but_the_parent_must_sign_the_new_content(handed_over: GitRepo) -> None:
    handed_over.checkout("main")
    handed_over.write(EXCEPTIONS, "例外:\n" + grant(BAYI, "2026-03-25"))
    handed_over.commit("Exception", "2026-03-18T09:00:00+08:00", YUBO)
    handed_over.branch("fix")
    handed_over.write(BAYI, REWRITTEN)
    handed_over.commit("Rewrite", "2026-03-19T09:00:00+08:00", LINNA)
    assert codes(check(handed_over, "2026-03-19T09:00:00")[0]) == ["E552"]
    # The parent signs its entry again in the same change: its signature covers the new content.
    handed_over.write(
        XIGANG_FWD, "审核汇总:\n" + entry("legal-aid", day="2026-03-19", opinion="经重新审核，同意上报。")
    )
    handed_over.commit("Forward again", "2026-03-19T10:00:00+08:00", ZHANG)
    assert codes(check(handed_over, "2026-03-19T10:00:00")[0]) == []
    # …and only the parent's signature does: without it the forwarding list is unsigned.
    found, _ = check(handed_over, "2026-03-19T10:00:00", accounts=(LINNA_ACCOUNT,))
    assert "E420" in codes(found) and any(f["path"] == XIGANG_FWD for f in found if f["code"] == "E420")


def test_an_edit_before_the_hand_over_still_needs_the_parent_to_sign_again(handed_over: GitRepo) -> None:
    handed_over.write(BAYI, REWRITTEN)
    handed_over.commit("Rewrite", "2026-03-09T09:00:00+08:00", LINNA)
    assert codes(check(handed_over, "2026-03-09T09:00:00")[0]) == ["E552"]


# --- 五.2 the parent can say no ---------------------------------------------------------------------


@pytest.fixture
def year(tree: Path) -> Path:
    write_year(tree)
    return tree


def found_codes(root: Path) -> list[str]:
    return sorted(f.code for f in findings(root))


def test_a_refusal_needs_a_reason(year: Path) -> None:
    refused = FORWARDING.replace("审核结论: 同意上报", "审核结论: 不同意上报").replace(REASON, "")
    put(year, "xigang/forwarding.yaml", refused)
    assert "E315" in found_codes(year)


def test_an_opinion_that_says_no_cannot_forward(year: Path) -> None:
    put(year, "xigang/forwarding.yaml", FORWARDING.replace("经审核，同意上报。", "经审核，不同意上报。"))
    assert "E316" in found_codes(year)


def test_a_refused_project_is_not_registered_and_says_why(year: Path) -> None:
    refused = FORWARDING.replace("审核结论: 同意上报", "审核结论: 不同意上报").replace(
        REASON, "    理由: 与去年项目重复。\n"
    )
    put(year, "xigang/forwarding.yaml", refused)
    # Its recommendation is refused in the parent's words…
    e513 = [f for f in findings(year) if f.code == "E513"]
    assert len(e513) == 1 and "不同意上报" in e513[0].message
    # …and it is 未获上报, with the reason, never 已立项.
    put(year, "xigang/recommendation.yaml", RECOMMENDATION.split("  - 单位: xigang-bayi-street")[0])
    put(
        year,
        "bangongshi/review.yaml",
        REVIEW.split("  - 单位: xigang-bayi-street")[0] + "主席办公会议审定:\n  日期: 2026-11-25\n  会议: 第20次\n",
    )
    subs = load_submissions(year)
    assert subs.ok, [f.to_text() for f in subs.findings]
    record = next(r for r in derive_projects(subs, parse_now("2026-12-31")) if r.project_id == "street-b")
    assert record.status is Status.REFUSED and not record.registered
    assert "与去年项目重复" in record.timeline[-1].note


# --- exceptions work alone --------------------------------------------------------------------------


@pytest.fixture
def late_square(handed_over: GitRepo) -> GitRepo:
    """The office excepted a grassroots form handed over late (3/12); it landed on 3/18."""
    handed_over.checkout("main")
    handed_over.write(EXCEPTIONS, "例外:\n" + grant(SQUARE, "2026-03-25"))
    handed_over.commit("Exception", "2026-03-11T09:00:00+08:00", YUBO)
    handed_over.branch("late")
    handed_over.write(SQUARE, SQUARE_FORM)
    handed_over.commit("Late form", "2026-03-12T09:00:00+08:00", ("黄德明", "h@renmin.example.org"))
    assert codes(check(handed_over, "2026-03-12T09:00:00")[0]) == []
    handed_over.checkout("main")
    handed_over.merge("late", "2026-03-18T09:00:00+08:00")
    handed_over.branch("forward")
    return handed_over


def test_a_late_grassroots_form_without_an_exception_is_refused_and_says_what_covers_the_parent(
    handed_over: GitRepo,
) -> None:
    handed_over.write(SQUARE, SQUARE_FORM)
    handed_over.commit("Late form", "2026-03-12T09:00:00+08:00", ("黄德明", "h@renmin.example.org"))
    found, out = check(handed_over, "2026-03-12T09:00:00")
    assert codes(found) == ["E401"], out
    assert "《评选办法》五.2" in found[0]["hint"] and "forwarding.yaml" in found[0]["hint"]


def test_the_registrations_exception_covers_the_parents_late_entry(late_square: GitRepo) -> None:
    late_square.write(
        XIGANG_FWD, "审核汇总:\n" + entry("legal-aid") + entry("family-day", "xigang-renmin-square", "2026-03-22")
    )
    late_square.commit("Forward the late one", "2026-03-22T09:00:00+08:00", ZHANG)
    assert codes(check(late_square, "2026-03-22T09:00:00")[0]) == []


def test_a_late_entry_without_its_registrations_exception_is_named(late_square: GitRepo) -> None:
    late_square.write(
        XIGANG_FWD,
        "审核汇总:\n"
        + entry("legal-aid", day="2026-03-22", opinion="经审核，同意上报，优先支持。")
        + entry("family-day", "xigang-renmin-square", "2026-03-22"),
    )
    late_square.commit("Forward, and rewrite another", "2026-03-22T09:00:00+08:00", ZHANG)
    found, out = check(late_square, "2026-03-22T09:00:00")
    assert codes(found) == ["E402"], out
    assert "xigang-bayi-street/legal-aid" in found[0]["message"]
    assert "xigang-renmin-square/family-day" not in found[0]["message"]


@pytest.mark.parametrize(("others", "late"), [(False, []), (True, [XIGANG_FWD])])
def test_the_audit_accepts_a_late_forwarding_list_whose_entries_are_excepted(
    tree: Path, others: bool, late: list[str]
) -> None:
    repo = new_repo(tree)
    repo.write("submissions/programme.yaml", PROGRAMME)
    repo.write(EXCEPTIONS, "例外:\n" + grant(SQUARE, "2026-03-25"))
    repo.commit("Leading group, exception", "2026-03-11T09:00:00+08:00", YUBO)
    repo.write(SQUARE, SQUARE_FORM)
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Forms", "2026-03-09T09:00:00+08:00", LINNA)
    entries = entry("family-day", "xigang-renmin-square", "2026-03-22") + (entry("legal-aid") if others else "")
    repo.write(XIGANG_FWD, "审核汇总:\n" + entries)
    repo.commit("Forward late", "2026-03-22T09:00:00+08:00", ZHANG)
    result = run_cli("audit", "--format", "json", cwd=repo.root)
    found = json.loads(result.out)["findings"]
    assert [f["path"] for f in found if f["code"] == "E450"] == late, result.out


# --- 八 the 组长 approves exceptions ----------------------------------------------------------------


def test_the_leading_groups_chair_may_approve_an_exception(handed_over: GitRepo) -> None:
    handed_over.write(EXCEPTIONS, "例外:\n" + grant(SQUARE, "2026-03-25", by="陈凤荣"))
    handed_over.commit("Exception by the chair", "2026-03-18T09:00:00+08:00", YUBO)
    assert codes(check(handed_over, "2026-03-18T09:00:00", accounts=(CHAIR_ACCOUNT,))[0]) == []
    # Nobody else outside the office may: a grassroots signer's approval signs nothing here.
    assert "E420" in codes(check(handed_over, "2026-03-18T09:00:00", accounts=(LINNA_ACCOUNT,))[0])


def test_a_chair_without_a_registered_account_cannot_sign(handed_over: GitRepo) -> None:
    handed_over.checkout("main")
    handed_over.write("submissions/programme.yaml", PROGRAMME.replace("    组长账号: dlftu-chenfengrong\n", ""))
    handed_over.commit("No account", "2026-01-07T09:00:00+08:00", YUBO)
    handed_over.branch("ex")
    handed_over.write(EXCEPTIONS, "例外:\n" + grant(SQUARE, "2026-03-25", by="陈凤荣"))
    handed_over.commit("Exception by the chair", "2026-03-18T09:00:00+08:00", YUBO)
    assert "E420" in codes(check(handed_over, "2026-03-18T09:00:00", accounts=(CHAIR_ACCOUNT,))[0])


# --- 六.2 late hints cite the section that set the deadline ---------------------------------------


def test_a_late_recommendation_cites_six_two(handed_over: GitRepo) -> None:
    handed_over.write("submissions/2026/xigang/organ-a.yaml", ORGAN.format(name="调解网络"))
    handed_over.commit("Organ", "2026-03-15T09:00:00+08:00", ZHANG)
    handed_over.checkout("main")
    handed_over.merge("pr", "2026-03-16T09:00:00+08:00")
    handed_over.branch("rec")
    rec = RECOMMENDATION.split("  - 单位: xigang-bayi-street")[0].replace("2026-11-10", "2026-11-16")
    handed_over.write("submissions/2026/xigang/recommendation.yaml", rec)
    handed_over.commit("Late recommendation", "2026-11-16T09:00:00+08:00", ZHANG)
    found, out = check(handed_over, "2026-11-16T09:00:00")
    assert codes(found) == ["E402"], out
    assert "《评选办法》六.2" in found[0]["hint"] and "《评选办法》五" not in found[0]["hint"]


# --- 六.2 the leading group's meeting ---------------------------------------------------------------


def test_an_attendee_must_be_a_member_of_the_leading_group(year: Path) -> None:
    put(year, "bangongshi/review.yaml", REVIEW.replace("出席成员: [陈凤荣,", "出席成员: [张三, 陈凤荣,"))
    e541 = [f for f in findings(year) if f.code == "E541"]
    assert len(e541) == 1 and "张三" in e541[0].message


def test_the_meeting_needs_a_quorum(year: Path) -> None:
    text = REVIEW.replace("[陈凤荣, 曲朝阳, 王光宇, 于波, 段建华]", "[陈凤荣, 曲朝阳, 王光宇]")
    text = text.replace("赞成: 5", "赞成: 3").replace("赞成: 4\n    反对: 1", "赞成: 2\n    反对: 0")
    put(year, "bangongshi/review.yaml", text)
    assert found_codes(year) == ["E542"]


def test_an_award_needs_a_majority_of_those_present(year: Path) -> None:
    text = REVIEW.replace(
        "[陈凤荣, 曲朝阳, 王光宇, 于波, 段建华]", "[陈凤荣, 曲朝阳, 王光宇, 于波, 段建华, 王强, 周萍, 罗军胜]"
    )
    text = text.replace("赞成: 4\n    反对: 1", "赞成: 1\n    反对: 6")
    put(year, "bangongshi/review.yaml", text)
    e543 = [f for f in findings(year) if f.code == "E543"]
    assert len(e543) == 1 and "赞成 1 票" in e543[0].message and "至少 5 票" in e543[0].message


def test_the_office_may_set_a_stricter_majority(year: Path) -> None:
    programme = year / "submissions/programme.yaml"
    text = programme.read_text(encoding="utf-8")
    programme.write_text(text.replace("    通过要求: 过半数\n", "    通过要求: 全体\n"), encoding="utf-8")
    e543 = [f for f in findings(year) if f.code == "E543"]
    assert len(e543) == 1 and "全体" in e543[0].message  # street-b: 4 of 5


def test_a_year_without_a_leading_group_is_judged_by_the_rules_list(year: Path) -> None:
    (year / "submissions/programme.yaml").write_text("示例数据: true\n", encoding="utf-8")
    assert found_codes(year) == ["W540"]  # 八's names: the meeting's five are all in it
    put(year, "bangongshi/review.yaml", REVIEW.replace("出席成员: [陈凤荣,", "出席成员: [张三, 陈凤荣,"))
    assert found_codes(year) == ["E541", "W540"]


def test_the_chairmans_meeting_may_decide_a_project_differently_with_a_reason(year: Path) -> None:
    decided = REVIEW.replace(AWARD_B, AWARD_B + "    审定: 不授奖\n")
    put(year, "bangongshi/review.yaml", decided)
    assert found_codes(year) == ["E547"]
    put(
        year,
        "bangongshi/review.yaml",
        decided.replace("    审定: 不授奖\n", "    审定: 不授奖\n    审定理由: 成效待检验。\n"),
    )
    assert found_codes(year) == []
    record = next(
        r for r in derive_projects(load_submissions(year), parse_now("2026-12-31")) if r.project_id == "street-b"
    )
    assert (record.award, record.status) == (None, Status.NO_AWARD)


def test_a_decision_before_the_approval_is_refused(year: Path) -> None:
    text = REVIEW.split("主席办公会议审定:")[0].replace(AWARD_B, AWARD_B + "    审定: 创优成果奖\n")
    put(year, "bangongshi/review.yaml", text)
    assert found_codes(year) == ["E546"]


def test_an_award_in_another_category_needs_that_categorys_criteria(year: Path) -> None:
    other = REVIEW.replace("    拟授奖: 创新成果奖\n", "    拟授奖: 创优成果奖\n    类别调整理由: 首创性不足。\n")
    put(year, "bangongshi/review.yaml", other)
    assert found_codes(year) == ["E544"]
    put(year, "bangongshi/review.yaml", other.replace("首创性不足。\n", "首创性不足。\n    依据标准: [JC-CY-1]\n"))
    assert found_codes(year) == ["E544", "E545"]  # a grassroots criterion for a leadership organ's project
    put(year, "bangongshi/review.yaml", other.replace("首创性不足。\n", "首创性不足。\n    依据标准: [LD-CY-1]\n"))
    assert found_codes(year) == []


# --- 六.2 the 通报 and the 公示 follow the calendar ----------------------------------------------------


def test_a_notice_dated_after_the_deadline_is_refused_unless_excepted(year: Path) -> None:
    put(year, "bangongshi/review.yaml", REVIEW.replace("日期: 2026-11-28", "日期: 2026-12-05"))
    e548 = [f for f in findings(year) if f.code == "E548"]
    assert len(e548) == 1 and "六.2" in e548[0].hint
    put(year, "bangongshi/exceptions.yaml", "例外:\n" + grant("submissions/2026/bangongshi/review.yaml", "2026-12-06"))
    assert "E548" not in found_codes(year)


def test_the_publicity_period_starts_no_earlier_than_the_notice_and_ends_after_it_starts(year: Path) -> None:
    programme = year / "submissions/programme.yaml"
    text = programme.read_text(encoding="utf-8")
    programme.write_text(text.replace("公示开始: 2026-11-30", "公示开始: 2026-11-27"), encoding="utf-8")
    assert found_codes(year) == ["E549", "E549"]  # on the 通报 and on the 公示: whichever lands second is told
    programme.write_text(text.replace("公示结束: 2026-12-06", "公示结束: 2026-11-30"), encoding="utf-8")
    assert found_codes(year) == ["E550"]


# --- 二, 六.1 the smaller sections --------------------------------------------------------------------


def test_other_focus_areas_are_accepted_with_a_description(year: Path) -> None:
    path = "xigang/organ-a.yaml"
    base = FILES[path]  # 评选内容 lists 其他, and 其他内容 says what
    assert found_codes(year) == []
    put(year, path, base.replace("其他内容: 诉调对接\n", ""))
    assert found_codes(year) == ["E307"]
    put(year, path, base.replace("  - 其他\n", ""))
    assert found_codes(year) == ["E308"]


def test_tracking_records_an_outcome_and_a_rejected_project_is_flagged_when_recommended(year: Path) -> None:
    put(year, "xigang/tracking.yaml", TRACKING.replace("认定: 予以认定", "认定: 不予认定"))
    found = findings(year)
    assert [f.code for f in found] == ["W551"]
    put(year, "xigang/tracking.yaml", TRACKING)
    assert findings(year) == []
    record = next(
        r for r in derive_projects(load_submissions(year), parse_now("2026-07-01")) if r.project_id == "street-b"
    )
    assert "认定：予以认定" in record.timeline[-1].note


# --- the site at each stage: nothing public before it is final ------------------------------------

VOTES = "评审意见标记甲"  # the meeting's opinion: public with the votes, once 审定
PROVINCE = "省总理由标记乙"  # the provincial recommendation's reason: public at the 通报
DECISION = "审定理由标记丙"  # a 审定 that differs from 拟授奖: public at the 通报
REFUSAL = "不同意理由标记丁"  # the parent's refusal: public as soon as it is on record
EVIDENCE = "https://example.org/evidence-1"


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The year, with a refused form, a decision that differs, evidence, committed as one import."""
    import shutil

    from conftest import SAMPLE

    root = tmp_path_factory.mktemp("staged")
    (root / "submissions").mkdir()
    for name in ("units.yaml", "programme.yaml"):
        shutil.copy(SAMPLE / name, root / "submissions" / name)
    files = dict(FILES)
    files["xigang/forwarding.yaml"] = FORWARDING + (
        "  - 单位: xigang-renmin-square\n    项目: square-c\n    审核结论: 不同意上报\n"
        f"    理由: {REFUSAL}\n    意见: 经审核，不同意上报。\n    领导签字: 张志刚\n    日期: 2026-03-12\n"
    )
    files["xigang/tracking.yaml"] = TRACKING + f"    佐证: [{EVIDENCE}]\n"
    files["bangongshi/review.yaml"] = (
        REVIEW.replace("全市首创。", VOTES)
        .replace("符合省总工会标准。", PROVINCE)
        .replace(AWARD_B, AWARD_B + f"    审定: 不授奖\n    审定理由: {DECISION}\n")
    )
    write_year(root, files)
    git_commit(root, "2026-11-20T10:00:00+08:00")
    return root


def build(root: Path, now: str) -> dict[str, str]:
    """Build at `now`; every text file of the site by its path."""
    result = run_cli("build", "--now", now, cwd=root)
    assert result.code == 0, result.out + result.err
    site = root / "site"
    return {
        str(p.relative_to(site)): p.read_text(encoding="utf-8")
        for p in site.rglob("*")
        if p.is_file() and p.suffix in (".html", ".json", ".js", ".xml", ".csv")
    }


def anywhere(site: dict[str, str], text: str) -> list[str]:
    return sorted(path for path, body in site.items() if text in body or json.dumps(text)[1:-1] in body)


def test_before_the_approval_the_meeting_is_known_but_not_its_votes(staged: Path) -> None:
    site = build(staged, "2026-11-21")
    page = site["2026/projects/organ-a.html"]
    assert "评审会已于" in page and "赞成 5 票" not in page
    assert anywhere(site, VOTES) == [] and anywhere(site, "赞成 5 票") == []
    assert anywhere(site, PROVINCE) == [] and anywhere(site, DECISION) == []
    # The parent's refusal is final: its page says why, and the stats count only 立项 projects.
    refused = site["2026/projects/square-c.html"]
    assert REFUSAL in refused and "未获上报" in refused
    assert re.search(r"<td>2026 年</td><td>3</td>", site["stats.html"]), "organ-a, organ-w, street-b were 立项"
    # Tracking shows its 认定 and evidence; the parent's page lists what it filed.
    assert EVIDENCE in site["2026/projects/street-b.html"] and "认定：" in site["2026/projects/street-b.html"]
    unit = site["units/xigang.html"]
    assert "审核汇总" in unit and "其中不同意上报 1 项" in unit and "跟踪考核记录" in unit and "推荐上报" in unit
    # The guide says who signs what as the check enforces it: the office does not sign organ forms.
    guide = site["guide.html"]
    assert "考评办公室不另行批准" in guide and "不同意上报" in guide and "组长" in guide


def test_after_the_approval_the_votes_are_public_but_not_the_awards(staged: Path) -> None:
    site = build(staged, "2026-11-26")
    page = site["2026/projects/organ-a.html"]
    assert "赞成 5 票" in page and VOTES in page and "拟授奖：创新成果奖" in page
    assert "获创新成果奖。" not in page and "推荐上报省总工会：" not in page
    assert anywhere(site, PROVINCE) == [] and anywhere(site, DECISION) == []
    registry = json.loads(site["2026/exports/2026-registry.json"])
    assert {row["获奖"] for row in registry} == {""} and {row["推荐省总"] for row in registry} == {""}
    assert "2026/exports/2026-results.json" not in site
    assert "年评选结果通报（" not in site["feed.xml"] and "评选结果已审定" in site["feed.xml"]


def test_after_the_notice_the_awards_and_the_province_are_public(staged: Path) -> None:
    site = build(staged, "2026-11-29")
    page = site["2026/projects/organ-a.html"]
    assert "获创新成果奖" in page and PROVINCE in page
    street = site["2026/projects/street-b.html"]
    assert DECISION in street and "获创优成果奖" not in street  # decided 不授奖 at the 审定
    registry = {row["项目编号"]: row for row in json.loads(site["2026/exports/2026-registry.json"])}
    assert (registry["organ-a"]["获奖"], registry["organ-a"]["推荐省总"]) == ("创新成果奖", "是")
    assert registry["street-b"]["获奖"] == ""
    assert "年评选结果通报（" in site["feed.xml"]
    assert anywhere(site, PROVINCE)


def test_the_province_follows_the_decision_not_the_proposal(year: Path) -> None:
    organ = "    拟授奖: 创新成果奖\n"
    put(year, "bangongshi/review.yaml", REVIEW.replace(organ, organ + "    审定: 不授奖\n    审定理由: 佐证不足。\n"))
    e529 = [f for f in findings(year) if f.code == "E529"]
    assert len(e529) == 1 and "organ-a" in e529[0].message


@pytest.mark.parametrize("self_excepted", [True, False])
def test_a_late_notice_cannot_bring_its_own_exception(tree: Path, self_excepted: bool) -> None:
    repo = new_repo(tree)
    repo.write("submissions/programme.yaml", PROGRAMME)
    write_year(repo.root)
    repo.commit("The year up to the approval", "2026-11-25T09:00:00+08:00", YUBO)
    review_path = "submissions/2026/bangongshi/review.yaml"
    notice = "通报:\n  日期: 2026-11-28\n  文号: 大工发〔2026〕40号\n"
    text = (repo.root / review_path).read_text(encoding="utf-8")
    repo.write(review_path, text.replace(notice, ""))
    repo.commit("Before the notice", "2026-11-26T09:00:00+08:00", YUBO)
    repo.branch("notice")
    repo.write(review_path, text.replace("日期: 2026-11-28", "日期: 2026-12-05"))
    if self_excepted:
        repo.write(EXCEPTIONS, "例外:\n" + grant(review_path, "2026-12-06"))
    repo.commit("Late notice", "2026-11-30T09:00:00+08:00", YUBO)
    found, out = check(repo, "2026-11-30T09:00:00")
    assert codes(found) == ["E548"], out
    assert ("不算数" in found[0]["message"]) is self_excepted

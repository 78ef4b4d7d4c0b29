"""Who signed: a change needs the approval of a registered signer of the body that owns each file.

Each attack from issue 9 is one test; the reviews are GitHub's "list reviews" JSON, given to
`check --approvals` as a file (see test_history_forge_api.py for the same fetched from a fake
forge on 127.0.0.1).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli
from gitrepo import (
    CLERK,
    FORWARDING,
    GRASSROOTS,
    LINNA,
    LINNA_ACCOUNT,
    MAINTAINER_ACCOUNT,
    STRANGER,
    YUBO_ACCOUNT,
    ZHANG_ACCOUNT,
    GitRepo,
    isolated_env,
    new_repo,
    review,
    write_reviews,
)
from signature_check import APPROVED_AT, BAYI, NOW, UNITS, codes, findings, keyed

__all__ = ["keyed"]  # the fixture, used by name

FORWARD = "submissions/2026/xigang/forwarding.yaml"
TRACKING = "submissions/2026/xigang/tracking.yaml"

TRACKING_RECORD = """跟踪考核记录:
  - 单位: xigang-bayi-street
    项目: legal-aid
    日期: 2026-03-07
    方式: 实地调查
    情况: 驿站已挂牌，律师按时值班。
    记录人: 张志刚
"""


def signing(found: list[str]) -> list[str]:
    """Only the signature findings (a lone forwarding list or tracking record also breaks other rules)."""
    return [code for code in found if code.startswith("E42")]


def approved(repo: GitRepo, *accounts: str, when: str = APPROVED_AT) -> list[dict]:
    head = repo.head()
    return [review(account, head, when) for account in accounts]


@pytest.fixture
def repo(pr_repo: GitRepo) -> GitRepo:
    """Here a change is prepared on the branch `pr` (conftest's `pr_repo`)."""
    return pr_repo


def register(repo: GitRepo, who: tuple[str, str] = CLERK, **fields: str) -> str:
    text = GRASSROOTS.format(name=fields.get("name", "社区法律援助驿站"))
    for label, value in fields.items():
        if label != "name":
            text = re.sub(rf"(?m)^  {label}: .*$", f"  {label}: {value}", text)
    repo.write(BAYI, text)
    return repo.commit("Register", "2026-03-05T10:00:00+08:00", who)


# --- a legitimate filing ------------------------------------------------------------------------


def test_a_clerks_filing_approved_by_the_units_leader_passes(repo: GitRepo) -> None:
    register(repo, CLERK)
    assert codes(repo, approved(repo, LINNA_ACCOUNT)) == []


def test_without_an_approval_the_check_says_how_to_get_it_signed(repo: GitRepo) -> None:
    register(repo, CLERK)
    [finding] = findings(repo)
    assert finding["code"] == "E420" and finding["path"] == BAYI
    assert "西岗区八一路街道总工会" in finding["message"]
    assert "林娜" in finding["hint"] and LINNA_ACCOUNT in finding["hint"] and "Approve" in finding["hint"]


def test_approval_account_names_are_case_insensitive_as_on_github(repo: GitRepo) -> None:
    register(repo)
    assert codes(repo, approved(repo, LINNA_ACCOUNT.upper())) == []


# --- the attacks ---------------------------------------------------------------------------------


def test_a_forged_commit_email_is_no_signature(repo: GitRepo) -> None:
    register(repo, LINNA)  # anyone can `git config user.email linna@…`
    assert codes(repo) == ["E420"]


def test_an_approval_by_another_units_signer_does_not_sign(repo: GitRepo) -> None:
    register(repo)
    [finding] = findings(repo, approved(repo, ZHANG_ACCOUNT))  # the parent's leader, not the unit's
    assert finding["code"] == "E420" and ZHANG_ACCOUNT in finding["message"]


def test_an_approval_before_a_later_push_does_not_cover_the_new_content(repo: GitRepo) -> None:
    register(repo)
    early = approved(repo, LINNA_ACCOUNT)
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站").replace("同意申报。", "同意申报，优先支持。"))
    repo.commit("Edit after the approval", "2026-03-06T10:00:00+08:00", STRANGER)
    [finding] = findings(repo, early)
    assert finding["code"] == "E420" and "重新批准" in finding["message"]
    assert codes(repo, [*early, *approved(repo, LINNA_ACCOUNT, when="2026-03-08T03:00:00Z")]) == []


def test_a_later_request_for_changes_withdraws_the_approval(repo: GitRepo) -> None:
    register(repo)
    head = repo.head()
    reviews = [
        review(LINNA_ACCOUNT, head, APPROVED_AT),
        review(LINNA_ACCOUNT, head, "2026-03-08T03:00:00Z", state="CHANGES_REQUESTED"),
    ]
    assert codes(repo, reviews) == ["E420"]


def test_a_merge_commit_that_rewrites_an_opinion_is_judged_as_an_edit(repo: GitRepo) -> None:
    register(repo)
    signed = approved(repo, LINNA_ACCOUNT)
    repo.branch("side", "main")
    repo.write("submissions/2026/xigang-bayi-street/README.md", "说明\n")
    repo.commit("Unrelated", "2026-03-06T09:00:00+08:00", STRANGER)
    repo.checkout("pr")
    repo.git("-c", "user.name=路人", "-c", f"user.email={STRANGER[1]}", "merge", "-q", "--no-ff", "--no-commit", "side")
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站").replace("同意申报。", "不同意申报。"))
    repo.git("add", "-A")
    repo.git("-c", "user.name=路人", "-c", f"user.email={STRANGER[1]}", "commit", "-q", "-m", "Merge side")
    assert repo.git("diff", "--name-only", "HEAD^1", "HEAD^2", "--", BAYI).strip()  # an evil merge
    [bayi] = [f for f in findings(repo, signed) if f["path"] == BAYI]
    assert bayi["code"] == "E420"


def test_the_leaders_signature_must_name_the_approver(repo: GitRepo) -> None:
    register(repo, 领导签字="市总工会主席")
    [finding] = findings(repo, approved(repo, LINNA_ACCOUNT))
    assert finding["code"] == "E423" and "市总工会主席" in finding["message"] and "林娜" in finding["message"]
    assert finding["line"] == 9  # the 领导签字 line


def test_the_opinion_date_may_not_be_after_the_approval(repo: GitRepo) -> None:
    register(repo, 日期="2026-03-09")
    [finding] = findings(repo, approved(repo, LINNA_ACCOUNT))  # approved 2026-03-08 10:00 in Dalian
    assert finding["code"] == "E424" and "2026-03-09" in finding["message"]


def test_adding_yourself_to_the_registry_signs_nothing(repo: GitRepo) -> None:
    units = (repo.root / UNITS).read_text(encoding="utf-8")
    repo.write(UNITS, units.replace(f"账号: {LINNA_ACCOUNT}", "账号: mallory"))
    register(repo, STRANGER)
    found = findings(repo, approved(repo, "mallory"))
    assert {(f["path"], f["code"]) for f in found} == {(UNITS, "E420"), (BAYI, "E420")}


def test_a_registry_change_needs_the_office(repo: GitRepo) -> None:
    units = (repo.root / UNITS).read_text(encoding="utf-8")
    repo.write(
        UNITS, units.replace("职务: 主席\n        账号: xigang-linna", "职务: 工会主席\n        账号: xigang-linna")
    )
    repo.commit("Registry", "2026-03-05T10:00:00+08:00", STRANGER)
    assert codes(repo, approved(repo, ZHANG_ACCOUNT)) == ["E420"]
    assert codes(repo, approved(repo, YUBO_ACCOUNT)) == []


def test_a_unit_added_in_the_same_change_cannot_file(repo: GitRepo) -> None:
    units = (repo.root / UNITS).read_text(encoding="utf-8")
    repo.write(
        UNITS,
        units
        + """  - 编号: xigang-new
    名称: 西岗区新建街道总工会
    层级: 基层工会
    上级: xigang
    签字人:
      - 姓名: 新来的
        职务: 主席
        账号: xigang-newcomer
""",
    )
    repo.write(
        "submissions/2026/xigang-new/p.yaml",
        GRASSROOTS.format(name="新项目")
        .replace("西岗区八一路街道总工会", "西岗区新建街道总工会")
        .replace("林娜", "新来的"),
    )
    repo.commit("Add a unit and file for it", "2026-03-05T10:00:00+08:00", STRANGER)
    found = findings(repo, approved(repo, YUBO_ACCOUNT, "xigang-newcomer"))
    assert [(f["path"], f["code"]) for f in found] == [("submissions/2026/xigang-new/p.yaml", "E425")]


def test_a_fabricated_tracking_record_needs_the_parents_signature(repo: GitRepo) -> None:
    repo.write(TRACKING, TRACKING_RECORD)
    repo.commit("Tracking", "2026-03-07T10:00:00+08:00", STRANGER)
    assert signing(codes(repo, approved(repo, LINNA_ACCOUNT))) == ["E420"]  # the tracked unit cannot vouch for itself
    assert signing(codes(repo, approved(repo, ZHANG_ACCOUNT))) == []


def test_the_parents_forwarding_list_is_signed_by_the_parent(repo: GitRepo) -> None:
    repo.write(FORWARD, FORWARDING.format(project="legal-aid"))
    repo.commit("Forward", "2026-03-12T10:00:00+08:00", CLERK)
    now = "2026-03-13T10:00:00"
    assert signing(codes(repo, approved(repo, LINNA_ACCOUNT, when="2026-03-13T01:00:00Z"), now)) == ["E420"]
    assert signing(codes(repo, approved(repo, ZHANG_ACCOUNT, when="2026-03-13T01:00:00Z"), now)) == []


def test_a_deadline_moved_after_it_passed_is_refused_even_with_the_offices_approval(repo: GitRepo) -> None:
    repo.write("submissions/programme.yaml", "日程调整:\n  2026:\n    立项截止: 2026-03-31\n")
    repo.commit("Extend after the fact", "2026-03-22T09:00:00+08:00", STRANGER)
    now = "2026-03-22T10:00:00"
    assert codes(repo, approved(repo, YUBO_ACCOUNT, when="2026-03-22T01:00:00Z"), now) == ["E407"]
    assert codes(repo, None, now) == ["E407", "E420"]


def test_moving_the_audits_starting_point_is_refused(repo: GitRepo) -> None:
    programme = (repo.root / "submissions/programme.yaml").read_text(encoding="utf-8")
    # A value naming a commit of main is final (one naming none exempts nothing: `init` may set it).
    start = repo.git("rev-parse", "main").strip()[:12]
    repo.write("submissions/programme.yaml", programme + f"审计起点: {start}\n")
    repo.commit("Set", "2026-01-06T09:00:00+08:00")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "pr")
    repo.git("checkout", "-q", "pr")
    repo.write("submissions/programme.yaml", programme + "审计起点: 89abcde\n")
    repo.commit("Move", "2026-03-22T09:00:00+08:00", STRANGER)
    assert codes(repo, approved(repo, YUBO_ACCOUNT), "2026-03-22T10:00:00") == ["E408"]


def test_code_changes_need_a_maintainers_approval(repo: GitRepo) -> None:
    repo.write("generator/evil.py", "print('checks nothing')\n")
    repo.commit("Code", "2026-03-05T10:00:00+08:00", STRANGER)
    [finding] = findings(repo, approved(repo, YUBO_ACCOUNT))
    assert finding["code"] == "E420" and finding["path"] == "generator/evil.py" and "系统维护" in finding["message"]
    assert codes(repo, approved(repo, MAINTAINER_ACCOUNT)) == []


def test_a_file_without_an_owner_outside_the_registry_is_the_offices(repo: GitRepo) -> None:
    repo.write("submissions/2026/xigang-bayi-street/README.md", "说明\n")
    repo.commit("Notes", "2026-03-05T10:00:00+08:00", STRANGER)
    assert codes(repo, approved(repo, LINNA_ACCOUNT)) == []  # the unit's own folder


def test_an_approvals_file_that_is_not_the_apis_shape_is_a_usage_error(repo: GitRepo) -> None:
    register(repo)
    bad = write_reviews(repo.root / ".git", {"reviews": []})  # type: ignore[arg-type]
    result = run_cli("check", "--base", "main", "--now", NOW, "--approvals", str(bad), cwd=repo.root)
    assert result.code == 2 and "审核记录的列表" in result.err and "Traceback" not in result.err


# --- SSH-signed commits: the alternative for forges without reviews ---------------------------


def test_a_commit_signed_with_the_registered_key_signs(keyed: tuple[GitRepo, Path, Path]) -> None:
    repo, hers, _ = keyed
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Register", "2026-03-05T10:00:00+08:00", LINNA, key=hers)
    assert codes(repo) == []


def test_a_signed_commit_followed_by_an_unsigned_edit_signs_nothing(keyed: tuple[GitRepo, Path, Path]) -> None:
    repo, hers, _ = keyed
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Register", "2026-03-05T10:00:00+08:00", LINNA, key=hers)
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站（改）"))
    repo.commit("Edit", "2026-03-06T10:00:00+08:00", STRANGER)
    assert codes(repo) == ["E420"]


def test_a_commit_signed_with_another_key_signs_nothing(keyed: tuple[GitRepo, Path, Path]) -> None:
    repo, _, other = keyed
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Register", "2026-03-05T10:00:00+08:00", LINNA, key=other)
    assert codes(repo) == ["E420"]


def test_a_tampered_signed_commit_signs_nothing(keyed: tuple[GitRepo, Path, Path]) -> None:
    repo, hers, _ = keyed
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Register", "2026-03-05T10:00:00+08:00", LINNA, key=hers)
    raw = repo.git("cat-file", "commit", "HEAD")
    forged = re.sub(r"\nRegister\n$", "\nRegister (edited)\n", raw)
    assert forged != raw
    sha = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        cwd=repo.root,
        input=forged,
        capture_output=True,
        text=True,
        check=True,
        env=isolated_env(),
    ).stdout.strip()
    repo.git("reset", "-q", "--hard", sha)
    assert codes(repo) == ["E420"]


def test_only_the_statements_a_change_adds_are_matched_with_its_approver(tree: Path) -> None:
    repo = new_repo(tree)
    earlier = FORWARDING.format(project="legal-aid").replace("领导签字: 张志刚", "领导签字: 前任主席")
    repo.write(FORWARD, earlier)
    repo.commit("Forwarded under the former chairman", "2026-03-12T10:00:00+08:00", CLERK)
    repo.branch("pr")
    repo.write(
        FORWARD,
        earlier
        + """  - 单位: xigang-renmin-square
    项目: night-school
    意见: 经审核，同意上报。
    领导签字: 张志刚
    日期: 2026-03-13
""",
    )
    repo.commit("Forward one more", "2026-03-13T10:00:00+08:00", CLERK)
    now = "2026-03-14T10:00:00"
    assert signing(codes(repo, approved(repo, ZHANG_ACCOUNT, when="2026-03-14T01:00:00Z"), now)) == []
    repo.write(FORWARD, earlier.replace("前任主席", "另一个人"))
    repo.commit("Rewrite the earlier signature", "2026-03-13T11:00:00+08:00", CLERK)
    [rewritten] = [
        f
        for f in findings(repo, approved(repo, ZHANG_ACCOUNT, when="2026-03-14T01:00:00Z"), now)
        if f["code"].startswith("E42")
    ]
    assert rewritten["code"] == "E423" and "另一个人" in rewritten["message"]

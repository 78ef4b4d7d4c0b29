"""The calendar in `check --base`: a registration not made on time cannot take part."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from fakeforge import check_run, check_runs
from gitrepo import (
    EXCEPTIONS,
    FORWARDING,
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

from generator.clock import parse_time

BAYI = "submissions/2026/xigang-bayi-street/legal-aid.yaml"
XIGANG = "submissions/2026/xigang/mediation.yaml"
OFFICE_EXCEPTIONS = "submissions/2026/bangongshi/exceptions.yaml"


def check(repo: GitRepo, now: str, arrived: str | None = None, base: str = "main") -> tuple[int, list[dict], str]:
    """`check --base` at `now` with the change signed (every signer these tests commit as approved
    HEAD); `arrived`: when the forge's checks first saw the head's content."""
    signed = write_reviews(
        repo.root / ".git", [review(a, repo.head()) for a in (LINNA_ACCOUNT, ZHANG_ACCOUNT, YUBO_ACCOUNT)]
    )
    args = ["check", "--base", base, "--now", now, "--format", "json", "--approvals", str(signed)]
    if arrived:
        runs = repo.root.parent / f"{repo.root.name}-check-runs.json"
        started = parse_time(arrived).isoformat()
        runs.write_text(json.dumps(check_runs(check_run(repo.head(), started))), encoding="utf-8")
        args += ["--check-runs", str(runs)]
    result = run_cli(*args, cwd=repo.root)
    assert result.code in (0, 1), result.err
    return result.code, json.loads(result.out)["findings"], result.out


def codes(findings: list[dict]) -> list[str]:
    return [f["code"] for f in findings]


@pytest.fixture
def repo(tree: Path) -> GitRepo:
    made = new_repo(tree)
    made.branch("pr")
    return made


@pytest.fixture
def registered(tree: Path) -> GitRepo:
    """main holds a grassroots registration that landed on time; a pull request branch is open."""
    made = new_repo(tree)
    made.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    made.commit("Register legal-aid", "2026-03-05T10:00:00+08:00", LINNA)
    made.branch("pr")
    return made


# --- new registrations: the second before and the second after each deadline -------------------


@pytest.mark.parametrize(
    ("arrived", "now", "expected"),
    [
        ("2026-03-10T23:59:59", "2026-03-20T23:59:59", []),
        ("2026-03-10T23:59:59.500", "2026-03-20T23:59:59.999", []),  # "10 日前" runs to 00:00 of the 11th
        ("2026-03-11T00:00:00", "2026-03-12T10:00:00", ["E401"]),
        ("2026-03-10T23:59:59", "2026-03-21T00:00:00", ["E402"]),
    ],
)
def test_a_grassroots_registration_reaches_the_forge_by_10_march_and_is_merged_by_20_march(
    repo: GitRepo, arrived: str, now: str, expected: list[str]
) -> None:
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Register", "2026-03-01T09:00:00+08:00", LINNA)
    code, findings, _ = check(repo, now, arrived)
    assert codes(findings) == expected
    assert code == (1 if expected else 0)


@pytest.mark.parametrize(
    ("now", "expected"), [("2026-03-20T23:59:59+08:00", []), ("2026-03-21T00:00:00+08:00", ["E402"])]
)
def test_a_leadership_organ_registers_by_20_march(repo: GitRepo, now: str, expected: list[str]) -> None:
    repo.write(XIGANG, ORGAN.format(name="调解网络"))
    repo.commit("Register", "2026-03-01T09:00:00+08:00", ZHANG)
    assert codes(check(repo, now)[1]) == expected


def test_a_time_given_in_utc_is_judged_in_china_standard_time(repo: GitRepo) -> None:
    repo.write(XIGANG, ORGAN.format(name="调解网络"))
    repo.commit("Register", "2026-03-01T09:00:00+08:00", ZHANG)
    assert codes(check(repo, "2026-03-20T15:59:59Z")[1]) == []
    assert codes(check(repo, "2026-03-20T16:00:00Z")[1]) == ["E402"]


def test_the_late_message_names_the_deadline_the_time_that_counted_and_the_way_out(repo: GitRepo) -> None:
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Register", "2026-03-11T08:00:00+08:00", LINNA)
    _, [finding], _ = check(repo, "2026-03-11T09:00:00", "2026-03-11T00:00:00")
    assert finding["path"] == BAYI
    assert "2026-03-10 23:59:59" in finding["message"]
    assert "2026-03-11 00:00:00" in finding["message"]
    assert "申请例外" in finding["hint"] and OFFICE_EXCEPTIONS in finding["hint"]


def test_commit_dates_prove_nothing_only_the_given_times_count(repo: GitRepo) -> None:
    repo.write(XIGANG, ORGAN.format(name="调解网络"))
    repo.commit("Backdated", "2026-02-01T09:00:00+08:00", ZHANG)  # the author says February
    assert codes(check(repo, "2026-04-01T09:00:00")[1]) == ["E402"]


def test_the_text_output_says_which_calendar_applies_and_that_holidays_do_not_move_it(repo: GitRepo) -> None:
    repo.write(XIGANG, ORGAN.format(name="调解网络"))
    repo.commit("Register", "2026-03-01T09:00:00+08:00", ZHANG)
    result = run_cli("check", "--base", "main", "--now", "2026-03-21T00:00:00", cwd=repo.root)
    assert "2026 年日程（按《评选办法》的日期" in result.out
    assert "立项截止 2026-03-20 23:59:59" in result.out and "节假日不顺延" in result.out
    assert f"{XIGANG}:1:1: 错误[E402]: " in result.out


def test_a_calendar_moved_on_main_moves_the_deadline(tree: Path) -> None:
    repo = new_repo(tree)
    repo.write("submissions/programme.yaml", "日程调整:\n  2026:\n    立项截止: 2026-03-23\n    说明: 顺延\n")
    repo.commit("Move the deadline", "2026-02-01T09:00:00+08:00")
    repo.branch("pr")
    repo.write(XIGANG, ORGAN.format(name="调解网络"))
    repo.commit("Register", "2026-03-22T09:00:00+08:00", ZHANG)
    assert codes(check(repo, "2026-03-23T23:59:59")[1]) == []
    assert codes(check(repo, "2026-03-24T00:00:00")[1]) == ["E402"]


def test_a_calendar_moved_in_the_same_change_does_not_count(repo: GitRepo) -> None:
    repo.write("submissions/programme.yaml", "日程调整:\n  2026:\n    立项截止: 2026-03-31\n")
    repo.write(XIGANG, ORGAN.format(name="调解网络"))
    repo.commit("Move my own deadline", "2026-03-22T09:00:00+08:00", ZHANG)
    # Judged by the base's calendar; and moving a deadline that has passed is refused in itself.
    assert codes(check(repo, "2026-03-22T09:00:00")[1]) == ["E402", "E407"]


# --- after 20 March a registration is frozen --------------------------------------------------


def test_a_frozen_field_edited_after_the_deadline_is_refused_at_its_line(registered: GitRepo) -> None:
    registered.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站（扩大版）"))
    registered.commit("Rename", "2026-04-02T09:00:00+08:00", LINNA)
    _, findings, _ = check(registered, "2026-04-02T09:00:00")
    assert [(f["code"], f["line"]) for f in findings] == [("E404", 4)]
    # A grassroots form is the parent's from the hand-over (10 March, 五.2): that deadline is the one cited.
    assert "项目名称" in findings[0]["message"] and "2026-03-10 23:59:59" in findings[0]["message"]


def test_the_same_edit_before_the_hand_over_is_fine(registered: GitRepo) -> None:
    registered.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站（扩大版）"))
    registered.commit("Rename", "2026-03-09T09:00:00+08:00", LINNA)
    assert codes(check(registered, "2026-03-10T23:59:59", arrived="2026-03-09T09:00:00")[1]) == []


def test_a_grassroots_edit_after_the_hand_over_is_frozen_before_the_registration_deadline(registered: GitRepo) -> None:
    registered.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站（扩大版）"))
    registered.commit("Rename", "2026-03-19T09:00:00+08:00", LINNA)
    _, findings, _ = check(registered, "2026-03-19T09:00:00", arrived="2026-03-19T09:00:00")
    assert codes(findings) == ["E404"]
    assert "基层工会报送所属上级截止" in findings[0]["message"] and "例外" in findings[0]["hint"]


def test_the_opinion_is_frozen_too(registered: GitRepo) -> None:
    text = GRASSROOTS.format(name="社区法律援助驿站").replace("同意申报。", "同意申报，优先支持。")
    registered.write(BAYI, text)
    registered.commit("Opinion", "2026-04-02T09:00:00+08:00", LINNA)
    assert codes(check(registered, "2026-04-02T09:00:00")[1]) == ["E404"]


def test_comments_category_and_focus_areas_may_still_change(registered: GitRepo) -> None:
    text = "# 注释\n" + GRASSROOTS.format(name="社区法律援助驿站") + "  - 协调劳动关系\n拟申报类别: 创优成果\n"
    registered.write(BAYI, text)
    registered.commit("Category", "2026-06-02T09:00:00+08:00", LINNA)
    assert codes(check(registered, "2026-06-02T09:00:00")[1]) == []


def test_withdrawing_after_the_deadline_is_allowed(registered: GitRepo) -> None:
    registered.write(
        BAYI, GRASSROOTS.format(name="社区法律援助驿站") + "撤回:\n  日期: 2026-06-01\n  原因: 人员调整，无法实施。\n"
    )
    registered.commit("Withdraw", "2026-06-02T09:00:00+08:00", LINNA)
    assert codes(check(registered, "2026-06-02T09:00:00")[1]) == []


def test_a_withdrawal_cannot_be_taken_back_after_the_deadline(registered: GitRepo) -> None:
    registered.checkout("main")
    registered.write(
        BAYI, GRASSROOTS.format(name="社区法律援助驿站") + "撤回:\n  日期: 2026-06-01\n  原因: 人员调整。\n"
    )
    registered.commit("Withdraw", "2026-06-02T09:00:00+08:00", LINNA)
    registered.branch("undo")
    registered.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    registered.commit("Undo", "2026-07-02T09:00:00+08:00", LINNA)
    assert codes(check(registered, "2026-07-02T09:00:00")[1]) == ["E406"]


@pytest.mark.parametrize(("now", "expected"), [("2026-03-10T23:59:59", []), ("2026-03-11T00:00:00", ["E405"])])
def test_a_registered_filing_cannot_be_deleted_after_the_deadline(
    registered: GitRepo, now: str, expected: list[str]
) -> None:
    registered.remove(BAYI)
    registered.commit("Delete", "2026-03-20T12:00:00+08:00", LINNA)
    code, findings, _ = check(registered, now)
    assert code == (1 if expected else 0)
    assert codes(findings) == expected
    if expected:
        assert findings[0]["path"] == BAYI and findings[0]["line"] == 0 and "撤回" in findings[0]["hint"]


def test_a_renamed_registration_is_a_deletion_and_a_late_filing(registered: GitRepo) -> None:
    registered.git("mv", BAYI, BAYI.replace("legal-aid", "legal-aid-2"))
    registered.commit("Rename file", "2026-04-02T09:00:00+08:00", LINNA)
    assert sorted(codes(check(registered, "2026-04-02T09:00:00", "2026-04-02T09:00:00")[1])) == ["E401", "E405"]


def test_an_uncommitted_new_file_is_seen_too(repo: GitRepo) -> None:
    repo.write(XIGANG, ORGAN.format(name="调解网络"))  # not even `git add`ed
    # Late, and not signed: nobody can have approved content that is not even committed.
    assert codes(check(repo, "2026-03-21T00:00:00")[1]) == ["E402", "E420"]


# --- exceptions --------------------------------------------------------------------------------


def test_an_exception_on_main_lets_a_late_registration_through_until_its_new_deadline(tree: Path) -> None:
    repo = new_repo(tree)
    repo.write(OFFICE_EXCEPTIONS, EXCEPTIONS.format(path=BAYI, until="2026-03-31"))
    repo.commit("Grant an exception", "2026-03-21T10:00:00+08:00", YUBO)
    repo.branch("pr")
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Late registration", "2026-03-25T10:00:00+08:00", LINNA)
    assert codes(check(repo, "2026-03-31T23:59:59", "2026-03-25T10:00:00")[1]) == []
    _, findings, _ = check(repo, "2026-04-01T00:00:00", "2026-03-25T10:00:00")
    assert codes(findings) == ["E402"]
    assert "例外已于 2026-03-31 到期" in findings[0]["hint"]


def test_an_exception_added_in_the_same_change_does_not_count(repo: GitRepo) -> None:
    repo.write(OFFICE_EXCEPTIONS, EXCEPTIONS.format(path=BAYI, until="2026-12-31"))
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Late registration with a home-made exception", "2026-03-25T10:00:00+08:00", LINNA)
    _, findings, _ = check(repo, "2026-03-25T10:00:00", "2026-03-25T10:00:00")
    late = [f for f in findings if f["path"] == BAYI]
    assert codes(late) == ["E401"]
    assert "本次变更里新增或延长的例外不算数" in late[0]["hint"]


def test_an_exception_outside_the_office_folder_is_refused(repo: GitRepo) -> None:
    repo.write("submissions/2026/xigang/exceptions.yaml", EXCEPTIONS.format(path=BAYI, until="2026-03-31"))
    repo.commit("Exception in the wrong folder", "2026-03-02T10:00:00+08:00", ZHANG)
    assert "E440" in codes(check(repo, "2026-03-02T10:00:00")[1])


def test_an_exception_can_cover_a_frozen_edit(tree: Path) -> None:
    repo = new_repo(tree)
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Register", "2026-03-05T10:00:00+08:00", LINNA)
    repo.write(OFFICE_EXCEPTIONS, EXCEPTIONS.format(path=BAYI, until="2026-04-10"))
    repo.commit("Allow a correction", "2026-04-01T10:00:00+08:00", YUBO)
    repo.branch("pr")
    repo.write(BAYI, GRASSROOTS.format(name="社区职工法律援助驿站"))
    repo.commit("Correct the name", "2026-04-02T10:00:00+08:00", LINNA)
    assert codes(check(repo, "2026-04-02T10:00:00")[1]) == []


# --- the later kinds of filing, each in its window --------------------------------------------


@pytest.mark.parametrize(
    ("name", "now", "expected"),
    [
        ("forwarding", "2026-03-20T23:59:59", []),
        ("forwarding", "2026-03-21T00:00:00", ["E402"]),
        ("tracking", "2026-03-20T23:59:59", ["E403"]),
        ("tracking", "2026-03-21T00:00:00", []),
        ("tracking", "2026-11-30T23:59:59", []),
        ("tracking", "2026-12-01T00:00:00", ["E402"]),
        ("recommendation", "2026-03-20T23:59:59", ["E403"]),
        ("recommendation", "2026-11-15T23:59:59", []),
        ("recommendation", "2026-11-16T00:00:00", ["E402"]),
    ],
)
def test_a_parents_filings_are_accepted_only_in_their_window(
    repo: GitRepo, name: str, now: str, expected: list[str]
) -> None:
    repo.write(f"submissions/2026/xigang/{name}.yaml", FORWARDING.format(project="legal-aid"))
    repo.commit(name, "2026-03-01T09:00:00+08:00", ZHANG)
    calendar = [c for c in codes(check(repo, now)[1]) if c.startswith("E40")]
    assert calendar == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-15T23:59:59", ["E403"]),
        ("2026-11-16T00:00:00", []),
        ("2026-11-30T23:59:59", []),
        ("2026-12-01T00:00:00", ["E402"]),
    ],
)
def test_the_review_is_recorded_between_recommendation_and_results(
    repo: GitRepo, now: str, expected: list[str]
) -> None:
    repo.write("submissions/2026/bangongshi/review.yaml", "评审: 待定\n")
    repo.commit("Review", "2026-11-20T09:00:00+08:00", YUBO)
    assert [c for c in codes(check(repo, now)[1]) if c.startswith("E40")] == expected


def test_the_registry_and_the_exceptions_may_change_any_time(repo: GitRepo) -> None:
    repo.write(OFFICE_EXCEPTIONS, EXCEPTIONS.format(path=BAYI, until="2026-03-31"))
    repo.commit("Exception", "2026-12-20T09:00:00+08:00", YUBO)
    assert codes(check(repo, "2026-12-20T09:00:00")[1]) == []


# --- usage -----------------------------------------------------------------------------------


def test_an_unknown_base_is_a_usage_error_in_chinese(repo: GitRepo) -> None:
    result = run_cli("check", "--base", "no-such-branch", cwd=repo.root)
    assert result.code == 2 and "找不到基准版本“no-such-branch”" in result.err
    assert "Traceback" not in result.err


def test_a_bad_time_is_a_usage_error_in_chinese(repo: GitRepo) -> None:
    result = run_cli("check", "--base", "main", "--now", "3月21日", cwd=repo.root)
    assert result.code == 2 and "不是 ISO 8601 时间" in result.err


def test_without_base_check_ignores_the_calendar(repo: GitRepo) -> None:
    repo.write(XIGANG, ORGAN.format(name="调解网络"))
    repo.commit("Register", "2026-12-01T09:00:00+08:00", ZHANG)
    assert run_cli("check", cwd=repo.root).code == 0


def test_chinese_file_names_survive_the_diff(repo: GitRepo) -> None:
    repo.write("submissions/2026/xigang/说明.md", "本文件夹的说明\n")
    repo.write("submissions/2026/xigang/调解网络.yaml", ORGAN.format(name="调解网络"))
    repo.commit("Chinese names", "2026-03-21T09:00:00+08:00", ZHANG)
    _, findings, out = check(repo, "2026-03-21T09:00:00")
    assert [(f["code"], f["path"]) for f in findings] == [("E012", "submissions/2026/xigang/调解网络.yaml")]
    assert "\\350" not in out  # never git's octal quoting

"""The audit of main's first-parent history: when each filing landed, and what landed late."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from gitrepo import (
    EXCEPTIONS,
    GRASSROOTS,
    LINNA,
    ORGAN,
    PROGRAMME,
    YUBO,
    ZHANG,
    ZHANG_ACCOUNT,
    GitRepo,
    landing,
    write_landings,
)

from generator.history.audit import audit
from generator.history.landings import read_landings
from generator.validate.tree import load_submissions

BAYI = "submissions/2026/xigang-bayi-street/legal-aid.yaml"
XIGANG = "submissions/2026/xigang/mediation.yaml"
OFFICE_EXCEPTIONS = "submissions/2026/bangongshi/exceptions.yaml"


def land(
    repo: GitRepo, branch: str, files: dict[str, str], authored: str, merged: str, who: tuple[str, str] = ZHANG
) -> str:
    """A pull request: a branch with one commit, merged into main with a merge commit at `merged`."""
    repo.branch(branch)
    for path, text in files.items():
        repo.write(path, text)
    repo.commit(branch, authored, who)
    repo.checkout("main")
    return repo.merge(branch, merged)


def run_audit(repo: GitRepo):
    return audit(repo.root, load_submissions(repo.root, only=[]))


def test_a_filing_lands_when_its_merge_commit_lands(repo: GitRepo) -> None:
    merge = land(
        repo, "organ", {XIGANG: ORGAN.format(name="调解网络")}, "2026-01-10T09:00:00+08:00", "2026-03-15T10:30:00+08:00"
    )
    report = run_audit(repo)
    landing = report.landings[XIGANG]
    assert landing.commit == merge
    assert landing.time.isoformat() == "2026-03-15T10:30:00+08:00"
    assert not landing.late and landing.audited
    assert report.findings == []


@pytest.mark.parametrize(
    ("merged", "late"), [("2026-03-20T23:59:59+08:00", False), ("2026-03-21T00:00:00+08:00", True)]
)
def test_a_registration_merged_one_second_late_is_flagged(repo: GitRepo, merged: str, late: bool) -> None:
    land(repo, "organ", {XIGANG: ORGAN.format(name="调解网络")}, "2026-03-01T09:00:00+08:00", merged)
    report = run_audit(repo)
    assert report.landings[XIGANG].late is late
    assert [f.code for f in report.findings] == (["E450"] if late else [])


def test_the_authors_date_does_not_count_the_merge_does(repo: GitRepo) -> None:
    land(
        repo, "organ", {XIGANG: ORGAN.format(name="调解网络")}, "2026-03-01T09:00:00+08:00", "2026-04-01T09:00:00+08:00"
    )
    assert run_audit(repo).landings[XIGANG].late


def test_an_exception_on_main_before_the_landing_covers_it(repo: GitRepo) -> None:
    land(
        repo,
        "exception",
        {OFFICE_EXCEPTIONS: EXCEPTIONS.format(path=BAYI, until="2026-03-31")},
        "2026-03-21T09:00:00+08:00",
        "2026-03-21T10:00:00+08:00",
        YUBO,
    )
    land(
        repo,
        "late",
        {BAYI: GRASSROOTS.format(name="社区法律援助驿站")},
        "2026-03-25T09:00:00+08:00",
        "2026-03-25T10:00:00+08:00",
        LINNA,
    )
    landing = run_audit(repo).landings[BAYI]
    assert not landing.late
    assert landing.exception is not None and str(landing.exception.new_deadline) == "2026-03-31"


def test_an_exception_landing_with_the_filing_does_not_cover_it(repo: GitRepo) -> None:
    land(
        repo,
        "forged",
        {
            OFFICE_EXCEPTIONS: EXCEPTIONS.format(path=BAYI, until="2026-03-31"),
            BAYI: GRASSROOTS.format(name="社区法律援助驿站"),
        },
        "2026-03-25T09:00:00+08:00",
        "2026-03-25T10:00:00+08:00",
        LINNA,
    )
    assert run_audit(repo).landings[BAYI].late


def test_an_exception_expired_before_the_landing_does_not_cover_it(repo: GitRepo) -> None:
    land(
        repo,
        "exception",
        {OFFICE_EXCEPTIONS: EXCEPTIONS.format(path=BAYI, until="2026-03-24")},
        "2026-03-21T09:00:00+08:00",
        "2026-03-21T10:00:00+08:00",
        YUBO,
    )
    land(
        repo,
        "late",
        {BAYI: GRASSROOTS.format(name="社区法律援助驿站")},
        "2026-03-25T09:00:00+08:00",
        "2026-03-25T00:00:00+08:00",
        LINNA,
    )
    assert run_audit(repo).landings[BAYI].late


def test_a_recommendation_landing_before_its_window_opens_is_flagged(repo: GitRepo) -> None:
    path = "submissions/2026/xigang/recommendation.yaml"
    land(repo, "early", {path: "推荐: 待定\n"}, "2026-03-01T09:00:00+08:00", "2026-03-02T09:00:00+08:00")
    landing = run_audit(repo).landings[path]
    assert landing.late and landing.missed == "受理开始"


def test_later_edits_move_last_change_not_the_landing(repo: GitRepo) -> None:
    first = land(
        repo, "organ", {XIGANG: ORGAN.format(name="调解网络")}, "2026-03-01T09:00:00+08:00", "2026-03-02T09:00:00+08:00"
    )
    withdrawn = ORGAN.format(name="调解网络") + "撤回:\n  日期: 2026-06-01\n  原因: 调整。\n"
    second = land(repo, "withdraw", {XIGANG: withdrawn}, "2026-06-01T09:00:00+08:00", "2026-06-02T09:00:00+08:00")
    landing = run_audit(repo).landings[XIGANG]
    assert (landing.commit, landing.last_commit) == (first, second)
    assert not landing.late


def test_a_deleted_filing_has_no_landing(repo: GitRepo) -> None:
    land(
        repo, "organ", {XIGANG: ORGAN.format(name="调解网络")}, "2026-03-01T09:00:00+08:00", "2026-03-02T09:00:00+08:00"
    )
    repo.remove(XIGANG)
    repo.commit("Remove", "2026-03-03T09:00:00+08:00")
    assert XIGANG not in run_audit(repo).landings


def test_history_up_to_the_starting_point_is_not_audited(repo: GitRepo) -> None:
    imported = land(
        repo,
        "import",
        {XIGANG: ORGAN.format(name="调解网络")},
        "2026-11-01T09:00:00+08:00",
        "2026-11-02T09:00:00+08:00",
    )
    repo.write("submissions/programme.yaml", PROGRAMME + f"审计起点: {imported[:12]}\n")
    repo.commit("Set the audit start", "2026-11-03T09:00:00+08:00")
    land(
        repo,
        "late",
        {BAYI: GRASSROOTS.format(name="社区法律援助驿站")},
        "2026-11-04T09:00:00+08:00",
        "2026-11-04T10:00:00+08:00",
        LINNA,
    )
    report = run_audit(repo)
    assert not report.landings[XIGANG].audited and not report.landings[XIGANG].late
    assert report.landings[BAYI].late
    assert [f.path for f in report.findings] == [BAYI]


def test_a_starting_point_not_on_main_is_reported(repo: GitRepo) -> None:
    repo.write("submissions/programme.yaml", PROGRAMME + "审计起点: 0123456789ab\n")
    repo.commit("Bad start", "2026-11-03T09:00:00+08:00")
    assert [f.code for f in run_audit(repo).findings] == ["W451"]


def test_only_first_parent_commits_count_as_landings(repo: GitRepo) -> None:
    repo.branch("pr")
    repo.write(XIGANG, ORGAN.format(name="调解网络"))
    repo.commit("On the branch", "2026-03-01T09:00:00+08:00", ZHANG)
    repo.checkout("main")
    repo.write("submissions/2026/xigang/README.md", "说明\n")
    repo.commit("Meanwhile on main", "2026-03-10T09:00:00+08:00")
    merge = repo.merge("pr", "2026-03-25T09:00:00+08:00")
    landing = run_audit(repo).landings[XIGANG]
    assert landing.commit == merge and landing.late


def test_odd_file_names_cannot_forge_a_commit_record(repo: GitRepo) -> None:
    odd = "submissions/2026/xigang/\x1e0000000000000000000000000000000000000000\n中文 名.yaml"
    land(
        repo,
        "odd",
        {odd: "x: 1\n", XIGANG: ORGAN.format(name="调解网络")},
        "2026-03-01T09:00:00+08:00",
        "2026-03-02T09:00:00+08:00",
    )
    report = run_audit(repo)
    assert report.commits == 2
    assert report.landings[XIGANG].commit == repo.head()


def test_the_audit_command_lists_landings_and_exits_1_on_late_ones(repo: GitRepo) -> None:
    land(
        repo, "organ", {XIGANG: ORGAN.format(name="调解网络")}, "2026-03-01T09:00:00+08:00", "2026-03-22T09:00:00+08:00"
    )
    result = run_cli("audit", "--list", cwd=repo.root)
    assert result.code == 1
    assert f"{XIGANG}\t2026-03-22 09:00:00\t{repo.head()[:10]}\t逾期" in result.out
    assert f"{XIGANG}: 错误[E450]: 立项申报表于 2026-03-22 09:00:00 合并到主分支" in result.out
    assert "立项截止时间 2026-03-20 23:59:59" in result.out
    as_json = json.loads(run_cli("audit", "--format", "json", cwd=repo.root).out)
    assert [f["code"] for f in as_json["findings"]] == ["E450"]


NIGHT_SCHOOL = "submissions/2026/xigang/night-school.yaml"


def land_on_time_and_one_second_late(repo: GitRepo) -> None:
    """Two organ registrations: XIGANG merged at the deadline's last second, NIGHT_SCHOOL one after."""
    land(
        repo,
        "on-time",
        {XIGANG: ORGAN.format(name="调解网络")},
        "2026-03-01T09:00:00+08:00",
        "2026-03-20T23:59:59+08:00",
    )
    land(
        repo,
        "late",
        {NIGHT_SCHOOL: ORGAN.format(name="职工夜校")},
        "2026-03-01T09:00:00+08:00",
        "2026-03-21T00:00:01+08:00",
    )


def test_a_registration_that_landed_late_is_late_in_its_status(repo: GitRepo) -> None:
    from generator.clock import parse_time
    from generator.history.audit import audit_or_none
    from generator.lifecycle.status import Status, derive_projects

    land_on_time_and_one_second_late(repo)
    subs = load_submissions(repo.root)
    record = audit_or_none(repo.root, subs)
    assert record is not None
    late = record.late_registrations()
    assert late == {NIGHT_SCHOOL}
    landed = record.landed_at(NIGHT_SCHOOL)
    assert landed is not None and landed.isoformat() == "2026-03-21T00:00:01+08:00"
    statuses = {r.path: r.status for r in derive_projects(subs, parse_time("2026-04-01"), late)}
    assert statuses == {XIGANG: Status.REGISTERED, NIGHT_SCHOOL: Status.LATE}


def test_a_tree_without_history_has_no_landing_record(tree: Path) -> None:
    from generator.history.audit import audit_or_none

    assert audit_or_none(tree, load_submissions(tree, only=[])) is None


def test_the_site_shows_a_late_registration_as_late_with_its_landing_time(repo: GitRepo) -> None:
    land_on_time_and_one_second_late(repo)
    built = run_cli("build", "--now", "2026-04-01", cwd=repo.root)
    assert built.code == 0, built.out + built.err
    late_page = (repo.root / "site/2026/projects/night-school.html").read_text(encoding="utf-8")
    on_time_page = (repo.root / "site/2026/projects/mediation.html").read_text(encoding="utf-8")
    assert "逾期未立项" in late_page and "2026 年 3 月 21 日 00:00 合并入库" in late_page
    assert "逾期未立项" not in on_time_page and "2026 年 3 月 20 日 23:59 合并入库" in on_time_page


# --- the rules in force when each file landed ----------------------------------------------------


def move_deadline(repo: GitRepo, day: str, when: str) -> str:
    repo.write("submissions/programme.yaml", PROGRAMME + f"日程调整:\n  2026:\n    立项截止: {day}\n    说明: 调整。\n")
    return repo.commit("Move the deadline", when, YUBO)


def test_a_deadline_moved_after_it_passed_erases_nothing_and_is_a_finding(repo: GitRepo) -> None:
    land(
        repo, "late", {XIGANG: ORGAN.format(name="调解网络")}, "2026-03-01T09:00:00+08:00", "2026-03-22T09:00:00+08:00"
    )
    move_deadline(repo, "2026-03-31", "2026-03-23T09:00:00+08:00")  # after the fact
    report = run_audit(repo)
    assert report.landings[XIGANG].late  # judged by the deadline it met: 20 March
    assert sorted(f.code for f in report.findings) == ["E450", "E453"]
    [moved] = [f for f in report.findings if f.code == "E453"]
    assert moved.path == "submissions/programme.yaml" and "2026-03-31" in moved.message


def test_a_deadline_extended_before_it_passes_counts_for_what_lands_after(repo: GitRepo) -> None:
    move_deadline(repo, "2026-03-23", "2026-03-10T09:00:00+08:00")
    land(
        repo, "organ", {XIGANG: ORGAN.format(name="调解网络")}, "2026-03-01T09:00:00+08:00", "2026-03-22T09:00:00+08:00"
    )
    report = run_audit(repo)
    assert not report.landings[XIGANG].late and report.findings == []


def test_a_deadline_shortened_later_does_not_make_an_earlier_landing_late(repo: GitRepo) -> None:
    land(
        repo, "organ", {XIGANG: ORGAN.format(name="调解网络")}, "2026-03-01T09:00:00+08:00", "2026-03-18T09:00:00+08:00"
    )
    move_deadline(repo, "2026-03-15", "2026-03-19T09:00:00+08:00")
    report = run_audit(repo)
    assert not report.landings[XIGANG].late
    assert [f.code for f in report.findings] == ["E453"]


def test_moving_the_starting_point_past_a_late_landing_erases_nothing(repo: GitRepo) -> None:
    imported = land(
        repo,
        "import",
        {XIGANG: ORGAN.format(name="调解网络")},
        "2026-01-06T09:00:00+08:00",
        "2026-01-07T09:00:00+08:00",
    )
    repo.write("submissions/programme.yaml", PROGRAMME + f"审计起点: {imported[:12]}\n")
    repo.commit("Set the audit start", "2026-01-08T09:00:00+08:00")
    late = land(
        repo,
        "late",
        {BAYI: GRASSROOTS.format(name="社区法律援助驿站")},
        "2026-03-25T09:00:00+08:00",
        "2026-03-25T10:00:00+08:00",
        LINNA,
    )
    repo.write("submissions/programme.yaml", PROGRAMME + f"审计起点: {late[:12]}\n")  # the erasure
    repo.commit("Move the audit start", "2026-03-26T09:00:00+08:00")
    report = run_audit(repo)
    assert report.landings[BAYI].late and not report.landings[XIGANG].audited
    assert sorted(f.code for f in report.findings) == ["E450", "E452"]


def pull_request(repo: GitRepo, number: int, files: dict[str, str], merged: str) -> str:
    """Land `files` the way GitHub merges pull request #number: its merge commit names the number."""
    repo.branch(f"pr-{number}")
    for path, text in files.items():
        repo.write(path, text)
    repo.commit("Register", "2026-03-01T09:00:00+08:00", ZHANG)
    repo.checkout("main")
    return repo.merge(f"pr-{number}", merged, f"Merge pull request #{number} from dlftu-sample/pr-{number}")


def test_the_pull_request_comes_from_the_forge_never_from_the_merge_message(repo: GitRepo, tmp_path: Path) -> None:
    merge = pull_request(repo, 12, {XIGANG: ORGAN.format(name="调解网络")}, "2026-03-02T09:00:00+08:00")
    assert run_audit(repo).landings[XIGANG].last_pull is None  # the message says #12: it proves nothing
    forge = read_landings(
        write_landings(tmp_path, [landing(merge, 12, "2026-03-02T01:00:00Z", approvers=(ZHANG_ACCOUNT,))])
    )
    record = audit(repo.root, load_submissions(repo.root, only=[]), landings=forge)
    assert record.landings[XIGANG].last_pull == 12 and record.landings[XIGANG].verified
    credit = record.credit(XIGANG, "unit_opinion")
    assert credit is not None and credit.pull == 12 and credit.approvers == (ZHANG_ACCOUNT,)
    assert record.findings == []


def test_the_site_says_how_each_opinion_was_verified_and_names_no_unchecked_pull_request(
    repo: GitRepo, tmp_path: Path
) -> None:
    repo.write("submissions/programme.yaml", PROGRAMME + "仓库地址: https://github.com/dlftu-sample/shuangchuang\n")
    repo.commit("Repository address", "2026-01-06T09:00:00+08:00", YUBO)
    merge = pull_request(repo, 12, {XIGANG: ORGAN.format(name="调解网络")}, "2026-03-02T09:30:00+08:00")
    land(
        repo,
        "direct",
        {NIGHT_SCHOOL: ORGAN.format(name="职工夜校")},
        "2026-03-01T09:00:00+08:00",
        "2026-03-03T09:00:00+08:00",
    )
    forge = write_landings(tmp_path, [landing(merge, 12, "2026-03-02T01:30:00Z", approvers=(ZHANG_ACCOUNT,))])
    built = run_cli("build", "--now", "2026-04-01", "--landings", str(forge), cwd=repo.root)
    assert built.code == 0, built.out + built.err
    reviewed = (repo.root / "site/2026/projects/mediation.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/dlftu-sample/shuangchuang/pull/12"' in reviewed
    assert "2026 年 3 月 2 日 09:30 审核合并" in reviewed and "登记的签字人" in reviewed
    assert f"批准人（平台账号）：{ZHANG_ACCOUNT}" in reviewed
    direct = (repo.root / "site/2026/projects/night-school.html").read_text(encoding="utf-8")
    assert "签字未经本系统核对" in direct and "/pull/" not in direct
    form = (repo.root / "site/2026/forms/mediation.html").read_text(encoding="utf-8")
    assert "电子记录签字人：张志刚" in form and "签字核对：经" in form and "合并请求 #12" in form

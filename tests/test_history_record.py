"""The record is final: every landing on main judged by the rules in force then, in the forge's time.

Each test builds a real history (a year of merges at chosen times) in a temp repository and runs
the real CLI on it: after-the-fact edits, backdated and unverifiable merges, exceptions, shallow
clones and impossible dates, and the sample's own history on a fresh clone of this project.
"""

from __future__ import annotations

import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import REPO, Run, run_cli
from gitrepo import PROGRAMME, YUBO, ZHANG, ZHANG_ACCOUNT, GitRepo, isolated_env, landing, new_repo, write_landings
from lifecycle_tree import FORWARDING, GRASSROOTS, ORGAN, REVIEW, TRACKING
from record_steps import (
    APPROVAL,
    EXCEPTIONS,
    FORWARDED,
    MEETING,
    ORGAN_A,
    REVIEWED,
    SQUARE_C,
    SQUARE_FORWARDED,
    STREET_B,
    Y,
    a_year,
    merge,
)

from generator.history.audit import audit
from generator.validate.tree import load_submissions

TODAY = datetime.fromisoformat("2026-12-03T10:00:00+08:00")  # after every 2026 deadline


@pytest.fixture
def repo(tree: Path) -> GitRepo:
    return new_repo(tree)


def codes(out: str) -> list[str]:
    return sorted({part.split("]")[0] for part in out.split("错误[")[1:]})


def test_a_year_landed_on_time_audits_clean(repo: GitRepo) -> None:
    a_year(repo)
    result = run_cli("audit", cwd=repo.root)
    assert result.code == 0, result.out + result.err
    assert "没有发现问题" in result.out and "未经平台核实" in result.out


def test_an_award_changed_after_the_announcement_is_a_finding(repo: GitRepo) -> None:
    a_year(repo)
    merge(repo, "rewrite", {REVIEWED: REVIEW.replace("拟授奖: 创优成果奖", "拟授奖: 不授奖")}, "2026-12-02T10:00:00")
    result = run_cli("audit", cwd=repo.root)
    assert result.code == 1
    assert codes(result.out) == ["E457"]
    assert "大工发〔2026〕40号" in result.out and "评审结果" in result.out


def test_the_announcement_is_made_from_the_record_not_from_a_change_after_it(repo: GitRepo, tmp_path: Path) -> None:
    a_year(repo)
    merge(repo, "rewrite", {REVIEWED: REVIEW.replace("拟授奖: 创优成果奖", "拟授奖: 不授奖")}, "2026-12-02T10:00:00")
    result = run_cli("announce", "2026", "--out", str(tmp_path), "--now", "2026-12-05", cwd=repo.root)
    assert result.code == 0, result.out + result.err
    notice = (tmp_path / "announcement-2026.md").read_text(encoding="utf-8")
    assert "社区职工服务驿站" in notice  # still 创优成果奖: the rewrite after the 通报 does not count


def test_results_changed_after_the_announcement_are_a_finding(repo: GitRepo) -> None:
    a_year(repo)
    revoted = REVIEW.replace("赞成: 4\n    反对: 1", "赞成: 5\n    反对: 0")
    assert revoted != REVIEW
    merge(repo, "revote", {REVIEWED: revoted}, "2026-11-29T10:00:00")
    assert codes(run_cli("audit", cwd=repo.root).out) == ["E457"]


def test_the_announcement_edited_once_issued_is_a_finding(repo: GitRepo) -> None:
    a_year(repo)
    merge(repo, "renumber", {REVIEWED: REVIEW.replace("40号", "41号")}, "2026-11-29T10:00:00")
    assert codes(run_cli("audit", cwd=repo.root).out) == ["E458"]


def test_a_review_edited_after_the_approval_but_before_the_announcement_is_a_finding(repo: GitRepo) -> None:
    a_year(repo, until="approved")
    later = (MEETING + APPROVAL).replace("拟授奖: 创优成果奖", "拟授奖: 创新成果奖")
    merge(repo, "upgrade", {REVIEWED: later}, "2026-11-26T10:00:00")
    assert codes(run_cli("audit", cwd=repo.root).out) == ["E456"]


def test_a_frozen_registration_edited_by_a_later_merge_is_a_finding(repo: GitRepo) -> None:
    a_year(repo, until="forwarded")
    edited = ORGAN.format(name="劳动争议调解网络").replace("调解工作站", "调解工作站和网上调解平台")
    merge(repo, "edit", {ORGAN_A: edited}, "2026-05-06T10:00:00")
    result = run_cli("audit", cwd=repo.root)
    assert result.code == 1 and codes(result.out) == ["E454"]
    assert ORGAN_A in result.out and "主要内容" in result.out


def test_a_rewrapped_paragraph_is_not_an_edit_but_a_changed_word_is(repo: GitRepo) -> None:
    a_year(repo, until="forwarded")
    wrapped = ORGAN.format(name="劳动争议调解网络").replace(
        "主要内容: 在全区建立劳动争议调解工作站。", "主要内容: |\n  在全区建立劳动争议\n  调解工作站。"
    )
    merge(repo, "wrap", {ORGAN_A: wrapped}, "2026-05-06T10:00:00")
    assert run_cli("audit", cwd=repo.root).code == 0
    merge(repo, "word", {ORGAN_A: wrapped.replace("全区", "全市")}, "2026-05-07T10:00:00")
    assert codes(run_cli("audit", cwd=repo.root).out) == ["E454"]


def test_a_correcting_change_resolves_the_finding(repo: GitRepo) -> None:
    a_year(repo)
    original = REVIEW
    merge(repo, "rewrite", {REVIEWED: REVIEW.replace("拟授奖: 创优成果奖", "拟授奖: 不授奖")}, "2026-12-02T10:00:00")
    merge(repo, "restore", {REVIEWED: original}, "2026-12-03T10:00:00")
    result = run_cli("audit", cwd=repo.root)
    assert result.code == 0, result.out
    assert "条问题已经解决" in result.out


def test_a_registration_deleted_after_the_deadline_is_a_finding(repo: GitRepo) -> None:
    a_year(repo, until="forwarded")
    merge(repo, "delete", {SQUARE_C: None}, "2026-04-02T10:00:00")
    assert codes(run_cli("audit", cwd=repo.root).out) == ["E455"]


def test_an_exception_on_main_covers_a_late_edit_until_its_new_deadline(repo: GitRepo) -> None:
    a_year(repo, until="forwarded")
    grant = f"""例外:
  - 文件: {FORWARDED}
    原因: 人民广场街道总工会的材料因系统故障延误，经考评领导小组同意补报。
    新截止日期: 2026-03-31
    批准人: 于波
    批准日期: 2026-03-21
"""
    merge(repo, "grant", {EXCEPTIONS: grant}, "2026-03-21T10:00:00")
    late = FORWARDING.replace("2026-03-10", "2026-03-18") + SQUARE_FORWARDED
    merge(repo, "late-forward", {FORWARDED: late}, "2026-03-23T10:00:00")
    result = run_cli("audit", "--list", cwd=repo.root)
    assert result.code == 0, result.out
    assert f"{FORWARDED}\t2026-03-18 10:00:00" in result.out and "\t例外\t" in result.out
    merge(
        repo,
        "too-late",
        {
            FORWARDED: late.replace(
                "同意上报。\n    领导签字: 张志刚\n    日期: 2026-03-22",
                "同意。\n    领导签字: 张志刚\n    日期: 2026-03-22",
            )
        },
        "2026-04-01T10:00:00",
    )
    assert codes(run_cli("audit", cwd=repo.root).out) == ["E454"]


def test_each_statement_is_credited_to_the_landing_that_added_it(repo: GitRepo, tmp_path: Path) -> None:
    steps = a_year(repo, until="forwarded")
    grant = f"例外:\n  - 文件: {FORWARDED}\n    原因: 补报。\n    新截止日期: 2026-03-31\n    批准人: 于波\n    批准日期: 2026-03-21\n"
    granted = merge(repo, "grant", {EXCEPTIONS: grant}, "2026-03-21T10:00:00")
    late = FORWARDING.replace("2026-03-10", "2026-03-18") + SQUARE_FORWARDED
    added = merge(repo, "late-forward", {FORWARDED: late}, "2026-03-23T10:00:00")
    forge = write_landings(
        tmp_path,
        [
            landing(steps["registered"], 7, "2026-03-08T02:00:00Z"),
            landing(steps["forwarded"], 9, "2026-03-18T02:00:00Z", approvers=(ZHANG_ACCOUNT,)),
            landing(granted, 11, "2026-03-21T02:00:00Z", approvers=("bangongshi-yubo",)),
            landing(added, 13, "2026-03-23T02:00:00Z", approvers=(ZHANG_ACCOUNT,)),
        ],
    )
    from generator.history.landings import read_landings

    record = audit(repo.root, load_submissions(repo.root, only=[]), landings=read_landings(forge))
    street = record.credit(FORWARDED, "item:xigang-bayi-street/street-b")
    square = record.credit(FORWARDED, "item:xigang-renmin-square/square-c")
    assert street is not None and (street.pull, street.time.day) == (9, 18)  # not #13, which only added another
    assert square is not None and (square.pull, square.approvers) == (13, (ZHANG_ACCOUNT,))
    assert record.credit(EXCEPTIONS, f"grant:{FORWARDED}").pull == 11
    assert record.credit(STREET_B, "unit_opinion").pull == 7
    assert record.findings == []


def test_a_backdated_merge_is_a_finding_and_judged_no_earlier_than_its_parent(repo: GitRepo) -> None:
    merge(repo, "first", {ORGAN_A: ORGAN.format(name="劳动争议调解网络")}, "2026-03-30T10:00:00")
    merge(
        repo,
        "backdated",
        {STREET_B: GRASSROOTS.format(unit="西岗区八一路街道总工会", name="社区职工服务驿站")},
        "2026-03-15T10:00:00",
    )
    result = run_cli("audit", cwd=repo.root)
    assert result.code == 1
    assert codes(result.out) == ["E450", "E461"]  # judged at 3/30, its parent's time: after 立项截止
    assert "时间倒流" in result.out and STREET_B in result.out


def test_a_merge_message_naming_a_pull_request_the_forge_never_merged_is_a_finding(
    repo: GitRepo, tmp_path: Path
) -> None:
    real = merge(repo, "real", {ORGAN_A: ORGAN.format(name="劳动争议调解网络")}, "2026-03-08T10:00:00")
    merge(
        repo,
        "forged",
        {STREET_B: GRASSROOTS.format(unit="西岗区八一路街道总工会", name="社区职工服务驿站")},
        "2026-03-09T10:00:00",
        "Merge pull request #404 from xigang/forged",
    )
    forge = write_landings(tmp_path, [landing(real, 3, "2026-03-08T02:00:00Z")])
    result = run_cli("audit", "--landings", str(forge), "--list", cwd=repo.root)
    assert result.code == 1 and codes(result.out) == ["E464"]
    assert "#404" in result.out and "平台没有把任何合并请求合并为这个提交" in result.out
    assert f"{ORGAN_A}\t2026-03-08 10:00:00" in result.out and "\t#3" in result.out
    assert "#404\n" not in result.out.split("错误[")[0]  # the message's number is never shown as the PR
    assert "合并时间取自平台记录" in result.out


def test_the_forge_time_is_judged_and_a_git_time_that_disagrees_is_a_finding(repo: GitRepo, tmp_path: Path) -> None:
    merged = merge(repo, "organ", {ORGAN_A: ORGAN.format(name="劳动争议调解网络")}, "2026-03-19T10:00:00")
    forge = write_landings(tmp_path, [landing(merged, 5, "2026-03-21T01:00:00Z")])  # 09:00 on the 21st
    result = run_cli("audit", "--landings", str(forge), cwd=repo.root)
    assert result.code == 1 and codes(result.out) == ["E450", "E463"]
    assert "2026-03-21 09:00:00" in result.out


def test_a_landings_file_that_is_not_the_forges_is_a_usage_error(repo: GitRepo, tmp_path: Path) -> None:
    bad = tmp_path / "landings.json"
    bad.write_text('{"commit": 1}', encoding="utf-8")
    result = run_cli("audit", "--landings", str(bad), cwd=repo.root)
    assert result.code == 2 and "shuangchuang forge landings" in result.err and "Traceback" not in result.err


def shallow_clone(repo: GitRepo, into: Path) -> Path:
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(into)],
        check=True,
        env=isolated_env(),
        capture_output=True,
    )
    return into


@pytest.mark.parametrize("command", [("audit",), ("build", "--now", "2026-12-05"), ("announce", "2026")])
def test_a_shallow_clone_is_refused_with_the_way_to_fetch_the_history(
    repo: GitRepo, tmp_path: Path, command: tuple[str, ...]
) -> None:
    a_year(repo)
    clone = shallow_clone(repo, tmp_path / "shallow")
    result = run_cli(*command, cwd=clone)
    assert result.code == 2, result.out + result.err
    assert "浅克隆" in result.err and "git fetch --unshallow" in result.err
    assert "Traceback" not in result.err and "内部错误" not in result.err
    assert not (clone / "site").exists()


def test_a_commit_dated_year_10000_is_a_finding_not_a_crash(repo: GitRepo) -> None:
    merge(repo, "organ", {ORGAN_A: ORGAN.format(name="劳动争议调解网络")}, "2026-03-08T10:00:00")
    repo.write(STREET_B, GRASSROOTS.format(unit="西岗区八一路街道总工会", name="社区职工服务驿站"))
    repo.git("add", "-A")
    repo.git(
        "-c",
        f"user.name={YUBO[0]}",
        "-c",
        f"user.email={YUBO[1]}",
        "commit",
        "-q",
        "-m",
        "From the far future",
        env={"GIT_AUTHOR_DATE": "@253402300800 +0000", "GIT_COMMITTER_DATE": "@253402300800 +0000"},
    )
    result = run_cli("audit", cwd=repo.root)
    assert result.code == 1, result.out + result.err
    assert "E462" in codes(result.out) and "超出可用的日期范围" in result.out
    assert "内部错误" not in result.err
    built = run_cli("build", "--now", "2026-04-01", cwd=repo.root)
    assert built.code == 0 and "内部错误" not in built.err, built.out + built.err


def shipped_sample(repo: Path) -> str:
    """The commit whose sample the project ships: the latest of main's first-parent history that
    changed anything outside submissions/. The live submissions/ are the users' data: a later valid
    filing (or a late one the audit rightly reports) is theirs to answer for, not the project's."""
    found = subprocess.run(
        ["git", "log", "-1", "--first-parent", "--format=%H", "HEAD", "--", ".", ":(exclude)submissions"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        env=isolated_env(),
    )
    return found.stdout.strip()


def audit_fresh_clone(repo: Path, commit: str, into: Path) -> Run:
    """`shuangchuang audit` on a fresh clone of `repo` checked out at `commit`."""
    subprocess.run(["git", "clone", "-q", "--no-checkout", str(repo), str(into)], check=True, env=isolated_env())
    subprocess.run(["git", "checkout", "-q", commit], cwd=into, check=True, env=isolated_env())
    return run_cli("audit", cwd=into)


def full_history_here() -> None:
    if (REPO / ".git").exists() is False:
        pytest.skip("this checkout is not a git repository")
    shallow = subprocess.run(
        ["git", "rev-parse", "--is-shallow-repository"], cwd=REPO, capture_output=True, text=True, check=True
    )
    if shallow.stdout.strip() == "true":
        pytest.skip("this checkout is shallow: the sample's history is not here (fetch-depth: 0)")


def test_the_shipped_sample_audits_clean_on_a_fresh_clone_of_this_project(tmp_path: Path) -> None:
    full_history_here()
    result = audit_fresh_clone(REPO, shipped_sample(REPO), tmp_path / "clone")
    assert result.code == 0, result.out + result.err
    assert "没有发现问题" in result.out and "错误[" not in result.out and "警告[" not in result.out


def test_a_users_later_filing_is_not_judged_as_the_shipped_sample(tmp_path: Path) -> None:
    """A registration committed in December (after the head, long after 2026's deadline) under the sample's
    submissions/: the audit of that head reports it, the sample's audit still judges the sample."""
    full_history_here()
    users = tmp_path / "users"
    subprocess.run(["git", "clone", "-q", str(REPO), str(users)], check=True, env=isolated_env())
    repo = GitRepo(users)
    here = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True)
    repo.git("checkout", "-q", "--detach", here.stdout.strip())
    repo.write(
        f"{Y}/xigang-renmin-square/late-reading-room.yaml",
        GRASSROOTS.format(unit="西岗区人民广场街道总工会", name="职工书屋"),
    )
    last = datetime.fromisoformat(repo.git("log", "-1", "--format=%cI").strip())
    repo.commit("A registration filed later", (max(last, TODAY) + timedelta(minutes=1)).isoformat(), ZHANG)
    assert shipped_sample(users) == shipped_sample(REPO)
    at_head = audit_fresh_clone(users, repo.head(), tmp_path / "head")
    assert at_head.code == 1 and codes(at_head.out) == ["E450"], at_head.out + at_head.err
    assert "late-reading-room.yaml" in at_head.out
    result = audit_fresh_clone(users, shipped_sample(users), tmp_path / "sample")
    assert result.code == 0, result.out + result.err


def test_a_programme_that_names_no_commit_of_main_is_said_once_with_the_way_out(repo: GitRepo) -> None:
    repo.write("submissions/programme.yaml", PROGRAMME + "审计起点: 8e3ee29f3495\n")
    repo.commit("Copied settings", "2026-01-06T09:00:00+08:00")
    result = run_cli("audit", cwd=repo.root)
    assert "451]" in result.out and "shuangchuang init" in result.out  # E451 (W451 once warnings take W)


def test_init_sets_the_starting_point_of_a_new_deployment_in_one_step(repo: GitRepo) -> None:
    # A new deployment: the settings copied from another repository (their 审计起点 names nothing
    # here) and the old records imported in one commit.
    repo.write("submissions/programme.yaml", PROGRAMME + "# 审计起点\n审计起点: 8e3ee29f3495\n")
    repo.write(ORGAN_A, ORGAN.format(name="劳动争议调解网络"))
    imported = repo.commit("Import the records kept so far", "2026-11-20T09:00:00+08:00")
    assert "451]" in run_cli("audit", cwd=repo.root).out
    result = run_cli("init", cwd=repo.root)
    assert result.code == 0, result.out + result.err
    assert imported[:12] in result.out and "git commit" in result.out
    text = (repo.root / "submissions/programme.yaml").read_text(encoding="utf-8")
    assert f"审计起点: {imported[:12]}\n" in text and "# 审计起点\n" in text and "8e3ee29f3495" not in text
    checked = run_cli("check", "--base", "HEAD", "--now", "2026-11-21", cwd=repo.root)
    assert "E408" not in checked.out, checked.out  # CI lets a value naming no commit here be set
    repo.commit("设定审计起点", "2026-11-21T09:00:00+08:00")
    audited = run_cli("audit", cwd=repo.root)
    assert audited.code == 0 and "没有发现问题" in audited.out, audited.out
    assert "已经是" in run_cli("init", cwd=repo.root).out


def test_init_refuses_to_move_a_starting_point_that_names_a_commit_here(repo: GitRepo) -> None:
    first = repo.head()
    repo.write("submissions/programme.yaml", PROGRAMME + f"审计起点: {first[:12]}\n")
    repo.commit("Set the audit start", "2026-01-06T09:00:00+08:00")
    repo.write(ORGAN_A, ORGAN.format(name="劳动争议调解网络"))
    repo.commit("More", "2026-03-06T09:00:00+08:00")
    assert "已经是" in run_cli("init", cwd=repo.root).out
    result = run_cli("init", "--commit", "HEAD", cwd=repo.root)
    assert result.code == 2 and "不能再改" in result.err and "导入记录" in result.err
    repo.write("submissions/programme.yaml", PROGRAMME + f"审计起点: {repo.head()[:12]}\n")
    assert "E408" in run_cli("check", "--base", "HEAD", "--now", "2026-03-07", cwd=repo.root).out


def test_init_in_a_repository_without_a_commit_says_what_to_do_first(tree: Path) -> None:
    GitRepo.init(tree)
    result = run_cli("init", cwd=tree)
    assert result.code == 2 and "还没有提交" in result.err and "Traceback" not in result.err


def test_the_issue_for_the_office_lists_the_findings_with_filing_text_escaped(repo: GitRepo, tmp_path: Path) -> None:
    a_year(repo, until="approved")
    markup = REVIEW.replace("大工发〔2026〕40号", "<b>@office</b>")
    merge(repo, "notice", {REVIEWED: markup}, "2026-11-28T10:00:00")
    merge(repo, "renumber", {REVIEWED: REVIEW}, "2026-11-29T10:00:00")
    body = tmp_path / "issue.md"
    result = run_cli("audit", "--issue-body", str(body), cwd=repo.root)
    assert result.code == 1
    text = body.read_text(encoding="utf-8")
    assert text.startswith("## 记录核对发现问题") and "<td>E458</td>" in text
    assert "&lt;b&gt;@office&lt;/b&gt;" in text and "<b>" not in text  # escaped inside the table


def import_record(commit: str) -> str:
    return (
        "导入记录:\n"
        f"  - 提交: {commit[:12]}\n"
        "    说明: 录入 2026 年度的纸质跟踪考核记录。\n"
        "    批准人: 于波\n"
        "    批准日期: 2026-12-01\n"
    )


def test_an_import_declared_before_it_lands_is_recorded_as_an_import(repo: GitRepo) -> None:
    a_year(repo, until="forwarded")
    start = repo.head()
    repo.write("submissions/programme.yaml", PROGRAMME + f"审计起点: {start[:12]}\n")
    repo.commit("Set the audit start", "2026-03-19T09:00:00+08:00")
    repo.branch("paper")
    repo.write(f"{Y}/xigang/tracking.yaml", TRACKING)
    tip = repo.commit("Paper records", "2026-12-01T08:00:00+08:00")
    repo.checkout("main")
    merge(
        repo,
        "declare",
        {"submissions/programme.yaml": PROGRAMME + f"审计起点: {start[:12]}\n" + import_record(tip)},
        "2026-12-01T10:00:00",
    )
    repo.merge("paper", "2026-12-02T10:00:00+08:00")
    result = run_cli("audit", "--list", cwd=repo.root)
    assert result.code == 0, result.out
    assert f"{Y}/xigang/tracking.yaml\t2026-12-02 10:00:00" in result.out and "\t导入\t" in result.out


def test_an_import_declared_after_it_landed_does_not_count(repo: GitRepo) -> None:
    a_year(repo, until="forwarded")
    start = repo.head()
    repo.write("submissions/programme.yaml", PROGRAMME + f"审计起点: {start[:12]}\n")
    repo.commit("Set the audit start", "2026-03-19T09:00:00+08:00")
    late = merge(repo, "paper", {f"{Y}/xigang/tracking.yaml": TRACKING}, "2026-12-02T10:00:00")
    merge(
        repo,
        "declare",
        {"submissions/programme.yaml": PROGRAMME + f"审计起点: {start[:12]}\n" + import_record(late)},
        "2026-12-03T10:00:00",
    )
    result = run_cli("audit", cwd=repo.root)
    assert codes(result.out) == ["E450", "E465"]
    assert "登记在这次合并之后，不算数" in result.out


def test_a_withdrawal_after_the_deadline_is_no_finding_and_leaves_the_opinion_with_its_own_landing(
    repo: GitRepo, tmp_path: Path
) -> None:
    steps = a_year(repo, until="forwarded")
    withdrawn = ORGAN.format(name="劳动争议调解网络") + "撤回:\n  日期: 2026-06-01\n  原因: 并入年度重点工作。\n"
    later = merge(repo, "withdraw", {ORGAN_A: withdrawn}, "2026-06-02T10:00:00")
    forge = write_landings(
        tmp_path, [landing(steps["registered"], 7, "2026-03-08T02:00:00Z"), landing(later, 20, "2026-06-02T02:00:00Z")]
    )
    from generator.history.landings import read_landings

    record = audit(repo.root, load_submissions(repo.root, only=[]), landings=read_landings(forge))
    assert record.findings == []
    assert record.credit(ORGAN_A, "unit_opinion").pull == 7  # not the pull request that withdrew it
    assert record.credit(ORGAN_A, "withdrawal").pull == 20


def test_an_exception_granted_after_a_late_edit_resolves_it_but_not_a_late_registration(repo: GitRepo) -> None:
    a_year(repo, until="forwarded")
    edited = ORGAN.format(name="劳动争议调解网络").replace("调解工作站", "调解工作站和网上调解平台")
    merge(repo, "edit", {ORGAN_A: edited}, "2026-05-06T10:00:00")
    late = f"{Y}/xigang/late.yaml"
    merge(repo, "late", {late: ORGAN.format(name="迟到的项目")}, "2026-05-07T10:00:00")
    assert codes(run_cli("audit", cwd=repo.root).out) == ["E450", "E454"]
    grants = "".join(
        f"  - 文件: {path}\n    原因: 经考评领导小组同意。\n    新截止日期: 2026-05-31\n    批准人: 于波\n    批准日期: 2026-05-08\n"
        for path in (ORGAN_A, late)
    )
    merge(repo, "grant", {EXCEPTIONS: "例外:\n" + grants}, "2026-05-08T10:00:00")
    result = run_cli("audit", cwd=repo.root)
    assert codes(result.out) == ["E450"]  # a registration not made on time cannot take part (五.2)
    assert "另有 1 条问题已经解决" in result.out


def registration_exception(path: str) -> str:
    return f"例外:\n  - 文件: {path}\n    原因: 报送材料延误。\n    新截止日期: 2026-03-31\n    批准人: 于波\n    批准日期: 2026-03-21\n"


def test_a_late_forwarding_of_a_registration_the_office_let_in_late_is_covered(repo: GitRepo) -> None:
    merge(
        repo,
        "register",
        {STREET_B: GRASSROOTS.format(unit="西岗区八一路街道总工会", name="社区职工服务驿站")},
        "2026-03-08T10:00:00",
    )
    merge(repo, "grant", {EXCEPTIONS: registration_exception(STREET_B)}, "2026-03-21T10:00:00")
    merge(repo, "forward", {FORWARDED: FORWARDING.replace("2026-03-10", "2026-03-22")}, "2026-03-22T10:00:00")
    assert run_cli("audit", cwd=repo.root).code == 0
    # Another unit's entry, not excepted, slipped into the same late list: that is late.
    merge(
        repo,
        "more",
        {FORWARDED: FORWARDING.replace("2026-03-10", "2026-03-22") + SQUARE_FORWARDED},
        "2026-03-23T10:00:00",
    )
    assert codes(run_cli("audit", cwd=repo.root).out) == ["E454"]


def test_an_entry_added_after_the_deadline_for_an_excepted_registration_is_covered(repo: GitRepo) -> None:
    a_year(repo, until="forwarded")
    merge(repo, "grant", {EXCEPTIONS: registration_exception(SQUARE_C)}, "2026-03-21T10:00:00")
    late = FORWARDING.replace("2026-03-10", "2026-03-18") + SQUARE_FORWARDED
    merge(repo, "late-forward", {FORWARDED: late}, "2026-03-23T10:00:00")
    assert run_cli("audit", cwd=repo.root).code == 0

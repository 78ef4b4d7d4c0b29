"""A signature covers exactly what the signer saw (issue 17): only each signer's latest signature
counts, a dismissed approval counts for nothing, a deletion is signed only by a signature of a
commit in which the file is gone and which descends from the file, and who may sign comes from
the base's registry or from nowhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from gitrepo import (
    CLERK,
    GRASSROOTS,
    LINNA,
    LINNA_ACCOUNT,
    STRANGER,
    YUBO,
    YUBO_ACCOUNT,
    GitRepo,
    new_repo,
    review,
)
from signature_check import APPROVED_AT, BAYI, UNITS, codes, findings, keyed

__all__ = ["keyed"]  # the fixture, used by name

NOTE = "submissions/2026/xigang-bayi-street/说明.md"


@pytest.fixture
def repo(tree: Path) -> GitRepo:
    made = new_repo(tree)
    made.branch("pr")
    return made


def file_it(repo: GitRepo, name: str = "社区法律援助驿站", when: str = "2026-03-05T10:00:00+08:00") -> str:
    repo.write(BAYI, GRASSROOTS.format(name=name))
    return repo.commit("Register", when, CLERK)


def test_only_the_signers_latest_approval_counts_even_after_a_revert(repo: GitRepo) -> None:
    first = file_it(repo)
    second = file_it(repo, "社区法律援助驿站（二稿）", "2026-03-05T11:00:00+08:00")
    file_it(repo, "社区法律援助驿站", "2026-03-05T12:00:00+08:00")  # back to what she approved first
    reviews = [
        review(LINNA_ACCOUNT, first, "2026-03-05T03:00:00Z"),
        review(LINNA_ACCOUNT, second, "2026-03-05T04:00:00Z"),
    ]
    assert codes(repo, reviews) == ["E420"]


def test_a_dismissed_approval_signs_nothing(repo: GitRepo) -> None:
    head = file_it(repo)
    assert codes(repo, [review(LINNA_ACCOUNT, head, APPROVED_AT, state="DISMISSED")]) == ["E420"]
    assert codes(repo, [review(LINNA_ACCOUNT, head, APPROVED_AT)]) == []


def test_an_approval_given_before_a_file_existed_does_not_sign_its_deletion(repo: GitRepo) -> None:
    before = repo.commit("Work on the pull request, before the filing exists", "2026-03-04T09:00:00+08:00", CLERK)
    repo.checkout("main")
    file_it(repo)  # the filing lands on main after she approved the pull request
    repo.checkout("pr")
    repo.merge("main", "2026-03-06T09:00:00+08:00")
    repo.remove(BAYI)
    repo.commit("Delete the filing", "2026-03-06T10:00:00+08:00", STRANGER)
    found = findings(repo, [review(LINNA_ACCOUNT, before, APPROVED_AT)])
    assert [(f["code"], f["path"]) for f in found] == [("E420", BAYI)]


def test_an_approval_of_the_deletion_itself_signs_it(repo: GitRepo) -> None:
    repo.checkout("main")
    file_it(repo)
    repo.branch("delete")
    repo.remove(BAYI)
    head = repo.commit("Delete the filing", "2026-03-06T10:00:00+08:00", CLERK)
    assert codes(repo, [review(LINNA_ACCOUNT, head, APPROVED_AT)]) == []


def test_a_signed_commit_from_elsewhere_merged_in_does_not_sign_a_deletion(
    keyed: tuple[GitRepo, Path, Path],
) -> None:
    repo, hers, _ = keyed
    repo.checkout("main")
    repo.branch("elsewhere")
    repo.write(NOTE, "说明\n")
    repo.commit(
        "Her signed note, on a line of history without the filing", "2026-03-04T09:00:00+08:00", LINNA, key=hers
    )
    repo.checkout("main")
    file_it(repo)
    repo.branch("attack")
    repo.merge("elsewhere", "2026-03-06T09:00:00+08:00")
    repo.remove(BAYI)
    repo.commit("Delete her filing", "2026-03-06T10:00:00+08:00", STRANGER)
    found = findings(repo)
    assert [(f["code"], f["path"]) for f in found] == [("E420", BAYI)]  # her note is signed, the deletion not


def test_an_unreadable_registry_on_the_base_fails_and_the_changes_registry_decides_nothing(repo: GitRepo) -> None:
    good = (repo.root / UNITS).read_text(encoding="utf-8")
    repo.checkout("main")
    repo.write(UNITS, good + "\n  这一行: [坏的\n")
    repo.commit("A broken registry lands on main", "2026-03-01T09:00:00+08:00", YUBO)
    repo.branch("fix")
    repo.write(UNITS, good)
    head = file_it(repo)
    found = findings(repo, [review(LINNA_ACCOUNT, head, APPROVED_AT), review(YUBO_ACCOUNT, head, APPROVED_AT)])
    assert "E426" in [f["code"] for f in found]
    [finding] = [f for f in found if f["code"] == "E426"]
    assert finding["path"] == UNITS and "主分支" in finding["hint"]

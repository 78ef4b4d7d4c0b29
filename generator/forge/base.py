"""The forge's interface: what the check, the merge workflow and the site ask a code-hosting platform.

Plain dataclasses in, plain dataclasses out; one implementation per platform (`github.py`,
`gitea.py` for Gitea and Forgejo). Every time on these records is set by the forge's server,
never by a client: that is what makes them evidence (see the README, "When content arrives").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

# The context of the status the merge workflow sets on the head it judged and merged; the one
# status branch protection requires (bound to the workflow on main, see .github/BRANCH_PROTECTION.md).
MERGE_CONTEXT = "合并检查"
# The checks workflow on main and the title its runs get (`run-name:`): the arrival records.
CHECKS_WORKFLOW = ".github/workflows/checks.yml"
CHECKS_EVENT = "pull_request_target"
CHECKS_TITLE = "检查 #{number} {sha}"
REVIEW_STATES = ("APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING")


class ForgeError(Exception):
    """The forge could not be asked or answered nonsense; the message is for a person (Chinese)."""


@dataclass(frozen=True)
class Pull:
    number: int
    author: str
    created_at: datetime  # server-set: when the pull request was opened
    head_sha: str
    head_repo: str  # "owner/name" of the head's repository (a fork's, or ours); "" when the fork is gone
    head_ref: str
    base_ref: str
    state: str  # "open" | "closed"
    merged_at: datetime | None
    merge_sha: str | None  # the merge commit on the base, once merged


@dataclass(frozen=True)
class Review:
    account: str
    state: str  # one of REVIEW_STATES
    commit_id: str  # the head commit the reviewer saw
    submitted_at: datetime


@dataclass(frozen=True)
class ArrivalRecord:
    commit: str  # a head the pull request had
    at: datetime  # server-set: when the forge created the record
    source: str  # the record, in a clerk's words (where to look it up)


@dataclass(frozen=True)
class Landing:
    commit: str  # the commit on main
    number: int
    merged_at: datetime  # server-set
    merged_by: str


class Forge(Protocol):
    dialect: str  # "github" | "gitea" | "forgejo"
    web_url: str  # the forge's web address, without a trailing slash

    def pull(self, number: int) -> Pull: ...

    def reviews(self, number: int) -> list[Review]:
        """Every review of the pull request (every page), in the forge's order (oldest first)."""
        ...

    def arrival_records(self, number: int) -> list[ArrivalRecord]:
        """Every push of the pull request the forge recorded, force-pushed-away heads included."""
        ...

    def blob_ids(self, commit: str, paths: Iterable[str]) -> dict[str, str]:
        """The blob id of each path that is a file in `commit` (trees API): for commits this clone lacks."""
        ...

    def open_pulls(self) -> list[Pull]: ...

    def pull_files(self, number: int) -> list[str]:
        """The paths the pull request changes (every page)."""
        ...

    def check_state(self, pull: Pull) -> str:
        """Our own check's verdict on the pull request's head: "success" | "failure" | "pending" | "none".

        Only the records of the checks workflow on main count (the same records as arrival)."""
        ...

    def landing(self, commit: str) -> Landing | None:
        """The pull request merged as this commit of main, with the forge's merged_at; None when none."""
        ...

    def set_status(self, sha: str, context: str, state: str, description: str, url: str = "") -> None: ...

    def comment(self, number: int, body: str) -> None: ...

    def open_issue(self, title: str, body: str) -> int:
        """Open, or update the body of, the one open issue titled exactly `title` that this token's
        own identity opened (the workflow's, e.g. github-actions[bot]); its number. Issues of that
        title opened by anyone else are never touched: nobody can take over the office's issue."""
        ...

    def close_issue(self, title: str, comment: str) -> int | None:
        """Close that issue (and any duplicate of it) with `comment`; its number, None when none is open."""
        ...

    def merge(self, number: int, head_sha: str, title: str) -> str:
        """Merge with a merge commit; the forge refuses when the head is no longer `head_sha`. The merge sha."""
        ...

    def new_file_url(self, branch: str, folder: str, filename: str) -> str: ...

    def edit_url(self, branch: str, path: str) -> str: ...

    def pull_url(self, number: int) -> str: ...

"""Gitea and Forgejo through their REST API (`/api/v1`): the `Forge` interface.

Where they differ from GitHub, and what this module relies on (Gitea's and Forgejo's API docs
and source, as of Gitea 1.22–1.25 and Forgejo 7–12):

- Lists page with `page` and `limit`, and the server caps `limit` (`MAX_RESPONSE_ITEMS`, 50 by
  default): a page shorter than asked is not the last one. Every list is read until an empty page.
- Reviews have the states APPROVED, REQUEST_CHANGES, COMMENT, PENDING and REQUEST_REVIEW (a review
  *request*, whose `user` is the account asked, not one who reviewed), and two flags: `dismissed`
  (an approval withdrawn by a maintainer, or by "dismiss stale approvals" on a push) and `stale`
  (given on an older head). A dismissed review is DISMISSED here, whatever its state: it is no
  signature. A stale one keeps its state and its `commit_id`: the check counts it for exactly the
  content that commit had.
- There are no check runs: Actions itself writes a commit status for each job of each run, on the
  pull request's head, with the context `<workflow> / <job> (<event>)` (the workflow's file name
  in older releases, its `name:` in newer ones), as the Actions user (id -2, `gitea-actions` or
  `forgejo-actions`). A status's `created_at` is set by the server when it is written, and the
  server refuses a status for a commit it does not hold: every status proves that its commit was
  on the forge at that time, whoever wrote it, and nobody can date one earlier. The arrival
  records are the earliest such status of the filing check on each head the pull request had,
  and the timeline's push comments (below), which the server writes at the push itself and which
  have no editable content (`HasContentSupport` is false for them: no account edits or deletes one).
- Those heads are the pull request's commits and every commit id of the timeline's push comments
  (`pull_push`, whose body is `{"is_force_push": …, "commit_ids": […]}`; a force push names the
  head it replaced first), so content pushed before a force push keeps its proof.
- Merging is `POST …/pulls/N/merge` with `Do: merge` and `head_commit_id`: the server answers 409
  when the head is no longer the one judged. It answers with no body; the merge commit is read
  from the pull request afterwards (`merge_commit_sha`).
- Web pages: `_new/<branch>/<folder>?filename=` (the content is not taken from the address),
  `_edit/<branch>/<path>`, `/pulls/N`.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from .base import CHECKS_EVENT, ArrivalRecord, ForgeError, Landing, Pull, Review
from .shapes import (
    REPO,
    SHA,
    ChangedFile,
    Issue,
    Model,
    PullShape,
    ReviewShape,
    TreeEntry,
    User,
    parse,
    quoted,
)
from .transport import Transport

DIALECTS = ("gitea", "forgejo")
LIMIT = 50  # Gitea's and Forgejo's default cap on `limit`; a server with a lower cap still pages right
MAX_PAGES = 200  # 10,000 entries at the default cap: an error beyond, never a silently short list
ACTIONS_USER_ID = -2  # the Actions user: `user_model.ActionsUserID` in both
ACTIONS_USERS = {"gitea": "gitea-actions", "forgejo": "forgejo-actions"}
# The filing check in .forgejo/workflows/checks.yml: its file, its `name:` and its job's `name:`.
CHECKS_FILE = "checks.yml"
CHECKS_NAME = "检查"
FILING_JOB = "检查申报文件"
# Both spellings of the status context Actions writes for that job on a pull_request_target run.
CHECK_CONTEXTS = frozenset(f"{workflow} / {FILING_JOB} ({CHECKS_EVENT})" for workflow in (CHECKS_FILE, CHECKS_NAME))
STATES = {"APPROVED": "APPROVED", "REQUEST_CHANGES": "CHANGES_REQUESTED", "COMMENT": "COMMENTED", "PENDING": "PENDING"}
STATUS_STATES = ("pending", "success", "error", "failure", "warning")


class _Status(Model):
    id: int = 0
    status: str = ""
    context: str = ""
    creator: User | None = None
    created_at: datetime
    target_url: str | None = ""


class _Commit(Model):
    sha: str


class _TimelineEvent(Model):
    id: int = 0
    type: str = ""
    body: str | None = ""
    created_at: datetime | None = None


class _Tree(Model):
    tree: list[TreeEntry] | None = None
    truncated: bool = False


class GiteaForge:
    """One repository on a Gitea or Forgejo server."""

    # `_new/` takes the file name from the address (`?filename=`) but not its content (`value` is
    # ignored): the 在线填报 form copies the content to the clipboard instead.
    new_file_takes_content = False

    def __init__(
        self,
        api_url: str,
        repo: str,
        token: str,
        env: Mapping[str, str] | None = None,
        web_url: str | None = None,
        dialect: str = "gitea",
    ) -> None:
        if dialect not in DIALECTS:
            raise ForgeError(f"不认识的平台“{dialect}”：这里只接 {'、'.join(DIALECTS)}")
        if not REPO.match(repo):
            raise ForgeError(f"仓库名“{repo}”不是“所有者/仓库”的形式：请检查 GITHUB_REPOSITORY")
        self.dialect = dialect
        self.repo = repo
        self.http = Transport(api_url, token, {"Accept": "application/json"})
        env = env or {}
        default_web = self.http.api_url.removesuffix("/api/v1")
        self.web_url = (web_url or env.get("GITHUB_SERVER_URL") or default_web).rstrip("/")

    @property
    def _r(self) -> str:
        return f"/repos/{self.repo}"

    def pages(self, path: str, query: dict[str, str | int] | None = None, max_pages: int = MAX_PAGES) -> list[Any]:
        """Every page of a list, `page` by `page` until one comes back empty.

        Not "until a page is short": the server may cap `limit` below what was asked."""
        items: list[Any] = []
        for page in range(1, max_pages + 1):
            batch = self.http.request("GET", path, query={**(query or {}), "limit": LIMIT, "page": page})
            if batch is None or batch == []:
                return items
            if not isinstance(batch, list):
                raise ForgeError(f"平台接口 GET {path} 返回的不是列表")
            items.extend(batch)
        raise ForgeError(f"平台返回的 {path} 超过 {max_pages} 页，没有读完：请联系系统维护人员")

    # --- pull requests and reviews ---------------------------------------------------------------

    def pull(self, number: int) -> Pull:
        return self._pull(self._raw_pull(number))

    def _raw_pull(self, number: int) -> PullShape:
        return parse(PullShape, self.http.request("GET", f"{self._r}/pulls/{int(number)}"), "合并请求")

    def open_pulls(self) -> list[Pull]:
        return [self._pull(parse(PullShape, p, "合并请求")) for p in self.pages(f"{self._r}/pulls", {"state": "open"})]

    def pull_files(self, number: int) -> list[str]:
        return [parse(ChangedFile, f, "改动文件").filename for f in self.pages(f"{self._r}/pulls/{int(number)}/files")]

    def reviews(self, number: int) -> list[Review]:
        found = []
        for item in self.pages(f"{self._r}/pulls/{int(number)}/reviews"):
            review = parse(ReviewShape, item, "审核记录")
            state = _state(review)
            if state is None or review.user is None or not review.user.login or review.submitted_at is None:
                continue  # a review request, or by a deleted account: nobody signed
            found.append(Review(review.user.login, state, review.commit_id or "", review.submitted_at))
        return found

    @staticmethod
    def _pull(raw: PullShape) -> Pull:
        merged = raw.merged or raw.merged_at is not None
        return Pull(
            number=raw.number,
            author=raw.user.login if raw.user else "",
            created_at=raw.created_at,
            head_sha=raw.head.sha,
            head_repo=raw.head.repo.full_name if raw.head.repo else "",
            head_ref=raw.head.ref,
            base_ref=raw.base.ref,
            state=raw.state,
            merged_at=raw.merged_at if merged else None,
            merge_sha=raw.merge_commit_sha if merged and raw.merge_commit_sha else None,
        )

    # --- arrival: the statuses Actions wrote for the filing check ----------------------------------

    def pushes(self, number: int) -> list[tuple[list[str], datetime]]:
        """The timeline's push comments: (commit ids, when the server recorded the push). The server
        writes them on each push (a force push names the head it replaced, then the new one); they
        have no editable content, so no account can change or remove one."""
        found = []
        for item in self.pages(f"{self._r}/issues/{int(number)}/timeline"):
            event = parse(_TimelineEvent, item, "时间线")
            if event.type == "pull_push" and event.created_at is not None:
                found.append(([c for c in _pushed(event.body or "") if SHA.match(c)], event.created_at))
        return found

    def heads(self, number: int, pushes: list[tuple[list[str], datetime]] | None = None) -> list[str]:
        """Every commit the pull request has had: its commits now, and each commit a push named."""
        shas = [
            parse(_Commit, c, "提交").sha
            for c in self.pages(f"{self._r}/pulls/{int(number)}/commits", {"verification": "false", "files": "false"})
        ]
        for ids, _at in self.pushes(number) if pushes is None else pushes:
            shas += ids
        return list(dict.fromkeys(s for s in shas if SHA.match(s)))

    def _check_statuses(self, sha: str) -> list[_Status]:
        """The statuses Actions wrote for the filing check's job on `sha`, oldest first."""
        found = []
        for item in self.pages(f"{self._r}/commits/{sha}/statuses", {"sort": "oldest"}):
            status = parse(_Status, item, "提交状态")
            if status.context in CHECK_CONTEXTS and self._by_actions(status.creator):
                found.append(status)
        return sorted(found, key=lambda s: (s.created_at, s.id))

    def _by_actions(self, user: User | None) -> bool:
        return user is not None and (user.id == ACTIONS_USER_ID or user.login.lower() == ACTIONS_USERS[self.dialect])

    def arrival_records(self, number: int) -> list[ArrivalRecord]:
        """The first status Actions wrote for the filing check on each head, and each push the
        timeline recorded: both dated by the server, oldest first. (Newer Gitea writes a job's
        first status only once it leaves the queue; the push record has the moment of the push.)"""
        pushes = self.pushes(number)
        records = [
            ArrivalRecord(sha, at, f"平台时间线中的推送记录（{self.pull_url(number)}，记录于 {at}）")
            for ids, at in pushes
            for sha in ids
        ]
        for sha in self.heads(number, pushes):
            statuses = self._check_statuses(sha)
            if statuses:
                first = statuses[0]
                where = first.target_url or f"{self.web_url}/{self.repo}/commit/{sha}"
                records.append(
                    ArrivalRecord(sha, first.created_at, f"平台提交状态 {where}（创建于 {first.created_at}）")
                )
        return sorted(records, key=lambda r: r.at)

    def check_state(self, pull: Pull) -> str:
        statuses = self._check_statuses(pull.head_sha)
        if not statuses:
            return "none"
        latest = statuses[-1].status
        if latest == "success":
            return "success"
        return "pending" if latest == "pending" else "failure"

    # --- trees --------------------------------------------------------------------------------------

    def blob_ids(self, commit: str, paths: Iterable[str]) -> dict[str, str]:
        """The blob id of each path that is a file in `commit`: the recursive tree, page by page
        (Gitea pages trees with `page` and `per_page`, and says `truncated` while more remain)."""
        if not SHA.match(commit):
            raise ForgeError(f"“{commit}”不是提交编号")
        wanted = set(paths)
        found: dict[str, str] = {}
        for page in range(1, MAX_PAGES + 1):
            answer = self.http.request(
                "GET", f"{self._r}/git/trees/{commit}", query={"recursive": "true", "page": page, "per_page": 1000}
            )
            tree = parse(_Tree, answer, "目录树")
            for entry in tree.tree or []:
                if entry.type == "blob" and entry.path in wanted:
                    found[entry.path] = entry.sha
            if not tree.truncated or not tree.tree:
                return found
        raise ForgeError(f"提交 {commit} 的目录树超过 {MAX_PAGES} 页，没有读完：请联系系统维护人员")

    # --- landings, statuses, comments, merging -------------------------------------------------------

    def landing(self, commit: str) -> Landing | None:
        """`GET …/commits/{sha}/pull`: the pull request merged as this commit (404 when none)."""
        if not SHA.match(commit):
            raise ForgeError(f"“{commit}”不是提交编号")
        try:
            answer = self.http.request("GET", f"{self._r}/commits/{commit}/pull")
        except ForgeError as exc:
            if "HTTP 404" in str(exc):
                return None
            raise
        raw = parse(PullShape, answer, "合并请求")
        if raw.merged_at is None or raw.merge_commit_sha != commit:
            return None  # the commit is one of the pull request's own, not the merge of it
        return Landing(commit, raw.number, raw.merged_at, raw.merged_by.login if raw.merged_by else "")

    def set_status(self, sha: str, context: str, state: str, description: str, url: str = "") -> None:
        if state not in STATUS_STATES:
            raise ForgeError(f"提交状态“{state}”不是 {'、'.join(STATUS_STATES)} 之一")
        body: dict[str, str] = {"state": state, "context": context, "description": description[:255]}
        if url:
            body["target_url"] = url
        self.http.request("POST", f"{self._r}/statuses/{sha}", body)

    def comment(self, number: int, body: str) -> None:
        self.http.request("POST", f"{self._r}/issues/{int(number)}/comments", {"body": body})

    # --- the office's issue --------------------------------------------------------------------------

    def identity(self) -> User:
        """The account this token acts as (`GET /user`); a job's token that may not ask acts as the
        Actions user."""
        try:
            return parse(User, self.http.request("GET", "/user"), "账号")
        except ForgeError:
            return User(id=ACTIONS_USER_ID, login=ACTIONS_USERS[self.dialect])

    def _own_issues(self, title: str) -> list[Issue]:
        """The open issues (not pull requests) titled exactly `title` opened by this identity, oldest first."""
        me = self.identity()
        actions = me.id == ACTIONS_USER_ID or me.login.lower() == ACTIONS_USERS[self.dialect]
        found = []
        for item in self.pages(f"{self._r}/issues", {"state": "open", "type": "issues"}):
            issue = parse(Issue, item, "问题单")
            if issue.pull_request is not None or issue.title != title or issue.user is None:
                continue
            if (actions and self._by_actions(issue.user)) or (
                me.login and issue.user.login.lower() == me.login.lower()
            ):
                found.append(issue)
        return sorted(found, key=lambda i: i.number)

    def open_issue(self, title: str, body: str) -> int:
        own = self._own_issues(title)
        if not own:
            answer = self.http.request("POST", f"{self._r}/issues", {"title": title, "body": body})
            return parse(Issue, answer, "问题单").number
        if (own[0].body or "") != body:
            self.http.request("PATCH", f"{self._r}/issues/{own[0].number}", {"body": body})
        for duplicate in own[1:]:
            self.comment(duplicate.number, f"与 #{own[0].number} 重复：记录核对的结果只在 #{own[0].number} 更新。")
            self.http.request("PATCH", f"{self._r}/issues/{duplicate.number}", {"state": "closed"})
        return own[0].number

    def close_issue(self, title: str, comment: str) -> int | None:
        own = self._own_issues(title)
        for issue in own:
            self.comment(issue.number, comment)
            self.http.request("PATCH", f"{self._r}/issues/{issue.number}", {"state": "closed"})
        return own[0].number if own else None

    def merge(self, number: int, head_sha: str, title: str) -> str:
        if not SHA.match(head_sha):
            raise ForgeError(f"“{head_sha}”不是提交编号")
        try:
            self.http.request(
                "POST",
                f"{self._r}/pulls/{int(number)}/merge",
                {
                    "Do": "merge",
                    "MergeTitleField": title,
                    "head_commit_id": head_sha,
                    "delete_branch_after_merge": False,
                },
            )
        except ForgeError as exc:
            if "HTTP 409" in str(exc):
                raise ForgeError(
                    f"平台没有合并 #{number}：检查之后合并请求又有了新的提交，或与主分支冲突（{exc}）"
                ) from None
            raise
        raw = self._raw_pull(number)
        sha = raw.merge_commit_sha
        if not (raw.merged or raw.merged_at) or not isinstance(sha, str) or not SHA.match(sha):
            raise ForgeError(f"平台没有合并 #{number}（合并请求上没有合并提交）")
        return sha

    # --- addresses for people -------------------------------------------------------------------

    def new_file_url(self, branch: str, folder: str, filename: str) -> str:
        query = urllib.parse.urlencode({"filename": filename})
        return f"{self.web_url}/{self.repo}/_new/{quoted(branch)}/{quoted(folder)}?{query}"

    def edit_url(self, branch: str, path: str) -> str:
        return f"{self.web_url}/{self.repo}/_edit/{quoted(branch)}/{quoted(path)}"

    def pull_url(self, number: int) -> str:
        return f"{self.web_url}/{self.repo}/pulls/{int(number)}"


def _state(review: ReviewShape) -> str | None:
    """The interface's state: DISMISSED for any dismissed review; None for a review request."""
    if review.state == "REQUEST_REVIEW":
        return None
    if review.dismissed:
        return "DISMISSED"
    return STATES.get(review.state, "COMMENTED")


def _pushed(body: str) -> list[str]:
    """The commit ids of a `pull_push` timeline comment (`{"is_force_push":…,"commit_ids":[…]}`)."""
    try:
        content = json.loads(body)
    except ValueError:
        return []
    ids = content.get("commit_ids") if isinstance(content, dict) else None
    return [c for c in ids if isinstance(c, str)] if isinstance(ids, list) else []

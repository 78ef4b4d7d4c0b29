"""GitHub (and GitHub Enterprise Server) through its REST API: the `Forge` interface.

Arrival records are the runs of the checks workflow on main (`CHECKS_WORKFLOW`, event
`pull_request_target`, head branch = the pull request's base) whose title, computed by GitHub
from the event when it creates the run, is `检查 #N <head sha>`; the time is the run's
`created_at`. No account can create such a run except by pushing to the pull request, and no
one can choose its time: check runs and statuses (which any workflow with a write token can post,
with any `started_at`) are never read.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable, Mapping
from datetime import datetime

from pydantic import Field

from .base import (
    CHECKS_EVENT,
    CHECKS_TITLE,
    CHECKS_WORKFLOW,
    ArrivalRecord,
    ForgeError,
    Landing,
    Pull,
    Review,
)
from .shapes import (
    REPO,
    SHA,
    ChangedFile,
    Issue,
    Model,
    PullShape,
    ReviewShape,
    TreeEntry,
    parse,
    quoted,
)
from .transport import Transport

ACTIONS_LOGIN = "github-actions[bot]"  # who a workflow's GITHUB_TOKEN acts as
MAX_RUN_PAGES = 100  # 10,000 runs of the checks workflow since the pull request was opened


class _Run(Model):
    id: int = 0
    path: str = ""
    event: str = ""
    head_branch: str | None = None
    display_title: str = ""
    created_at: datetime
    status: str | None = None
    conclusion: str | None = None
    html_url: str = ""


class _Tree(Model):
    sha: str = ""
    tree: list[TreeEntry] = Field(default_factory=list)
    truncated: bool = False


class GitHubForge:
    dialect = "github"

    def __init__(
        self, api_url: str, repo: str, token: str, env: Mapping[str, str] | None = None, web_url: str | None = None
    ) -> None:
        if not REPO.match(repo):
            raise ForgeError(f"仓库名“{repo}”不是“所有者/仓库”的形式：请检查 GITHUB_REPOSITORY")
        self.repo = repo
        self.http = Transport(
            api_url, token, {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        )
        env = env or {}
        default_web = "https://github.com" if "api.github.com" in api_url else api_url.split("/api/")[0]
        self.web_url = (web_url or env.get("GITHUB_SERVER_URL") or default_web).rstrip("/")

    @property
    def _r(self) -> str:
        return f"/repos/{self.repo}"

    # --- pull requests and reviews ---------------------------------------------------------------

    def pull(self, number: int) -> Pull:
        return self._pull(parse(PullShape, self.http.request("GET", f"{self._r}/pulls/{int(number)}"), "合并请求"))

    def open_pulls(self) -> list[Pull]:
        pages = self.http.get_all(f"{self._r}/pulls", {"state": "open"})
        return [self._pull(parse(PullShape, item, "合并请求")) for item in pages]

    def pull_files(self, number: int) -> list[str]:
        pages = self.http.get_all(f"{self._r}/pulls/{int(number)}/files")
        return [parse(ChangedFile, item, "改动文件").filename for item in pages]

    def reviews(self, number: int) -> list[Review]:
        found = []
        for item in self.http.get_all(f"{self._r}/pulls/{int(number)}/reviews"):
            review = parse(ReviewShape, item, "审核记录")
            if review.submitted_at is None or review.user is None or not review.commit_id:
                continue  # a pending review, or one by a deleted account: nobody signed
            found.append(Review(review.user.login, review.state, review.commit_id, review.submitted_at))
        return found

    @staticmethod
    def _pull(raw: PullShape) -> Pull:
        return Pull(
            number=raw.number,
            author=raw.user.login if raw.user else "",
            created_at=raw.created_at,
            head_sha=raw.head.sha,
            head_repo=raw.head.repo.full_name if raw.head.repo else "",
            head_ref=raw.head.ref,
            base_ref=raw.base.ref,
            state=raw.state,
            merged_at=raw.merged_at,
            merge_sha=raw.merge_commit_sha if raw.merged_at else None,
        )

    # --- the records of the checks workflow on main ------------------------------------------------

    def _judge_runs(self, pull: Pull) -> list[tuple[str, _Run]]:
        """(head sha, run) for each run of main's checks workflow for this pull request."""
        workflow = urllib.parse.quote(CHECKS_WORKFLOW.rsplit("/", 1)[-1])
        since = pull.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        pages = self.http.get_all(
            f"{self._r}/actions/workflows/{workflow}/runs",
            {"event": CHECKS_EVENT, "created": f">={since}"},
            max_pages=MAX_RUN_PAGES,
        )
        title = re.compile(re.escape(CHECKS_TITLE.format(number=pull.number, sha="@")).replace("@", "([0-9a-f]{40})"))
        found = []
        for item in pages:
            run = parse(_Run, item, "工作流运行记录")
            if run.path.split("@")[0] != CHECKS_WORKFLOW or run.event != CHECKS_EVENT:
                continue
            if run.head_branch != pull.base_ref:
                continue  # a copy of the workflow on another branch
            matched = title.fullmatch(run.display_title)
            if matched:
                found.append((matched.group(1), run))
        return found

    def arrival_records(self, number: int) -> list[ArrivalRecord]:
        pull = self.pull(number)
        return [
            ArrivalRecord(
                sha, run.created_at, f"平台工作流运行记录 {run.html_url or run.id}（创建于 {run.created_at}）"
            )
            for sha, run in self._judge_runs(pull)
        ]

    def check_state(self, pull: Pull) -> str:
        runs = [run for sha, run in self._judge_runs(pull) if sha == pull.head_sha]
        if not runs:
            return "none"
        latest = max(runs, key=lambda r: (r.created_at, r.id))
        if latest.status != "completed":
            return "pending"
        return "success" if latest.conclusion == "success" else "failure"

    # --- trees --------------------------------------------------------------------------------------

    def blob_ids(self, commit: str, paths: Iterable[str]) -> dict[str, str]:
        if not SHA.match(commit):
            raise ForgeError(f"“{commit}”不是提交编号")
        trees: dict[str, dict[str, TreeEntry]] = {}

        def entries(tree: str) -> dict[str, TreeEntry]:
            if tree not in trees:
                raw = parse(_Tree, self.http.request("GET", f"{self._r}/git/trees/{tree}"), "目录树")
                trees[tree] = {e.path: e for e in raw.tree}
            return trees[tree]

        found: dict[str, str] = {}
        for path in paths:
            tree, parts = commit, path.split("/")
            for depth, part in enumerate(parts):
                entry = entries(tree).get(part)
                if entry is None:
                    break
                if depth == len(parts) - 1:
                    if entry.type == "blob":
                        found[path] = entry.sha
                elif entry.type == "tree":
                    tree = entry.sha
                else:
                    break
        return found

    # --- landings, statuses, comments, merging -------------------------------------------------------

    def landing(self, commit: str) -> Landing | None:
        if not SHA.match(commit):
            raise ForgeError(f"“{commit}”不是提交编号")
        for item in self.http.get_all(f"{self._r}/commits/{commit}/pulls"):
            raw = parse(PullShape, item, "合并请求")
            if raw.merged_at is not None and raw.merge_commit_sha == commit:
                full = parse(PullShape, self.http.request("GET", f"{self._r}/pulls/{raw.number}"), "合并请求")
                merged_by = full.merged_by.login if full.merged_by else ""
                return Landing(commit, raw.number, full.merged_at or raw.merged_at, merged_by)
        return None

    def set_status(self, sha: str, context: str, state: str, description: str, url: str = "") -> None:
        body: dict[str, str] = {"state": state, "context": context, "description": description[:140]}
        if url:
            body["target_url"] = url
        self.http.request("POST", f"{self._r}/statuses/{sha}", body)

    def comment(self, number: int, body: str) -> None:
        self.http.request("POST", f"{self._r}/issues/{int(number)}/comments", {"body": body})

    # --- the office's issue --------------------------------------------------------------------------

    def identity(self) -> str:
        """The account this token acts as: `GET /user` for a person's token; a workflow's
        GITHUB_TOKEN (an app installation's) is refused there and acts as github-actions[bot]."""
        try:
            answer = self.http.request("GET", "/user")
        except ForgeError:
            return ACTIONS_LOGIN
        login = answer.get("login") if isinstance(answer, dict) else None
        return login if isinstance(login, str) and login else ACTIONS_LOGIN

    def _own_issues(self, title: str) -> list[Issue]:
        """The open issues (not pull requests) titled exactly `title` opened by this identity, oldest first."""
        me = self.identity().lower()
        found = []
        for item in self.http.get_all(f"{self._r}/issues", {"state": "open", "sort": "created", "direction": "asc"}):
            issue = parse(Issue, item, "问题单")
            if issue.pull_request is not None or issue.title != title:
                continue
            if issue.user is not None and issue.user.login.lower() == me:
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
            closed = {"state": "closed", "state_reason": "not_planned"}
            self.http.request("PATCH", f"{self._r}/issues/{duplicate.number}", closed)
        return own[0].number

    def close_issue(self, title: str, comment: str) -> int | None:
        own = self._own_issues(title)
        for issue in own:
            self.comment(issue.number, comment)
            closed = {"state": "closed", "state_reason": "completed"}
            self.http.request("PATCH", f"{self._r}/issues/{issue.number}", closed)
        return own[0].number if own else None

    def merge(self, number: int, head_sha: str, title: str) -> str:
        answer = self.http.request(
            "PUT",
            f"{self._r}/pulls/{int(number)}/merge",
            {"sha": head_sha, "merge_method": "merge", "commit_title": title},
        )
        sha = answer.get("sha") if isinstance(answer, dict) else None
        if not isinstance(sha, str) or not SHA.match(sha):
            raise ForgeError(f"平台没有合并 #{number}（返回内容里没有合并提交）")
        return sha

    # --- addresses for people -------------------------------------------------------------------

    def new_file_url(self, branch: str, folder: str, filename: str) -> str:
        query = urllib.parse.urlencode({"filename": filename})
        return f"{self.web_url}/{self.repo}/new/{quoted(branch)}/{quoted(folder)}?{query}"

    def edit_url(self, branch: str, path: str) -> str:
        return f"{self.web_url}/{self.repo}/edit/{quoted(branch)}/{quoted(path)}"

    def pull_url(self, number: int) -> str:
        return f"{self.web_url}/{self.repo}/pull/{int(number)}"

"""A fake forge API on 127.0.0.1: recorded JSON by route, or a forge with state, and every request recorded.

Two ways to use it. Routes (method + path, query string ignored unless the route names one) for a
test that needs one answer:

    with FakeForge() as forge:
        forge.route("GET", "/repos/o/r/pulls/7/reviews", [{"state": "APPROVED", ...}])
        env["GITHUB_API_URL"] = forge.url
        ...
        assert forge.requests[0].path == "/repos/o/r/pulls/7/reviews"

Or a dialect with state (`FakeGitHub`, below; the Gitea/Forgejo dialect sits beside it): pull
requests, reviews, workflow runs, statuses, comments and merges, answered as the real forge's REST
API does, with times set by the fake's own clock (`forge.now`), never by the client. Routes win
over the dialect. List answers are paged by `per_page`/`page` with a Link header, as GitHub pages.
Nothing reaches the network.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

# (status, JSON payload) or (status, JSON payload, extra response headers such as Link)
Responder = Callable[["Request"], tuple[Any, ...]]


@dataclass
class Request:
    method: str
    path: str  # without the query string
    query: str
    headers: dict[str, str]
    body: Any  # parsed JSON, or the raw text when it is not JSON, or None

    @property
    def target(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path


@dataclass
class FakeForge:
    routes: dict[tuple[str, str], Responder] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    dialect: str = "routes"  # "github" (FakeGitHub) or "gitea"/"forgejo" once a dialect is attached
    state: Any = None  # the attached dialect: answers what no route answers
    _server: ThreadingHTTPServer | None = None

    def route(
        self,
        method: str,
        path: str,
        payload: Any = None,
        status: int = 200,
        responder: Responder | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer `method path` with `payload` as JSON and `headers` (or let `responder` answer)."""
        self.routes[(method.upper(), path)] = responder or (lambda _req: (status, payload, headers or {}))

    @property
    def url(self) -> str:
        assert self._server is not None, "start the fake forge first (use it as a context manager)"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeForge:
        forge = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8") if length else ""
                try:
                    body: Any = json.loads(raw) if raw else None
                except ValueError:
                    body = raw
                req = Request(self.command, parts.path, parts.query, dict(self.headers.items()), body)
                forge.requests.append(req)
                responder = forge.routes.get((self.command, req.target)) or forge.routes.get((self.command, req.path))
                paged = responder is None and forge.state is not None  # routes answer as recorded
                if paged:
                    responder = forge.state.responder(req)
                status, payload, *more = responder(req) if responder else (404, {"message": "Not Found"})
                if paged and status == 200 and isinstance(payload, list) and "per_page=" in req.query:
                    payload, link = _page(payload, req, forge.url)
                    more = [{**(more[0] if more else {}), **link}]
                data = b"" if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                for name, value in (more[0] if more else {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

            def log_message(self, format: str, *args: object) -> None:  # quiet test output
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeForge:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _page(items: list[Any], req: Request, base: str) -> tuple[list[Any], dict[str, str]]:
    query = dict(parse_qsl(req.query))
    size, page = int(query.get("per_page", "30")), int(query.get("page", "1"))
    chunk = items[(page - 1) * size : page * size]
    if page * size >= len(items):
        return chunk, {}
    following = urlencode({**query, "page": str(page + 1)})
    return chunk, {"Link": f'<{base}{req.path}?{following}>; rel="next"'}


# --- the GitHub dialect: a forge with state ----------------------------------------------------------

ACTIONS = {"login": "github-actions[bot]", "id": 41898282, "type": "Bot"}


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class FakeGitHub:
    """GitHub's REST API for one repository, over a bare git repository (`git_dir`).

    Every time it writes (a run's created_at, a review's submitted_at, merged_at) is its own clock,
    `now`, which the scenario sets: the client can choose none of them. What it implements:
    pulls (one, open list, files), reviews (DISMISSED included), workflow runs of a workflow
    (filters: event, created>=), check runs (anyone may post one; listed per commit), commit
    statuses, issue comments, `GET /commits/{sha}/pulls`, the git trees API, and the merge
    endpoint (merge commit only; 409 when `sha` is not the head; 405 without the required status).
    """

    repo: str
    git_dir: Path
    now: datetime = field(default_factory=lambda: datetime(2026, 3, 1, tzinfo=UTC))
    required_status: str = "合并检查"
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)
    reviews: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    runs: list[dict[str, Any]] = field(default_factory=list)
    check_runs: list[dict[str, Any]] = field(default_factory=list)
    statuses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    merges: list[dict[str, Any]] = field(default_factory=list)
    merger: Callable[[int, str, str], str] | None = None  # (number, head sha, title) → merge sha on main
    issues: dict[int, dict[str, Any]] = field(default_factory=dict)  # issues proper (pull requests are in `pulls`)
    people: dict[str, str] = field(default_factory=dict)  # a person's token → login; any other token is the workflow's

    def attach(self, forge: FakeForge) -> FakeGitHub:
        forge.dialect, forge.state = "github", self
        return self

    # --- what the scenario does --------------------------------------------------------------------

    def open(self, number: int, author: str, head: str, ref: str, head_repo: str | None = None) -> dict[str, Any]:
        pull = self.pulls.setdefault(
            number,
            {
                "number": number,
                "state": "open",
                "user": {"login": author},
                "created_at": iso(self.now),
                "merged_at": None,
                "merge_commit_sha": None,
                "merged_by": None,
                "html_url": f"https://github.invalid/{self.repo}/pull/{number}",
            },
        )
        base_sha = self._git("rev-parse", "main")
        pull["head"] = {"sha": head, "ref": ref, "repo": {"full_name": head_repo or self.repo}}
        pull["base"] = {"sha": base_sha, "ref": "main", "repo": {"full_name": self.repo}}
        return pull

    def review(self, number: int, login: str, state: str = "APPROVED", commit: str | None = None) -> dict[str, Any]:
        item = {
            "id": 1000 + sum(len(v) for v in self.reviews.values()),
            "user": {"login": login},
            "state": state,
            "commit_id": commit or self.pulls[number]["head"]["sha"],
            "submitted_at": iso(self.now),
        }
        self.reviews.setdefault(number, []).append(item)
        return item

    def dismiss(self, review: dict[str, Any]) -> None:
        review["state"] = "DISMISSED"  # GitHub changes the review itself

    def issue(self, title: str, body: str, login: str = ACTIONS["login"], state: str = "open") -> dict[str, Any]:
        """An issue opened by `login` (numbered after every pull request and issue, as GitHub numbers them)."""
        number = max([0, *self.pulls, *self.issues]) + 1
        self.issues[number] = {
            "number": number,
            "title": title,
            "body": body,
            "state": state,
            "user": {"login": login},
            "created_at": iso(self.now),
            "html_url": f"https://github.invalid/{self.repo}/issues/{number}",
        }
        return self.issues[number]

    def open_issues(self, title: str | None = None) -> list[dict[str, Any]]:
        return [i for i in self.issues.values() if i["state"] == "open" and title in (None, i["title"])]

    def run(
        self, path: str, event: str, head_branch: str, title: str, head_sha: str, conclusion: str | None = None
    ) -> dict[str, Any]:
        """A workflow run as GitHub creates one when an event fires: created_at is the fake's clock."""
        item = {
            "id": 5000 + len(self.runs),
            "name": "检查",
            "path": path,
            "event": event,
            "head_branch": head_branch,
            "head_sha": head_sha,
            "display_title": title,
            "created_at": iso(self.now),
            "status": "completed" if conclusion else "queued",
            "conclusion": conclusion,
            "html_url": f"https://github.invalid/{self.repo}/actions/runs/{5000 + len(self.runs)}",
        }
        self.runs.append(item)
        return item

    # --- the API --------------------------------------------------------------------------------------

    def responder(self, req: Request) -> Responder | None:
        prefix = f"/repos/{self.repo}"
        if req.method == "GET" and req.path == "/user":
            return self._user
        if not req.path.startswith(prefix):
            return None
        rest = req.path[len(prefix) :]
        for (method, pattern), answer in self._table().items():
            matched = re.fullmatch(pattern, rest)
            if method == req.method and matched:
                return lambda r, a=answer, m=matched: a(r, *m.groups())
        return None

    def _table(self) -> dict[tuple[str, str], Callable[..., tuple[Any, ...]]]:
        return {
            ("GET", r"/pulls"): self._open_pulls,
            ("GET", r"/pulls/(\d+)"): self._pull,
            ("GET", r"/pulls/(\d+)/reviews"): lambda _r, n: (200, self.reviews.get(int(n), [])),
            ("GET", r"/pulls/(\d+)/files"): self._files,
            ("PUT", r"/pulls/(\d+)/merge"): self._merge,
            ("GET", r"/actions/workflows/([^/]+)/runs"): self._runs,
            ("POST", r"/check-runs"): self._post_check_run,
            ("GET", r"/commits/([0-9a-f]{40})/check-runs"): self._commit_check_runs,
            ("GET", r"/commits/([0-9a-f]{40})/pulls"): self._commit_pulls,
            ("POST", r"/statuses/([0-9a-f]{40})"): self._post_status,
            ("GET", r"/commits/([0-9a-f]{40})/statuses"): lambda _r, sha: (200, self.statuses.get(sha, [])[::-1]),
            ("POST", r"/issues/(\d+)/comments"): self._post_comment,
            ("GET", r"/issues"): self._list_issues,
            ("POST", r"/issues"): self._post_issue,
            ("PATCH", r"/issues/(\d+)"): self._patch_issue,
            ("GET", r"/git/trees/([0-9a-f]{40})"): self._tree,
        }

    def _caller(self, req: Request) -> str | None:
        """The login of a person's token; None for a workflow's GITHUB_TOKEN (an app installation's)."""
        token = req.headers.get("Authorization", "").removeprefix("Bearer ")
        return self.people.get(token)

    def _user(self, req: Request) -> tuple[Any, ...]:
        login = self._caller(req)
        if login is None:  # GitHub answers an installation token so
            return 403, {"message": "Resource not accessible by integration"}
        return 200, {"login": login, "type": "User"}

    def _list_issues(self, req: Request) -> tuple[Any, ...]:
        """GitHub's issues list: pull requests included (each with a `pull_request` key), by state."""
        wanted = dict(parse_qsl(req.query)).get("state", "open")
        pulls = [
            {**p, "title": p.get("title", f"申报 #{n}"), "body": "", "pull_request": {"url": f"/pulls/{n}"}}
            for n, p in self.pulls.items()
        ]
        found = [i for i in [*self.issues.values(), *pulls] if wanted == "all" or i["state"] == wanted]
        return 200, sorted(found, key=lambda i: i["number"])

    def _post_issue(self, req: Request) -> tuple[Any, ...]:
        body = req.body if isinstance(req.body, dict) else {}
        login = self._caller(req) or ACTIONS["login"]
        return 201, self.issue(str(body.get("title", "")), str(body.get("body") or ""), login)

    def _patch_issue(self, req: Request, number: str) -> tuple[Any, ...]:
        issue = self.issues.get(int(number))
        if issue is None:
            return 404, {"message": "Not Found"}
        body = req.body if isinstance(req.body, dict) else {}
        issue.update({k: v for k, v in body.items() if k in ("title", "body", "state", "state_reason")})
        return 200, issue

    def _open_pulls(self, _req: Request) -> tuple[Any, ...]:
        return 200, [p for p in self.pulls.values() if p["state"] == "open"]

    def _pull(self, _req: Request, number: str) -> tuple[Any, ...]:
        pull = self.pulls.get(int(number))
        return (200, pull) if pull else (404, {"message": "Not Found"})

    def _files(self, _req: Request, number: str) -> tuple[Any, ...]:
        pull = self.pulls[int(number)]
        base = self._git("merge-base", "main", pull["head"]["sha"])
        names = self._git("diff", "--name-only", "--no-renames", base, pull["head"]["sha"]).split("\n")
        return 200, [{"filename": name, "status": "modified"} for name in names if name]

    def _runs(self, req: Request, _workflow: str) -> tuple[Any, ...]:
        query = dict(parse_qsl(req.query))
        found = [r for r in self.runs if r["path"].endswith(f"/{_workflow}")]
        if "event" in query:
            found = [r for r in found if r["event"] == query["event"]]
        if query.get("created", "").startswith(">="):
            since = query["created"][2:]
            found = [r for r in found if r["created_at"] >= since]
        newest_first = sorted(found, key=lambda r: (r["created_at"], r["id"]), reverse=True)
        return 200, {"total_count": len(newest_first), "workflow_runs": newest_first}

    def _post_check_run(self, req: Request) -> tuple[Any, ...]:
        """Anyone with `checks: write` may post one, with any name and any started_at."""
        item = {"id": 9000 + len(self.check_runs), "app": {"slug": "github-actions"}, **req.body}
        self.check_runs.append(item)
        return 201, item

    def _commit_check_runs(self, _req: Request, sha: str) -> tuple[Any, ...]:
        found = [r for r in self.check_runs if r.get("head_sha") == sha]
        return 200, {"total_count": len(found), "check_runs": found}

    def _commit_pulls(self, _req: Request, sha: str) -> tuple[Any, ...]:
        return 200, [p for p in self.pulls.values() if sha in (p["merge_commit_sha"], p["head"]["sha"])]

    def _post_status(self, req: Request, sha: str) -> tuple[Any, ...]:
        item = {**req.body, "created_at": iso(self.now), "creator": {"login": "merge-identity"}}
        self.statuses.setdefault(sha, []).append(item)
        return 201, item

    def _post_comment(self, req: Request, number: str) -> tuple[Any, ...]:
        item = {"id": 7000 + len(self.comments), "body": req.body["body"], "created_at": iso(self.now)}
        self.comments.setdefault(int(number), []).append(item)
        return 201, item

    def _tree(self, _req: Request, sha: str) -> tuple[Any, ...]:
        try:
            listing = self._git("ls-tree", "-z", sha)
        except subprocess.CalledProcessError:
            return 404, {"message": "Not Found"}
        entries = []
        for line in filter(None, listing.split("\0")):
            info, _, path = line.partition("\t")
            mode, kind, oid = info.split(" ")
            entries.append({"path": path, "mode": mode, "type": kind, "sha": oid})
        return 200, {"sha": sha, "tree": entries, "truncated": False}

    def _merge(self, req: Request, number: str) -> tuple[Any, ...]:
        pull = self.pulls.get(int(number))
        body = req.body if isinstance(req.body, dict) else {}
        if pull is None:
            return 404, {"message": "Not Found"}
        if pull["state"] != "open":
            return 405, {"message": "Pull Request is not mergeable"}
        if body.get("sha") != pull["head"]["sha"]:
            return 409, {"message": "Head branch was modified. Review and try the merge again."}
        if body.get("merge_method", "merge") != "merge":
            return 405, {"message": "Merge method not allowed"}
        latest = next(
            (s for s in reversed(self.statuses.get(body["sha"], [])) if s.get("context") == self.required_status), None
        )
        if latest is None or latest.get("state") != "success":
            return 405, {"message": f'Required status check "{self.required_status}" is expected.'}
        assert self.merger is not None, "the scenario merges in git"
        sha = self.merger(int(number), body["sha"], body.get("commit_title") or f"Merge pull request #{number}")
        pull.update(
            state="closed", merged_at=iso(self.now), merge_commit_sha=sha, merged_by={"login": "merge-identity"}
        )
        self.merges.append({"number": int(number), "sha": sha, "head": body["sha"]})
        return 200, {"sha": sha, "merged": True, "message": "Pull Request successfully merged"}

    def _git(self, *args: str) -> str:
        return subprocess.run(
            ["git", "--git-dir", str(self.git_dir), *args], capture_output=True, text=True, check=True
        ).stdout.strip()


# --- recorded shapes of GitHub's REST answers (for the route-table tests) ----------------------------

FILING_CHECK = "检查申报文件"  # the filing job's name in checks.yml (its check runs prove nothing)


def check_run(
    head_sha: str, started_at: str, name: str = FILING_CHECK, app: str = "github-actions", run_id: int = 1
) -> dict[str, Any]:
    """One entry of `GET /repos/{o}/{r}/commits/{ref}/check-runs`, trimmed to real fields."""
    return {
        "id": run_id,
        "head_sha": head_sha,
        "node_id": f"CR_{run_id}",
        "external_id": "",
        "status": "completed",
        "conclusion": "success",
        "started_at": started_at,
        "completed_at": started_at,
        "name": name,
        "check_suite": {"id": run_id},
        "app": {"id": 15368, "slug": app, "name": "GitHub Actions"},
        "pull_requests": [],
    }


def check_runs(*runs: dict[str, Any]) -> dict[str, Any]:
    """The API's response: `{"total_count": N, "check_runs": [...]}`."""
    return {"total_count": len(runs), "check_runs": list(runs)}


# --- the Gitea / Forgejo dialect ------------------------------------------------------------------
#
# `GiteaRepo` is one repository as Gitea's (and Forgejo's) REST API v1 answers it, with the state
# a test sets up and the server's own behaviour where the project depends on it:
# - lists page by `page` and `limit`; no `limit` gives DEFAULT_PAGING_NUM (30) entries, and `limit`
#   is capped at MAX_RESPONSE_ITEMS (50 by default); `per_page` is ignored (as Gitea ignores it);
#   `X-Total-Count` and a `Link` header are sent as Gitea sends them;
# - every record it creates (a status, a comment, a push in the timeline, a merge) gets the
#   server's clock (`now`), never a time from the client; a status for a commit the server does not
#   hold is refused (422);
# - reviews carry Gitea's states and the `dismissed` / `stale` flags;
# - merging takes `Do` and `head_commit_id` and answers 409 when the head moved; the merge commit
#   is then on the pull request (`merge_commit_sha`), the answer itself has no body.
#
#     with FakeForge() as forge:
#         repo = GiteaRepo(now="2026-03-05T10:00:00+08:00").attach(forge)
#         repo.open_pull(7, head="a" * 40, author="xigang-clerk")
#         ...


def gitea_user(login: str, user_id: int = 0) -> dict[str, Any]:
    return {"id": user_id or (abs(hash(login)) % 100000 + 1), "login": login, "username": login}


def gitea_actions_user(dialect: str = "gitea") -> dict[str, Any]:
    """The Actions user: id -2, `gitea-actions` (Gitea) or `forgejo-actions` (Forgejo)."""
    return {"id": -2, "login": f"{dialect}-actions", "username": f"{dialect}-actions"}


def gitea_review(
    login: str,
    state: str,
    commit_id: str,
    submitted_at: str,
    dismissed: bool = False,
    stale: bool = False,
    review_id: int = 1,
) -> dict[str, Any]:
    """One entry of `GET /repos/{o}/{r}/pulls/{n}/reviews`: state APPROVED | REQUEST_CHANGES |
    COMMENT | PENDING | REQUEST_REVIEW, and the `dismissed` / `stale` flags."""
    return {
        "id": review_id,
        "user": gitea_user(login),
        "team": None,
        "state": state,
        "body": "",
        "commit_id": commit_id,
        "stale": stale,
        "official": False,
        "dismissed": dismissed,
        "comments_count": 0,
        "submitted_at": submitted_at,
        "updated_at": submitted_at,
        "html_url": "",
        "pull_request_url": "",
    }


def gitea_status(
    sha: str, context: str, state: str, created_at: str, creator: dict[str, Any], status_id: int = 1
) -> dict[str, Any]:
    """One entry of `GET /repos/{o}/{r}/commits/{ref}/statuses` (`created_at` is the server's)."""
    return {
        "id": status_id,
        "status": state,
        "target_url": f"/actions/runs/{status_id}/jobs/0",
        "description": "",
        "url": f"/api/v1/repos/statuses/{sha}",
        "context": context,
        "creator": creator,
        "created_at": created_at,
        "updated_at": created_at,
    }


def gitea_push_comment(commit_ids: list[str], force: bool, created_at: str, pusher: str, comment_id: int = 1) -> dict:
    """A `pull_push` entry of `GET /repos/{o}/{r}/issues/{n}/timeline`; a force push names the
    head it replaced, then the new head."""
    return {
        "id": comment_id,
        "type": "pull_push",
        "body": json.dumps({"is_force_push": force, "commit_ids": commit_ids}),
        "user": gitea_user(pusher),
        "created_at": created_at,
        "updated_at": created_at,
    }


@dataclass
class GiteaRepo:
    repo: str = "dlftu-sample/shuangchuang"
    dialect: str = "gitea"
    now: str = "2026-03-01T09:00:00+08:00"  # the server's clock (in its own zone, as Gitea writes times)
    cap: int = 50  # MAX_RESPONSE_ITEMS
    default_limit: int = 30  # DEFAULT_PAGING_NUM
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)
    pull_commits: dict[int, list[str]] = field(default_factory=dict)
    pull_files: dict[int, list[str]] = field(default_factory=dict)
    reviews: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    timeline: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    statuses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    trees: dict[str, dict[str, str]] = field(default_factory=dict)  # commit -> {path: blob}
    comments: dict[int, list[str]] = field(default_factory=dict)
    known: set[str] = field(default_factory=set)  # the commits the server holds
    on_merge: Callable[[int, str, str], str] | None = None  # (number, head, title) -> merge sha
    git_dir: Path | None = None  # the forge's bare repository: trees of any commit it holds, as the server has them
    issues: dict[int, dict[str, Any]] = field(default_factory=dict)  # issues proper (pull requests are in `pulls`)
    issue_comments: dict[int, list[str]] = field(default_factory=dict)
    _ids: int = 0

    # --- what a test sets up (each record dated by the server's clock) ----------------------------

    def _next(self) -> int:
        self._ids += 1
        return self._ids

    def open_pull(
        self, number: int, head: str, author: str, base: str = "main", head_repo: str | None = None, ref: str = "pr"
    ) -> dict[str, Any]:
        full = head_repo or f"{author}/{self.repo.split('/')[1]}"
        self.pulls[number] = {
            "id": number,
            "number": number,
            "user": gitea_user(author),
            "title": f"申报 #{number}",
            "state": "open",
            "created_at": self.now,
            "updated_at": self.now,
            "head": {"label": ref, "ref": ref, "sha": head, "repo": {"full_name": full}},
            "base": {"label": base, "ref": base, "sha": "0" * 40, "repo": {"full_name": self.repo}},
            "merged": False,
            "merged_at": None,
            "merge_commit_sha": None,
            "merged_by": None,
            "html_url": f"http://forge/{self.repo}/pulls/{number}",
        }
        self.pull_commits[number] = [head]
        self.known.add(head)
        self.timeline.setdefault(number, [])
        return self.pulls[number]

    def push(self, number: int, commits: list[str], force: bool = False, pusher: str = "") -> None:
        """A push to the pull request's branch; a force push replaces its commits."""
        pull = self.pulls[number]
        old = pull["head"]["sha"]
        self.known.update(commits)
        self.pull_commits[number] = list(commits) if force else [*self.pull_commits[number], *commits]
        ids = [old, commits[-1]] if force else list(commits)
        who = pusher or pull["user"]["login"]
        self.timeline[number].append(gitea_push_comment(ids, force, self.now, who, self._next()))
        pull["head"]["sha"] = commits[-1]

    def review(
        self, number: int, login: str, state: str, commit_id: str, dismissed: bool = False, stale: bool = False
    ) -> dict[str, Any]:
        entry = gitea_review(login, state, commit_id, self.now, dismissed, stale, self._next())
        self.reviews.setdefault(number, []).append(entry)
        return entry

    def issue(self, title: str, body: str, user: dict[str, Any] | None = None, state: str = "open") -> dict[str, Any]:
        """An issue opened by `user` (default the Actions user), numbered after every pull request and issue."""
        number = max([0, *self.pulls, *self.issues]) + 1
        self.issues[number] = {
            "id": 10000 + number,
            "number": number,
            "title": title,
            "body": body,
            "state": state,
            "user": user or gitea_actions_user(self.dialect),
            "pull_request": None,
            "created_at": self.now,
            "updated_at": self.now,
            "html_url": f"http://forge/{self.repo}/issues/{number}",
        }
        return self.issues[number]

    def open_issues(self, title: str | None = None) -> list[dict[str, Any]]:
        return [i for i in self.issues.values() if i["state"] == "open" and title in (None, i["title"])]

    def dismiss(self, number: int, login: str) -> None:
        """A maintainer dismisses the account's reviews (or "dismiss stale approvals" on a push)."""
        for entry in self.reviews.get(number, []):
            if entry["user"]["login"] == login:
                entry["dismissed"] = True

    def actions_status(self, sha: str, state: str = "pending", context: str = "") -> dict[str, Any]:
        """The status Actions writes for the filing check's job on a pull_request_target run."""
        context = context or "checks.yml / 检查申报文件 (pull_request_target)"
        return self._add_status(sha, context, state, gitea_actions_user(self.dialect))

    def _add_status(self, sha: str, context: str, state: str, creator: dict[str, Any]) -> dict[str, Any]:
        entry = gitea_status(sha, context, state, self.now, creator, self._next())
        self.statuses.setdefault(sha, []).append(entry)
        return entry

    # --- the API ----------------------------------------------------------------------------------

    def attach(self, forge: FakeForge) -> GiteaRepo:
        forge.dialect, forge.state = self.dialect, self
        return self

    def responder(self, req: Request) -> Responder | None:
        return self.answer if req.path.startswith("/api/v1/") else None

    def _caller(self, req: Request) -> dict[str, Any]:
        """Who holds the token: the Actions user unless a test says (X-Fake-User)."""
        login = req.headers.get("X-Fake-User", "")
        return gitea_user(login) if login else gitea_actions_user(self.dialect)

    def answer(self, req: Request) -> tuple[Any, ...]:
        prefix = f"/api/v1/repos/{self.repo}/"
        if req.method == "GET" and req.path == "/api/v1/user":
            return 200, self._caller(req)
        if not req.path.startswith(prefix):
            return 404, {"message": "Not Found"}
        parts = req.path[len(prefix) :].split("/")
        route = (req.method, *["*" if p.isdigit() or len(p) >= 40 else p for p in parts])
        number = next((int(p) for p in parts if p.isdigit()), 0)
        sha = next((p for p in parts if len(p) >= 40), "")
        handlers: dict[tuple[str, ...], Callable[[], tuple[Any, ...]]] = {
            ("GET", "pulls"): lambda: self._page(req, [p for p in self._sorted_pulls() if self._state_ok(req, p)]),
            ("GET", "pulls", "*"): lambda: self._one(self.pulls.get(number)),
            ("GET", "pulls", "*", "commits"): lambda: self._page(req, [{"sha": c} for c in self._commits(number)]),
            ("GET", "pulls", "*", "files"): lambda: self._page(req, [{"filename": f} for f in self._files(number)]),
            ("GET", "pulls", "*", "reviews"): lambda: self._page(req, self.reviews.get(number, [])),
            ("GET", "issues", "*", "timeline"): lambda: self._page(req, self.timeline.get(number, [])),
            ("GET", "commits", "*", "statuses"): lambda: self._page(req, self.statuses.get(sha, [])),
            ("GET", "commits", "*", "pull"): lambda: self._commit_pull(sha),
            ("GET", "git", "trees", "*"): lambda: self._tree(req, sha),
            ("POST", "statuses", "*"): lambda: self._post_status(req, sha),
            ("POST", "issues", "*", "comments"): lambda: self._post_comment(req, number),
            ("GET", "issues"): lambda: self._page(req, self._listed_issues(req)),
            ("POST", "issues"): lambda: self._post_issue(req),
            ("PATCH", "issues", "*"): lambda: self._patch_issue(req, number),
            ("POST", "pulls", "*", "merge"): lambda: self._merge(req, number),
        }
        handler = handlers.get(route)
        return handler() if handler else (404, {"message": "Not Found"})

    def _sorted_pulls(self) -> list[dict[str, Any]]:
        return [self.pulls[n] for n in sorted(self.pulls, reverse=True)]

    @staticmethod
    def _state_ok(req: Request, pull: dict[str, Any]) -> bool:
        wanted = _query(req).get("state", "open")
        return wanted == "all" or pull["state"] == wanted

    def _commits(self, number: int) -> list[str]:
        return self.pull_commits.get(number, []) if number in self.pulls else []

    def _files(self, number: int) -> list[str]:
        return self.pull_files.get(number, []) if number in self.pulls else []

    def _page(self, req: Request, items: list[Any]) -> tuple[Any, ...]:
        query = _query(req)
        limit = min(int(query.get("limit") or self.default_limit), self.cap)
        page = max(int(query.get("page") or 1), 1)
        chunk = items[(page - 1) * limit : page * limit]
        headers = {"X-Total-Count": str(len(items))}
        if page * limit < len(items):
            headers["Link"] = f'<{req.path}?page={page + 1}&limit={limit}>; rel="next"'
        return 200, chunk, headers

    @staticmethod
    def _one(item: dict[str, Any] | None) -> tuple[Any, ...]:
        return (200, item) if item is not None else (404, {"message": "Not Found"})

    def _commit_pull(self, sha: str) -> tuple[Any, ...]:
        for pull in self.pulls.values():
            if pull["merge_commit_sha"] == sha or sha in self.pull_commits.get(pull["number"], []):
                return 200, pull
        return 404, {"message": "pull request does not exist"}

    def _tree(self, req: Request, sha: str) -> tuple[Any, ...]:
        if sha not in self.trees and self.git_dir is not None:
            listed = subprocess.run(
                ["git", "--git-dir", str(self.git_dir), "ls-tree", "-r", "--full-tree", sha],
                capture_output=True,
                text=True,
            )
            if listed.returncode == 0:  # a force-pushed-away commit is still on the server
                lines = [line.split("\t", 1) for line in listed.stdout.splitlines()]
                self.trees[sha] = {path: meta.split()[2] for meta, path in lines if meta.split()[1] == "blob"}
        if sha not in self.trees:
            return 404, {"message": "sha not found"}
        query = _query(req)
        per_page = int(query.get("per_page") or 1000)
        page = max(int(query.get("page") or 1), 1)
        entries = [
            {"path": p, "mode": "100644", "type": "blob", "size": 1, "sha": b} for p, b in self.trees[sha].items()
        ]
        chunk = entries[(page - 1) * per_page : page * per_page]
        truncated = page * per_page < len(entries)
        return 200, {"sha": sha, "tree": chunk, "truncated": truncated, "page": page, "total_count": len(entries)}

    def _post_status(self, req: Request, sha: str) -> tuple[Any, ...]:
        if sha not in self.known:
            return 422, {"message": f"GetCommit[{sha}]: object does not exist"}
        body = req.body if isinstance(req.body, dict) else {}
        login = req.headers.get("X-Fake-User", "")  # who holds the token: the Actions user unless a test says
        creator = gitea_user(login) if login else gitea_actions_user(self.dialect)
        return 201, self._add_status(sha, str(body.get("context", "")), str(body.get("state", "")), creator)

    def _listed_issues(self, req: Request) -> list[dict[str, Any]]:
        """`GET …/issues?state=&type=`: issues and pull requests alike unless `type` says, newest first."""
        query = _query(req)
        state, kind = query.get("state", "open"), query.get("type", "")
        pulls = [
            {**p, "pull_request": {"merged": p["merged"]}, "body": ""} for p in self.pulls.values() if kind != "issues"
        ]
        issues = list(self.issues.values()) if kind != "pulls" else []
        found = [i for i in [*issues, *pulls] if state == "all" or i["state"] == state]
        return sorted(found, key=lambda i: i["number"], reverse=True)

    def _post_issue(self, req: Request) -> tuple[Any, ...]:
        body = req.body if isinstance(req.body, dict) else {}
        if not str(body.get("title", "")).strip():
            return 422, {"message": "title is required"}
        return 201, self.issue(str(body["title"]), str(body.get("body") or ""), self._caller(req))

    def _patch_issue(self, req: Request, number: int) -> tuple[Any, ...]:
        issue = self.issues.get(number)
        if issue is None:
            return 404, {"message": "Not Found"}
        body = req.body if isinstance(req.body, dict) else {}
        issue.update({k: v for k, v in body.items() if k in ("title", "body", "state")}, updated_at=self.now)
        return 201, issue

    def _post_comment(self, req: Request, number: int) -> tuple[Any, ...]:
        text = str((req.body or {}).get("body", "")) if isinstance(req.body, dict) else ""
        if number in self.issues:
            self.issue_comments.setdefault(number, []).append(text)
            return 201, {"id": self._next(), "body": text, "created_at": self.now}
        if number not in self.pulls:
            return 404, {"message": "Not Found"}
        self.comments.setdefault(number, []).append(text)
        return 201, {"id": self._next(), "body": text, "created_at": self.now}

    def _merge(self, req: Request, number: int) -> tuple[Any, ...]:
        pull = self.pulls.get(number)
        body = req.body if isinstance(req.body, dict) else {}
        if pull is None:
            return 404, {"message": "Not Found"}
        if pull["merged"]:
            return 405, {"message": "The PR is already merged"}
        if body.get("Do") != "merge":
            return 405, {"message": "Invalid merge style"}
        expected = body.get("head_commit_id")
        if expected and expected != pull["head"]["sha"]:
            return 409, {"message": f"SHA does not match [given: {expected}, current: {pull['head']['sha']}]"}
        title = str(body.get("MergeTitleField", ""))
        merge_sha = self.on_merge(number, pull["head"]["sha"], title) if self.on_merge else f"{number:040x}"
        pull.update(
            state="closed",
            merged=True,
            merged_at=self.now,
            merge_commit_sha=merge_sha,
            merged_by=gitea_user("shuangchuang-merge"),
        )
        self.known.add(merge_sha)
        return 200, None


def _query(req: Request) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(req.query).items()}

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
from urllib.parse import parse_qsl, urlencode, urlsplit

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
            ("GET", r"/git/trees/([0-9a-f]{40})"): self._tree,
        }

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

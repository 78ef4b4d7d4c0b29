"""A scenario for the simulated runner: authors, the forge (git and API), and the runner.

site = Site.create(tmp_path, tree)              # main holds the registry and settings
site.author.branch("pr"); site.author.write(...); site.author.commit(...)
site.open_pull(1, "2026-03-05T09:00:00+08:00")   # push the head; the API knows the pull request
site.saw(1, "2026-03-05T09:01:00+08:00")         # the filing check ran on the head then
job = site.pull_request_job(1, now="2026-03-05T09:02:00+08:00")
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from conftest import run_cli
from fakeforge import FakeForge, Request, check_run, check_runs
from gitrepo import LINNA_ACCOUNT, YUBO_ACCOUNT, ZHANG_ACCOUNT, GitRepo, new_repo, review

from .harness import REPOSITORY, SOURCE, Forge, Job, Runner, git

API = f"/repos/{REPOSITORY}"


def utc(moment: str) -> str:
    """A time as GitHub's API writes it: UTC with a Z."""
    return datetime.fromisoformat(moment).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Site:
    author: GitRepo
    forge: Forge
    api: FakeForge
    runner: Runner
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)
    runs: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # head sha → check runs
    recorded: list[dict[str, Any]] = field(default_factory=list)  # check runs the workflows created
    failing_heads: set[str] = field(default_factory=set)  # creating a check run on these answers 502

    @classmethod
    def create(cls, scratch: Path, tree: Path) -> Site:
        """`tree` becomes the project's repository: this source's .github/ (workflows, scripts)
        with CODEOWNERS and the schemas generated for `tree`'s registry, then the first commit."""
        shutil.copytree(SOURCE / ".github", tree / ".github")
        for command in ("codeowners", "schema"):
            done = run_cli(command, cwd=tree)
            assert done.code == 0, done.out + done.err
        author = new_repo(tree)
        forge = Forge.create(scratch)
        forge.push(author.root, "main:refs/heads/main")
        api = FakeForge().start()
        runner_dir = scratch / "runner"
        runner_dir.mkdir()
        site = cls(author, forge, api, Runner(runner_dir, forge, api.url))
        site._routes()
        return site

    def close(self) -> None:
        self.api.stop()

    # --- the forge -------------------------------------------------------------------------------

    def push_main(self) -> None:
        self.forge.push(self.author.root, "main:refs/heads/main")

    def open_pull(self, number: int, opened_at: str, branch: str = "pr") -> str:
        """Push `branch` as the pull request's head (again after each new commit); its sha."""
        self.forge.push(self.author.root, f"{branch}:refs/pull/{number}/head")
        head = self.forge.sha(f"refs/pull/{number}/head")
        self.pulls.setdefault(number, {"number": number, "state": "open", "created_at": utc(opened_at)})
        self.pulls[number]["head"] = {"sha": head, "ref": branch}
        self.pulls[number]["base"] = {"sha": self.forge.sha("main"), "ref": "main"}
        return head

    def saw(self, number: int, started_at: str) -> None:
        """The filing check ran on the pull request's current head at `started_at`."""
        head = self.pulls[number]["head"]["sha"]
        self.runs.setdefault(head, []).append(check_run(head, utc(started_at), run_id=len(self.runs) + 100))

    def _routes(self) -> None:
        def pull(req: Request) -> tuple[int, Any]:
            number = int(req.path.split("/")[5])
            return (200, self.pulls[number]) if number in self.pulls else (404, {"message": "Not Found"})

        def commits(req: Request) -> tuple[int, Any]:
            number = int(req.path.split("/")[5])
            head = self.pulls[number]["head"]["sha"]
            listed = git(self.forge.root, "rev-list", "--reverse", head, "^main").split()
            return 200, [{"sha": sha} for sha in listed]

        def runs(req: Request) -> tuple[int, Any]:
            return 200, check_runs(*self.runs.get(req.path.split("/")[5], []))

        def approvals(req: Request) -> tuple[int, Any]:
            """The signers these scenarios commit as approve the pull request's current head."""
            head = self.pulls[int(req.path.split("/")[5])]["head"]["sha"]
            return 200, [review(login, head) for login in (LINNA_ACCOUNT, ZHANG_ACCOUNT, YUBO_ACCOUNT)]

        def create_run(req: Request) -> tuple[int, Any]:
            if req.body["head_sha"] in self.failing_heads:
                return 502, {"message": "Server Error"}
            self.recorded.append(req.body)
            return 201, {"id": len(self.recorded), **req.body}

        self.api.route(
            "GET", f"{API}/pulls", responder=lambda _r: (200, [p for p in self.pulls.values() if p["state"] == "open"])
        )
        self.api.route("POST", f"{API}/check-runs", responder=create_run)
        for number in range(1, 20):
            self.api.route("GET", f"{API}/pulls/{number}", responder=pull)
            self.api.route("GET", f"{API}/pulls/{number}/commits", responder=commits)
            self.api.route("GET", f"{API}/pulls/{number}/reviews", responder=approvals)
        self._runs_responder = runs

    def _route_runs(self) -> None:
        for sha in git(self.forge.root, "rev-list", "--all").split():
            self.api.route("GET", f"{API}/commits/{sha}/check-runs", responder=self._runs_responder)

    # --- the runner --------------------------------------------------------------------------------

    def pull_request_job(
        self, number: int, now: str, job: str = "filing", merged_at: str | None = None, action: str = "synchronize"
    ) -> Job:
        """The checks workflow's `job` on GitHub's test merge of the pull request, at `now`."""
        merge = self.forge.test_merge(number, merged_at or now)
        self._route_runs()
        pull = self.pulls[number]
        event = {
            "action": action,
            "number": number,
            "pull_request": pull,
            "repository": {"full_name": REPOSITORY, "default_branch": "main"},
        }
        ws = self.runner.workspace(merge, fetch=(f"refs/pull/{number}/merge",))
        return self.runner.run("checks.yml", job, "pull_request", event, ws, now, f"refs/pull/{number}/merge", merge)

    def queue_job(self, number: int, queued_at: str, now: str, job: str = "filing") -> Job:
        """The checks workflow's `job` on a merge-queue entry made at `queued_at`, starting at `now`."""
        branch, base, head = self.forge.queue(number, queued_at)
        self._route_runs()
        event = {
            "action": "checks_requested",
            "merge_group": {
                "head_sha": head,
                "head_ref": f"refs/heads/{branch}",
                "base_sha": base,
                "base_ref": "refs/heads/main",
                "head_commit": {
                    "id": head,
                    "tree_id": git(self.forge.root, "rev-parse", f"{head}^{{tree}}"),
                    "message": f"Merge pull request #{number}",
                    "timestamp": datetime.fromisoformat(queued_at).isoformat(),
                },
            },
            "repository": {"full_name": REPOSITORY, "default_branch": "main"},
        }
        ws = self.runner.workspace(head)
        return self.runner.run("checks.yml", job, "merge_group", event, ws, now, f"refs/heads/{branch}", head)

    def scheduled_recheck(self, now: str) -> Job:
        """deadline.yml on a schedule at `now`, on main."""
        self._route_runs()
        main = self.forge.sha("main")
        event = {
            "schedule": "1,7,15,30 16 10,20 3 *",
            "repository": {"full_name": REPOSITORY, "default_branch": "main"},
        }
        ws = self.runner.workspace(main)
        return self.runner.run("deadline.yml", "recheck", "schedule", event, ws, now, "refs/heads/main", main)

    def dispatched_deploy(self, branch: str, now: str) -> Job:
        """deploy.yml started by hand ("Run workflow") on `branch`."""
        self.forge.push(self.author.root, f"main:refs/heads/{branch}")
        sha = self.forge.sha(f"refs/heads/{branch}")
        event = {"ref": f"refs/heads/{branch}", "inputs": {}, "repository": {"full_name": REPOSITORY}}
        ws = self.runner.workspace(sha)
        return self.runner.run(
            "deploy.yml",
            "build",
            "workflow_dispatch",
            event,
            ws,
            now,
            f"refs/heads/{branch}",
            sha,
            until="只发布主分支",
        )

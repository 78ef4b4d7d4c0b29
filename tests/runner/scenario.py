"""A scenario for the simulated runner: authors, the forge (git and API), and the runner.

site = Site.create(tmp_path, tree)               # main holds the registry, settings, code, workflows
site.author.branch("pr"); site.author.write(...); site.author.commit(...)
site.push(1, "2026-03-05T09:00:00+08:00")         # GitHub: the head moves, a run of checks.yml is created
site.approve(1, LINNA_ACCOUNT, "2026-03-05T10:00:00+08:00")
job = site.checks_job(1, now="2026-03-05T09:02:00+08:00")   # that run's job starts
merge = site.comment(1, "/合并", at="2026-03-06T09:00:00+08:00")
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from conftest import run_cli
from fakeforge import FakeForge, FakeGitHub
from gitrepo import GitRepo, new_repo

from .expressions import interpolate
from .harness import REPOSITORY, SOURCE, Forge, Job, Runner, _events, _load_at, git

API = f"/repos/{REPOSITORY}"
FILER = "bayi-clerk"  # a unit's registered filer: no write access to the repository
MERGE_SECRETS = {"MERGE_TOKEN": "fake-merge-token"}
# What main holds besides the filings: the program and its workflows, as the real repository does.
PROJECT = (".github", "generator", "pyproject.toml")


def install_project(tree: Path, parts: tuple[str, ...] = PROJECT) -> None:
    """This source's program and workflows copied into `tree`, with CODEOWNERS and the schemas
    generated for `tree`'s registry: what main holds besides the filings."""
    for name in parts:
        source = SOURCE / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tree / name)
    for command in ("codeowners", "schema"):
        done = run_cli(command, cwd=tree)
        assert done.code == 0, done.out + done.err


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


@dataclass
class Site:
    author: GitRepo
    forge: Forge
    api: FakeForge
    github: FakeGitHub
    runner: Runner

    @classmethod
    def create(cls, scratch: Path, tree: Path) -> Site:
        """`tree` becomes the project's repository: this source's program and workflows, with
        CODEOWNERS and the schemas generated for `tree`'s registry, then the first commit."""
        install_project(tree)
        author = new_repo(tree)
        forge = Forge.create(scratch)
        forge.push(author.root, "main:refs/heads/main")
        api = FakeForge().start()
        github = FakeGitHub(REPOSITORY, forge.root).attach(api)
        runner_dir = scratch / "runner"
        runner_dir.mkdir()
        site = cls(author, forge, api, github, Runner(runner_dir, forge, api.url))
        github.merger = site._merge
        return site

    def close(self) -> None:
        self.api.stop()

    def at(self, when: str) -> None:
        """The forge's own clock: every time it records from now on is this one."""
        self.github.now = moment(when)

    # --- the forge -------------------------------------------------------------------------------

    def push_main(self) -> None:
        self.forge.push(self.author.root, "main:refs/heads/main")

    def push(self, number: int, at: str, branch: str = "pr", author: str = FILER, fork: str | None = None) -> str:
        """`branch` pushed as pull request N's head at `at` (opened the first time), from `fork` when
        given. GitHub then creates the run of main's checks.yml for the event (its title computed
        from main's `run-name:`, its created_at the forge's clock); the job itself runs later
        (`checks_job`). Returns the new head."""
        self.at(at)
        if fork is not None:
            bare = self.runner.repos.setdefault(fork, self.forge.root.parent / f"{fork.replace('/', '--')}.git")
            if not bare.exists():
                git(self.forge.root.parent, "clone", "-q", "--bare", str(self.forge.root), str(bare))
            git(self.author.root, "push", "-q", "--force", str(bare), f"{branch}:refs/heads/{branch}")
        self.forge.push(self.author.root, f"{branch}:refs/pull/{number}/head")
        head = self.forge.sha(f"refs/pull/{number}/head")
        action = "synchronize" if number in self.github.pulls else "opened"
        self.github.open(number, author, head, branch, head_repo=fork)
        self._create_run(number, action)
        return head

    def _create_run(self, number: int, action: str) -> None:
        main = self.forge.sha("main")
        spec = _load_at(self.forge.root, main, ".github/workflows/checks.yml")
        if spec is None or "pull_request_target" not in _events(spec):
            return
        context = {"github": {"event": self.pull_event(number, action), "sha": main, "ref": "refs/heads/main"}}
        title = interpolate(str(spec.get("run-name") or f"PR #{number}"), context)
        self.github.run(".github/workflows/checks.yml", "pull_request_target", "main", title, main)

    def approve(self, number: int, account: str, at: str, state: str = "APPROVED") -> dict[str, Any]:
        self.at(at)
        return self.github.review(number, account, state)

    def pull_event(self, number: int, action: str = "synchronize") -> dict[str, Any]:
        """The webhook payload GitHub sends for a pull request event."""
        return {
            "action": action,
            "number": number,
            "pull_request": self.github.pulls[number],
            "repository": {"full_name": REPOSITORY, "default_branch": "main"},
            "sender": self.github.pulls[number]["user"],
        }

    def _merge(self, number: int, head: str, title: str) -> str:
        """What the merge endpoint does in git: a merge commit of the head into main, by GitHub."""
        when = self.github.now.isoformat()
        return self.forge._merge(self.forge.sha("main"), head, "refs/heads/main", when, title)

    # --- the runner ----------------------------------------------------------------------------------

    def checks_job(self, number: int, now: str, action: str = "synchronize") -> Job:
        """checks.yml's filing job for pull_request_target, as GitHub runs it: the workflow and
        github.sha from main, GITHUB_REF=refs/heads/main, the pull request in the payload."""
        self.at(now)
        main = self.forge.sha("main")
        event = self.pull_event(number, action)
        return self.runner.run("checks.yml", "filing", "pull_request_target", event, None, now, "refs/heads/main", main)

    def tests_job(self, number: int, now: str, job: str = "changes") -> Job:
        """tests.yml's `job` for pull_request: on GitHub's test merge, with the merge's workflow file."""
        merge = self.forge.test_merge(number, now)
        event = self.pull_event(number)
        ref = f"refs/pull/{number}/merge"
        return self.runner.run("tests.yml", job, "pull_request", event, None, now, ref, merge)

    def comment(self, number: int, body: str, at: str, by: str = "someone") -> Job:
        """A comment on pull request N: merge.yml's job for issue_comment (main's file, on main)."""
        self.at(at)
        main = self.forge.sha("main")
        event = {
            "action": "created",
            "issue": {"number": number, "pull_request": {"url": f"{self.api.url}{API}/pulls/{number}"}},
            "comment": {"body": body, "user": {"login": by}},
            "repository": {"full_name": REPOSITORY, "default_branch": "main"},
            "sender": {"login": by},
        }
        return self.runner.run(
            "merge.yml", "merge", "issue_comment", event, None, at, "refs/heads/main", main, secrets=MERGE_SECRETS
        )

    def dispatched(
        self, workflow: str, job: str, branch: str, now: str, until: str | None = None, source: str = "main"
    ) -> Job:
        """`workflow` started by hand ("Run workflow") on `branch` (the author's `source` pushed there)."""
        self.forge.push(self.author.root, f"{source}:refs/heads/{branch}")
        sha = self.forge.sha(f"refs/heads/{branch}")
        event = {"ref": f"refs/heads/{branch}", "inputs": {}, "repository": {"full_name": REPOSITORY}}
        return self.runner.run(
            workflow, job, "workflow_dispatch", event, None, now, f"refs/heads/{branch}", sha, until=until
        )

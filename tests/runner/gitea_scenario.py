"""The simulated runner on a Gitea/Forgejo forge: the same authors and bare repository as
scenario.py, the fake forge's Gitea dialect (tests/fakeforge.py: GiteaRepo) as the API, and the
workflow set of .forgejo/workflows run as Forgejo runs it.

What Forgejo does that the scenario reproduces: a push to a pull request's head creates a run of
main's checks.yml, and Actions writes the job's commit status (context
`checks.yml / 检查申报文件 (pull_request_target)`, the Actions user, the server's time) on the head at
once, before the job runs; a force push leaves a `pull_push` comment naming the old and the new
head; the jobs fetch main with git from `${GITHUB_SERVER_URL}/<owner>/<name>.git` (no actions).

    site = GiteaSite.create(tmp_path, tree)
    site.author.branch("pr"); site.author.write(...); site.author.commit(...)
    site.push(1, "2026-03-05T09:00:00+08:00")
    site.approve(1, ZHANG_ACCOUNT, "2026-03-05T10:00:00+08:00")
    job = site.checks_job(1, now="2026-03-05T09:02:00+08:00")
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from fakeforge import FakeForge, GiteaRepo
from gitrepo import GitRepo, new_repo

from .harness import REPOSITORY, Forge, Job, Runner, _events, _load_at
from .scenario import install_project

FILER = "bayi-clerk"  # a unit's registered filer: no write access, files from a fork
MERGE_SECRETS = {"MERGE_TOKEN": "fake-merge-token"}
PROJECT = (".github", ".forgejo", ".gitea", "deploy", "generator", "pyproject.toml")
WORKFLOWS = ".forgejo/workflows"
CHECK_CONTEXT = "checks.yml / 检查申报文件 (pull_request_target)"


@dataclass
class GiteaSite:
    author: GitRepo
    forge: Forge
    api: FakeForge
    gitea: GiteaRepo
    runner: Runner

    @classmethod
    def create(cls, scratch: Path, tree: Path, dialect: str = "forgejo") -> GiteaSite:
        install_project(tree, PROJECT)
        author = new_repo(tree)
        settings = tree / "submissions/programme.yaml"
        settings.write_text(settings.read_text(encoding="utf-8") + f"平台: {dialect}\n", encoding="utf-8")
        author.commit("The forge is the intranet's", "2026-01-05T10:00:00+08:00")
        forge = Forge.create(scratch)
        forge.push(author.root, "main:refs/heads/main")
        # The forge's web address: a file:// server under which <owner>/<name>.git is the forge.
        server = scratch / "server"
        (server / REPOSITORY).parent.mkdir(parents=True)
        (server / f"{REPOSITORY}.git").symlink_to(forge.root)
        api = FakeForge().start()
        gitea = GiteaRepo(repo=REPOSITORY, dialect=dialect, git_dir=forge.root).attach(api)
        runner_dir = scratch / "runner"
        runner_dir.mkdir()
        runner = Runner(
            runner_dir,
            forge,
            f"{api.url}/api/v1",
            workflows=WORKFLOWS,
            server_url=f"file://{server}",
            env={"FORGE_API_URL": f"{api.url}/api/v1"},
        )
        site = cls(author, forge, api, gitea, runner)
        gitea.on_merge = site._merge
        gitea.known.add(forge.sha("main"))
        return site

    def close(self) -> None:
        self.api.stop()

    def at(self, when: str) -> None:
        """The forge's own clock, in the server's zone as Gitea writes times."""
        self.gitea.now = datetime.fromisoformat(when).isoformat()

    # --- the forge -------------------------------------------------------------------------------

    def push(self, number: int, at: str, branch: str = "pr", author: str = FILER, force: bool = False) -> str:
        """`branch` pushed as pull request N's head at `at` (opened the first time; `force`: a force
        push replacing its commits). Forgejo then creates the run of main's checks.yml and Actions
        writes the job's pending status on the new head at that moment."""
        self.at(at)
        self.forge.push(self.author.root, f"{branch}:refs/pull/{number}/head")
        head = self.forge.sha(f"refs/pull/{number}/head")
        if number not in self.gitea.pulls:
            self.gitea.open_pull(number, head=head, author=author, head_repo=f"{author}/shuangchuang", ref=branch)
        else:
            self.gitea.push(number, [head], force=force, pusher=author)
        if self._triggers("checks.yml", "pull_request_target"):
            self.gitea.actions_status(head, "pending", CHECK_CONTEXT)
        return head

    def _triggers(self, workflow: str, event: str) -> bool:
        spec = _load_at(self.forge.root, self.forge.sha("main"), f"{WORKFLOWS}/{workflow}")
        return spec is not None and event in _events(spec)

    def approve(self, number: int, account: str, at: str, state: str = "APPROVED") -> dict[str, Any]:
        self.at(at)
        return self.gitea.review(number, account, state, self.gitea.pulls[number]["head"]["sha"])

    def pull_event(self, number: int, action: str = "synchronize") -> dict[str, Any]:
        return {
            "action": action,
            "number": number,
            "pull_request": self.gitea.pulls[number],
            "repository": {"full_name": REPOSITORY, "default_branch": "main"},
            "sender": self.gitea.pulls[number]["user"],
        }

    def _merge(self, number: int, head: str, title: str) -> str:
        return self.forge._merge(self.forge.sha("main"), head, "refs/heads/main", self.gitea.now, title)

    # --- the runner ----------------------------------------------------------------------------------

    def checks_job(self, number: int, now: str, action: str = "synchronize") -> Job:
        """checks.yml's job for pull_request_target: main's file, github.sha = main's head."""
        self.at(now)
        main = self.forge.sha("main")
        event = self.pull_event(number, action)
        job = self.runner.run("checks.yml", "filing", "pull_request_target", event, None, now, "refs/heads/main", main)
        head = self.gitea.pulls[number]["head"]["sha"]
        if job.ran:  # Actions updates the job's status when it ends (the server's time, again)
            self.gitea.actions_status(head, "success" if job.ok else "failure", CHECK_CONTEXT)
        return job

    def comment(self, number: int, body: str, at: str, by: str = "someone") -> Job:
        """A comment on pull request N: merge.yml for issue_comment (main's file, on main)."""
        self.at(at)
        main = self.forge.sha("main")
        event = {
            "action": "created",
            "issue": {"number": number, "pull_request": {"merged": False}},
            "comment": {"body": body, "user": {"login": by}},
            "repository": {"full_name": REPOSITORY, "default_branch": "main"},
            "sender": {"login": by},
            "is_pull": True,
        }
        return self.runner.run(
            "merge.yml", "merge", "issue_comment", event, None, at, "refs/heads/main", main, secrets=MERGE_SECRETS
        )

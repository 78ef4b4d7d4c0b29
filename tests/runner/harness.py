"""A GitHub runner, simulated: runs a workflow job's `run:` steps as GitHub would, on this machine.

What it reproduces (the conditions under which the real runner broke the checks):
- the workflow file itself is read, as GitHub reads it: from the commit the event runs on
  (GITHUB_SHA: main's head for pull_request_target, issue_comment and workflow_dispatch on main;
  the test merge for pull_request), and only when its `on:` has the event; the job's and each
  step's `if:`, `run:` and `env:` with their `${{ }}` expressions evaluated (tests/runner/
  expressions.py: github, inputs, secrets, needs, steps); nothing is copied out of the YAML;
- the event as a JSON file (GITHUB_EVENT_PATH) and the GITHUB_* / RUNNER_* variables, with
  GITHUB_ENV, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files carried from step to step;
- the forge's git side as a bare repository ("origin") with `refs/pull/N/head` (for forks too) and
  GitHub's test merge `refs/pull/N/merge` (a merge commit: HEAD^2 is the pull request); forks are
  bare repositories of their own;
- actions/checkout, emulated from its inputs: `repository`, `ref` (default: the event's
  GITHUB_SHA), `path` (inside the workspace), `fetch-depth` (0: the whole history); the clone's
  origin is the forge and it keeps no credentials;
- the container: the job runs as root in a workspace owned by another uid, with a fresh HOME and
  no git configuration, so git refuses the repository unless the scripts make it safe;
- the forge's REST API as tests/fakeforge.py on 127.0.0.1 (GITHUB_API_URL), nothing else: the
  network is never reached;
- the clock: a `date` on PATH that answers with the scenario's time.

Steps are shell scripts run with `bash --noprofile --norc -eo pipefail`, as GitHub runs them.
`uses:` steps are emulated: checkout (above), setup-python (the test's Python),
upload-pages-artifact (nothing to upload), cache and cache/restore (nothing restored). The install step
(`id: install`, `install-check.sh [SOURCE [VENV]]`) cannot reach a package registry here: the
harness puts a program at VENV/bin/shuangchuang (default .venv) that runs the package in SOURCE
(default: the workspace, i.e. whatever was checked out there), so what the workflow installs is
what runs (tests/benchmarks/bench_ci_jobs.py measures the real install).
"""

from __future__ import annotations

import json
import os
import re
import resource
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from gitrepo import dated as git_dated

from .expressions import condition, interpolate

SOURCE = Path(__file__).resolve().parents[2]  # this repository: its workflows and its program
REPOSITORY = "dlftu-sample/shuangchuang"
RUNNER_UID = 4242  # the runner user who owns the workspace; the job runs as root
BOT = ("GitHub", "noreply@github.com")


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """The harness's own git (never the scripts'): trusts any folder and ignores user config."""
    full = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "LC_ALL": "C.UTF-8",
        **(env or {}),
    }
    proc = subprocess.run(
        ["git", "-c", "safe.directory=*", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", env=full
    )
    if proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
    return proc.stdout.strip()


def dated(when: str, who: tuple[str, str] = BOT) -> dict[str, str]:
    """A commit's environment at `when` by `who` (the forge's own account unless told)."""
    return git_dated(when, who)


@dataclass
class Forge:
    """The forge's git side: a bare repository the authors push to and the runner clones from."""

    root: Path

    @classmethod
    def create(cls, base: Path) -> Forge:
        root = base / "forge.git"
        git(base, "init", "-q", "--bare", "-b", "main", str(root))
        git(root, "config", "uploadpack.allowAnySHA1InWant", "true")  # GitHub serves any commit it has
        return cls(root)

    def push(self, repo: Path, *refspecs: str) -> None:
        git(repo, "push", "-q", "--force", str(self.root), *refspecs)

    def sha(self, ref: str) -> str:
        return git(self.root, "rev-parse", "--verify", ref)

    def _merge(self, first: str, second: str, ref: str, when: str, message: str) -> str:
        """A merge commit of two commits as GitHub makes one (committer GitHub, at `when`), at `ref`."""
        tree_dir = self.root.parent / f"merging-{abs(hash(ref))}"
        git(self.root.parent, "clone", "-q", "--no-checkout", str(self.root), str(tree_dir))
        git(tree_dir, "fetch", "-q", "origin", first, second)
        git(tree_dir, "checkout", "-q", "--detach", first)
        git(tree_dir, "merge", "-q", "--no-ff", "-m", message, second, env=dated(when))
        git(tree_dir, "push", "-q", "--force", "origin", f"HEAD:{ref}")
        merged = git(tree_dir, "rev-parse", "HEAD")
        shutil.rmtree(tree_dir)
        return merged

    def test_merge(self, number: int, when: str) -> str:
        """refs/pull/N/merge: main and the pull request's head, as GitHub keeps it."""
        return self._merge(
            self.sha("main"),
            self.sha(f"refs/pull/{number}/head"),
            f"refs/pull/{number}/merge",
            when,
            f"Merge {self.sha(f'refs/pull/{number}/head')} into {self.sha('main')}",
        )

    def queue(self, number: int, when: str) -> tuple[str, str, str]:
        """A merge-queue entry: (branch, base sha, head sha) of gh-readonly-queue/main/pr-N-<sha>."""
        base = self.sha("main")
        head = self.sha(f"refs/pull/{number}/head")
        branch = f"gh-readonly-queue/main/pr-{number}-{base}"
        merged = self._merge(base, head, f"refs/heads/{branch}", when, f"Merge pull request #{number}")
        return branch, base, merged


@dataclass
class Step:
    name: str
    code: int | None  # None: not run (skipped after a failure, or emulated)
    out: str = ""
    err: str = ""
    seconds: float = 0.0  # wall time
    cpu: float = 0.0  # user + system time of the step's processes
    note: str = ""  # how an emulated step was handled


@dataclass
class Job:
    ran: bool = True  # False: the workflow is not triggered by the event, or the job's if: is false
    steps: list[Step] = field(default_factory=list)
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)  # step id → outputs
    summary: str = ""
    env: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.ran and all(s.code in (0, None) for s in self.steps)

    @property
    def out(self) -> str:
        return "\n".join(s.out + s.err for s in self.steps)

    def step(self, name: str) -> Step:
        return next(s for s in self.steps if s.name == name)


@dataclass
class Runner:
    """One simulated runner machine: a scratch folder, the forge, and the API's address."""

    scratch: Path
    forge: Forge
    api_url: str
    uid: int = RUNNER_UID
    program: str | None = None  # the install step's program (a shell script); default: the installed source's
    repos: dict[str, Path] = field(default_factory=dict)  # other repositories (forks) by owner/name
    # The forge's workflow folder and web address (Gitea/Forgejo: .forgejo/workflows, and a
    # file:// server whose <owner>/<name>.git is the forge, for workflows that fetch with git),
    # and variables the runner's configuration gives every job (act_runner's runner.envs).
    workflows: str = ".github/workflows"
    server_url: str = "http://127.0.0.1:9"
    env: dict[str, str] = field(default_factory=dict)

    def workspace(self, sha: str | None = None, fetch: tuple[str, ...] = ()) -> Path:
        """An empty GITHUB_WORKSPACE owned by the runner user; with `sha`, what a plain
        actions/checkout leaves there: a full clone detached at `sha`."""
        ws = self.scratch / f"workspace-{time.monotonic_ns()}"
        ws.mkdir()
        if sha is not None:
            self._clone(REPOSITORY, ws, sha, fetch)
        self._own(ws)
        return ws

    def _own(self, path: Path) -> None:
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", f"{self.uid}:{self.uid}", str(path)], check=True)

    def _clone(self, repository: str, target: Path, ref: str, fetch: tuple[str, ...] = ()) -> str:
        bare = self.forge.root if repository == REPOSITORY else self.repos[repository]
        if target.exists() and any(target.iterdir()):
            raise AssertionError(f"actions/checkout into a folder that is not empty: {target}")
        git(self.scratch, "clone", "-q", "--no-checkout", str(bare), str(target))
        sha = ref if re.fullmatch(r"[0-9a-f]{40}", ref) else git(bare, "rev-parse", "--verify", ref)
        for extra in fetch:
            git(target, "fetch", "-q", "origin", f"+{extra}:{extra}")
        git(target, "fetch", "-q", "origin", sha)
        git(target, "checkout", "-q", "--detach", sha)
        return sha

    def run(
        self,
        workflow: str,
        job_id: str,
        event_name: str,
        event: dict[str, Any],
        workspace: Path | None,
        now: str,
        ref: str,
        sha: str,
        until: str | None = None,
        secrets: dict[str, str] | None = None,
    ) -> Job:
        """The job's steps in order, at `now`; stop after the step named `until` when given.

        The workflow is read from the forge at `sha` (GITHUB_SHA), as GitHub reads it; a workflow
        whose `on:` lacks the event, or a job whose `if:` is false, does not run (`Job.ran`)."""
        spec_file = _load_at(self.forge.root, sha, f"{self.workflows}/{workflow}")
        if spec_file is None or event_name not in _events(spec_file):
            return Job(ran=False)
        spec = spec_file["jobs"][job_id]
        workspace = workspace or self.workspace()
        home, temp = self._fresh("home"), self._fresh("temp")
        files = {name: temp / name for name in ("env", "summary.md", "event.json")}
        files["event.json"].write_text(json.dumps(event, ensure_ascii=False), encoding="utf-8")
        for name in ("env", "summary.md"):
            files[name].write_text("", encoding="utf-8")
        context: dict[str, Any] = {
            "github": {
                "event": event,
                "event_name": event_name,
                "ref": ref,
                "sha": sha,
                "token": "fake-token",
                "repository": REPOSITORY,
                "server_url": self.server_url,
                "workspace": str(workspace),
            },
            "inputs": event.get("inputs") or {},
            "secrets": secrets or {},
            "needs": {},
            "steps": {},  # steps.<id>.outputs / outcome, filled as the steps run
        }
        if not condition(spec.get("if"), context, {"success": True, "failure": False, "cancelled": False}):
            return Job(ran=False)
        env = {
            "PATH": f"{self._clock(now)}:/usr/local/bin:/usr/bin:/bin",
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_REPOSITORY": REPOSITORY,
            "GITHUB_API_URL": self.api_url,
            "GITHUB_SERVER_URL": self.server_url,
            "GITHUB_EVENT_NAME": event_name,
            "GITHUB_EVENT_PATH": str(files["event.json"]),
            "GITHUB_REF": ref,
            "GITHUB_SHA": sha,
            "GITHUB_RUN_ID": "4711",
            "GITHUB_ENV": str(files["env"]),
            "GITHUB_STEP_SUMMARY": str(files["summary.md"]),
            "RUNNER_TEMP": str(temp),
            "RUNNER_OS": "Linux",
            "PYTHONIOENCODING": "utf-8",
            **self.env,
        }
        job = Job()
        failed = False
        for index, step in enumerate(spec["steps"]):
            name = step.get("name", f"step {index}")
            status = {"success": not failed, "failure": failed, "cancelled": False}
            if not condition(step.get("if"), context, status):
                job.steps.append(Step(name, None, note="skipped by its if:"))
                continue
            if "uses" in step:
                job.steps.append(Step(name, None, note=self._uses(step, context, workspace)))
                continue
            step_env = {**env, **_read_env(files["env"])}
            if step.get("id") == "install":
                job.steps.append(self._install(name, step["run"], workspace, step_env))
                continue
            output = temp / f"output-{index}"
            output.write_text("", encoding="utf-8")
            step_env["GITHUB_OUTPUT"] = str(output)
            step_env.update({k: interpolate(str(v), context) for k, v in (step.get("env") or {}).items()})
            started, used = time.monotonic(), _children_cpu()
            proc = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                cwd=workspace,
                env=step_env,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=300,
            )
            job.steps.append(
                Step(
                    name, proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started, _children_cpu() - used
                )
            )
            if step.get("id"):
                job.outputs[step["id"]] = _read_env(output)
                outcome = "success" if proc.returncode == 0 else "failure"
                context["steps"][step["id"]] = {"outputs": job.outputs[step["id"]], "outcome": outcome}
            failed = failed or proc.returncode != 0
            if name == until:
                break
        job.summary = files["summary.md"].read_text(encoding="utf-8")
        job.env = _read_env(files["env"])
        return job

    def _uses(self, step: dict[str, Any], context: dict[str, Any], workspace: Path) -> str:
        action = str(step["uses"]).split("@")[0]
        if action != "actions/checkout":
            return _emulate(step["uses"])
        inputs = {k: _input(v, context) for k, v in (step.get("with") or {}).items()}
        repository = inputs.get("repository") or REPOSITORY
        ref = inputs.get("ref") or context["github"]["sha"]
        if str(inputs.get("fetch-depth", "1")) != "0":
            raise AssertionError("the harness emulates full-history checkouts only (fetch-depth: 0)")
        if inputs.get("persist-credentials", "true") != "false":
            raise AssertionError("every checkout must drop its credentials (persist-credentials: false)")
        target = (workspace / inputs.get("path", ".")).resolve()
        if not target.is_relative_to(workspace.resolve()):
            raise AssertionError(f"actions/checkout refuses a path outside the workspace: {target}")
        target.mkdir(parents=True, exist_ok=True)
        fetch = (ref,) if ref.startswith("refs/pull/") else ()
        sha = self._clone(repository, target, ref, fetch)
        self._own(workspace)
        return f"checked out {repository}@{sha[:10]} into {target.relative_to(workspace.resolve()) or '.'}"

    def _fresh(self, what: str) -> Path:
        path = self.scratch / f"{what}-{time.monotonic_ns()}"
        path.mkdir()
        return path

    def _clock(self, now: str) -> Path:
        """A `date` that says it is `now` (the scripts read the time only through it)."""
        bin_dir = self._fresh("clock")
        epoch = datetime.fromisoformat(now).timestamp()
        (bin_dir / "date").write_text(f'#!/bin/sh\nexec /bin/date -d "@{epoch:.3f}" "$@"\n', encoding="utf-8")
        (bin_dir / "date").chmod(0o755)
        return bin_dir

    def _install(self, name: str, script: str, workspace: Path, env: dict[str, str]) -> Step:
        """The install step without a registry: `install-check.sh [SOURCE [VENV]]` as written in the
        workflow; VENV/bin/shuangchuang runs the package in SOURCE (what was checked out there)."""
        words = shlex.split(script)
        at = next((i for i, w in enumerate(words) if w.endswith("install-check.sh")), len(words))
        args = [re.sub(r"\$\{?RUNNER_TEMP\}?", env["RUNNER_TEMP"], w) for w in words[at + 1 :]]
        source = (workspace / args[0]) if args else workspace
        venv = Path(args[1]) if len(args) > 1 else source / ".venv"
        venv = venv if venv.is_absolute() else workspace / venv
        program = venv / "bin/shuangchuang"
        program.parent.mkdir(parents=True, exist_ok=True)
        program.write_text(
            self.program or f'#!/bin/sh\nPYTHONPATH="{source}" exec "{sys.executable}" -m generator "$@"\n',
            encoding="utf-8",
        )
        program.chmod(0o755)
        return Step(name, None, note=f"replaced: the package in {source} at {program}")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _input(value: Any, context: dict[str, Any]) -> str:
    """A `with:` value as the action receives it: a string (YAML false is "false")."""
    if isinstance(value, bool):
        return str(value).lower()
    return interpolate(str(value), context)


def _load_at(bare: Path, sha: str, path: str) -> dict[str, Any] | None:
    """The workflow file as it is in commit `sha` of the forge (None when it is not there)."""
    try:
        text = git(bare, "show", f"{sha}:{path}")
    except AssertionError:
        return None
    data = yaml.safe_load(text)
    data["on"] = data.pop(True, data.get("on"))
    return data


def _events(spec: dict[str, Any]) -> set[str]:
    on = spec["on"]
    return {on} if isinstance(on, str) else set(on)


EMULATED = {
    "actions/setup-python": "the test's Python",
    "actions/upload-pages-artifact": "nothing uploaded",
    "actions/cache": "a fresh runner: nothing restored, nothing saved",
    "actions/cache/restore": "a fresh runner: nothing restored",
    "actions/cache/save": "a fresh runner: nothing saved",
}


def _emulate(uses: str) -> str:
    action = uses.split("@")[0]
    if action not in EMULATED:
        raise AssertionError(f"the harness does not know the action {uses}")
    return EMULATED[action]


def _read_env(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of GITHUB_ENV / GITHUB_OUTPUT (the scripts write no multi-line values)."""
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition("=")
        if sep:
            found[key] = value
    return found

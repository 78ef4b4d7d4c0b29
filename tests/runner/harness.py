"""A GitHub runner, simulated: runs a workflow job's `run:` steps as GitHub would, on this machine.

What it reproduces (the conditions under which the real runner broke the checks):
- the workflow file itself is read: each step's `run:` script and `env:` (with the `${{ }}`
  expressions it uses evaluated from the event), in order, with `if:` for steps that run after a
  failure; nothing is copied out of the YAML;
- the event as a JSON file (GITHUB_EVENT_PATH) and the GITHUB_* / RUNNER_* variables, with
  GITHUB_ENV, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files carried from step to step;
- the forge's git side as a bare repository ("origin") with `refs/pull/N/head`, GitHub's test
  merge `refs/pull/N/merge` (a merge commit: HEAD^2 is the pull request) and merge-queue branches
  `gh-readonly-queue/main/pr-N-<sha>`; the workspace is a clone of it as actions/checkout makes one
  (full history, detached at the event's commit);
- the container: the job runs as root in a workspace owned by another uid, with a fresh HOME and
  no git configuration, so git refuses the repository unless the scripts make it safe;
- the forge's REST API as tests/fakeforge.py on 127.0.0.1 (GITHUB_API_URL), nothing else: the
  network is never reached;
- the clock: a `date` on PATH that answers with the scenario's time.

Steps are shell scripts run with `bash --noprofile --norc -eo pipefail`, as GitHub runs them.
`uses:` steps are emulated: checkout (the workspace is prepared before the job), setup-python
(the test's Python), upload-pages-artifact (nothing to upload), cache (nothing restored). The install step (`id: install`)
cannot reach a package registry here: the harness puts the program from this source tree at
`.venv/bin/shuangchuang` instead (tests/benchmarks/bench_ci_jobs.py measures the real install).
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

SOURCE = Path(__file__).resolve().parents[2]  # this repository: its workflows and its program
WORKFLOWS = SOURCE / ".github/workflows"
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
    return {
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": who[0],
        "GIT_AUTHOR_EMAIL": who[1],
        "GIT_COMMITTER_NAME": who[0],
        "GIT_COMMITTER_EMAIL": who[1],
    }


@dataclass
class Forge:
    """The forge's git side: a bare repository the authors push to and the runner clones from."""

    root: Path

    @classmethod
    def create(cls, base: Path) -> Forge:
        root = base / "forge.git"
        git(base, "init", "-q", "--bare", "-b", "main", str(root))
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
    steps: list[Step] = field(default_factory=list)
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)  # step id → outputs
    summary: str = ""
    env: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(s.code in (0, None) for s in self.steps)

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
    program: str | None = None  # the install step's program (a shell script); default: this source tree's

    def workspace(self, sha: str, fetch: tuple[str, ...] = ()) -> Path:
        """What actions/checkout leaves: a full clone detached at `sha`, owned by the runner user."""
        ws = self.scratch / f"workspace-{sha[:8]}-{time.monotonic_ns()}"
        git(self.scratch, "clone", "-q", str(self.forge.root), str(ws))
        for ref in fetch:
            git(ws, "fetch", "-q", "origin", f"+{ref}:{ref}")
        git(ws, "checkout", "-q", "--detach", sha)
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", f"{self.uid}:{self.uid}", str(ws)], check=True)
        return ws

    def run(
        self,
        workflow: str,
        job_id: str,
        event_name: str,
        event: dict[str, Any],
        workspace: Path,
        now: str,
        ref: str,
        sha: str,
        until: str | None = None,
    ) -> Job:
        """The job's steps in order, at `now`; stop after the step named `until` when given."""
        spec = _load(WORKFLOWS / workflow)["jobs"][job_id]
        home, temp = self._fresh("home"), self._fresh("temp")
        files = {name: temp / name for name in ("env", "summary.md", "event.json")}
        files["event.json"].write_text(json.dumps(event, ensure_ascii=False), encoding="utf-8")
        for name in ("env", "summary.md"):
            files[name].write_text("", encoding="utf-8")
        context = {
            "github": {
                "event": event,
                "event_name": event_name,
                "ref": ref,
                "sha": sha,
                "token": "fake-token",
                "repository": REPOSITORY,
                "workspace": str(workspace),
            }
        }
        env = {
            "PATH": f"{self._clock(now)}:/usr/local/bin:/usr/bin:/bin",
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_REPOSITORY": REPOSITORY,
            "GITHUB_API_URL": self.api_url,
            "GITHUB_SERVER_URL": "http://127.0.0.1:9",
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
        }
        job = Job()
        failed = False
        for index, step in enumerate(spec["steps"]):
            name = step.get("name", f"step {index}")
            if failed and not _runs_after_failure(step.get("if")):
                job.steps.append(Step(name, None, note="skipped after a failure"))
                continue
            if "uses" in step:
                job.steps.append(Step(name, None, note=_emulate(step["uses"])))
                continue
            if step.get("id") == "install":
                job.steps.append(self._install(name, workspace))
                continue
            output = temp / f"output-{index}"
            output.write_text("", encoding="utf-8")
            step_env = {**env, **_read_env(files["env"]), "GITHUB_OUTPUT": str(output)}
            step_env.update({k: _evaluate(str(v), context) for k, v in (step.get("env") or {}).items()})
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
            failed = failed or proc.returncode != 0
            if name == until:
                break
        job.summary = files["summary.md"].read_text(encoding="utf-8")
        job.env = _read_env(files["env"])
        return job

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

    def _install(self, name: str, workspace: Path) -> Step:
        """The install step without a registry: the program of this source tree as .venv/bin/shuangchuang."""
        program = workspace / ".venv/bin/shuangchuang"
        program.parent.mkdir(parents=True, exist_ok=True)
        program.write_text(
            self.program or f'#!/bin/sh\nPYTHONPATH="{SOURCE}" exec "{sys.executable}" -m generator "$@"\n',
            encoding="utf-8",
        )
        program.chmod(0o755)
        return Step(name, None, note="replaced: the source tree's program at .venv/bin/shuangchuang")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _runs_after_failure(condition: str | None) -> bool:
    return bool(condition) and ("failure()" in condition or "always()" in condition)


EMULATED = {
    "actions/checkout": "the workspace was checked out before the job",
    "actions/setup-python": "the test's Python",
    "actions/upload-pages-artifact": "nothing uploaded",
    "actions/cache": "a fresh runner: nothing restored, nothing saved",
}


def _emulate(uses: str) -> str:
    action = uses.split("@")[0]
    if action not in EMULATED:
        raise AssertionError(f"the harness does not know the action {uses}")
    return EMULATED[action]


def _evaluate(text: str, context: dict[str, Any]) -> str:
    """`${{ a.b.c || d.e }}` with property paths only: what the workflows put in `env:`."""

    def one(match: re.Match[str]) -> str:
        for alternative in match.group(1).split("||"):
            value: Any = context
            for part in alternative.strip().split("."):
                if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", part):
                    raise AssertionError(f"the harness evaluates property paths only, not {match.group(1)}")
                value = value.get(part) if isinstance(value, dict) else None
            if value not in (None, "", False):
                return str(value).lower() if isinstance(value, bool) else str(value)
        return ""

    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", one, text)


def _read_env(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of GITHUB_ENV / GITHUB_OUTPUT (the scripts write no multi-line values)."""
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition("=")
        if sep:
            found[key] = value
    return found

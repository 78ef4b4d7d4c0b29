"""The Gitea/Forgejo workflow set: the same jobs as GitHub's, runnable on an intranet forge, linted
by actionlint, and safe without what Gitea ignores (`permissions:`, `concurrency:`, the cache)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from workflow_files import actionlint, load

from generator.forge import gitea

FORGEJO = REPO / ".forgejo/workflows"
GITEA = REPO / ".gitea/workflows"
WORKFLOWS = sorted(FORGEJO.glob("*.yml"))
LABELS = {"shuangchuang", "shuangchuang-merge"}  # the runners the guide registers
CHECKOUT = "取出主分支的程序（不用 actions/checkout：内网取不到 GitHub 上的 action）"


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_the_same_jobs_as_on_github() -> None:
    assert [p.name for p in WORKFLOWS] == ["audit.yml", "checks.yml", "deploy.yml", "merge.yml", "tests.yml"]


def test_gitea_reads_the_same_files_as_forgejo() -> None:
    # Gitea reads .gitea/workflows (else .github/workflows), Forgejo .forgejo/workflows: one set, two places.
    assert sorted(p.name for p in GITEA.glob("*.yml")) == [p.name for p in WORKFLOWS]
    for path in WORKFLOWS:
        assert (GITEA / path.name).read_bytes() == path.read_bytes(), f"copy .forgejo/workflows/{path.name} to .gitea/"


def test_actionlint_passes_but_for_the_self_hosted_labels() -> None:
    findings = actionlint(*WORKFLOWS)
    unknown = [f for f in findings if not (f.get("kind") == "runner-label" and _label(f["message"]) in LABELS)]
    assert unknown == []


def _label(message: str) -> str:
    found = re.search(r'label "([^"]+)"', message)
    return found.group(1) if found else ""


def test_nothing_is_fetched_from_the_internet() -> None:
    for path in WORKFLOWS:
        for step in steps(load(path)):
            assert "uses" not in step, f"{path.name}: {step.get('name')} uses an action (the intranet has no GitHub)"
        assert "container" not in str(load(path)["jobs"]), path.name  # images come from the runner's label


def test_nothing_relies_on_what_gitea_ignores() -> None:
    for path in WORKFLOWS:
        workflow = load(path)
        text = path.read_text(encoding="utf-8")
        assert "permissions" not in workflow and "concurrency" not in workflow, path.name
        for job in workflow["jobs"].values():
            assert "permissions" not in job and "concurrency" not in job and "environment" not in job, path.name
        assert "merge_group" not in workflow["on"], path.name
        assert "actions/cache" not in text, path.name


def test_every_job_starts_from_mains_own_checkout() -> None:
    script = (REPO / "deploy/intranet/checkout-main.sh").read_text(encoding="utf-8")
    body = "".join(line for line in script.splitlines(True) if not line.startswith("#"))
    for path in WORKFLOWS:
        if path.name == "tests.yml":
            continue  # the pull request's own code, on purpose
        for job in load(path)["jobs"].values():
            first = job["steps"][0]
            assert first["name"] == CHECKOUT, path.name
            assert first["run"] == body, f"{path.name}: the checkout differs from deploy/intranet/checkout-main.sh"
            assert first["env"]["MAIN_SHA"] == "${{ github.sha }}"


def test_the_filing_check_is_the_one_whose_statuses_prove_arrival() -> None:
    workflow = load(FORGEJO / "checks.yml")
    assert workflow["on"] == {"pull_request_target": {"types": ["opened", "synchronize", "reopened"]}}
    (job,) = workflow["jobs"].values()
    contexts = {f"{name} / {job['name']} (pull_request_target)" for name in ("checks.yml", workflow["name"])}
    assert contexts == gitea.CHECK_CONTEXTS


def test_merging_is_by_comment_or_by_hand_and_never_by_cron() -> None:
    workflow = load(FORGEJO / "merge.yml")
    assert set(workflow["on"]) == {"issue_comment", "workflow_dispatch"}
    (job,) = workflow["jobs"].values()
    assert job["runs-on"] == "shuangchuang-merge"
    assert "secrets.MERGE_TOKEN" in str(job["steps"][-1]["env"])
    assert all("schedule" not in load(p)["on"] for p in WORKFLOWS if p.name != "deploy.yml")


def test_cron_is_written_in_utc_and_says_what_it_is_in_beijing() -> None:
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("- cron:"):
                minute, hour = re.search(r'cron: "(\S+) (\S+) ', line).groups()
                assert "Asia/Shanghai" in line, line
                shown = re.search(r"# (\d\d):(\d\d) Asia/Shanghai", line).groups()
                assert ((int(hour) + 8) % 24, int(minute)) == (int(shown[0]), int(shown[1])), line


@pytest.mark.parametrize("script", sorted((REPO / "deploy/intranet").glob("*.sh")), ids=lambda p: p.name)
def test_the_scripts_are_valid_bash(script: Path) -> None:
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0


def test_the_inline_steps_are_valid_bash(tmp_path: Path) -> None:
    for path in WORKFLOWS:
        for i, step in enumerate(steps(load(path))):
            target = tmp_path / f"{path.stem}-{i}.sh"
            target.write_text(step["run"], encoding="utf-8")
            assert subprocess.run(["bash", "-n", str(target)], capture_output=True).returncode == 0, (path, step)

"""The intranet deploy (deploy/intranet/build-site.sh), run for real: main fetched from the forge
with git, built, published by one swap of the `current` link; nothing else is ever built, and an
unchanged main on the same day is not built again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from gitrepo import GRASSROOTS, LINNA, new_repo

SCRIPT = REPO / "deploy/intranet/build-site.sh"


def deploy(tmp: Path, bare: Path, *args: str) -> subprocess.CompletedProcess[str]:
    program = tmp / "shuangchuang"
    program.write_text(f'#!/bin/sh\nPYTHONPATH="{REPO}" exec "{sys.executable}" -m generator "$@"\n', encoding="utf-8")
    program.chmod(0o755)
    env = {
        **os.environ,
        "FORGE_GIT_URL": f"file://{bare}",
        "SITE_ROOT": str(tmp / "srv"),
        "SHUANGCHUANG": str(program),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "FORGE_TOKEN", "WHEELHOUSE", "PIP_INDEX_URL"):
        env.pop(name, None)
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=600)


def test_main_is_built_and_published_atomically_and_only_main(
    tree: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    tmp_path = tmp_path_factory.mktemp("server")  # beside the author's repository, not in it
    author = new_repo(tree)
    bare = tmp_path / "forge.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(tree), str(bare)], check=True)
    # A branch on the forge with a filing main does not have: never built.
    author.branch("elsewhere")
    author.write("submissions/2026/xigang-bayi-street/branch-only.yaml", GRASSROOTS.format(name="分支里的项目"))
    author.commit("Only on a branch", "2026-02-01T09:00:00+08:00", LINNA)
    author.git("push", "-q", str(bare), "elsewhere:refs/heads/elsewhere")

    first = deploy(tmp_path, bare)
    assert first.returncode == 0, first.stdout + first.stderr
    current = tmp_path / "srv/current"
    assert current.is_symlink() and (current / "index.html").is_file()
    published = os.readlink(current)
    main = subprocess.run(["git", "-C", str(bare), "rev-parse", "main"], capture_output=True, text=True).stdout.strip()
    assert published.endswith(main[:10]) and "已发布主分支" in first.stdout
    assert not any("branch-only" in p.name for p in current.rglob("*"))

    again = deploy(tmp_path, bare)
    assert again.returncode == 0 and "不用重新生成" in again.stdout
    assert os.readlink(current) == published

    author.checkout("main")
    author.write("README.md", "changed\n")
    author.commit("A change on main", "2026-02-02T09:00:00+08:00")
    author.git("push", "-q", str(bare), "main:refs/heads/main")
    third = deploy(tmp_path, bare)
    assert third.returncode == 0, third.stdout + third.stderr
    assert os.readlink(current) != published and Path(published).is_dir()  # the old release stays, for a rollback


def test_a_failed_build_publishes_nothing(tree: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    tmp_path = tmp_path_factory.mktemp("server")
    author = new_repo(tree)
    author.write("submissions/units.yaml", "单位: [\n")  # not YAML: check fails, so does the build
    author.commit("Broken registry", "2026-02-01T09:00:00+08:00")
    bare = tmp_path / "forge.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(tree), str(bare)], check=True)
    done = deploy(tmp_path, bare)
    assert done.returncode != 0
    assert not (tmp_path / "srv/current").exists()

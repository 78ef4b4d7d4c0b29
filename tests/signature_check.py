"""The signature check on a change (`check --base main`, with the forge's reviews or SSH-signed
commits): the files a change touches, the findings it gets, and the signers' SSH keys."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli
from gitrepo import LINNA_ACCOUNT, GitRepo, new_repo, write_reviews

BAYI = "submissions/2026/xigang-bayi-street/legal-aid.yaml"
UNITS = "submissions/units.yaml"
NOW = "2026-03-08T10:00:00"
APPROVED_AT = "2026-03-08T02:00:00Z"  # 10:00 in Dalian, after the opinions' 2026-03-05


def findings(repo: GitRepo, reviews: list[dict] | None = None, now: str = NOW) -> list[dict]:
    args = ["check", "--base", "main", "--now", now, "--format", "json"]
    if reviews is not None:
        args += ["--approvals", str(write_reviews(repo.root / ".git", reviews))]
    result = run_cli(*args, cwd=repo.root)
    assert result.code in (0, 1), result.err
    return json.loads(result.out)["findings"]


def codes(repo: GitRepo, reviews: list[dict] | None = None, now: str = NOW) -> list[str]:
    return [f["code"] for f in findings(repo, reviews, now)]


def keypair(folder: Path, name: str) -> tuple[Path, str]:
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key, " ".join(key.with_suffix(".pub").read_text().split()[:2])


def with_key(units: str, account: str, public: str) -> str:
    """The registry text with a 签名公钥 added under the signer with `account`."""
    line = f"        账号: {account}\n"
    assert line in units
    return units.replace(line, line + f"        签名公钥: {public}\n")


@pytest.fixture
def keyed(tree: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, Path, Path]:
    """main's registry lists 林娜's SSH key; returns the repo, her key, and someone else's key."""
    keys = tmp_path_factory.mktemp("keys")
    hers, public = keypair(keys, "linna")
    other, _ = keypair(keys, "other")
    units = (tree / UNITS).read_text(encoding="utf-8")
    made = new_repo(tree)
    made.write(UNITS, with_key(units, LINNA_ACCOUNT, public))
    made.commit("Register 林娜's key", "2026-01-06T09:00:00+08:00")
    made.branch("pr")
    return made, hers, other

"""Who signed: opinions are added or changed only by the people the registry lists for the unit."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli
from gitrepo import FORWARDING, GRASSROOTS, LINNA, STRANGER, ZHANG, GitRepo, isolated_env, new_repo

BAYI = "submissions/2026/xigang-bayi-street/legal-aid.yaml"
FORWARD = "submissions/2026/xigang/forwarding.yaml"
NOW = "2026-03-08T10:00:00"


def findings(repo: GitRepo) -> list[dict]:
    result = run_cli("check", "--base", "main", "--now", NOW, "--format", "json", cwd=repo.root)
    assert result.code in (0, 1), result.err
    return json.loads(result.out)["findings"]


def codes(repo: GitRepo) -> list[str]:
    return [f["code"] for f in findings(repo)]


def keypair(folder: Path, name: str) -> tuple[Path, str]:
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key, " ".join(key.with_suffix(".pub").read_text().split()[:2])


def with_key(units: str, email: str, public: str) -> str:
    """The registry text with a 签名公钥 added under the signer with `email`."""
    line = f"        邮箱: {email}\n"
    assert line in units
    return units.replace(line, line + f"        签名公钥: {public}\n")


@pytest.fixture
def repo(tree: Path) -> GitRepo:
    made = new_repo(tree)
    made.branch("pr")
    return made


def test_a_registration_committed_by_the_units_signer_passes(repo: GitRepo) -> None:
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Register", "2026-03-05T10:00:00+08:00", LINNA)
    assert codes(repo) == []


def test_an_opinion_committed_by_an_unlisted_email_is_refused(repo: GitRepo) -> None:
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    sha = repo.commit("Register", "2026-03-05T10:00:00+08:00", STRANGER)
    [finding] = findings(repo)
    assert finding["code"] == "E420" and finding["path"] == BAYI
    assert sha[:10] in finding["message"] and STRANGER[1] in finding["message"]
    assert "林娜" in finding["hint"]


def test_one_bad_commit_among_good_ones_is_found(repo: GitRepo) -> None:
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Register", "2026-03-05T10:00:00+08:00", LINNA)
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站（改）"))
    bad = repo.commit("Edit", "2026-03-06T10:00:00+08:00", STRANGER)
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站（再改）"))
    repo.commit("Edit again", "2026-03-07T10:00:00+08:00", LINNA)
    [finding] = findings(repo)
    assert finding["code"] == "E420" and bad[:10] in finding["message"]


def test_the_parents_forwarding_list_needs_the_parents_signer(repo: GitRepo) -> None:
    repo.write(FORWARD, FORWARDING.format(project="legal-aid"))
    repo.commit("Forward", "2026-03-05T10:00:00+08:00", LINNA)  # the grassroots unit's signer, not the parent's
    assert "E420" in codes(repo)
    repo.git("reset", "-q", "--hard", "main")
    repo.write(FORWARD, FORWARDING.format(project="legal-aid"))
    repo.commit("Forward", "2026-03-05T10:00:00+08:00", ZHANG)
    assert "E420" not in codes(repo)


def test_adding_yourself_to_the_registry_in_the_same_change_does_not_make_you_a_signer(repo: GitRepo) -> None:
    units = (repo.root / "submissions/units.yaml").read_text(encoding="utf-8")
    repo.write("submissions/units.yaml", units.replace("邮箱: linna@bayi.example.org", f"邮箱: {STRANGER[1]}"))
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Register", "2026-03-05T10:00:00+08:00", STRANGER)
    assert "E420" in codes(repo)


def test_a_file_without_opinions_needs_no_signer(repo: GitRepo) -> None:
    repo.write("submissions/2026/xigang-bayi-street/README.md", "说明\n")
    repo.commit("Notes", "2026-03-05T10:00:00+08:00", STRANGER)
    assert codes(repo) == []


# --- SSH signatures ---------------------------------------------------------------------------


@pytest.fixture
def keyed(tree: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, Path, Path]:
    """main's registry lists 林娜's SSH key; returns the repo, her key, and someone else's key."""
    keys = tmp_path_factory.mktemp("keys")
    hers, public = keypair(keys, "linna")
    other, _ = keypair(keys, "other")
    units = (tree / "submissions/units.yaml").read_text(encoding="utf-8")
    made = new_repo(tree)
    made.write("submissions/units.yaml", with_key(units, LINNA[1], public))
    made.commit("Register 林娜's key", "2026-01-06T09:00:00+08:00")
    made.branch("pr")
    return made, hers, other


def test_a_commit_signed_with_the_registered_key_passes(keyed: tuple[GitRepo, Path, Path]) -> None:
    repo, hers, _ = keyed
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Register", "2026-03-05T10:00:00+08:00", LINNA, key=hers)
    assert codes(repo) == []


def test_an_unsigned_commit_by_a_signer_with_a_key_is_refused(keyed: tuple[GitRepo, Path, Path]) -> None:
    repo, _, _ = keyed
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Register", "2026-03-05T10:00:00+08:00", LINNA)
    [finding] = findings(repo)
    assert finding["code"] == "E421" and "没有签名" in finding["message"]


def test_a_commit_signed_with_another_key_is_refused(keyed: tuple[GitRepo, Path, Path]) -> None:
    repo, _, other = keyed
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Register", "2026-03-05T10:00:00+08:00", LINNA, key=other)
    [finding] = findings(repo)
    assert finding["code"] == "E421" and "不是登记的钥匙" in finding["message"]


def test_a_tampered_signed_commit_has_a_bad_signature(keyed: tuple[GitRepo, Path, Path]) -> None:
    repo, hers, _ = keyed
    repo.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    repo.commit("Register", "2026-03-05T10:00:00+08:00", LINNA, key=hers)
    # Rewrite the signed commit's message but keep its signature: the signature no longer matches.
    raw = repo.git("cat-file", "commit", "HEAD")
    forged = re.sub(r"\nRegister\n$", "\nRegister (edited)\n", raw)
    assert forged != raw
    sha = subprocess.run(["git", "hash-object", "-t", "commit", "-w", "--stdin"], cwd=repo.root, input=forged,
                         capture_output=True, text=True, check=True, env=isolated_env()).stdout.strip()
    repo.git("reset", "-q", "--hard", sha)
    [finding] = findings(repo)
    assert finding["code"] == "E421" and "签名无效" in finding["message"]

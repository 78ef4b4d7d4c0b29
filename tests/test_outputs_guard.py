"""Symlinks never lead out of the tree: every command that writes or deletes refuses an output path
that is a link or resolves outside the repository, and touches nothing (issue 17)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import run_cli
from gitrepo import new_repo

from generator.render.build import trusted_cache
from generator.render.printform import QrCodes, _encode, _key


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of the user's, outside the repository, with a file that must survive."""
    folder = tmp_path_factory.mktemp("users-folder")
    (folder / "keep.txt").write_text("我的文件", encoding="utf-8")
    return folder


def refused(result, where: str) -> None:  # type: ignore[no-untyped-def]
    assert result.code == 2, result.out + result.err
    assert f"{where}: 错误：" in result.err and "符号链接" in result.err and "提示：" in result.err
    assert "Traceback" not in result.err


def test_a_symlinked_site_makes_build_refuse_and_leaves_the_links_target_untouched(tree: Path, outside: Path) -> None:
    (tree / "site").symlink_to(outside, target_is_directory=True)
    refused(run_cli("build", cwd=tree), "site")
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt"]
    assert (outside / "keep.txt").read_text(encoding="utf-8") == "我的文件"


def test_a_site_linked_to_the_folder_holding_the_clone_is_refused(tree: Path) -> None:
    (tree / "site").symlink_to("..", target_is_directory=True)
    refused(run_cli("build", cwd=tree), "site")
    assert (tree / "submissions/units.yaml").is_file()


@pytest.mark.parametrize("link", [".build", ".build/docs", ".build/cache"])
def test_a_symlinked_build_folder_is_refused(tree: Path, outside: Path, link: str) -> None:
    (tree / link).parent.mkdir(parents=True, exist_ok=True)
    (tree / link).symlink_to(outside, target_is_directory=True)
    refused(run_cli("build", cwd=tree), link)
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt"]


def test_schema_refuses_a_symlinked_schemas_folder(tree: Path, outside: Path) -> None:
    (tree / "submissions/schemas").symlink_to(outside, target_is_directory=True)
    refused(run_cli("schema", cwd=tree), "submissions/schemas")
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt"]


def test_schema_still_writes_to_an_explicit_folder_outside_the_repository(tree: Path, outside: Path) -> None:
    assert run_cli("schema", "--out", str(outside / "schemas"), cwd=tree).code == 0
    assert any((outside / "schemas").iterdir())


def test_codeowners_refuses_a_symlinked_github_folder(tree: Path, outside: Path) -> None:
    (tree / ".github").symlink_to(outside, target_is_directory=True)
    refused(run_cli("codeowners", cwd=tree), ".github")
    assert not (outside / "CODEOWNERS").exists()


def test_new_refuses_a_symlinked_unit_folder(tree: Path, outside: Path) -> None:
    (tree / "submissions/2026").mkdir()
    (tree / "submissions/2026/xigang").symlink_to(outside, target_is_directory=True)
    result = run_cli(
        "new", "--unit", "xigang", "--project", "mediation", "--name", "调解网络", "--year", "2026", cwd=tree
    )
    refused(result, "submissions/2026/xigang")
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt"]


def test_a_qr_cache_entry_is_found_only_for_the_text_it_encodes(tmp_path: Path) -> None:
    ours = "https://example.org/2026/xigang/a/"
    theirs = "https://evil.example/"
    cache = tmp_path / "qr.json"
    # A planted entry under another text's key cannot serve ours: the key is the text.
    cache.write_text(json.dumps({"format": 4, "codes": {_key(theirs): list(_encode(theirs))}}), encoding="utf-8")
    codes = QrCodes(cache)
    assert _key(ours) != _key(theirs) and ours in _key(ours)
    codes.svg(ours)
    assert codes.known[_key(ours)] == _encode(ours)


def test_a_committed_or_linked_qr_cache_is_not_used(tree: Path, outside: Path) -> None:
    repo = new_repo(tree)
    assert trusted_cache(tree) == tree / ".build/cache/qr.json"
    planted = tree / ".build/cache/qr.json"
    planted.parent.mkdir(parents=True)
    planted.write_text("{}", encoding="utf-8")
    repo.git("add", "-f", ".build/cache/qr.json")
    repo.commit("Plant a QR cache", "2026-03-01T09:00:00+08:00")
    assert trusted_cache(tree) is None
    repo.git("rm", "-q", "--cached", ".build/cache/qr.json")
    planted.unlink()
    os.symlink(outside / "qr.json", planted)
    assert trusted_cache(tree) is None

"""The schemas as every editor reads them: valid JSON Schema (checked by check-jsonschema, the
well-kept validator editors' tooling shares), and every sample file valid against the schema its
`yaml-language-server` header names."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE

HEADER = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")
TOOL = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or shutil.which("check-jsonschema")
pytestmark = pytest.mark.skipif(TOOL is None, reason="check-jsonschema is in the test extra: pip install -e '.[test]'")

SCHEMAS = sorted((REPO / "submissions/schemas").glob("*.schema.json"))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    assert TOOL is not None
    return subprocess.run([TOOL, *args], capture_output=True, text=True, encoding="utf-8", check=False)


def test_every_schema_is_valid_json_schema_with_ecma_262_patterns() -> None:
    assert SCHEMAS
    done = run("--check-metaschema", *map(str, SCHEMAS))
    assert done.returncode == 0, done.stdout + done.stderr


def headed_files(root: Path) -> dict[Path, list[Path]]:
    """Each schema named in a header under `root`, with the files that name it."""
    by_schema: dict[Path, list[Path]] = {}
    for path in sorted(root.rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if match := HEADER.match(first):
            by_schema.setdefault((path.parent / match.group(1)).resolve(), []).append(path)
    return by_schema


@pytest.mark.slow  # one check-jsonschema process per schema
@pytest.mark.parametrize("root", [REPO / "submissions", SAMPLE], ids=["submissions", "frozen-sample"])
def test_every_file_validates_against_the_schema_its_header_names(root: Path, tmp_path: Path) -> None:
    if not (root / "schemas").is_dir():  # the frozen sample, beside the shipped schemas as in a repository
        shutil.copytree(root, tmp_path / "submissions")
        shutil.copytree(REPO / "submissions/schemas", tmp_path / "submissions/schemas")
        root = tmp_path / "submissions"
    by_schema = headed_files(root)
    assert sum(len(files) for files in by_schema.values()) > 20
    for schema, files in by_schema.items():
        named = schema.relative_to(REPO) if schema.is_relative_to(REPO) else schema
        assert schema.is_file(), f"{files[0].relative_to(root)} names {named}, which does not exist"
        done = run("--schemafile", str(schema), *map(str, files))
        assert done.returncode == 0, done.stdout + done.stderr

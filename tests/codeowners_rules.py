"""GitHub's reading of a CODEOWNERS file, for the tests that check what the generated files route."""

from __future__ import annotations

import re


def owners_of(codeowners: str, path: str) -> list[str]:
    """GitHub's rule: the last line whose pattern matches the path decides its owners."""
    decided: list[str] = []
    for line in codeowners.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *owners = line.split()
        if _matches(pattern, path):
            decided = owners
    return decided


def _matches(pattern: str, path: str) -> bool:
    if pattern == "*":
        return True
    body = re.escape(pattern.lstrip("/")).replace(r"\*", "[^/]*")
    return re.fullmatch(body + (".*" if pattern.endswith("/") else "(/.*)?"), path) is not None

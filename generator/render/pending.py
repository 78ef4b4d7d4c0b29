"""已收到，待审核: the filings the forge holds as open pull requests, read from its API at build time.

Only when the deploy passes a read-only token (`GITHUB_TOKEN`, `GITHUB_API_URL`, `GITHUB_REPOSITORY`):
a build without them, or one whose requests fail, lists nothing and says so in one line; the
site never depends on the forge. The forge's answers are data: a path counts only when
`paths.classify` accepts it, and unit names come from our registry, never from a pull request.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..model.base import SLUG
from ..model.units import UnitRegistry
from ..paths import FilingPath, classify

PER_PAGE = 100
MAX_PAGES = 20  # 2,000 open pull requests: more than a year's filings ever wait at once
_REPO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")

# (label, CSS class) by the combined check-run state of the pull request's head commit.
CHECK_STATES = {
    "failure": ("检查未通过", "bad"),
    "pending": ("正在检查", "info"),
    "success": ("检查通过", "ok"),
    "none": ("尚未检查", "muted"),
}


@dataclass(frozen=True, slots=True)
class PendingFiling:
    year: int
    unit_id: str
    unit_name: str
    kind: str  # the kind of filing in words
    project: str | None  # the project id, for a registration
    number: int
    url: str
    check: str
    check_class: str


class ForgeUnavailable(Exception):
    """The API could not be read; the list is left out of the site."""


@dataclass(frozen=True, slots=True)
class ForgeApi:
    url: str
    repo: str
    token: str

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ForgeApi | None:
        url, repo, token = env.get("GITHUB_API_URL", ""), env.get("GITHUB_REPOSITORY", ""), env.get("GITHUB_TOKEN", "")
        if not (url.startswith(("https://", "http://127.0.0.1")) and _REPO.match(repo) and token):
            return None
        return cls(url.rstrip("/"), repo, token)

    def get(self, path: str) -> Any:
        request = urllib.request.Request(
            f"{self.url}/repos/{self.repo}/{path}",
            headers={
                "Accept": "application/vnd.github+json",
                "Authorization": f"Bearer {self.token}",
                "X-GitHub-Api-Version": "2022-11-28",
                "User-Agent": "shuangchuang-site",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as answer:
                return json.loads(answer.read().decode("utf-8"))
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise ForgeUnavailable(str(exc)) from None

    def pages(self, path: str) -> list[Any]:
        items: list[Any] = []
        for page in range(1, MAX_PAGES + 1):
            batch = self.get(f"{path}{'&' if '?' in path else '?'}per_page={PER_PAGE}&page={page}")
            if not isinstance(batch, list):
                raise ForgeUnavailable(f"unexpected answer for {path}")
            items += batch
            if len(batch) < PER_PAGE:
                break
        return items


def read_pending(
    units: UnitRegistry, env: Mapping[str, str], pull_url: str | None = None
) -> tuple[list[PendingFiling], str]:
    """The open filing pull requests and a one-line note for the build's output.

    `pull_url`: the repository's web address; links are built from it, not taken from the API.
    """
    api = ForgeApi.from_env(env)
    if api is None:
        return [], ""
    try:
        found = _collect(api, units, pull_url)
    except ForgeUnavailable as exc:
        return [], f"未能读取代码托管平台的合并请求（{exc}），“已收到，待审核”列表从略。"
    return found, f"已读取代码托管平台的合并请求：{len(found)} 份待审核的申报文件。"


def _collect(api: ForgeApi, units: UnitRegistry, pull_url: str | None) -> list[PendingFiling]:
    found = []
    for pull in api.pages("pulls?state=open"):
        number, sha = pull.get("number"), (pull.get("head") or {}).get("sha")
        if not isinstance(number, int) or not isinstance(sha, str) or not re.fullmatch(r"[0-9a-f]{7,64}", sha):
            continue
        filings = [w for w in (_filing(f.get("filename")) for f in api.pages(f"pulls/{number}/files")) if w]
        if not filings:
            continue
        label, css = CHECK_STATES[_check_state(api.get(f"commits/{sha}/check-runs"))]
        url = f"{pull_url.rstrip('/')}/pull/{number}" if pull_url else _safe_url(pull.get("html_url"))
        for where in filings:
            unit = units.by_id.get(where.unit or "")
            if unit is None or where.year is None:
                continue
            found.append(
                PendingFiling(where.year, unit.id, unit.name, str(where.kind), where.project, number, url, label, css)
            )
    return sorted(found, key=lambda f: (-f.year, f.unit_id, f.number, f.project or ""))


def _filing(name: object) -> FilingPath | None:
    if not isinstance(name, str):
        return None
    where = classify(name)
    if isinstance(where, FilingPath) and where.year is not None and SLUG.match(where.unit or ""):
        return where
    return None


def _check_state(answer: Any) -> str:
    runs = answer.get("check_runs", []) if isinstance(answer, dict) else []
    if not runs:
        return "none"
    if any(r.get("conclusion") in ("failure", "timed_out", "cancelled", "action_required") for r in runs):
        return "failure"
    if any(r.get("status") != "completed" for r in runs):
        return "pending"
    return "success"


def _safe_url(value: object) -> str:
    return value if isinstance(value, str) and re.fullmatch(r"https://[^\s\"'<>]+", value) else ""

"""已收到，待审核: the filings the forge holds as open pull requests, read from its API at build time.

Only when the deploy passes a read-only token (`GITHUB_TOKEN`, `GITHUB_API_URL`, `GITHUB_REPOSITORY`):
a build without them, or one whose requests fail, lists nothing and says so in one line; the
site never depends on the forge. The forge's answers are data: a path counts only when
`paths.classify` accepts it and the pull request was opened by one of that unit's registered
填报人 or 签字人; unit names come from our registry, never from a pull request; the state shown is
our own check's (the runs of main's checks workflow, `Forge.check_state`), not any app's check run.
All through the one forge client (`generator/forge/`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model.base import SLUG
from ..model.units import Unit, UnitRegistry
from ..paths import FilingPath, classify

if TYPE_CHECKING:
    from ..forge import Forge

_REPO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")

# (label, CSS class) by our check's state on the pull request's head commit.
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


def read_pending(
    units: UnitRegistry,
    env: Mapping[str, str],
    pull_url: str | None = None,
    forge: Forge | None = None,
    platform: str = "github",
) -> tuple[list[PendingFiling], str]:
    """The open filing pull requests and a one-line note for the build's output.

    `pull_url`: the repository's web address; links are built from it, else by the forge client.
    `forge`: the client (tests); by default one is made from `env` when it has a token.
    `platform`: programme.yaml's 平台 (FORGE_PLATFORM in `env` wins), which also spells the links."""
    from ..forge import ForgeError

    try:
        forge = forge or _connect(env, platform)
        if forge is None:
            return [], ""
        found = _collect(forge, units, pull_url, env.get("FORGE_PLATFORM") or platform)
    except ForgeError as exc:
        return [], f"未能读取代码托管平台的合并请求（{exc}），“已收到，待审核”列表从略。"
    return found, f"已读取代码托管平台的合并请求：{len(found)} 份待审核的申报文件。"


def _connect(env: Mapping[str, str], platform: str = "github") -> Forge | None:
    """A read-only client, only when the build was given a token and an API address that is https
    (or this machine, for tests)."""
    from ..forge import connect, token_from

    url, repo, token = env.get("GITHUB_API_URL", ""), env.get("GITHUB_REPOSITORY", ""), token_from(env)
    if not (url.startswith(("https://", "http://127.0.0.1")) and _REPO.match(repo) and token):
        return None
    return connect(env.get("FORGE_PLATFORM") or platform, url, repo, token, env)


def _collect(forge: Forge, units: UnitRegistry, pull_url: str | None, platform: str = "github") -> list[PendingFiling]:
    """Only a unit's own filings, opened by one of its registered filers or signers: anyone can open
    a pull request, and it is no received filing of a unit whose people did not hand it in."""
    found = []
    for pull in forge.open_pulls():
        if not re.fullmatch(r"[0-9a-f]{7,64}", pull.head_sha):
            continue
        author = pull.author.lower()
        filings = []
        for where in (w for w in map(_filing, forge.pull_files(pull.number)) if w):
            unit = units.by_id.get(where.unit or "")
            if unit is not None and author in _people(unit):
                filings.append((where, unit))
        if not filings:
            continue
        label, css = CHECK_STATES[forge.check_state(pull)]
        url = _pull_link(pull_url, platform, pull.number) if pull_url else _safe_url(forge.pull_url(pull.number))
        for where, unit in filings:
            assert where.year is not None
            found.append(
                PendingFiling(
                    where.year, unit.id, unit.name, str(where.kind), where.project, pull.number, url, label, css
                )
            )
    return sorted(found, key=lambda f: (-f.year, f.unit_id, f.number, f.project or ""))


def _pull_link(repo_url: str, platform: str, number: int) -> str:
    """The pull request's page after the repository's address, as the forge spells it (/pull/N, /pulls/N)."""
    from .fill_data import forge_pages

    return f"{repo_url.rstrip('/')}{forge_pages(platform)['pull'].format(number=number)}"


def _people(unit: Unit) -> set[str]:
    return {a.lower() for a in unit.filers} | {s.account.lower() for s in unit.signers}


def _filing(name: object) -> FilingPath | None:
    if not isinstance(name, str):
        return None
    where = classify(name)
    if isinstance(where, FilingPath) and where.year is not None and SLUG.match(where.unit or ""):
        return where
    return None


def _safe_url(value: object) -> str:
    return value if isinstance(value, str) and re.fullmatch(r"https://[^\s\"'<>]+", value) else ""

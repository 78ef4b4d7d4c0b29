"""The one client of the code-hosting platform (GitHub, Gitea, Forgejo): `connect()` picks it."""

from __future__ import annotations

import os
from collections.abc import Mapping

from .base import (
    CHECKS_EVENT,
    CHECKS_TITLE,
    CHECKS_WORKFLOW,
    MERGE_CONTEXT,
    ArrivalRecord,
    Forge,
    ForgeError,
    Landing,
    Pull,
    Review,
)

PLATFORMS = ("github", "gitea", "forgejo")

__all__ = [
    "CHECKS_EVENT",
    "CHECKS_TITLE",
    "CHECKS_WORKFLOW",
    "MERGE_CONTEXT",
    "PLATFORMS",
    "ArrivalRecord",
    "Forge",
    "ForgeError",
    "Landing",
    "Pull",
    "Review",
    "connect",
    "token_from",
]


def token_from(env: Mapping[str, str]) -> str:
    return env.get("GH_TOKEN") or env.get("GITHUB_TOKEN") or env.get("FORGE_TOKEN") or ""


def connect(
    platform: str = "github",
    api_url: str | None = None,
    repo: str | None = None,
    token: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Forge:
    """The client for `platform` (programme.yaml's 平台) at `api_url` (its 平台地址), for `repo`
    ("owner/name"); each missing piece from the environment the workflow runs in."""
    env = os.environ if env is None else env
    repo = repo or env.get("GITHUB_REPOSITORY", "")
    token = token_from(env) if token is None else token
    if platform == "github":
        from .github import GitHubForge

        return GitHubForge(api_url or env.get("GITHUB_API_URL") or "https://api.github.com", repo, token, env)
    if platform in ("gitea", "forgejo"):
        try:
            from . import gitea
        except ImportError:
            raise ForgeError(f"这个版本的程序还不能连接{platform}：请联系系统维护人员") from None
        server = env.get("GITHUB_SERVER_URL", "").rstrip("/")
        return gitea.GiteaForge(api_url or f"{server}/api/v1", repo, token, env, dialect=platform)
    raise ForgeError(f"不认识的平台“{platform}”：programme.yaml 的“平台”只能是 {'、'.join(PLATFORMS)}")

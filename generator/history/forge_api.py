"""Fetch a pull request's reviews from the forge's API into the file `check --approvals` reads.

The workflow runs this before the check (on `pull_request_review` events and in the merge
queue), so `check` itself stays offline: the forge's word arrives as a file in the API's own
JSON shape. GitHub's REST API: `GET /repos/{owner}/{repo}/pulls/{number}/reviews`, 100 per page.

    python -m generator.history.forge_api --pr 7 --out reviews.json
        [--api-url $GITHUB_API_URL] [--repo $GITHUB_REPOSITORY]   # token from $GH_TOKEN
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

PER_PAGE = 100
MAX_PAGES = 50  # 5,000 reviews: far beyond any real pull request; stops a server that never ends
_REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


class ForgeError(Exception):
    """The forge could not be asked; the message is for the user."""


def fetch_reviews(api_url: str, repository: str, number: int, token: str | None = None,
                  timeout: float = 30) -> list[dict[str, Any]]:
    if not api_url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise ForgeError(f"API 地址“{api_url}”不是 https 地址")
    if not _REPOSITORY.match(repository) or number <= 0:
        raise ForgeError(f"仓库“{repository}”或合并请求编号“{number}”不对")
    reviews: list[dict[str, Any]] = []
    for page in range(1, MAX_PAGES + 1):
        batch = _get(f"{api_url.rstrip('/')}/repos/{repository}/pulls/{number}/reviews?per_page={PER_PAGE}&page={page}",
                     token, timeout)
        if not isinstance(batch, list):
            raise ForgeError("API 返回的不是审核记录列表")
        reviews.extend(batch)
        if len(batch) < PER_PAGE:
            return reviews
    raise ForgeError(f"审核记录超过 {MAX_PAGES} 页，已停止读取")


def _get(url: str, token: str | None, timeout: float) -> Any:
    headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout) as response:
            return json.load(response)
    except urllib.error.HTTPError as exc:
        raise ForgeError(f"读取审核记录失败：HTTP {exc.code}（{url}）") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise ForgeError(f"无法连接 API：{getattr(exc, 'reason', exc)}（{url}）") from None
    except ValueError:
        raise ForgeError(f"API 返回的不是 JSON（{url}）") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.history.forge_api",
                                     description="从 GitHub API 读取合并请求的审核记录，写成 check --approvals 使用的 JSON 文件。")
    parser.add_argument("--pr", type=int, required=True, help="合并请求编号")
    parser.add_argument("--out", required=True, help="写到这个文件")
    parser.add_argument("--api-url", default=os.environ.get("GITHUB_API_URL", "https://api.github.com"))
    parser.add_argument("--repo", default=os.environ.get("GITHUB_REPOSITORY", ""), help="owner/name")
    args = parser.parse_args(argv)
    token = os.environ.get("GH_TOKEN") or os.environ.get("GITHUB_TOKEN")
    try:
        reviews = fetch_reviews(args.api_url, args.repo, args.pr, token)
    except ForgeError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    Path(args.out).write_text(json.dumps(reviews, ensure_ascii=False), encoding="utf-8")
    print(f"已读取合并请求 #{args.pr} 的 {len(reviews)} 条审核记录，写入 {args.out}。")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

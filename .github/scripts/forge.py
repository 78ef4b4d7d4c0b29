#!/usr/bin/env python3
"""What the workflows ask the forge's REST API, as JSON files in the API's own shapes.

Standard library only: it runs before anything is installed. Reads GITHUB_API_URL,
GITHUB_REPOSITORY and GH_TOKEN from the environment (GitHub sets the first two; the workflow
passes its token). Everything that comes back is data for `shuangchuang check`, never code.

    forge.py pull PR                    the pull request (JSON) on stdout
    forge.py check-runs PR OUT [NAME]   the check runs named NAME (default 检查申报文件) of every
                                        commit of the pull request, as a list of API responses
    forge.py reviews PR OUT             the pull request's reviews (GET …/pulls/PR/reviews)
    forge.py open-pulls OUT             the open pull requests
    forge.py set-check SHA CONCLUSION TITLE SUMMARY [NAME]
                                        a completed check run of the GitHub Actions app on SHA
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

FILING_CHECK = "检查申报文件"  # the filing job's name in checks.yml: its check runs prove arrival
PAGE = 100
MAX_PAGES = 30  # 3,000 entries: far more than a pull request has


class ForgeError(Exception):
    pass


def _request(method: str, path: str, body: Any = None) -> tuple[Any, str]:
    """One call; GETs are retried once on a server error. Returns (JSON, Link header)."""
    url = path if path.startswith("http") else f"{os.environ['GITHUB_API_URL'].rstrip('/')}{path}"
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    headers = {
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28",
        "Authorization": f"Bearer {os.environ.get('GH_TOKEN', '')}",
        "User-Agent": "shuangchuang-ci",
    }
    if data is not None:
        headers["Content-Type"] = "application/json"
    for attempt in (1, 2):
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
                return (json.loads(raw) if raw else None), response.headers.get("Link", "")
        except urllib.error.HTTPError as exc:
            if method == "GET" and exc.code >= 500 and attempt == 1:
                time.sleep(2)
                continue
            raise ForgeError(f"{method} {path}: HTTP {exc.code}") from None
        except (urllib.error.URLError, TimeoutError, ValueError) as exc:
            raise ForgeError(f"{method} {path}: {exc}") from None
    raise AssertionError("unreachable")


def get_all(path: str) -> list[Any]:
    """Every page of a list (following the Link header), or the list inside a `{…}` answer."""
    items: list[Any] = []
    url: str | None = f"{path}{'&' if '?' in path else '?'}per_page={PAGE}"
    for _ in range(MAX_PAGES):
        if url is None:
            break
        page, link = _request("GET", url)
        items.extend(page if isinstance(page, list) else [page])
        found = re.search(r'<([^>]+)>;\s*rel="next"', link)
        url = found.group(1) if found else None
    return items


def _repo() -> str:
    return f"/repos/{os.environ['GITHUB_REPOSITORY']}"


def pull(number: int) -> Any:
    return _request("GET", f"{_repo()}/pulls/{number}")[0]


def check_runs(number: int, name: str = FILING_CHECK) -> list[Any]:
    """One `GET …/commits/SHA/check-runs?check_name=NAME` answer per commit of the pull request."""
    shas = [c["sha"] for c in get_all(f"{_repo()}/pulls/{number}/commits") if isinstance(c, dict) and "sha" in c]
    query = urllib.request.quote(name)

    def runs_of(sha: str) -> list[Any]:
        return get_all(f"{_repo()}/commits/{sha}/check-runs?check_name={query}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        return [answer for answers in pool.map(runs_of, shas) for answer in answers]


def reviews(number: int) -> list[Any]:
    return get_all(f"{_repo()}/pulls/{number}/reviews")


def open_pulls() -> list[Any]:
    return get_all(f"{_repo()}/pulls?state=open")


def set_check(sha: str, conclusion: str, title: str, summary: str, name: str) -> None:
    run_url = f"{os.environ.get('GITHUB_SERVER_URL', '')}/{os.environ['GITHUB_REPOSITORY']}/actions/runs/{os.environ.get('GITHUB_RUN_ID', '')}"
    _request(
        "POST",
        f"{_repo()}/check-runs",
        {
            "name": name,
            "head_sha": sha,
            "status": "completed",
            "conclusion": conclusion,
            "details_url": run_url,
            "output": {"title": title, "summary": summary},
        },
    )


def _write(path: str, data: Any) -> None:
    with open(path, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False)


def main(argv: list[str]) -> int:
    command, args = argv[0], argv[1:]
    if command == "pull":
        json.dump(pull(int(args[0])), sys.stdout, ensure_ascii=False)
    elif command == "check-runs":
        _write(args[1], check_runs(int(args[0]), *args[2:3]))
    elif command == "reviews":
        _write(args[1], reviews(int(args[0])))
    elif command == "open-pulls":
        _write(args[0], open_pulls())
    elif command == "set-check":
        set_check(args[0], args[1], args[2], args[3], args[4] if len(args) > 4 else "截止时间复核")
    else:
        print(f"forge.py: unknown command {command}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except ForgeError as exc:
        print(f"::error title=平台接口调用失败::{exc}", file=sys.stderr)
        sys.exit(3)

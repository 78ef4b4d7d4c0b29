"""HTTP for the forge clients: JSON over urllib, every page by the Link header, GETs retried once.

Standard library only. Errors become `ForgeError` with a message a person can act on.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from .base import ForgeError

PAGE = 100
_NEXT = re.compile(r'<([^>]+)>;\s*rel="next"')


@dataclass
class Transport:
    api_url: str  # e.g. https://api.github.com, or https://git.example/api/v1
    token: str
    headers: dict[str, str] = field(default_factory=dict)
    timeout: float = 30.0

    def __post_init__(self) -> None:
        parts = urllib.parse.urlsplit(self.api_url)
        if parts.scheme not in ("https", "http") or not parts.netloc:
            raise ForgeError(f"平台接口地址“{self.api_url}”不是 http(s) 网址：请检查 programme.yaml 的“平台地址”")
        self.api_url = self.api_url.rstrip("/")

    def url(self, path: str, query: dict[str, str | int] | None = None) -> str:
        target = path if path.startswith(("https://", "http://")) else f"{self.api_url}{path}"
        return f"{target}{'&' if '?' in target else '?'}{urllib.parse.urlencode(query)}" if query else target

    def request(self, method: str, path: str, body: Any = None, query: dict[str, str | int] | None = None) -> Any:
        return self._call(method, self.url(path, query), body)[0]

    def get_all(self, path: str, query: dict[str, str | int] | None = None, max_pages: int = 30) -> list[Any]:
        """Every page of a list answer; a `{…, key: [...]}` answer contributes its one list value.

        More pages than `max_pages` is an error, never a silently short list."""
        items: list[Any] = []
        url: str | None = self.url(path, {**(query or {}), "per_page": PAGE})
        for _ in range(max_pages):
            if url is None:
                return items
            page, link = self._call("GET", url, None)
            items.extend(_items(page))
            found = _NEXT.search(link)
            url = found.group(1) if found else None
        if url is not None:
            raise ForgeError(f"平台返回的 {path} 超过 {max_pages * PAGE} 条，没有读完：请联系系统维护人员")
        return items

    def _call(self, method: str, url: str, body: Any) -> tuple[Any, str]:
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {"User-Agent": "shuangchuang", "Accept": "application/json", **self.headers}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if data is not None:
            headers["Content-Type"] = "application/json"
        shown = urllib.parse.urlsplit(url).path
        for attempt in (1, 2):
            request = urllib.request.Request(url, data=data, method=method, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    raw = response.read()
                    return (json.loads(raw) if raw else None), response.headers.get("Link", "") or ""
            except urllib.error.HTTPError as exc:
                if method == "GET" and exc.code >= 500 and attempt == 1:
                    time.sleep(1)
                    continue
                raise ForgeError(f"平台接口 {method} {shown} 返回 HTTP {exc.code}（{_message(exc)}）") from None
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                raise ForgeError(f"无法连接平台接口 {method} {shown}：{exc}") from None
            except ValueError:
                raise ForgeError(f"平台接口 {method} {shown} 返回的不是 JSON") from None
        raise AssertionError("unreachable")


def _items(page: Any) -> list[Any]:
    if isinstance(page, list):
        return page
    if isinstance(page, dict):
        lists = [v for v in page.values() if isinstance(v, list)]
        if len(lists) == 1:
            return lists[0]
    return [page]


def _message(exc: urllib.error.HTTPError) -> str:
    try:
        answer = json.loads(exc.read() or b"{}")
    except (ValueError, OSError):
        return exc.reason or ""
    return str(answer.get("message", "")) if isinstance(answer, dict) else ""

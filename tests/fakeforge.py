"""A fake forge API on 127.0.0.1: serves recorded JSON in GitHub's REST shapes and records every request.

Tests give it routes (method + path, query string ignored unless the route names one) and read back
what the code under test asked for and sent. Nothing reaches the network.

    with FakeForge() as forge:
        forge.route("GET", "/repos/o/r/pulls/7/reviews", [{"state": "APPROVED", ...}])
        env["GITHUB_API_URL"] = forge.url
        ...
        assert forge.requests[0].path == "/repos/o/r/pulls/7/reviews"
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

# (status, JSON payload) or (status, JSON payload, extra response headers such as Link)
Responder = Callable[["Request"], tuple[Any, ...]]


@dataclass
class Request:
    method: str
    path: str  # without the query string
    query: str
    headers: dict[str, str]
    body: Any  # parsed JSON, or the raw text when it is not JSON, or None

    @property
    def target(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path


@dataclass
class FakeForge:
    routes: dict[tuple[str, str], Responder] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    def route(
        self,
        method: str,
        path: str,
        payload: Any = None,
        status: int = 200,
        responder: Responder | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer `method path` with `payload` as JSON and `headers` (or let `responder` answer)."""
        self.routes[(method.upper(), path)] = responder or (lambda _req: (status, payload, headers or {}))

    @property
    def url(self) -> str:
        assert self._server is not None, "start the fake forge first (use it as a context manager)"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeForge:
        forge = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8") if length else ""
                try:
                    body: Any = json.loads(raw) if raw else None
                except ValueError:
                    body = raw
                req = Request(self.command, parts.path, parts.query, dict(self.headers.items()), body)
                forge.requests.append(req)
                responder = forge.routes.get((self.command, req.target)) or forge.routes.get((self.command, req.path))
                status, payload, *more = responder(req) if responder else (404, {"message": "Not Found"})
                data = b"" if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                for name, value in (more[0] if more else {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

            def log_message(self, format: str, *args: object) -> None:  # quiet test output
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeForge:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- recorded shapes of GitHub's REST answers ------------------------------------------------------

FILING_CHECK = "检查申报文件"  # the name of the filing job's check run (.github/workflows/checks.yml)


def check_run(
    head_sha: str, started_at: str, name: str = FILING_CHECK, app: str = "github-actions", run_id: int = 1
) -> dict[str, Any]:
    """One entry of `GET /repos/{o}/{r}/commits/{ref}/check-runs`, trimmed to real fields."""
    return {
        "id": run_id,
        "head_sha": head_sha,
        "node_id": f"CR_{run_id}",
        "external_id": "",
        "status": "completed",
        "conclusion": "success",
        "started_at": started_at,
        "completed_at": started_at,
        "name": name,
        "check_suite": {"id": run_id},
        "app": {"id": 15368, "slug": app, "name": "GitHub Actions"},
        "pull_requests": [],
    }


def check_runs(*runs: dict[str, Any]) -> dict[str, Any]:
    """The API's response: `{"total_count": N, "check_runs": [...]}`."""
    return {"total_count": len(runs), "check_runs": list(runs)}

"""The intranet's web server, run for real: deploy/intranet/nginx-shuangchuang.conf as shipped (only
its port, certificate and folders moved into a temp dir) serving a built site over TLS, asked as a
phone's browser asks."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, run_cli, sample_tree
from site_data import TODAY, git_commit

CONF = REPO / "deploy/intranet/nginx-shuangchuang.conf"
pytestmark = pytest.mark.slow


def nginx_program() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")  # sbin: off a user's PATH
    if found:
        return found
    message = "没有 nginx：无法运行内网网站服务器的测试（README 的第二条命令会在 Debian/Ubuntu 上安装 nginx-light）"
    if os.environ.get("SC_REQUIRE_BROWSER") == "1":  # CI: every tool .ci/test installs is required
        pytest.fail(message)
    pytest.skip(message)


@dataclass
class Server:
    base: str
    context: ssl.SSLContext
    current: Path  # the published folder's link, as build-site.sh swaps it


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _config(conf: str, port: int, tmp: Path) -> str:
    """The shipped server block with its port, certificate and root moved into `tmp`; every other
    line as shipped, inside the http block Debian's nginx.conf would give it."""
    moved = conf.replace("listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;")
    moved = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {tmp / 'site.crt'};", moved)
    moved = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {tmp / 'site.key'};", moved)
    moved = moved.replace("root /srv/shuangchuang/current;", f"root {tmp / 'srv/current'};")
    assert moved.count(str(tmp)) == 3 and f"127.0.0.1:{port}" in moved, "the shipped conf changed its shape"
    temp = "\n".join(f"{name}_temp_path {tmp / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # As root, workers would run as nobody, who cannot enter pytest's private temp dirs.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""{user}daemon off;
pid {tmp / "nginx.pid"};
error_log {tmp / "error.log"};
events {{}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    {temp}
{moved}
}}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's site, made by `shuangchuang build` (what build-site.sh runs)."""
    root = sample_tree(tmp_path_factory.mktemp("sample-site"))
    git_commit(root)
    result = run_cli("build", "--now", TODAY, cwd=root)
    assert result.code == 0, result.out + result.err
    return root / "site"


@pytest.fixture(scope="module")
def server(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    program = nginx_program()
    tmp = tmp_path_factory.mktemp("nginx")
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"),
            *(
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                str(tmp / "site.key"),
                "-out",
                str(tmp / "site.crt"),
            ),
        ],
        check=True,
        capture_output=True,
    )
    release = tmp / "srv/releases/one"
    shutil.copytree(site, release)
    (tmp / "srv/current").symlink_to(release)
    port = _free_port()
    (tmp / "nginx.conf").write_text(_config(CONF.read_text(encoding="utf-8"), port, tmp), encoding="utf-8")
    proc = subprocess.Popen([program, "-p", str(tmp), "-c", str(tmp / "nginx.conf")], stderr=subprocess.PIPE)
    context = ssl.create_default_context(cafile=str(tmp / "site.crt"))
    try:
        for _ in range(100):
            if proc.poll() is not None:
                raise AssertionError(f"nginx did not start: {proc.stderr.read().decode() if proc.stderr else ''}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise AssertionError(f"nginx is not listening on 127.0.0.1:{port}")
        yield Server(f"https://127.0.0.1:{port}", context, tmp / "srv/current")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes  # as sent (compressed when the headers say so)

    def text(self) -> str:
        raw = gzip.decompress(self.body) if self.headers.get("content-encoding") == "gzip" else self.body
        return raw.decode("utf-8")


def get(server: Server, path: str, gzip_ok: bool = True) -> Reply:
    headers = {"Accept-Encoding": "gzip, deflate, br"} if gzip_ok else {}
    request = urllib.request.Request(server.base + path, headers=headers)
    try:
        with urllib.request.urlopen(request, context=server.context, timeout=10) as reply:
            return Reply(reply.status, {k.lower(): v for k, v in reply.headers.items()}, reply.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())


def test_text_is_sent_compressed_to_a_browser_that_asks_and_plain_to_one_that_does_not(
    server: Server, site: Path
) -> None:
    css = next(p.name for p in (site / "assets/stylesheets").glob("main.*.min.css"))
    script = next(p.name for p in (site / "assets/javascripts").glob("bundle.*.min.js"))
    for path, kind in (
        ("/guide.html", "text/html"),
        (f"/assets/stylesheets/{css}", "text/css"),
        (f"/assets/javascripts/{script}", "javascript"),
        ("/search/search_index.json", "application/json"),
        ("/sitemap.xml", "xml"),
    ):
        reply = get(server, path)
        assert reply.status == 200 and kind in reply.headers["content-type"], path
        assert reply.headers.get("content-encoding") == "gzip", path
        assert "Accept-Encoding" in reply.headers.get("vary", ""), path
        on_disk = (site / path.lstrip("/")).read_bytes()
        assert gzip.decompress(reply.body) == on_disk and len(reply.body) < len(on_disk) / 2, path
        plain = get(server, path, gzip_ok=False)
        assert "content-encoding" not in plain.headers and plain.body == on_disk, path
    image = get(server, "/assets/sc/fill-guide-1.png")
    assert image.status == 200 and "content-encoding" not in image.headers  # a PNG is compressed already


def test_addresses_without_html_and_missing_pages_are_answered_as_the_site_expects(server: Server) -> None:
    # guide.html and units.html each have a folder of the same name beside them (guide/, units/).
    for page in ("guide", "units", "registry"):
        assert get(server, f"/{page}").text() == get(server, f"/{page}.html").text(), page
    assert get(server, "/").text() == get(server, "/index.html").text()
    missing = get(server, "/2026/projects/no-such-project.html")
    assert missing.status == 404 and missing.text() == (server.current / "404.html").read_text(encoding="utf-8")
    assert get(server, "/").headers["x-content-type-options"] == "nosniff"


def test_a_link_in_the_published_folder_to_a_file_of_another_owner_is_not_followed(server: Server) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root: the file must belong to another user")
    own, other = server.current.parent / "own.txt", server.current.parent / "secret.txt"
    own.write_text("同一用户的文件", encoding="utf-8")
    other.write_text("不该公开的内容", encoding="utf-8")
    os.chown(other, 65534, 65534)
    links = [server.current / "own.txt", server.current / "leak.txt"]
    links[0].symlink_to(own)
    links[1].symlink_to(other)
    try:
        assert get(server, "/own.txt").text() == "同一用户的文件"  # links are read: the refusal below is the rule's
        reply = get(server, "/leak.txt")
        assert reply.status in (403, 404) and "不该公开" not in reply.body.decode("utf-8", "replace")
    finally:
        for link in links:
            link.unlink()
